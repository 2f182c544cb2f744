/// Turning placements into bytes: the byte-exact engine edits each shared file once (every
/// change placed there, per document), and each root's new patches are written as text and
/// listed last under its `patches:`. Whatever the engine refuses moves the change on (to a new
/// patch, or leaves the workload), and placement runs again.
extension KustomizeFixPlanner {
    struct Edits {
        var files: [FileChange] = []
        /// Per root index: the new files it now lists.
        var newFiles: [Int: [String]] = [:]
        /// `root index|identity` → the new patch file that carries the workload's rule-3 changes.
        var patchFile: [String: String] = [:]
    }

    func buildEdits(_ roots: [RootState]) -> (Edits, moved: Bool) {
        var edits = Edits()
        var moved = false
        var byFile: [String: [EditKey: [(root: Int, workload: Int, change: Int)]]] = [:]
        for (r, root) in roots.enumerated() {
            for (w, workload) in root.workloads.enumerated() where workload.wants {
                for (c, placement) in workload.placements.enumerated() {
                    guard case .site(let site) = placement else { continue }
                    byFile[site.file, default: [:]][EditKey(site: site, signature: workload.changes[c].signature), default: []].append((r, w, c))
                }
            }
        }
        for (file, keys) in byFile.sorted(by: { $0.key < $1.key }) {
            switch edit(file, keys: keys, roots: roots) {
            case .success(let change): edits.files.append(change)
            case .failure(let refused):
                for (key, why) in refused.edits {
                    for (r, w, c) in keys[key] ?? [] { demote(&roots[r].workloads[w], change: c, in: roots[r], because: why) }
                }
                moved = true
            }
        }
        for (r, root) in roots.enumerated() where root.writable {
            if addNewPatches(root, index: r, into: &edits) { moved = true }
        }
        return (edits, moved)
    }

    /// One file with every change placed in it, or the edits refused and why.
    func edit(_ file: String, keys: [EditKey: [(root: Int, workload: Int, change: Int)]], roots: [RootState])
        -> Result<FileChange, Refused>
    {
        guard let bytes = tree.contents(of: file), let stream = try? YAMLParser.parse(SourceText(bytes)) else {
            return .failure(Refused(keys.keys.map { ($0, "\(display(file)) cannot be read as YAML") }))
        }
        var intents: [Int: [FixIntent]] = [:]
        var owners: [IntentKey: EditKey] = [:]
        var refused: [(EditKey, String)] = []
        for (key, wanting) in keys.sorted(by: { $0.key.signature < $1.key.signature }) {
            let first = wanting[0]
            let workload = roots[first.root].workloads[first.workload]
            let change = workload.changes[first.change]
            switch translate(change, at: key.site, subject: workload.subject, stream: stream) {
            case .success(let (document, intent)):
                intents[document, default: []].append(intent)
                owners[IntentKey(intent)] = key
            case .failure(let why):
                refused.append((key, "\(display(file)): \(why.description)"))
            }
        }
        guard refused.isEmpty else { return .failure(Refused(refused)) }
        let patched = TextPatcher.patch(stream, intents: intents)
        if let problem = patched.problem {
            return .failure(Refused(keys.keys.map { ($0, "the edit of \(display(file)) did not verify: \(problem)") }))
        }
        let refusals = patched.refusals.compactMap { intent, why in owners[intent].map { ($0, "\(display(file)): \(why)") } }
        guard refusals.isEmpty else { return .failure(Refused(refusals)) }
        return .success(FileChange(path: file, original: bytes, fixed: patched.bytes, isNew: false))
    }

    struct Refused: Error {
        let edits: [(EditKey, String)]
        init(_ edits: [(EditKey, String)]) { self.edits = edits }
    }

    func translate(_ change: PodFieldChange, at site: KustomizeWriterSearch.EditSite, subject: KustomizeWriterSearch.Subject,
                   stream: YAMLStream) -> Result<(Int, FixIntent), PodChangeTranslation.Refusal> {
        switch site {
        case .object(_, let document):
            guard document < stream.documents.count, let root = stream.documents[document].root else {
                return .failure(.init(description: "the document is gone"))
            }
            return PodChangeTranslation.intent(change, inObject: root, templatePath: subject.templatePath).map { (document, $0) }
        case .operation(_, let document, let operation, let tokens):
            guard document < stream.documents.count, let ops = stream.documents[document].root?.resolved, ops.isSequence,
                  operation < ops.items.count
            else { return .failure(.init(description: "the operation is gone")) }
            let field = KustomizeWriterSearch.tokens(of: change, field: change.path, subject: subject)
            return PodChangeTranslation.intent(change, inOperation: ops.items[operation].resolved, opTokens: tokens, fieldTokens: field)
                .map { (document, $0) }
        }
    }

    // MARK: New patches (rule 3)

    /// Writes the root's new patches and lists them; returns whether some workload had to be
    /// left instead (placement then runs again).
    func addNewPatches(_ root: RootState, index r: Int, into edits: inout Edits) -> Bool {
        let wanting = root.workloads.indices.filter { root.workloads[$0].wants && root.workloads[$0].placements.contains(where: \.isNewPatch) }
        guard !wanting.isEmpty else { return false }
        let directory = root.input.directory
        let fixedBytes = root.input.planned?.fixed ?? []
        let fixed = (try? YAMLParser.parse(SourceText(fixedBytes))).map { Workload.find(in: $0, kinds: context.kinds) } ?? []
        var documents: [(workload: Int, text: String)] = []
        var operationFiles: [(workload: Int, name: String, text: String, target: NewValue)] = []
        var moved = false
        for w in wanting {
            let state = root.workloads[w]
            let changes = zip(state.changes, state.placements).filter { $0.1.isNewPatch }.map(\.0)
            let after = fixed.first { $0.documentIndex == state.workload.documentIndex && $0.name == state.workload.name }
            guard let leaves = leaves(changes, subject: state.subject, fixed: after) else {
                root.workloads[w].left = "the planned values cannot be read back from the fixed render"
                moved = true
                continue
            }
            let subject = state.subject
            if subject.isCustomKind {
                let pointers = leaves.map { leaf in
                    (tokens: KustomizeWriterSearch.tokens(of: leaf.change, field: leaf.leaf.path, subject: subject), value: leaf.leaf.value)
                }
                let ops = KustomizeNewPatch.operations(for: pointers, in: state.workload.object)
                let name = KustomizeNewPatch.operationsFileName(kind: subject.kind, name: subject.sourceName)
                operationFiles.append((w, name, KustomizeNewPatch.header + KustomizeNewPatch.operationsText(ops), target(subject)))
            } else {
                let text = KustomizeNewPatch.strategicMerge(
                    apiVersion: subject.apiVersion, kind: subject.kind, name: subject.sourceName, namespace: subject.sourceNamespace,
                    templatePath: subject.templatePath, leaves: leaves.map(\.leaf))
                documents.append((w, text))
            }
        }
        var listed: [NewValue] = []
        var newFiles: [FileChange] = []
        let patchPath = directory + "/" + KustomizeNewPatch.fileName
        if !documents.isEmpty {
            let body = documents.map(\.text).joined(separator: "---\n")
            if let existing = tree.contents(of: patchPath) {
                let isListed = root.search.layout(directory)?.entries.contains { $0.field == .patches && $0.file == patchPath && $0.target == nil } ?? false
                if isListed {
                    let separator = existing.last == UInt8(ascii: "\n") || existing.isEmpty ? "---\n" : "\n---\n"
                    newFiles.append(FileChange(path: patchPath, original: existing, fixed: existing + Array((separator + body).utf8), isNew: false))
                } else {
                    for (w, _) in documents {
                        root.workloads[w].left = "\(display(patchPath)) exists and is not listed under patches: in \(display(directory)); list it or remove it"
                    }
                    moved = true
                }
            } else {
                newFiles.append(FileChange(path: patchPath, original: [], fixed: Array((KustomizeNewPatch.header + body).utf8), isNew: true))
                listed.append(.mapping([("path", .string(KustomizeNewPatch.fileName))]))
            }
            for (w, _) in documents where root.workloads[w].left == nil { edits.patchFile["\(r)|\(root.workloads[w].identity)"] = patchPath }
        }
        for file in operationFiles {
            let path = directory + "/" + file.name
            if tree.entry(at: path) != .missing {
                root.workloads[file.workload].left = "\(display(path)) exists already; pss-fix does not overwrite it"
                moved = true
                continue
            }
            newFiles.append(FileChange(path: path, original: [], fixed: Array(file.text.utf8), isNew: true))
            listed.append(.mapping([("path", .string(file.name)), ("target", file.target)]))
            edits.patchFile["\(r)|\(root.workloads[file.workload].identity)"] = path
        }
        if !listed.isEmpty {
            switch listing(listed, in: root) {
            case .success(let change): edits.files.append(change)
            case .failure(let why):
                for w in wanting where root.workloads[w].left == nil { root.workloads[w].left = why.description }
                return true
            }
        }
        edits.files += newFiles
        edits.newFiles[r] = newFiles.map(\.path)
        return moved
    }

    /// The root's kustomization with the new patches appended to `patches:` (made when missing).
    func listing(_ items: [NewValue], in root: RootState) -> Result<FileChange, PodChangeTranslation.Refusal> {
        guard let file = root.search.kustomizationFile, let bytes = tree.contents(of: file),
              let stream = try? YAMLParser.parse(SourceText(bytes)), let document = stream.documents.first,
              let top = document.root?.resolved, top.isMapping
        else { return .failure(.init(description: "the kustomization file of \(display(root.input.directory)) cannot be edited")) }
        let intents = items.map {
            FixIntent(.include(base: top, path: ["patches"], item: $0), checkID: "kustomize", summary: "patches += \($0.summary)")
        }
        let patched = TextPatcher.patch(stream, intents: [document.index: intents])
        if let problem = patched.problem ?? patched.refusals.values.first {
            return .failure(.init(description: "listing the new patch in \(display(file)) failed: \(problem)"))
        }
        return .success(FileChange(path: file, original: bytes, fixed: patched.bytes, isNew: false))
    }

    /// A JSON 6902 patch's `target:`: the workload by its name (and namespace) in the source.
    func target(_ subject: KustomizeWriterSearch.Subject) -> NewValue {
        var pairs: [(key: String, value: NewValue)] = []
        let group = WorkloadKinds.group(of: subject.apiVersion)
        if !group.isEmpty { pairs.append(("group", .string(group))) }
        if let version = subject.apiVersion.split(separator: "/").last { pairs.append(("version", .string(String(version)))) }
        pairs.append(("kind", .string(subject.kind)))
        pairs.append(("name", .string(subject.sourceName)))
        if let namespace = subject.sourceNamespace { pairs.append(("namespace", .string(namespace))) }
        return .mapping(pairs)
    }

    /// The fields a new patch sets for `changes`, each with its change: set values as planned,
    /// whole lists as the fixed render has them (a strategic merge replaces lists of strings),
    /// `null` for keys the fix removes. Nil when a list cannot be read back.
    func leaves(_ changes: [PodFieldChange], subject: KustomizeWriterSearch.Subject, fixed: Workload?)
        -> [(change: PodFieldChange, leaf: KustomizeNewPatch.Leaf)]?
    {
        var leaves: [(change: PodFieldChange, leaf: KustomizeNewPatch.Leaf)] = []
        for change in changes {
            switch change.action {
            case .set(let value):
                leaves.append((change, .init(scope: change.scope, path: change.path, value: .init(value))))
            case .include, .remove:
                guard let fixed, let scope = PodChangeTranslation.scopeNode(change.scope, in: fixed.object, templatePath: subject.templatePath)
                else { return nil }
                let list = PodChangeTranslation.walk(scope, change.path)
                leaves.append((change, .init(scope: change.scope, path: change.path, value: list.map(KustomizeNewPatch.Value.init) ?? .null)))
            case .removeKeys(let keys):
                leaves += keys.map { (change, .init(scope: change.scope, path: change.path + [$0], value: .null)) }
            }
        }
        return leaves
    }

    // MARK: Result

    /// The root's original render with the changes of shared edits made to the workloads they
    /// reach without fixing them through this root (what its new render must show for them).
    func reachedRender(_ root: RootState) -> [UInt8]? {
        guard let stream = root.rendered else { return nil }
        var intents: [Int: [FixIntent]] = [:]
        for (index, changes) in root.reached {
            let w = root.workloads[index]
            for change in changes {
                guard case .success(let intent) = PodChangeTranslation.intent(change, inObject: w.workload.object, templatePath: w.subject.templatePath)
                else { return nil }
                intents[w.workload.documentIndex, default: []].append(intent)
            }
        }
        let patched = TextPatcher.patch(stream, intents: intents)
        return patched.problem == nil && patched.refusals.isEmpty ? patched.bytes : nil
    }

    func result(_ roots: [RootState], edits: Edits) -> Plan {
        var plan = Plan(files: edits.files, roots: [])
        for (r, root) in roots.enumerated() {
            var out = RootPlan(directory: root.input.directory)
            out.reads = root.reads.union(edits.newFiles[r] ?? [])
            if !root.reached.isEmpty {
                out.reached = Set(root.reached.keys.map { root.workloads[$0].identity })
                out.reachedNames = root.reached.keys.map { root.workloads[$0].display }.sorted()
                out.reachedRender = reachedRender(root)
            }
            for w in root.workloads where !w.changes.isEmpty {
                guard w.wants else {
                    out.left.append((w.display, w.left ?? "not placed"))
                    continue
                }
                out.fixedWorkloads.insert(w.identity)
                out.fixes += w.changes.count
                for (change, placement) in zip(w.changes, w.placements) {
                    switch placement {
                    case .site(let site):
                        out.placed.append(Placed(file: site.file, isNewFile: false, workload: w.display, summary: change.summary, because: nil))
                    case .newPatch(let because):
                        let file = edits.patchFile["\(r)|\(w.identity)"] ?? root.input.directory + "/" + KustomizeNewPatch.fileName
                        out.placed.append(Placed(file: file, isNewFile: true, workload: w.display, summary: change.summary, because: because))
                    case .none:
                        break
                    }
                }
            }
            plan.roots.append(out)
        }
        return plan
    }
}
