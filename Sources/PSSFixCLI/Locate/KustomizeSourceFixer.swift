import Foundation
import PSSFixCore

/// Fixes the kustomization roots of a run at their sources (issue 21). Unlike a chart, a
/// kustomization shares files with other roots (a base, a component), so every root is rendered
/// and planned first, the changes are placed for all of them together (`KustomizeFixPlanner`),
/// and each root whose build reads a changed file is rendered again from a temporary copy
/// (`KustomizeVerification`). A root whose new render is not exactly what was planned is then
/// frozen — nothing may change its render — and placement runs again without it, so what is
/// written is always what was verified.
final class KustomizeSourceFixer {
    struct RootOutcome {
        /// Files this root writes (a file shared by several roots is written by the first).
        var changes: [SourceFileChange] = []
        /// Report lines for the summary (not indented).
        var lines: [String] = []
        /// Workloads (`Kind namespace/name`) whose planned changes were placed and verified.
        var fixedWorkloads = Set<String>()
        var fixes = 0
        /// Some planned change is not made.
        var incomplete = false
    }

    let rendering: SourceRendering
    let context: PolicyContext
    let options: FixOptions
    /// The paths given, absolute with links resolved: nothing outside them is written.
    let given: [String]
    private(set) var renders: [String: RenderOutcome] = [:]
    private(set) var outcomes: [String: RootOutcome] = [:]

    init(rendering: SourceRendering, context: PolicyContext, options: FixOptions, given: [String]) {
        self.rendering = rendering
        self.context = context
        self.options = options
        self.given = given
    }

    /// Whether `path` (absolute) is one of the given paths or inside one.
    static func isInside(_ path: String, given: [String]) -> Bool {
        let real = DiskFileTree().realPath(path) ?? DiskFileTree().realPath(RenderPath.parent(path)).map {
            $0 + "/" + RenderPath.lastComponent(path)
        } ?? path
        return given.contains { RenderPath.isInside(real, $0) }
    }

    /// Renders, plans, places and verifies every kustomization among `sources`.
    func prepare(_ sources: [RenderSource]) {
        var inputs: [KustomizeFixPlanner.Root] = []
        for source in sources {
            guard case .kustomization(let kustomization) = source else { continue }
            let outcome = rendering.render(source)
            renders[kustomization.directory] = outcome
            guard case .rendered(let stream) = outcome else { continue }
            var local = options
            local.rendered = true
            let planned = ManifestFixer.fix(stream.bytes, options: local, context: rendering.context(context, for: source))
            inputs.append(KustomizeFixPlanner.Root(directory: kustomization.directory, render: stream, planned: planned))
        }
        guard inputs.contains(where: { $0.planned.changed }) else {
            for input in inputs {
                outcomes[input.directory] = RootOutcome(lines: Self.blocked(input.planned), incomplete: !Self.blocked(input.planned).isEmpty)
            }
            return
        }
        let given = self.given
        let collector = rendering.collector
        let planner = KustomizeFixPlanner(tree: DiskFileTree(), context: context,
                                          writable: { Self.isInside($0, given: given) }, display: { collector.display($0) })
        let verification = KustomizeVerification(renderer: rendering.renderer)
        var failures: [String: String] = [:]
        var plan = KustomizeFixPlanner.Plan()
        var verified = false
        // Each round freezes at least one more root, so this ends within one round per root.
        for _ in 0...inputs.count {
            for i in inputs.indices { inputs[i].frozen = failures[inputs[i].directory] != nil }
            plan = planner.plan(inputs)
            let changed: [String: [UInt8]] = Dictionary(plan.files.map { ($0.path, $0.fixed) }, uniquingKeysWith: { a, _ in a })
            var failed = false
            for (input, root) in zip(inputs, plan.roots) where !root.reads.isDisjoint(with: changed.keys) {
                var graph = KustomizationGraph(tree: DiskFileTree())
                graph.load([input.directory])
                let result = verification.verify(
                    root: input.directory, reads: root.reads, directories: graph.claims(of: input.directory).directories.sorted(),
                    changed: changed, original: input.render, planned: input.planned.fixed, fixed: root.fixedWorkloads)
                if case .failure(let why) = result {
                    failures[input.directory] = failures[input.directory] ?? why.description
                    failed = true
                }
            }
            if !failed {
                verified = true
                break
            }
        }
        if !verified {
            for input in inputs where failures[input.directory] == nil {
                failures[input.directory] = "the placement did not verify for the roots that share its files"
            }
        }
        record(plan, inputs: inputs, failures: failures)
    }

    /// Workloads the fix leaves whole because a person must decide something first (the atomic
    /// rule): what that is, so that the report says why nothing changed for them.
    static func blocked(_ planned: FileFixResult) -> [String] {
        planned.workloads.filter(\.blocked).map { w in
            let reasons = w.manual.filter(\.blocks).map { "[\($0.checkID)] \($0.reason)" }.joined(separator: "; ")
            return "left for a person: \(w.displayName): \(reasons)"
        }
    }

    /// Splits the plan into per-root outcomes for the report.
    func record(_ plan: KustomizeFixPlanner.Plan, inputs: [KustomizeFixPlanner.Root], failures: [String: String]) {
        var assigned = Set<String>()
        for (input, root) in zip(inputs, plan.roots) {
            var outcome = RootOutcome()
            if let why = failures[input.directory] {
                outcome.incomplete = input.planned.workloads.contains { !$0.applied.isEmpty }
                outcome.lines.append("not written: \(why)")
                outcomes[input.directory] = outcome
                continue
            }
            for file in plan.files where root.reads.contains(file.path) && assigned.insert(file.path).inserted {
                outcome.changes.append(SourceFileChange(path: file.path, original: file.original, fixed: file.fixed, isNew: file.isNew))
            }
            outcome.fixedWorkloads = root.fixedWorkloads
            outcome.fixes = root.fixes
            outcome.incomplete = !root.left.isEmpty
            let display = rendering.collector.display
            outcome.lines += root.placed.map { "fixed in \(display($0.file))\($0.isNewFile ? " (new patch)" : ""): \($0.workload): \($0.summary)" }
            outcome.lines += root.left.map { "left: \($0.workload): \($0.reason)" }
            outcome.lines += Self.blocked(input.planned)
            outcomes[input.directory] = outcome
        }
    }
}
