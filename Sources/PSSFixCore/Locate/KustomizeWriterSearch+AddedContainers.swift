/// Containers a patch adds (a sidecar): the resource's document does not have them, so no
/// field of theirs can be written there; the patch that adds the container is where its fields
/// belong — a strategic-merge document that lists the container by name, or a JSON 6902 `add`
/// of a container with that name (at `/…/containers/-` or an index). Found on a real tree
/// (issue 21): before, such a container always took a new patch.
extension KustomizeWriterSearch {
    /// Whether `change`'s container is missing from the source document (a patch adds it).
    func isAddedContainer(_ change: PodFieldChange, in subject: Subject) -> Bool {
        guard case .container = change.scope, let file = subject.originFile, let index = subject.sourceDocument else { return false }
        let docs = documents(of: file)
        guard index < docs.count, let doc = docs[index] else { return false }
        return PodChangeTranslation.scopeNode(change.scope, in: doc, templatePath: subject.templatePath) == nil
    }

    /// The last patch that adds `change`'s container, when the source document lacks it.
    func containerAdder(of change: PodFieldChange, in subject: Subject) -> Writer? {
        guard case .container(let list, let name) = change.scope else { return nil }
        if subject.sourceDocument != nil && !isAddedContainer(change, in: subject) { return nil }
        let listTokens = subject.templatePath + ["spec", list]
        var found: Writer?
        for ordered in entries(reaching: subject.originFile) {
            let entry = ordered.entry
            guard entry.replacement == nil else { continue }
            if let target = entry.target, !selects(ordered, target, subject) { continue }
            let docs = parsed(entry)
            if let ops = docs.first??.resolved, ops.isSequence {
                guard entry.target != nil else { continue }
                for (index, op) in ops.items.enumerated() {
                    let op = op.resolved
                    let tokens = Self.pointerTokens(op["path"]?.string ?? "")
                    guard op["op"]?.string == "add", tokens.count == listTokens.count + 1, tokens.starts(with: listTokens),
                          let last = tokens.last, last == "-" || Int(last) != nil,
                          op["value"]?["name"]?.string == name
                    else { continue }
                    // The operation's value is the container: its fields are written there,
                    // at the index the container has in the render.
                    let at = listTokens + [String(change.renderIndex ?? 0)]
                    found = .patch(entry: entry, site: entry.file.map { .operation(file: $0, document: 0, operation: index, tokens: at) })
                }
                continue
            }
            for (index, doc) in docs.enumerated() {
                guard let doc = doc?.resolved, doc.isMapping else { continue }
                if entry.target == nil && !Self.patchDocument(doc, targets: subject) { continue }
                guard PodChangeTranslation.scopeNode(change.scope, in: doc, templatePath: subject.templatePath) != nil else { continue }
                found = .patch(entry: entry, site: entry.file.map { .object(file: $0, document: index) })
            }
        }
        return found
    }
}
