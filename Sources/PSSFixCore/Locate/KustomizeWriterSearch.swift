/// Which file decides a field of a rendered workload in one kustomization root's build (issue
/// 21: "find the patch that sets a field by evaluating each patch against the object"). The
/// origin annotation names only the resource file, and the transformations annotation lists
/// every patch of a kustomization on every object, so each patch that can reach the object is
/// read and asked whether it targets the object and writes the field; the last one in build
/// order wins, else the resource file's document decides. This is a reading of kustomize's
/// rules, not kustomize itself: rendering again after the edit is what proves a placement.
public final class KustomizeWriterSearch {
    /// A rendered workload as the search needs it.
    public struct Subject: Sendable {
        public let kind: String
        public let apiVersion: String
        public let templatePath: [String]
        /// A kind kustomize has no schema for: a strategic-merge patch replaces its lists whole.
        public let isCustomKind: Bool
        public let renderedName: String
        public let renderedNamespace: String?
        /// The resource file the object comes from (kustomize's origin), when it is a file.
        public let originFile: String?
        /// Its document in that file and the name and namespace written there.
        public let sourceDocument: Int?
        public let sourceName: String
        public let sourceNamespace: String?
        /// The labels and annotations its source document writes (label selectors start there).
        public var sourceLabels: [String: String] = [:]
        public var sourceAnnotations: [String: String] = [:]

        var names: [String] { [sourceName, renderedName] }
        var namespaces: [String] { [sourceNamespace, renderedNamespace].compactMap { $0 } }
    }

    /// Where an edit is made: a document that describes the pod (a resource or a strategic-merge
    /// patch), or one operation of a JSON 6902 patch.
    public enum EditSite: Hashable, Sendable, CustomStringConvertible {
        case object(file: String, document: Int)
        case operation(file: String, document: Int, operation: Int, tokens: [String])

        public var file: String {
            switch self {
            case .object(let file, _), .operation(let file, _, _, _): return file
            }
        }

        public var description: String {
            switch self {
            case .object(let file, let document): return "\(file)#\(document)"
            case .operation(let file, _, let operation, _): return "\(file) op \(operation)"
            }
        }
    }

    public enum Writer: Sendable {
        /// No patch writes the field: it is what the resource's document says, or lacks.
        case resource(file: String, document: Int)
        /// The last patch that writes the field; `site` is nil when the patch cannot be edited
        /// there (inline, or an operation inside the field rather than on it).
        case patch(entry: KustomizePatchEntries.Entry, site: EditSite?)
        /// The object does not come from a document pss-fix can find (a remote base, a generator).
        case unknownSource
    }

    let root: String
    let graph: KustomizationGraph
    let tree: any FileTree
    private var claims: [String: Set<String>] = [:]
    private var layouts: [String: KustomizePatchEntries?] = [:]
    private var documents: [String: [Node?]] = [:]
    private var orders: [String: [Ordered]] = [:]

    /// A patch entry in build order, with the labels and annotations the kustomizations built
    /// before it have added to every object by then.
    struct Ordered {
        let entry: KustomizePatchEntries.Entry
        let addedLabels: [String: String]
        let addedAnnotations: [String: String]
    }

    public init(root: String, tree: any FileTree) {
        self.root = root
        self.tree = tree
        var graph = KustomizationGraph(tree: tree)
        graph.load([root])
        self.graph = graph
    }

    /// Files the root's build reads (kustomization files included).
    public var files: Set<String> { graph.claims(of: root).files }

    /// The root's own kustomization file.
    public var kustomizationFile: String? { graph.nodes[root]?.file }

    /// The `openapi: path:` schema of the build, if some kustomization in it has one: it
    /// replaces kustomize's built-in schema, so no kind's list merge keys are known.
    public var customSchema: String? { graph.reached(from: root).lazy.compactMap(\.customSchema).first }

    /// The last writer of any of `change`'s fields in `subject`.
    public func lastWriter(of change: PodFieldChange, in subject: Subject) -> Writer {
        var found: Writer?
        for ordered in entries(reaching: subject.originFile) {
            if let hit = writes(ordered, change, subject) { found = hit }
        }
        if let found { return found }
        if let added = containerAdder(of: change, in: subject) { return added }
        if let file = subject.originFile, let document = subject.sourceDocument { return .resource(file: file, document: document) }
        return .unknownSource
    }

    // MARK: Build order

    /// The patch entries that can reach an object from `file`, in the order kustomize applies
    /// them: kustomizations that build the file, deepest first, each with the components it
    /// includes before its own patches.
    func entries(reaching file: String?) -> [Ordered] {
        let key = file ?? ""
        if let known = orders[key] { return known }
        let reached = graph.reached(from: root)
        let chain = file.map { f in reached.filter { claimsOf($0.directory).contains(f) } } ?? reached
        let inChain = Set(chain.map(\.directory))
        // A kustomization reaches everything below it: fewer reached means deeper.
        let ordered = chain.sorted { graph.reached(from: $0.directory).count < graph.reached(from: $1.directory).count }
        var entries: [Ordered] = []
        var labels: [String: String] = [:]
        var annotations: [String: String] = [:]
        func add(_ layout: KustomizePatchEntries) {
            entries += layout.entries.map { Ordered(entry: $0, addedLabels: labels, addedAnnotations: annotations) }
            labels.merge(layout.addedLabels) { _, new in new }
            annotations.merge(layout.addedAnnotations) { _, new in new }
        }
        for k in ordered {
            guard let layout = layout(k.directory) else { continue }
            for component in layout.components where !inChain.contains(component) {
                if let included = self.layout(component) { add(included) }
            }
            add(layout)
        }
        orders[key] = entries
        return entries
    }

    func claimsOf(_ directory: String) -> Set<String> {
        if let known = claims[directory] { return known }
        let found = graph.claims(of: directory).files
        claims[directory] = found
        return found
    }

    func layout(_ directory: String) -> KustomizePatchEntries? {
        if let known = layouts[directory] { return known }
        let found = KustomizePatchEntries.read(directory: directory, tree: tree)
        layouts[directory] = found
        return found
    }

    /// A file's documents, parsed once per search.
    func documents(of file: String) -> [Node?] {
        if let known = documents[file] { return known }
        let found = tree.yamlDocuments(of: file)
        documents[file] = found
        return found
    }

    func parsed(_ entry: KustomizePatchEntries.Entry) -> [Node?] {
        if let file = entry.file { return documents(of: file) }
        return ((try? YAMLParser.parse(SourceText(Array((entry.inline ?? "").utf8))))?.documents ?? []).map(\.root)
    }

    // MARK: Does a patch write the field?

    func writes(_ ordered: Ordered, _ change: PodFieldChange, _ subject: Subject) -> Writer? {
        let entry = ordered.entry
        if let replacement = entry.replacement {
            let hit = change.fields.contains { field in
                replacement.writes(Self.tokens(of: change, field: field, subject: subject), kind: subject.kind,
                                   apiVersion: subject.apiVersion, names: subject.names, namespaces: subject.namespaces)
            }
            return hit ? .patch(entry: entry, site: nil) : nil
        }
        func selects(_ target: KustomizeTarget) -> Bool { self.selects(ordered, target, subject) }
        let docs = parsed(entry)
        let isJSON6902 = entry.field == .patchesJson6902 || (docs.first??.resolved.isSequence ?? false)
        if isJSON6902 {
            guard let target = entry.target, selects(target), let ops = docs.first??.resolved, ops.isSequence else { return nil }
            return operationWrites(ops, entry: entry, change, subject)
        }
        var found: Writer?
        for (index, doc) in docs.enumerated() {
            guard let doc = doc?.resolved, doc.isMapping else { continue }
            if let target = entry.target {
                guard selects(target) else { continue }
            } else if !Self.patchDocument(doc, targets: subject) {
                continue
            }
            let site = entry.file.map { EditSite.object(file: $0, document: index) }
            let scope = PodChangeTranslation.scopeNode(change.scope, in: doc, templatePath: subject.templatePath)
            switch KustomizePatchDirectives.effect(of: doc, on: change, templatePath: subject.templatePath) {
            case .deletesObject:
                continue
            case .removes:
                // `$patch: delete`, `$retainKeys`, `$deleteFromPrimitiveList`: the patch takes the
                // field away; nothing can be written beside the directive.
                found = .patch(entry: entry, site: nil)
                continue
            case .replaces:
                // `$patch: replace` on the way: the patch's mapping (or list) is the whole value.
                found = .patch(entry: entry, site: scope == nil ? nil : site)
                continue
            case .merges:
                break
            }
            if subject.isCustomKind, case .container(let list, _) = change.scope,
               PodChangeTranslation.walk(doc, subject.templatePath + ["spec", list]) != nil {
                // No schema: the patch's container list replaces the object's whole.
                found = .patch(entry: entry, site: scope == nil ? nil : site)
                continue
            }
            guard let scope else { continue }
            if change.fields.contains(where: { PodChangeTranslation.walk(scope, $0) != nil }) {
                found = .patch(entry: entry, site: site)
            }
        }
        return found
    }

    /// Whether a patch's `target:` selects the object. Without a source document (a chart
    /// under helmCharts:, a remote base) its labels are not known: selectors then count as
    /// matching, and rendering again decides.
    func selects(_ ordered: Ordered, _ target: KustomizeTarget, _ subject: Subject) -> Bool {
        let known = subject.sourceDocument != nil
        let labels = known ? subject.sourceLabels.merging(ordered.addedLabels) { _, new in new } : nil
        let annotations = known ? subject.sourceAnnotations.merging(ordered.addedAnnotations) { _, new in new } : nil
        return target.matches(kind: subject.kind, apiVersion: subject.apiVersion, names: subject.names, namespaces: subject.namespaces,
                              labels: labels, annotations: annotations)
    }

    /// A strategic-merge patch without `target:` patches the object of its kind and name (the
    /// name in the source, or the name at the patch's level: the source name with some of the
    /// prefixes and suffixes) and, when it names one, namespace.
    static func patchDocument(_ doc: Node, targets subject: Subject) -> Bool {
        guard doc["kind"]?.string == subject.kind, let name = doc["metadata"]?["name"]?.string else { return false }
        if let apiVersion = doc["apiVersion"]?.string, WorkloadKinds.group(of: apiVersion) != WorkloadKinds.group(of: subject.apiVersion) {
            return false
        }
        let named = name == subject.sourceName || name == subject.renderedName
            || (subject.renderedName.contains(name) && name.contains(subject.sourceName))
        guard named else { return false }
        if let namespace = doc["metadata"]?["namespace"]?.string { return subject.namespaces.contains(namespace) }
        return true
    }

    func operationWrites(_ ops: Node, entry: KustomizePatchEntries.Entry, _ change: PodFieldChange, _ subject: Subject) -> Writer? {
        var found: Writer?
        let fields = change.fields.map { Self.tokens(of: change, field: $0, subject: subject) }
        for (index, op) in ops.items.enumerated() {
            let op = op.resolved
            guard let name = op["op"]?.string, name != "test", let path = op["path"]?.string else { continue }
            let opTokens = Self.pointerTokens(path)
            for field in fields {
                if (name == "add" || name == "replace") && field.starts(with: opTokens) {
                    found = .patch(entry: entry, site: entry.file.map { .operation(file: $0, document: 0, operation: index, tokens: opTokens) })
                } else if field.starts(with: opTokens) || opTokens.starts(with: field) {
                    // Removed, moved, or written inside the field (`/add/-`): not a value to edit.
                    found = .patch(entry: entry, site: nil)
                }
            }
        }
        return found
    }

    /// The JSON pointer tokens of a field of `change` in the rendered object.
    public static func tokens(of change: PodFieldChange, field: [String], subject: Subject) -> [String] {
        let scope: [String]
        switch change.scope {
        case .pod: scope = ["spec"]
        case .podMetadata: scope = ["metadata"]
        case .container(let list, _): scope = ["spec", list, String(change.renderIndex ?? 0)]
        }
        return subject.templatePath + scope + field
    }

    /// `/spec/template/a~1b` → `["spec", "template", "a/b"]` (RFC 6901 escapes).
    static func pointerTokens(_ pointer: String) -> [String] {
        pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            String($0).replacing("~1", with: "/").replacing("~0", with: "~")
        }
    }
}
