/// The patches one kustomization applies and the components it includes, in the order
/// kustomize v5.5 applies them (measured with kubectl kustomize): its components first (with
/// the resources), then `patchesStrategicMerge`, then `patches`, then — after the namespace,
/// name prefix/suffix and label transformers — `patchesJson6902`. So a new entry at the end of
/// `patches:` overrides every patch but the same kustomization's `patchesJson6902`.
public struct KustomizePatchEntries: Sendable {
    public enum Field: String, Sendable {
        case patchesStrategicMerge, patches, patchesJson6902
    }

    public struct Entry: Sendable {
        public let field: Field
        /// The patch file (absolute), nil for a patch written inline.
        public let file: String?
        /// The inline patch text (a block scalar: never edited).
        public let inline: String?
        public let target: KustomizeTarget?
        /// The kustomization file that lists it.
        public let kustomization: String
    }

    public let directory: String
    public let file: String
    /// Component directories, as listed.
    public let components: [String]
    /// In application order.
    public let entries: [Entry]

    public static func read(directory: String, tree: any FileTree) -> KustomizePatchEntries? {
        guard let file = Kustomization.file(in: directory, tree: tree), let root = tree.yamlRoot(of: file)?.resolved, root.isMapping else {
            return nil
        }
        func path(_ entry: String) -> String { RenderPath.join(directory, entry) }
        let components = (root["components"]?.resolved.items ?? []).compactMap(\.string).filter { !Kustomization.isRemote($0) }.map(path)
        var entries: [Entry] = []
        for item in root["patchesStrategicMerge"]?.resolved.items ?? [] {
            guard let text = item.string else { continue }
            let inline = text.contains("\n")
            entries.append(Entry(field: .patchesStrategicMerge, file: inline ? nil : path(text), inline: inline ? text : nil,
                                 target: nil, kustomization: file))
        }
        for field in [Field.patches, .patchesJson6902] {
            for item in root[field.rawValue]?.resolved.items ?? [] {
                let patchFile = item["path"]?.string.map(path)
                let inline = item["patch"]?.string
                guard patchFile != nil || inline != nil else { continue }
                entries.append(Entry(field: field, file: patchFile, inline: patchFile == nil ? inline : nil,
                                     target: item["target"].map { KustomizeTarget($0.resolved) }, kustomization: file))
            }
        }
        return KustomizePatchEntries(directory: directory, file: file, components: components, entries: entries)
    }
}

/// A patch's `target:` selector.
public struct KustomizeTarget: Sendable {
    public let group: String?
    public let version: String?
    public let kind: String?
    /// A regular expression kustomize matches against the whole name.
    public let name: String?
    public let namespace: String?
    /// Label or annotation selectors: not evaluated here (they count as matching; rendering
    /// again decides).
    public let hasSelectors: Bool

    init(_ node: Node) {
        group = node["group"]?.string
        version = node["version"]?.string
        kind = node["kind"]?.string
        name = node["name"]?.string
        namespace = node["namespace"]?.string
        hasSelectors = node["labelSelector"] != nil || node["annotationSelector"] != nil
    }

    /// Whether the selector picks an object: kustomize matches the object's current name and
    /// namespace or any it had before (its name in the source, before prefixes), so any of
    /// `names`/`namespaces` may match.
    public func matches(kind: String, apiVersion: String, names: [String], namespaces: [String]) -> Bool {
        if let want = self.kind, want != kind { return false }
        let group = WorkloadKinds.group(of: apiVersion)
        if let want = self.group, want != group { return false }
        if let want = version, want != apiVersion.split(separator: "/").last.map(String.init) { return false }
        if let pattern = name, !names.contains(where: { Self.wholeMatch($0, pattern) }) { return false }
        if let want = namespace, !namespaces.contains(want) { return false }
        return true
    }

    static func wholeMatch(_ text: String, _ pattern: String) -> Bool {
        if text == pattern { return true }
        guard pattern.contains(where: { "^$.*+?()[]{}|\\".contains($0) }), let regex = try? Regex("^(?:" + pattern + ")$") else {
            return false
        }
        return text.wholeMatch(of: regex) != nil
    }
}
