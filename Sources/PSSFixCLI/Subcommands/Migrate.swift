import ArgumentParser
import FoundationEssentials
import PSSFixCore

extension PSSFixCommand {
    /// Carry a repository to Restricted (or Baseline) namespace by namespace.
    public struct Migrate: ParsableCommand, ConsoleRunnable {
        public static let configuration = CommandConfiguration(
            abstract: "Plan and apply a phased move of every namespace to a Pod Security level.",
            discussion: """
                For every namespace: its workloads, the highest level they all satisfy today, the \
                level after pss-fix's automatic fixes, and what still blocks the target (check, \
                workload, containers, suggested action).

                Phases: run with --plan (the default) to see where you stand; --diff to review the \
                fixes and the warn/audit labels it would add to your Namespace manifests; \
                --in-place to apply them; later --in-place --enforce to raise the enforce label of \
                every namespace whose workloads all pass. Namespaces without a Namespace manifest \
                in the input are reported, never invented. Enforce is never set for a namespace \
                while input that may hold its workloads was not checked (a skipped template, an \
                unknown workload kind); the report names it.

                Helm charts and kustomizations are judged as rendered (as by check, with \
                --helm, --kustomize, -f/--set and .pss-fix.yaml charts:), each workload at the \
                template or resource it comes from; AFTER FIXES counts only the changes their \
                source fixes place (values files, patches), which --diff and --in-place write. \
                One that does not render is not checked.

                Columns: NAMESPACE (as in metadata.namespace; (none) for workloads without one), \
                WORKLOADS (how many), TODAY (the strictest level every workload meets as \
                written), AFTER FIXES (the same after pss-fix's automatic fixes, under the atomic \
                rule: a workload that would still fail is not changed), READY (AFTER FIXES \
                reaches the target), BLOCKERS (violations of the target left for a person). Under \
                the table, per namespace: each blocker with its suggested action, the workload \
                changes the fix makes (--plan: would fix; --in-place: fixed), the label changes.

                RECOMMENDED: the levels each namespace should carry: enforce what every workload \
                meets today, warn and audit at the target where the fixes reach it; privileged for \
                kube-system (exempt it in the admission configuration) and for namespaces whose \
                workloads need the node (labels, not an exemption, so that audit and warn still \
                report).

                A cluster dump (kubectl get namespaces,pods -A -o yaml, or -o json; add \
                deploy,sts,ds,cronjob,job for the controllers) is read as a live cluster: each \
                workload is reported once with its Pod count, TODAY and READY NOW are what its \
                running Pods meet (injected sidecars included), and the fixes are changes its \
                owners must make to its manifest. --format kubectl prints the kubectl label \
                commands for the phase (warn and audit; with --enforce also enforce where ready \
                now), --format admission-config an AdmissionConfiguration with cluster-wide \
                defaults and exemptions.

                Exit status: 0 every namespace can reach the target, 1 some are blocked, 2 an \
                input or usage error, 3 some input was not checked (the order 2, 1, 3).
                """)

        public enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
            case text, markdown, json, kubectl
            case admissionConfig = "admission-config"
        }

        @Option(help: ArgumentHelp("Target level: restricted or baseline.", valueName: "level"))
        var to: PolicyLevel = .restricted

        @Option(
            name: .customLong("policy-version"),
            help: ArgumentHelp("Target policy version (latest or v1.N); also written as -version labels.", valueName: "version"))
        var version: PolicyVersion?

        @Flag(help: "Only report (the default).") var plan = false
        @Flag(help: "Show the changes as a unified diff; the report goes to stderr.") var diff = false
        @Flag(name: [.customShort("i"), .long], help: "Apply the changes to the files.") var inPlace = false
        @Flag(help: "Also raise the enforce label, for namespaces whose every workload passes after the fixes.")
        var enforce = false
        @Flag(help: "Leave explicit non-compliant values as written and report them.") var keepExplicit = false

        @Option(
            help: ArgumentHelp(
                "Report format: text, markdown (for a pull request or the namespaces' owners), json, kubectl (the label commands for the phase) or admission-config (an AdmissionConfiguration for the API server).",
                valueName: "format"))
        var format: Format = .text

        @Option(
            name: .customLong("exempt-namespace"),
            help: ArgumentHelp(
                "Also exempt this namespace (repeatable) in --format admission-config; it gets no labels. kube-system is always exempt.",
                valueName: "name"))
        var exemptNamespaces: [String] = []

        @OptionGroup var optIn: OptInOptions
        @OptionGroup var contextOptions: ContextOptions
        @OptionGroup var selection: SelectionOptions
        @OptionGroup var render: RenderOptions
        @OptionGroup var charts: ChartOptions
        @OptionGroup var output: OutputOptions

        @OptionGroup var input: InputPaths
        var paths: [String] { input.paths }

        public init() {}

        public func validate() throws {
            if to == .privileged { throw ValidationError("--to privileged needs no migration.") }
            if [plan, diff, inPlace].filter({ $0 }).count > 1 { throw ValidationError("Choose one of --plan, --diff, --in-place.") }
            if inPlace && paths.contains("-") { throw ValidationError("--in-place cannot rewrite stdin.") }
            if (format == .kubectl || format == .admissionConfig) && (diff || inPlace) {
                throw ValidationError("--format \(format.rawValue) prints a plan: use it without --diff and --in-place.")
            }
            for name in exemptNamespaces where !AdmissionConfiguration.isDNS1123Label(name) {
                throw ValidationError("--exempt-namespace: \"\(name)\" is not a valid namespace name.")
            }
            try optIn.validate()
        }

        public func run() throws {
            let code = execute(console: .standard())
            if code != 0 { throw ExitCode(code) }
        }

        public func execute(console: Console) -> Int32 {
            // Charts and kustomizations are judged as rendered; their files are never loose files.
            guard let runInputs = RunInputs.gather(
                paths: paths, selection: selection, contextOptions: contextOptions, charts: charts, console: console)
            else { return 2 }
            let (loaded, problems) = (runInputs.loaded, runInputs.problems)
            let files = runInputs.plan.looseFiles
            var exit: Int32 = problems.isEmpty ? 0 : 2
            for problem in problems { console.err("\(problem.path): error: \(problem.message)\n") }
            var policy = PolicyOptions()
            policy.level = to
            policy.version = version
            let built = ContextBuilder.build(files: files, paths: paths, policy: policy, options: contextOptions, console: console, preloaded: loaded)
            guard built.errors.isEmpty else {
                for error in built.errors { console.err("\(error)\n") }
                return 2
            }
            let targetVersion = version ?? .latest
            let context = built.context
            let exceptions = context.exceptions
            let options = FixOptions(
                level: to, version: targetVersion, keepExplicit: keepExplicit, optIn: optIn.checks, runAsUser: optIn.runAsUser)

            // Pass 1: fix every file at the target and measure where each workload stands.
            let inputs = FileProcessor.map(files) { FileProcessor.read($0, console: console) }
            let first = FileProcessor.map(Array(zip(files, inputs).map { ($0, $1) }.enumerated()).map { $0 }) { item -> ([Migration.WorkloadStatus], FileFixResult?, [NamespacePolicy], Bool) in
                let (file, input) = item.element
                guard case .success(let bytes) = input else { return ([], nil, [], false) }
                let stream = try? YAMLParser.parse(SourceText(bytes), keepKind: Workload.isRelevantKind)
                let manifests = stream.map(NamespacePolicy.find) ?? []
                if ClusterInput.mayBeDump(bytes), let stream, ClusterInput.isDump(stream) {
                    let cluster = ClusterAssessment.statuses(
                        path: file.displayPath, bytes: bytes, stream: stream, options: options, context: context)
                    return (cluster.statuses, cluster.result, manifests, true)
                }
                let result = ManifestFixer.fix(bytes, options: options, context: context)
                let statuses = Migration.statuses(
                    path: file.displayPath, original: bytes, fixed: result.fixed, version: targetVersion,
                    exceptions: exceptions, report: result, kinds: context.kinds)
                return (statuses, result, manifests, false)
            }
            // Then each chart and kustomization, rendered (MigrationSources).
            let rendering = SourceRendering(render: render, charts: charts, console: console, config: loaded)
            let sources = MigrationSources(rendering: rendering, context: context, options: options)
                .run(runInputs.plan.sources, scope: WritableScope(paths: paths, exclusion: runInputs.exclusion, collector: rendering.collector))
            // A cluster dump is read, never written: nothing pss-fix writes changes a cluster.
            let dumps = zip(files, first).filter { $0.1.3 }.map(\.0.displayPath)
            let live = !dumps.isEmpty
            if live && (diff || inPlace) {
                for path in dumps {
                    console.err("\(path): error: a cluster dump is read, not rewritten: --diff and --in-place have nothing to write; the report lists the changes for the workloads' manifests, --format kubectl the label commands\n")
                }
                return 2
            }
            var exempt = Set(exemptNamespaces)
            for name in context.resolver.admission?.exemptions.namespaces ?? [] { exempt.insert(name) }
            // Label commands always name their version (latest unless given).
            let labelVersion = live || format == .kubectl || format == .admissionConfig ? targetVersion : version
            // Input not checked never lets enforce through: a skipped file may hold any
            // namespace's workloads; an unjudged kind blocks its own namespace.
            var notChecked: [String: [String]] = [:]
            var notCheckedAnywhere: [String] = []
            for (file, item) in zip(files, first) {
                guard let result = item.1 else { continue }
                if case .skipped = result.status { notCheckedAnywhere.append("\(file.displayPath) was not checked") }
                for object in result.unjudged {
                    notChecked[object.namespace ?? "", default: []].append(
                        "\(file.displayPath):\(object.location.line):\(object.location.column): \(object.displayName) \(object.reason)")
                }
            }
            let unrendered = sources.notRendered + runInputs.plan.unrendered.map { (rendering.collector.display($0.path), $0.reason) }
            for (path, _) in unrendered { notCheckedAnywhere.append("\(path) was not checked") }
            var namespaces = Migration.namespaces(
                first.flatMap(\.0) + sources.statuses, manifests: first.flatMap(\.2) + sources.manifests, target: to, version: labelVersion, enforce: enforce,
                notChecked: notChecked, notCheckedAnywhere: notCheckedAnywhere, exempt: exempt)
            let labels = Dictionary(
                uniqueKeysWithValues: namespaces.filter { !$0.labelChanges.isEmpty }.map { ($0.name, $0.labelChanges) })

            // Pass 2: files holding Namespace manifests get their label edits with the fixes
            // (a cluster's labels are planned, for `--format kubectl`).
            var results: [FileFixResult?] = first.map(\.1)
            if !live {
                for (i, (_, _, manifests, _)) in first.enumerated() where manifests.contains(where: { labels[$0.name ?? ""] != nil }) {
                    if case .success(let bytes) = inputs[i] {
                        results[i] = ManifestFixer.fix(bytes, options: options, context: context, labels: labels)
                    }
                }
                let applied = Set(results.compactMap { $0 }.flatMap(\.labelChanges))
                for i in namespaces.indices {
                    namespaces[i].labelChanges = namespaces[i].labelChanges.filter {
                        applied.contains("Namespace/\(namespaces[i].name): \($0.key)=\($0.value)")
                    }
                }
            }

            for (file, result) in zip(files, results) {
                guard let result else {
                    console.err("\(file.displayPath): error: cannot read the file\n")
                    exit = 2
                    continue
                }
                switch result.status {
                case .invalid(let error):
                    console.err("\(file.displayPath):\(error.location.line):\(error.location.column): error: \(error.message)\n")
                    exit = 2
                case .internalError(let why):
                    console.err("\(file.displayPath): internal error: \(why)\n")
                    exit = 2
                case .skipped(let why):
                    console.err("\(file.displayPath): skipped: \(why)\n")
                case .processed:
                    break
                }
                guard result.changed else { continue }
                if diff {
                    let text = UnifiedDiff.make(
                        old: result.original, new: result.fixed, path: file.displayPath, edits: result.edits,
                        lineStarts: result.lineStarts.map { ($0.original, $0.fixed) })
                    console.out(console.colorEnabled(output.color, forStdout: true) ? UnifiedDiff.colorize(text) : text)
                } else if inPlace, let path = file.realPath {
                    do { try AtomicWriter.replace(path, with: result.fixed, expecting: result.original) } catch {
                        console.err("\(file.displayPath): error: \(error.description)\n")
                        exit = 2
                    }
                }
            }

            exit = max(exit, writeSources(sources, unrendered: unrendered, rendering: rendering, console: console))

            let target = "\(to.rawValue):\(targetVersion)"
            let mode: MigrationReporter.Mode = live ? .live : self.mode
            let input = live ? ClusterReportInput(dumps: dumps, namespaces: namespaces).description : nil
            let plan = LabelPlanHeader(target: to, version: targetVersion, versionGiven: version != nil, enforce: enforce, input: input)
            let report: String
            switch format {
            case .text:
                let palette = Palette(enabled: console.colorEnabled(output.color, forStdout: !diff))
                report = MigrationReporter.text(namespaces, target: target, mode: mode, palette: palette, input: input)
            case .markdown:
                report = live
                    ? ClusterMarkdownReporter.markdown(namespaces, target: target, input: input ?? "")
                    : MigrationReporter.markdown(namespaces, target: target, mode: mode)
            case .json: report = MigrationReporter.json(namespaces, target: target, live: live)
            case .kubectl: report = KubectlLabelReporter.commands(namespaces, plan: plan)
            case .admissionConfig:
                report = AdmissionConfigReporter.configuration(namespaces, plan: plan, base: context.resolver.admission, exempt: exemptNamespaces)
            }
            if diff { console.err(report) } else { console.out(report) }
            if exit == 0 && namespaces.contains(where: { !$0.ready && !$0.workloads.isEmpty }) { exit = 1 }
            if exit == 0 && !notCheckedAnywhere.isEmpty { exit = ExitStatus.notChecked }
            return exit
        }

        var mode: MigrationReporter.Mode { inPlace ? .applied : (diff ? .diff : .plan) }

        /// The charts' and kustomizations' source changes (`--diff`, `--in-place`) and what was
        /// not rendered, on stderr. 2 when a write failed, else 0.
        func writeSources(_ sources: MigrationSources.Result, unrendered: [(path: String, reason: String)], rendering: SourceRendering, console: Console) -> Int32 {
            var code: Int32 = 0
            for (path, reason) in unrendered { console.err("\(path): skipped: \(reason)\n") }
            guard diff || inPlace else { return 0 }
            for line in sources.lines { console.err(line) }
            for change in sources.changes {
                let shown = rendering.collector.display(change.path)
                if diff {
                    let text = change.unifiedDiff(shown: shown)
                    console.out(console.colorEnabled(output.color, forStdout: true) ? UnifiedDiff.colorize(text) : text)
                    continue
                }
                do {
                    try change.write()
                } catch {
                    console.err("\(shown): error: \(error)\n")
                    code = 2
                }
            }
            return code
        }
    }
}
