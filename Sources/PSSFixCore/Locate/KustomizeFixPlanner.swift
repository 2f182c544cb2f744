/// Puts the changes planned on kustomization renders into their sources (issue 21). For each
/// change of each workload, the file that decides the field in that root's build
/// (`KustomizeWriterSearch`) says where it goes:
///
/// 1. a patch file that writes the field, inside the given paths: edited there;
/// 2. no patch writes it: the resource file's document, inside the given paths, is edited —
///    once, for every root, so only when every root whose build the edit reaches wants exactly
///    that change there (a root whose own patch decides the field is not reached);
/// 3. otherwise (a base outside the given paths, an inline patch, a disagreement) a new patch
///    in the root's directory (`KustomizeNewPatch`), listed last under `patches:`.
///
/// Roots that are not in the input but read an edited file count too (issue 21): an edit that
/// reaches one of their workloads is made only when that workload needs exactly that change or
/// still passes with it, and a root that did not render blocks every edit of a file it reads.
///
/// A workload whose changes cannot all be placed is left as it is (atomic per workload), and
/// its changes are then no longer wanted in shared files, which can move other roots' changes
/// to rule 3; placement repeats until nothing moves. The result is the files to write and, per
/// root, what it now expects its render to be; rendering again (the CLI) proves it.
public struct KustomizeFixPlanner {
    /// A kustomization root, rendered and planned.
    public struct Root: Sendable {
        public let directory: String
        /// nil when it did not render: no file it reads may change.
        public let render: RenderedStream?
        /// The fix planned on the render (`ManifestFixer.fix` with `rendered`).
        public let planned: FileFixResult?
        /// In the input: its workloads are fixed. Otherwise it only has a say about shared files.
        public let isInput: Bool
        /// Nothing may change this root's render (its verification failed before).
        public var frozen: Bool

        public init(directory: String, render: RenderedStream?, planned: FileFixResult?, isInput: Bool = true, frozen: Bool = false) {
            self.directory = directory
            self.render = render
            self.planned = planned
            self.isInput = isInput
            self.frozen = frozen
        }
    }

    public struct FileChange: Sendable {
        public let path: String
        public let original: [UInt8]
        public let fixed: [UInt8]
        /// The file does not exist yet (a new patch).
        public let isNew: Bool
    }

    /// One change placed, for the report.
    public struct Placed: Sendable, Equatable {
        public let file: String
        public let isNewFile: Bool
        /// `Deployment/prod-api` (the rendered name).
        public let workload: String
        public let summary: String
        /// For a new patch: why the file that decides the field is not edited.
        public let because: String?
    }

    public struct RootPlan: Sendable {
        public let directory: String
        public var placed: [Placed] = []
        /// Workloads (display names) left as they are, and why.
        public var left: [(workload: String, reason: String)] = []
        /// Workloads (`Kind namespace/name`) whose every planned change was placed: the render
        /// must now equal the planned fix for them, and the original for everything else.
        public var fixedWorkloads = Set<String>()
        public var fixes = 0
        /// Files the root's build reads, new patches included.
        public var reads = Set<String>()
        /// Workloads not fixed through this root that a shared edit still reaches (they need
        /// that change, or pass with it), and the render with just those changes made: the
        /// root's new render must show them so.
        public var reached = Set<String>()
        public var reachedRender: [UInt8]?
        /// `Kind/name` of the reached workloads, for the report.
        public var reachedNames: [String] = []
    }

    public struct Plan: Sendable {
        public var files: [FileChange] = []
        public var roots: [RootPlan] = []

        public init(files: [FileChange] = [], roots: [RootPlan] = []) {
            self.files = files
            self.roots = roots
        }
    }

    let tree: any FileTree
    let context: PolicyContext
    /// Inside the paths pss-fix was given (only those files are ever written).
    let writable: (String) -> Bool
    /// How paths appear in reasons.
    let display: (String) -> String
    /// Why a file is not writable, for reasons (`outside the given paths`, `excluded`).
    let unwritable: (String) -> String

    public init(tree: any FileTree, context: PolicyContext, writable: @escaping (String) -> Bool,
                display: @escaping (String) -> String, unwritable: @escaping (String) -> String = { _ in "outside the given paths" }) {
        self.tree = tree
        self.context = context
        self.writable = writable
        self.display = display
        self.unwritable = unwritable
    }

    enum Placement: Equatable {
        case site(KustomizeWriterSearch.EditSite)
        /// Rule 3, and why the field's own file is not edited.
        case newPatch(because: String)
        case none(String)

        var isNewPatch: Bool { if case .newPatch = self { return true } else { return false } }
    }

    /// A rendered workload of one root and what is planned for it.
    struct WorkloadState {
        let identity: String
        let display: String
        let workload: Workload
        let subject: KustomizeWriterSearch.Subject
        /// Where the object comes from when that is not a file (for reasons).
        var origin = "it does not come from a file pss-fix can edit"
        /// No violation at its level before any fix.
        var passes = false
        /// Signatures of every change the fix planned for it (also in roots not in the input).
        var needs = Set<String>()
        var changes: [PodFieldChange] = []
        var writers: [KustomizeWriterSearch.Writer] = []
        var placements: [Placement] = []
        /// Why its changes are not made (nil: placed, or nothing to place).
        var left: String?

        var wants: Bool { !changes.isEmpty && left == nil }
    }

    final class RootState {
        let input: Root
        let search: KustomizeWriterSearch
        let reads: Set<String>
        /// The root is in the input and its directory inside the given paths: a new patch may go there.
        let writable: Bool
        var workloads: [WorkloadState] = []
        let rendered: YAMLStream?
        /// Changes of shared edits that reach workloads not fixed through this root (by index).
        var reached: [Int: [PodFieldChange]] = [:]
        /// A workload (index) with one shared change made: passing, valid (cached by signature).
        var judged: [String: (passes: Bool, valid: Bool)?] = [:]

        init(input: Root, search: KustomizeWriterSearch, writable: Bool) {
            self.input = input
            self.search = search
            self.reads = search.files
            self.writable = writable
            rendered = input.render.flatMap { try? YAMLParser.parse(SourceText($0.bytes)) }
        }
    }

    /// An edit in a shared file: the same change at the same place.
    struct EditKey: Hashable {
        let site: KustomizeWriterSearch.EditSite
        let signature: String
    }

    public func plan(_ inputs: [Root]) -> Plan {
        let roots = inputs.map(state)
        for root in roots {
            for i in root.workloads.indices { place(&root.workloads[i], in: root) }
        }
        // Changes only ever move from a file to a new patch, and from a new patch to "left", so
        // this settles; the bound is a guard: unsettled, nothing is written.
        for _ in 0..<64 {
            if agree(roots) { continue }
            let (edits, moved) = buildEdits(roots)
            if !moved { return result(roots, edits: edits) }
        }
        for root in roots {
            for i in root.workloads.indices where root.workloads[i].wants { root.workloads[i].left = "the placement did not settle" }
        }
        return result(roots, edits: Edits())
    }

    // MARK: Reading the roots

    func state(_ input: Root) -> RootState {
        let root = RootState(input: input, search: KustomizeWriterSearch(root: input.directory, tree: tree),
                             writable: input.isInput && writable(input.directory))
        guard let stream = root.rendered, let render = input.render, let planned = input.planned else { return root }
        let workloads = Workload.find(in: stream, kinds: context.kinds)
        for workload in workloads {
            let identity = workload.renderKey
            let document = stream.documents[workload.documentIndex]
            let documentOrigin = render.document(containing: document.span.start)?.origin
            let origin = documentOrigin?.file
            let apiVersion = workload.apiVersion ?? ""
            let renderedName = workload.name ?? ""
            let source = origin.flatMap {
                KustomizeSourceDocument.find(kind: workload.kind.rawValue, apiVersion: apiVersion, renderedName: renderedName, in: $0, tree: tree)
            }
            var generatedName = renderedName
            if case .generated(_, let madeIn?)? = documentOrigin {
                generatedName = root.search.generatedName(renderedName, madeIn: madeIn)
            }
            // A custom `openapi:` schema replaces kustomize's built-in one: then no kind has
            // known merge keys, and built-in kinds are patched as custom kinds are.
            var subject = KustomizeWriterSearch.Subject(
                kind: workload.kind.rawValue, apiVersion: apiVersion, templatePath: workload.kind.templatePath,
                isCustomKind: Workload.Kind(rawValue: workload.kind.rawValue) == nil || root.search.customSchema != nil,
                renderedName: renderedName, renderedNamespace: workload.namespace, originFile: origin, sourceDocument: source?.document,
                sourceName: source?.name ?? generatedName, sourceNamespace: source?.namespace)
            if let origin, let index = source?.document, case let docs = root.search.documents(of: origin), index < docs.count,
               let metadata = docs[index]?["metadata"] {
                subject.sourceLabels = KustomizePatchEntries.pairs(metadata["labels"])
                subject.sourceAnnotations = KustomizePatchEntries.pairs(metadata["annotations"])
            }
            var entry = WorkloadState(identity: identity, display: workload.displayName, workload: workload, subject: subject)
            entry.origin = describe(documentOrigin)
            let report = planned.workloads.first {
                $0.documentIndex == workload.documentIndex && $0.kind == workload.kind && $0.name == workload.name
            }
            entry.passes = report.map { $0.before.isEmpty } ?? false
            if let report, !report.applied.isEmpty, planned.status == .processed {
                switch PodFieldChange.changes(report.applied, of: workload) {
                case .success(let changes):
                    entry.needs = Set(changes.map(\.signature))
                    if input.isInput { entry.changes = changes }
                case .failure(let why):
                    if input.isInput { entry.left = why.description }
                }
                if input.frozen && input.isInput { entry.left = "its root's render must not change (see above)" }
            }
            root.workloads.append(entry)
        }
        return root
    }

    // MARK: Placement

    /// Rules 1-3 for each change of a workload, before roots are compared.
    func place(_ w: inout WorkloadState, in root: RootState) {
        guard w.wants else { return }
        w.writers = w.changes.map { root.search.lastWriter(of: $0, in: w.subject) }
        w.placements = zip(w.changes, w.writers).map { change, writer in
            switch writer {
            case .patch(let entry, let site):
                if let site, writable(site.file) { return .site(site) }
                let removes = site == nil && root.search.parsed(entry).contains { doc in
                    doc.map { KustomizePatchDirectives.effect(of: $0, on: change, templatePath: w.subject.templatePath) == .removes } ?? false
                }
                let verb = removes ? "removed by" : root.search.isAddedContainer(change, in: w.subject) ? "added by" : "set by"
                let what = entry.field == .replacements
                    ? "set by replacements: in \(display(entry.kustomization))"
                    : entry.file.map { "\(verb) the patch \(display($0))" } ?? "\(verb) an inline patch in \(display(entry.kustomization))"
                return newPatch(change, writer: writer, in: root, because: entry.file != nil && site != nil ? "\(what), \(unwritable(site!.file))" : what)
            case .resource(let file, let document):
                if writable(file) { return .site(.object(file: file, document: document)) }
                return newPatch(change, writer: writer, in: root, because: "\(display(file)) is \(unwritable(file))")
            case .unknownSource:
                return newPatch(change, writer: writer, in: root, because: w.origin)
            }
        }
        settle(&w)
    }

    /// Why an object without a resource file has no document to edit.
    func describe(_ origin: DocumentOrigin?) -> String {
        switch origin {
        case .generated("HelmChartInflationGenerator", let configuredIn)?:
            // A chart's templates and values belong to the chart (often vendored or pulled):
            // the overlay's own patch is the place for a kustomize user's change.
            return "it is rendered from helmCharts: in \(configuredIn.map(display) ?? "the kustomization"), and pss-fix does not edit a chart's templates or values"
        case .generated(let generator, _)?: return "it is made by kustomize's \(generator), not read from a file"
        case .remote(let repo, let ref, _)?: return "it comes from the remote base \(repo)\(ref.map { "?ref=\($0)" } ?? "")"
        default: return "it does not come from a file pss-fix can edit"
        }
    }

    /// Rule 3, or why it cannot be used.
    func newPatch(_ change: PodFieldChange, writer: KustomizeWriterSearch.Writer, in root: RootState, because: String) -> Placement {
        if case .patch(let entry, _) = writer, entry.field.isAfterPatches, entry.kustomization == root.search.kustomizationFile {
            let listed = entry.field == .replacements ? "" : " under patchesJson6902"
            return .none("\(change.summary): \(because)\(listed), which kustomize applies after patches:, so a new patch cannot override it; change it there")
        }
        guard root.writable else {
            return .none("\(change.summary): \(because), and \(display(root.input.directory)), where a new patch would go, is \(unwritable(root.input.directory))")
        }
        guard change.isSecurityContext else {
            return .none("\(change.summary): \(because), and a new patch carries only securityContext fields")
        }
        return .newPatch(because: because)
    }

    /// A workload with a change that has no place is left as it is, with every reason.
    func settle(_ w: inout WorkloadState) {
        let reasons = w.placements.compactMap { if case .none(let why) = $0 { return why } else { return nil } }
        if !reasons.isEmpty { w.left = reasons.joined(separator: "; ") }
    }
}
