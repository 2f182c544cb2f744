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
}
