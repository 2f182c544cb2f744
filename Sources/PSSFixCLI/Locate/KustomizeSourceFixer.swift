import PSSFixCore

/// Fixes the kustomization roots of a run at their sources (issue 21). Unlike a chart, a
/// kustomization shares files with other roots (a base, a component), so every root is rendered
/// and planned first — the run's roots, and the repository's other roots that read a file the
/// run may edit — the changes are placed for all of them together (`KustomizeFixPlanner`), and
/// each root whose build reads a changed file is rendered again from a temporary copy
/// (`KustomizeVerification`). A root whose new render is not exactly what was planned is then
/// frozen — nothing may change its render — and placement runs again, so what is written is
/// always what was verified.
final class KustomizeSourceFixer {
    struct RootOutcome {
        /// Files this root writes (a file shared by several roots is written by the first).
        var changes: [SourceFileChange] = []
        /// Report lines for the summary (not indented).
        var lines: [String] = []
        /// Workloads (`Kind namespace/name`) whose planned changes were placed and verified.
        var fixedWorkloads = Set<String>()
        var fixes = 0
    }

    let rendering: SourceRendering
    let context: PolicyContext
    let options: FixOptions
    /// What may be written: inside the given paths and not excluded.
    let scope: WritableScope
    private(set) var renders: [String: RenderOutcome] = [:]
    private(set) var outcomes: [String: RootOutcome] = [:]

    init(rendering: SourceRendering, context: PolicyContext, options: FixOptions, scope: WritableScope) {
        self.rendering = rendering
        self.context = context
        self.options = options
        self.scope = scope
    }

    /// Renders, plans, places and verifies every kustomization among `sources`. `check` plans
    /// without verifying (it writes nothing; what it calls fixable is what the fix would place).
    func prepare(_ sources: [RenderSource], verify: Bool = true) {
        var inputs = sources.compactMap { source -> KustomizeFixPlanner.Root? in
            guard case .kustomization(let kustomization) = source else { return nil }
            return root(kustomization.directory, isInput: true)
        }
        guard inputs.contains(where: { $0.planned?.changed ?? false }) else {
            for input in inputs { outcomes[input.directory] = RootOutcome(lines: input.planned.map(Self.blocked) ?? []) }
            return
        }
        inputs += observers(of: inputs)
        let scope = self.scope
        let collector = rendering.collector
        let planner = KustomizeFixPlanner(tree: DiskFileTree(), context: context,
                                          writable: { scope.contains($0) }, display: { collector.display($0) },
                                          unwritable: { scope.reason($0) })
        var failures: [String: String] = [:]
        var plan = KustomizeFixPlanner.Plan()
        var verified = false
        // Each failed round freezes at least one more root, so this ends within a round per root.
        for _ in 0...inputs.count {
            for i in inputs.indices { inputs[i].frozen = failures[inputs[i].directory] != nil }
            plan = planner.plan(inputs)
            let found = verify ? self.verify(plan, inputs: inputs) : [:]
            if found.isEmpty {
                verified = true
                break
            }
            failures.merge(found) { old, _ in old }
        }
        if !verified {
            for input in inputs where failures[input.directory] == nil {
                failures[input.directory] = "the placement did not verify for the roots that share its files"
            }
            plan.files = []
        }
        record(plan, inputs: inputs, failures: failures)
    }

    /// A root rendered (with origins) and planned; not rendered, it is kept without either, so
    /// that the files it reads are left alone.
    func root(_ directory: String, isInput: Bool) -> KustomizeFixPlanner.Root {
        let source = RenderSource.kustomization(KustomizationSource(directory: directory))
        let outcome = renders[directory] ?? rendering.render(source)
        if isInput { renders[directory] = outcome }
        guard case .rendered(let stream) = outcome else {
            return KustomizeFixPlanner.Root(directory: directory, render: nil, planned: nil, isInput: isInput)
        }
        var local = options
        local.rendered = true
        let planned = ManifestFixer.fix(stream.bytes, options: local, context: rendering.context(context, for: source, stream: stream))
        return KustomizeFixPlanner.Root(directory: directory, render: stream, planned: planned, isInput: isInput)
    }

    /// The repository's other roots that read a file inside the given paths that the run's
    /// roots read: editing that file changes their render too, so they have a say.
    func observers(of inputs: [KustomizeFixPlanner.Root]) -> [KustomizeFixPlanner.Root] {
        let tree = DiskFileTree()
        let known = Set(inputs.map(\.directory))
        var editable = Set<String>()
        for input in inputs {
            var graph = KustomizationGraph(tree: tree)
            graph.load([input.directory])
            editable.formUnion(graph.claims(of: input.directory).files.filter { scope.contains($0) })
        }
        let all = RenderDiscovery(tree: tree).repositoryKustomizationRoots(near: inputs.map(\.directory))
        return all.filter { !known.contains($0) }.compactMap { directory in
            var graph = KustomizationGraph(tree: tree)
            graph.load([directory])
            guard !graph.claims(of: directory).files.isDisjoint(with: editable) else { return nil }
            return root(directory, isInput: false)
        }
    }

    /// Renders again every root that reads a changed file; returns why each that differs does.
    func verify(_ plan: KustomizeFixPlanner.Plan, inputs: [KustomizeFixPlanner.Root]) -> [String: String] {
        let changed: [String: [UInt8]] = Dictionary(plan.files.map { ($0.path, $0.fixed) }, uniquingKeysWith: { a, _ in a })
        let verification = KustomizeVerification(renderer: rendering.renderer)
        var failures: [String: String] = [:]
        for (input, root) in zip(inputs, plan.roots) where !root.reads.isDisjoint(with: changed.keys) {
            guard let render = input.render, let planned = input.planned else {
                failures[input.directory] = "it did not render before the change"
                continue
            }
            var expectations = [KustomizeVerification.Expectation(render: planned.fixed, objects: root.fixedWorkloads)]
            if !root.reached.isEmpty {
                guard let reached = root.reachedRender else {
                    failures[input.directory] = "the changes that reach it could not be made to its render"
                    continue
                }
                expectations.append(KustomizeVerification.Expectation(render: reached, objects: root.reached))
            }
            var graph = KustomizationGraph(tree: DiskFileTree())
            graph.load([input.directory])
            let result = verification.verify(
                root: input.directory, reads: root.reads, directories: graph.claims(of: input.directory).directories.sorted(),
                changed: changed, original: render, expectations: expectations)
            if case .failure(let why) = result { failures[input.directory] = why.description }
        }
        return failures
    }

    /// Workloads the fix leaves whole because a person must decide something first (the atomic
    /// rule): what that is, so that the report says why nothing changed for them.
    static func blocked(_ planned: FileFixResult) -> [String] {
        planned.workloads.filter(\.blocked).map { w in
            let reasons = w.manual.filter(\.blocks).map { "[\($0.checkID)] \($0.reason)" }.joined(separator: "; ")
            return "left for a person: \(w.displayName): \(reasons)"
        }
    }

    /// Splits the plan into per-root outcomes for the report (roots of the run only; what a
    /// shared edit does to another root is said where the edit is reported).
    func record(_ plan: KustomizeFixPlanner.Plan, inputs: [KustomizeFixPlanner.Root], failures: [String: String]) {
        let display = rendering.collector.display
        var assigned = Set<String>()
        var alsoReached: [String: [String]] = [:]  // file → "Kind/name in ROOT"
        for (input, root) in zip(inputs, plan.roots) where failures[input.directory] == nil && !root.reached.isEmpty {
            for file in plan.files.map(\.path) where root.reads.contains(file) {
                let given = input.isInput ? "" : " (not given)"
                alsoReached[file, default: []].append("\(root.reachedNames.joined(separator: ", ")) in \(display(input.directory))\(given)")
            }
        }
        for (input, root) in zip(inputs, plan.roots) where input.isInput {
            var outcome = RootOutcome()
            if let why = failures[input.directory] {
                if input.planned?.workloads.contains(where: { !$0.applied.isEmpty }) ?? false {
                    outcome.lines.append("not written: \(why)")
                }
                outcome.lines += input.planned.map(Self.blocked) ?? []
                outcomes[input.directory] = outcome
                continue
            }
            for file in plan.files where root.reads.contains(file.path) && assigned.insert(file.path).inserted {
                outcome.changes.append(SourceFileChange(path: file.path, original: file.original, fixed: file.fixed, isNew: file.isNew))
                for other in alsoReached[file.path] ?? [] {
                    outcome.lines.append("\(display(file.path)) also changes \(other): only what it needs too or still passes with")
                }
            }
            outcome.fixedWorkloads = root.fixedWorkloads
            outcome.fixes = root.fixes
            var explained = Set<String>()
            for placed in root.placed {
                // Why a new patch, once per reason: the file that decides the field is not edited.
                if let because = placed.because, explained.insert(because).inserted {
                    outcome.lines.append("new patch \(display(placed.file)): \(because)")
                }
                outcome.lines.append("fixed in \(display(placed.file))\(placed.isNewFile ? " (new patch)" : ""): \(placed.workload): \(placed.summary)")
            }
            outcome.lines += root.left.map { "left: \($0.workload): \($0.reason)" }
            outcome.lines += input.planned.map(Self.blocked) ?? []
            outcomes[input.directory] = outcome
        }
    }
}
