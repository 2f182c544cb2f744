import ArgumentParser
import PSSFixCore

extension PSSFixCommand {
    /// Judge manifests exactly as Pod Security Admission would, without changing them.
    public struct Check: ParsableCommand, ConsoleRunnable {
        public static let configuration = CommandConfiguration(
            abstract: "Report what Pod Security Admission would say about every workload, changing nothing.",
            discussion: """
                Each workload (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, \
                ReplicationController, Job, CronJob, PodTemplate; also inside kind: List) is judged \
                at --level and --policy-version with PSA's own checks, order and words, e.g.:
                  deploy.yaml:2:1: Deployment/web (shop): violates PodSecurity "restricted:latest": runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)

                Formats: text (grouped by file, then a summary), json (one finding per workload \
                and check), sarif (SARIF 2.1.0 for code-scanning upload).

                Exit status: 0 every workload passes, 1 violations found, 2 an input or usage \
                error (malformed files are reported and the rest still checked), 3 some input \
                was not checked (an unrendered template, a chart or kustomization that did not \
                render); the first that applies in the order 2, 1, 3.
                """)

        public enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
            case text, json, sarif
        }

        @OptionGroup var policy: PolicyOptions

        @Option(help: ArgumentHelp("Output format: text, json or sarif.", valueName: "format"))
        var format: Format = .text

        @OptionGroup var contextOptions: ContextOptions
        @OptionGroup var selection: SelectionOptions
        @OptionGroup var render: RenderOptions
        @OptionGroup var charts: ChartOptions
        @OptionGroup var output: OutputOptions

        @OptionGroup var input: InputPaths
        var paths: [String] { input.paths }

        public init() {}

        public func run() throws {
            let code = execute(console: .standard())
            if code != 0 { throw ExitCode(code) }
        }

        public func execute(console: Console) -> Int32 {
            // Charts and kustomizations are judged as rendered; their files are never loose files.
            guard let inputs = RunInputs.gather(
                paths: paths, selection: selection, contextOptions: contextOptions, charts: charts, console: console)
            else { return 2 }
            let (loaded, problems, sourcePlan) = (inputs.loaded, inputs.problems, inputs.plan)
            let files = sourcePlan.looseFiles
            let built = ContextBuilder.build(files: files, paths: paths, policy: policy, options: contextOptions, console: console, preloaded: loaded)
            for warning in built.warnings { console.err("pss-fix: \(warning)\n") }
            guard built.errors.isEmpty else {
                for error in built.errors { console.err("\(error)\n") }
                return 2
            }
            let exceptionsFile = built.exceptionsFile.map { InputCollector(workingDirectory: console.workingDirectory).display($0) }
            let writer: any CheckWriter
            switch format {
            case .text:
                let palette = Palette(enabled: console.colorEnabled(output.color, forStdout: true))
                var text = TextCheckReporter(palette: palette, policyLabel: built.policyLabel, exceptionsFile: exceptionsFile, quiet: output.quiet)
                if paths == ["-"] { text.fixCommand = "pss-fix -" }
                writer = text
            case .json: writer = JSONCheckReporter(exceptionsFile: exceptionsFile)
            case .sarif: writer = SARIFReporter(exceptionsFile: exceptionsFile)
            }
            var totals = CheckTotals()
            var deferred: [String: [String]] = [:]
            var wroteAny = false
            console.out(writer.header())
            // Findings are collected into one buffer and written 64 KB at a time (file by file on a
            // terminal): a write per finding was a system call per finding (tens of thousands on a
            // large tree).
            var pending: [UInt8] = []
            pending.reserveCapacity(1 << 16)
            let separator = Array(writer.separator.utf8)
            func emit(_ chunk: CheckChunk) {
                for part in chunk.stream where !part.isEmpty {
                    if wroteAny { pending += separator }
                    pending += part.utf8
                    wroteAny = true
                }
                if pending.count >= 1 << 16 || console.stdoutIsTerminal { flush() }
                for (key, parts) in chunk.deferred { deferred[key, default: []] += parts }
            }
            func flush() {
                guard !pending.isEmpty else { return }
                console.out(pending)
                pending.removeAll(keepingCapacity: true)
            }
            // A big stream's findings, rendered batch by batch into a temporary file.
            func emit(_ batched: BatchedCheck) {
                totals.add(batched.totals)
                if !batched.findings.isEmpty {
                    if wroteAny { pending += separator }
                    flush()
                    batched.findings.drain { console.out($0) }
                    wroteAny = true
                }
                emit(batched.rest)
            }
            for problem in problems {
                let entry = CheckFileEntry(path: problem.path, result: nil, error: .init(location: nil, message: problem.message))
                totals.add(entry)
                emit(writer.render(entry))
            }
            let context = built.context
            // Checked and rendered on all cores; written in input order as each file's turn comes.
            // A wider window than fixing's: a waiting result here is a file's findings, not its
            // text, and with 8 per core a worker sat idle behind every big file on the other
            // core (3 % of the corpus's wall time went to waiting).
            let batching = BatchSettings(environment: console.environment)
            FileProcessor.stream(files, window: FileProcessor.workers * 32) { file -> CheckedFile in
                let entry: CheckFileEntry
                switch FileProcessor.read(file, console: console) {
                case .failure(let failure):
                    entry = CheckFileEntry(path: file.displayPath, result: nil, error: .init(location: nil, message: failure.description))
                case .success(let bytes):
                    // A big stream is judged and rendered batch by batch, in bounded memory.
                    let big = bytes.count >= batching.threshold
                    if big,
                        let batched = BatchedCheck.run(
                            bytes, path: file.displayPath, rendered: file.isStdin, context: context, writer: writer,
                            batchBytes: batching.batchBytes)
                    {
                        return .batched(batched)
                    }
                    // Whole, once the batches were tried: a failed batch would only fail again.
                    var r = ManifestChecker.check(bytes, context: context, rendered: file.isStdin, inBatches: !big)
                    r = ClusterCheck.regroup(r, bytes: bytes, context: context)  // a cluster dump: per workload, not per Pod
                    entry = CheckFileEntry(path: file.displayPath, result: r, error: r.error.map { .init(location: $0.location, message: $0.message) })
                }
                return .whole(entry, writer.render(entry))
            } emit: { _, checked in
                switch checked {
                case .whole(let entry, let chunk):
                    totals.add(entry)
                    emit(chunk)
                case .batched(let batched):
                    emit(batched)
                }
            }
            // Then each chart and kustomization, rendered and judged, reported at its sources.
            let rendering = SourceRendering(render: render, charts: charts, console: console, config: loaded)
            // Kustomizations: fixable is what the fix would place (planned for all roots at
            // once, as the fix does; the fix also renders again before it writes anything).
            let kustomize = KustomizeSourceFixer(
                rendering: rendering, context: context, options: FixOptions(level: policy.fallback.level, version: policy.fallback.version),
                scope: WritableScope(paths: paths, exclusion: inputs.exclusion, collector: rendering.collector))
            kustomize.prepare(sourcePlan.sources, verify: false)
            for source in sourcePlan.sources {
                var outcome: RenderOutcome?
                var fixable: Set<String>?
                if case .kustomization(let root) = source {
                    outcome = kustomize.renders[root.directory]
                    fixable = kustomize.outcomes[root.directory]?.fixedWorkloads ?? []
                }
                let entries = RenderedCheck.entries(
                    for: source, outcome: outcome ?? rendering.render(source), context: context, rendering: rendering, fixableWorkloads: fixable)
                for entry in entries {
                    totals.add(entry)
                    emit(writer.render(entry))
                }
            }
            for (path, reason) in sourcePlan.unrendered {
                let entry = CheckFileEntry(path: rendering.collector.display(path), result: .skipped(reason), error: nil)
                totals.add(entry)
                emit(writer.render(entry))
            }
            for (library, users) in sourcePlan.libraryCoverage {
                let note = ManifestChecker.FileResult.noted("library chart: checked through the render\(users.count == 1 ? "" : "s") of \(users.map(rendering.collector.display).joined(separator: ", "))")
                let entry = CheckFileEntry(path: rendering.collector.display(library), result: note, error: nil)
                emit(writer.render(entry))
            }
            flush()
            console.out(writer.footer(totals, deferred: deferred))
            return totals.exitCode
        }
    }
}

/// One file as `check`'s workers hand it over: its entry and rendered report, or a big stream's
/// batched report.
enum CheckedFile: Sendable {
    case whole(CheckFileEntry, CheckChunk)
    case batched(BatchedCheck)
}
