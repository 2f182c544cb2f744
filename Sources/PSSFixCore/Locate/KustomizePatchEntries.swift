/// The patches one kustomization applies and the components it includes, in the order
/// kustomize v5.5 applies them (measured with kubectl kustomize): its components first (with
/// the resources), then `patchesStrategicMerge`, then `patches`, then — after the namespace,
/// name prefix/suffix and label transformers — `patchesJson6902`. So a new entry at the end of
/// `patches:` overrides every patch but the same kustomization's `patchesJson6902` and
/// `replacements` (applied last of all).
public struct KustomizePatchEntries: Sendable {
    public enum Field: String, Sendable {
        case patchesStrategicMerge, patches, patchesJson6902, replacements

        /// Applied after `patches:` in the same kustomization: a new patch cannot override it.
        public var isAfterPatches: Bool { self == .patchesJson6902 || self == .replacements }
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
        /// For `replacements:`: what it selects and writes.
        public var replacement: KustomizeReplacement?
    }

    public let directory: String
    public let file: String
    /// Component directories, as listed.
    public let components: [String]
    /// In application order.
    public let entries: [Entry]
    /// Labels and annotations its `commonLabels`, `labels` and `commonAnnotations` add to every
    /// object after its patches (what later kustomizations' label selectors see).
    public var addedLabels: [String: String] = [:]
    public var addedAnnotations: [String: String] = [:]
    /// `namePrefix`, `nameSuffix`: what it adds to every name (after its patches).
    public var namePrefix = ""
    public var nameSuffix = ""

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
        for item in root["replacements"]?.resolved.items ?? [] {
            let (replacementFile, replacements) = KustomizeReplacement.read(item.resolved, directory: directory, tree: tree)
            for replacement in replacements {
                var entry = Entry(field: .replacements, file: replacementFile, inline: nil, target: nil, kustomization: file)
                entry.replacement = replacement
                entries.append(entry)
            }
        }
        var layout = KustomizePatchEntries(directory: directory, file: file, components: components, entries: entries)
        layout.addedLabels = pairs(root["commonLabels"])
        for labels in root["labels"]?.resolved.items ?? [] { layout.addedLabels.merge(pairs(labels["pairs"])) { _, new in new } }
        layout.addedAnnotations = pairs(root["commonAnnotations"])
        layout.namePrefix = root["namePrefix"]?.string ?? ""
        layout.nameSuffix = root["nameSuffix"]?.string ?? ""
        return layout
    }

    static func pairs(_ node: Node?) -> [String: String] {
        var found: [String: String] = [:]
        for pair in node?.resolved.effectivePairs ?? [] {
            if let key = pair.key.string, let value = pair.value.resolved.string { found[key] = value }
        }
        return found
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
    /// `labelSelector`, `annotationSelector`: evaluated against the labels the object has when
    /// the patch runs; one pss-fix cannot read decides nothing (it counts as matching, and
    /// rendering again decides).
    public let labelSelector: KustomizeLabelSelector?
    public let annotationSelector: KustomizeLabelSelector?

    init(_ node: Node) {
        group = node["group"]?.string
        version = node["version"]?.string
        kind = node["kind"]?.string
        name = node["name"]?.string
        namespace = node["namespace"]?.string
        labelSelector = node["labelSelector"]?.string.flatMap(KustomizeLabelSelector.init)
        annotationSelector = node["annotationSelector"]?.string.flatMap(KustomizeLabelSelector.init)
    }

    /// Whether the selector picks an object: kustomize matches the object's current name and
    /// namespace or any it had before (its name in the source, before prefixes), so any of
    /// `names`/`namespaces` may match.
    /// `labels`/`annotations`: the object's when the patch runs (nil: not known, selectors
    /// then count as matching).
    public func matches(kind: String, apiVersion: String, names: [String], namespaces: [String],
                        labels: [String: String]? = nil, annotations: [String: String]? = nil) -> Bool {
        if let selector = labelSelector, let labels, !selector.matches(labels) { return false }
        if let selector = annotationSelector, let annotations, !selector.matches(annotations) { return false }
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
