/// Rule 2's condition, for every file several roots read: an edit stays only when each workload
/// it reaches (the edited place is where that workload's field is decided) wants exactly that
/// change there, needs it (a root not in the input), or still passes with it. Anything else moves
/// the wanting roots' change to a new patch (or leaves the workload), and placement runs again.
extension KustomizeFixPlanner {
    /// Compares what each edit in a shared file does to every root that reads the file: an
    /// edit stays when each workload it reaches wants exactly it. Returns whether anything moved.
    func agree(_ roots: [RootState]) -> Bool {
        for root in roots { root.reached = [:] }
        var wanted: [EditKey: [(root: Int, workload: Int, change: Int)]] = [:]
        for (r, root) in roots.enumerated() {
            for (w, workload) in root.workloads.enumerated() where workload.wants {
                for (c, placement) in workload.placements.enumerated() {
                    if case .site(let site) = placement {
                        wanted[EditKey(site: site, signature: workload.changes[c].signature), default: []].append((r, w, c))
                    }
                }
            }
        }
        var moved = false
        for (key, wanting) in wanted.sorted(by: { $0.key.site.description < $1.key.site.description }) {
            guard let conflict = conflict(key, change: roots[wanting[0].root].workloads[wanting[0].workload].changes[wanting[0].change], roots: roots)
            else { continue }
            for (r, w, c) in wanting {
                demote(&roots[r].workloads[w], change: c, in: roots[r], because: conflict)
            }
            moved = true
        }
        return moved
    }

    /// Why an edit cannot be made in its file: a root that reads the file and did not render,
    /// or a workload it reaches that neither wants it placed there nor accepts it (needs it, in a
    /// root not in the input, or still passes with it). Accepted reaches are recorded.
    func conflict(_ key: EditKey, change: PodFieldChange, roots: [RootState]) -> String? {
        var reaches: [(root: RootState, workload: Int, change: PodFieldChange)] = []
        for root in roots where root.reads.contains(key.site.file) {
            guard root.rendered != nil else {
                return "\(display(root.input.directory)) also reads \(display(key.site.file)) and did not render, so the change could not be verified there"
            }
            for (index, other) in root.workloads.enumerated() {
                guard let adapted = change.adapted(to: other.workload) else { continue }
                let writer = root.search.lastWriter(of: adapted, in: other.subject)
                guard Self.writer(writer, isAt: key.site) else { continue }
                let agrees = other.wants && zip(other.changes, other.placements).contains {
                    $0.signature == key.signature && $1 == .site(key.site)
                }
                if agrees { continue }
                // Not fixed through its own root: it takes the change when it needs it (a root not
                // in the input) or passes and still does; either way the result must stay valid.
                let needs = !root.input.isInput && other.needs.contains(key.signature)
                let passes = other.passes && other.changes.isEmpty
                let after = needs || passes ? judged(other, index: index, with: adapted, in: root) : nil
                guard !root.input.frozen, let after, after.valid, needs || after.passes else {
                    let whose = root.input.isInput ? "" : " (not in the given paths)"
                    return "\(display(key.site.file)) is also built into \(other.display) by \(display(root.input.directory))\(whose), which does not take this change"
                }
                reaches.append((root, index, adapted))
            }
        }
        for reach in reaches { reach.root.reached[reach.workload, default: []].append(reach.change) }
        return nil
    }

    /// A workload not fixed through its root, with one shared change made to it: whether it
    /// passes its level and stays valid for the API server (issue 21, rule 2: "or still passes
    /// with it"). nil when the change cannot be made to its render.
    func judged(_ w: WorkloadState, index: Int, with change: PodFieldChange, in root: RootState) -> (passes: Bool, valid: Bool)? {
        let key = "\(index)|\(change.signature)"
        if let known = root.judged[key] { return known }
        var verdict: (passes: Bool, valid: Bool)?
        if let stream = root.rendered,
           case .success(let intent) = PodChangeTranslation.intent(change, inObject: w.workload.object, templatePath: w.subject.templatePath)
        {
            let patched = TextPatcher.patch(stream, intents: [w.workload.documentIndex: [intent]])
            if patched.problem == nil, patched.refusals.isEmpty, let after = try? YAMLParser.parse(SourceText(patched.bytes)),
               let now = Workload.find(in: after, kinds: context.kinds).first(where: {
                   $0.documentIndex == w.workload.documentIndex && $0.name == w.workload.name
               })
            {
                let invalid = Set(APIValidity.problems(in: now.pod)).subtracting(APIValidity.problems(in: w.workload.pod))
                verdict = (context.judge(now).active.isEmpty, invalid.isEmpty)
            }
        }
        root.judged[key] = verdict
        return verdict
    }

    static func writer(_ writer: KustomizeWriterSearch.Writer, isAt site: KustomizeWriterSearch.EditSite) -> Bool {
        switch writer {
        case .resource(let file, let document): return site == .object(file: file, document: document)
        case .patch(_, let found): return found == site
        case .unknownSource: return false
        }
    }

    /// Moves one change from its file to a new patch (rule 3), or leaves the workload.
    func demote(_ w: inout WorkloadState, change c: Int, in root: RootState, because: String) {
        guard w.left == nil else { return }
        w.placements[c] = newPatch(w.changes[c], writer: w.writers[c], in: root, because: because)
        settle(&w)
    }
}
