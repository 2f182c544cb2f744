import ArgumentParser
import FoundationEssentials
import Glibc
import PSSFixCore

extension PSSFixCommand {
    /// The default command: fix manifests, print them, show a diff, or rewrite them in place.
    public struct Fix: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Fix manifests so that their workloads pass Pod Security Admission.",
            discussion: """
                Without --diff or --in-place, the fixed manifest of a single FILE (or - for stdin) \
                goes to stdout, so pss-fix works as a filter:
                  helm template . | pss-fix - | kubectl apply -f -
                With no path at all and stdin not a terminal, pss-fix reads stdin and remaining \
                violations do not fail the run (as --exit-zero), so it works as a Helm \
                post-renderer (helm template ./chart --post-renderer pss-fix); a ResourceList on \
                stdin is handled as by `pss-fix krm` (kustomize and kpt exec functions).
                Only the bytes that must change are changed: comments, key order, quoting, \
                documents and line endings stay as they were. Every edit is verified by parsing \
                the result again; a file whose edit does not verify is left untouched.

                Automatic fixes (restricted): allowPrivilegeEscalation=false per container, \
                capabilities.drop ["ALL"] (and removal of added capabilities other than \
                NET_BIND_SERVICE), pod runAsNonRoot=true, pod seccompProfile RuntimeDefault. \
                What needs a person (privileged containers, runAsUser 0, hostPath...) is reported \
                on stderr with the reason.

                Exit status: 0 nothing left to fix, 1 violations remain that were not fixed, \
                2 an input or usage error, 3 some input was not checked (an unrendered \
                template, a chart or kustomization that did not render); the first that applies in the order 2, 1, 3. With --exit-zero or \
                without a path, 1 and 3 become 0.
                """)

        @Flag(name: [.customShort("i"), .long], help: "Rewrite changed files in place (atomically; unchanged files are not touched).")
        var inPlace = false

        @Flag(help: "Print a unified diff (git style, for git apply or patch -p1) instead of writing anything.")
        var diff = false

        @Flag(help: "Leave explicit non-compliant values (allowPrivilegeEscalation: true, runAsNonRoot: false, seccomp Unconfined, added capabilities) as they are and report them.")
        var keepExplicit = false

        @Flag(help: "Apply the automatic fixes even to workloads that will still violate their level afterwards (by default such a workload is left unchanged and what blocks it is reported).")
        var partial = false

        @OptionGroup var optIn: OptInOptions
        @OptionGroup var policy: PolicyOptions
        @OptionGroup var contextOptions: ContextOptions
        @OptionGroup var selection: SelectionOptions
        @OptionGroup var render: RenderOptions
        @OptionGroup var charts: ChartOptions
        @OptionGroup var output: OutputOptions

        @Flag(help: "Exit 0 even when violations remain that pss-fix could not fix, or some input was not checked (both are still reported on stderr); input and usage errors still exit 2. Implied when no path is given.")
        var exitZero = false

        // Not `InputPaths`: no path at all means stdin here (Helm post-renderer, KRM exec function).
        @Argument(help: ArgumentHelp("Files or directories (walked for *.yaml, *.yml, *.json); - reads stdin. None: read stdin when it is not a terminal (Helm post-renderer, KRM function).", valueName: "path"))
        var paths: [String] = []

        public init() {}

        public func validate() throws {
            if inPlace && diff { throw ValidationError("--in-place and --diff cannot be used together.") }
            if paths.isEmpty && (inPlace || diff) { throw ValidationError("Give at least one file or directory, or - for stdin.") }
            if inPlace && paths.contains("-") { throw ValidationError("--in-place cannot rewrite stdin; drop - or --in-place.") }
            if policy.level == .privileged { throw ValidationError("--level privileged allows everything; nothing to fix.") }
            try optIn.validate()
        }

        public func run() throws {
            if paths.isEmpty && isatty(0) == 1 { throw ValidationError("Give at least one file or directory, or - for stdin.") }
            let code = execute(console: .standard())
            if code != 0 { throw ExitCode(code) }
        }

        public func execute(console: Console) -> Int32 {
            // No path: stdin, as a post-renderer or an exec KRM function gets it.
            let implicitStdin = paths.isEmpty
            if implicitStdin, case let bytes = console.readStdin(), bytes.containsSubsequence(Array("ResourceList".utf8)),
                KRMFunction.isResourceList(bytes)
            {
                return KRMFunction.run(bytes, console: console)
            }
            let paths = implicitStdin ? ["-"] : self.paths
            // Charts and kustomizations are judged as rendered; their files are never loose files.
            guard let inputs = RunInputs.gather(
                paths: paths, selection: selection, contextOptions: contextOptions, charts: charts, console: console)
            else { return 2 }
            let (loaded, problems, sourcePlan) = (inputs.loaded, inputs.problems, inputs.plan)
            let files = sourcePlan.looseFiles
            let palette = Palette(enabled: console.colorEnabled(output.color, forStdout: false))
            var failed = !problems.isEmpty
            var violations = false
            var notChecked = false
            for problem in problems { console.err("\(palette.bold(problem.path + ":")) \(palette.red("error:")) \(problem.message)\n") }
            let toStdout = !inPlace && !diff
            if toStdout && !sourcePlan.sources.isEmpty {
                console.err("pss-fix: a Helm chart or kustomization is not printed as a fixed manifest; use `pss-fix check` (or render it: `helm template CHART | pss-fix -`)\n")
                return 2
            }
            if toStdout && (files.count != 1 || paths.count != 1) {
                console.err("pss-fix: writing to stdout takes exactly one file or -; use --diff or --in-place for several files or a directory\n")
                return 2
            }
            let built = ContextBuilder.build(files: files, paths: paths, policy: policy, options: contextOptions, console: console, preloaded: loaded)
            for warning in built.warnings { console.err("pss-fix: \(warning)\n") }
            guard built.errors.isEmpty else {
                for error in built.errors { console.err("\(error)\n") }
                return 2
            }
            let context = built.context
            var options = FixOptions(
                level: policy.fallback.level, version: policy.fallback.version, keepExplicit: keepExplicit,
                optIn: optIn.checks, runAsUser: optIn.runAsUser)
            options.partial = partial
            let runOptions = options
            var summary = FixSummary(palette: palette, policyLabel: built.policyLabel)
            summary.exceptionsFile = built.exceptionsFile.map { InputCollector(workingDirectory: console.workingDirectory).display($0) }
            let diffColor = console.colorEnabled(output.color, forStdout: true)

            // Streamed: each file's output is written as soon as its turn comes, then dropped.
            // The diff text is made on the worker threads too: `emit` runs one file at a time.
            let diff = self.diff
            let batching = BatchSettings(environment: console.environment)
            let summaryText = summary  // a copy for the workers: `lines(for:)` is pure
            let verbose = !output.quiet
            FileProcessor.stream(files) { file -> (FileFixResult?, String?, [UInt8]?, String, BatchedDiff?) in
                switch FileProcessor.read(file, console: console) {
                case .failure(let failure): return (nil, failure.description, nil, "", nil)
                case .success(let bytes):
                    var options = runOptions
                    options.rendered = file.isStdin
                    // A big stream's diff is made batch by batch, in bounded memory.
                    if diff, bytes.count >= batching.threshold,
                        let batched = BatchedDiff.run(
                            bytes, path: file.displayPath, options: options, context: context, summary: summaryText, verbose: verbose,
                            color: diffColor, batchBytes: batching.batchBytes)
                    {
                        return (nil, nil, nil, "", batched)
                    }
                    let result = ManifestFixer.fix(bytes, options: options, context: context)
                    let text = summaryText.lines(for: file.displayPath, result, verbose: verbose)
                    guard diff && result.changed else { return (result, nil, nil, text, nil) }
                    let patch = UnifiedDiff.make(
                        old: result.original, new: result.fixed, path: file.displayPath, edits: result.edits,
                        lineStarts: result.lineStarts.map { ($0.original, $0.fixed) })
                    return (result, nil, diffColor ? UnifiedDiff.colorize(patch) : patch, text, nil)
                }
            } emit: { index, outcome in
                let file = files[index]
                let (result, readError, diffText, text, batched) = outcome
                if let batched {
                    if batched.violations { violations = true }
                    batched.diff.drain { console.out($0) }
                    summary.add(batched.tally)
                    if !output.quiet {
                        if !batched.unjudged.isEmpty { console.err(batched.unjudged) }
                        batched.text.drain { console.err($0) }
                    }
                    return
                }
                guard let result else {
                    console.err("\(palette.bold(file.displayPath + ":")) \(palette.red("error:")) \(readError ?? "unreadable")\n")
                    failed = true
                    return
                }
                switch result.status {
                case .invalid, .internalError: failed = true
                case .skipped: notChecked = true
                case .processed: if result.remainingCount > 0 { violations = true }
                }
                if toStdout {
                    if case .invalid = result.status {} else { console.out(result.fixed) }
                } else if let diffText {
                    console.out(diffText)
                } else if inPlace && result.changed, let path = file.realPath {
                    do {
                        try AtomicWriter.replace(path, with: result.fixed, expecting: result.original)
                    } catch let error as AtomicWriter.Failure {
                        console.err("\(palette.bold(file.displayPath + ":")) \(palette.red("error:")) \(error.description)\n")
                        failed = true
                    } catch {
                        console.err("\(palette.bold(file.displayPath + ":")) \(palette.red("error:")) \(error)\n")
                        failed = true
                    }
                }
                summary.count(result)
                if !text.isEmpty && (!output.quiet || result.status != FileFixResult.Status.processed) { console.err(text) }
            }
            // Charts and kustomizations: judged as rendered; charts fixed at their values,
            // kustomizations at their resources and patches (each verified by rendering again);
            // what remains reported at the templates and resources.
            let rendering = SourceRendering(render: render, charts: charts, console: console, config: loaded)
            let reporter = TextCheckReporter(palette: palette, policyLabel: built.policyLabel, exceptionsFile: nil, quiet: output.quiet)
            var sourceFix = RenderedSourceFix(rendering: rendering, context: context, options: runOptions, reporter: reporter, palette: palette)
            // Kustomization roots share bases and components: they are placed and verified together.
            let kustomize = KustomizeSourceFixer(
                rendering: rendering, context: context, options: runOptions, scope: WritableScope(paths: paths, exclusion: inputs.exclusion, collector: rendering.collector))
            kustomize.prepare(sourcePlan.sources)
            sourceFix.kustomize = kustomize
            for source in sourcePlan.sources {
                let done = sourceFix.run(source)
                summary.count(done)
                failed = failed || done.failed
                notChecked = notChecked || done.notChecked
                violations = violations || done.violations
                console.err(done.report)
                for change in done.changes {
                    let shown = rendering.collector.display(change.path)
                    if diff {
                        let patch = change.unifiedDiff(shown: shown)
                        console.out(diffColor ? UnifiedDiff.colorize(patch) : patch)
                    } else if inPlace {
                        do {
                            try change.write()
                        } catch {
                            console.err("\(palette.bold(shown + ":")) \(palette.red("error:")) \(error)\n")
                            failed = true
                        }
                    }
                }
            }
            for (path, reason) in sourcePlan.unrendered {
                notChecked = true
                summary.count(CheckFileEntry(path: path, result: .skipped(reason), error: nil))
                console.err("\(palette.bold(rendering.collector.display(path) + ":")) \(palette.yellow("skipped:")) \(reason)\n")
            }
            // A library chart is covered by the charts that use it: said, never "not checked".
            for (library, users) in sourcePlan.libraryCoverage {
                let through = users.map(rendering.collector.display).joined(separator: ", ")
                console.err("\(palette.bold(rendering.collector.display(library) + ":")) library chart: checked through the render\(users.count == 1 ? "" : "s") of \(through)\n")
            }
            if !output.quiet { console.err(summary.totals()) }
            let code = ExitStatus.combine(errors: failed, violations: violations, notChecked: notChecked)
            return exitZero || implicitStdin ? ExitStatus.relaxed(code) : code
        }
    }
}
