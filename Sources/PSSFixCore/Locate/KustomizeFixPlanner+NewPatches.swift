/// Rule 3: each root's new patches written as text — one strategic-merge document per workload
/// in `pss-fix-patch.yaml`, a JSON 6902 file per custom-kind workload — and listed last under
/// the root's `patches:` with the byte-exact engine.
extension KustomizeFixPlanner {
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
                var order: [String: [String]] = [:]
                for list in ["initContainers", "containers", "ephemeralContainers"] {
                    let items = PodChangeTranslation.walk(state.workload.object, subject.templatePath + ["spec", list])?.resolved.items ?? []
                    order[list] = items.compactMap { $0["name"]?.string }
                }
                let text = KustomizeNewPatch.strategicMerge(
                    apiVersion: subject.apiVersion, kind: subject.kind, name: subject.sourceName, namespace: subject.sourceNamespace,
                    templatePath: subject.templatePath, leaves: leaves.map(\.leaf), order: order)
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
}
