/// What the planning hands back: per root, what was placed where, what was left and why, and
/// what its render must now be (the planned fix, and the changes shared edits bring to
/// workloads not fixed through it).
extension KustomizeFixPlanner {
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
