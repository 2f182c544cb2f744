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
                at --level and --version with PSA's own checks, order and words, e.g.:
                  deploy.yaml:2:1: Deployment/web (shop): violates PodSecurity "restricted:latest": runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)

                Formats: text (grouped by file, then a summary), json (one finding per workload \
                and check), sarif (SARIF 2.1.0 for code-scanning upload).

                Exit status: 0 every workload passes, 1 violations found, 2 an input or usage \
                error (malformed files are reported and the rest still checked; 2 wins).
                """)

        public enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
            case text, json, sarif
        }

        @OptionGroup var policy: PolicyOptions

        @Option(help: ArgumentHelp("Output format: text, json or sarif.", valueName: "format"))
        var format: Format = .text

        @OptionGroup var contextOptions: ContextOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: ArgumentHelp("Files or directories (walked for *.yaml, *.yml, *.json); - reads stdin.", valueName: "path"))
        var paths: [String] = []

        public init() {}

        public func validate() throws {
            if paths.isEmpty { throw ValidationError("Give at least one file or directory, or - for stdin.") }
        }

        public func run() throws {
            let code = execute(console: .standard())
            if code != 0 { throw ExitCode(code) }
        }

        public func execute(console: Console) -> Int32 {
            let (files, problems) = InputCollector(workingDirectory: console.workingDirectory).collect(paths)
            let built = ContextBuilder.build(files: files, paths: paths, policy: policy, options: contextOptions, console: console)
            for warning in built.warnings { console.err("pss-fix: \(warning)\n") }
            guard built.errors.isEmpty else {
                for error in built.errors { console.err("\(error)\n") }
                return 2
            }
            var report = CheckReport(policyLabel: policy.label)
            report.exceptionsFile = built.exceptionsFile.map { InputCollector(workingDirectory: console.workingDirectory).display($0) }
            for problem in problems {
                report.files.append(.init(path: problem.path, result: nil, error: (Location(line: 1, column: 1), problem.message)))
            }
            let context = built.context
            let results = FileProcessor.map(files) { file -> Result<ManifestChecker.FileResult, FileProcessor.Failure> in
                FileProcessor.read(file, console: console).map { ManifestChecker.check($0, context: context) }
            }
            for (file, result) in zip(files, results) {
                switch result {
                case .failure(let failure):
                    report.files.append(.init(path: file.displayPath, result: nil, error: (Location(line: 1, column: 1), failure.description)))
                case .success(let r):
                    report.files.append(.init(path: file.displayPath, result: r, error: r.error.map { ($0.location, $0.message) }))
                }
            }
            switch format {
            case .text:
                let palette = Palette(enabled: console.colorEnabled(output.color, forStdout: true))
                let text = TextCheckReporter.render(report, palette: palette)
                console.out(output.quiet ? text.split(separator: "\n").dropLast().map { $0 + "\n" }.joined() : text)
            case .json: console.out(JSONCheckReporter.render(report))
            case .sarif: console.out(SARIFReporter.render(report))
            }
            return report.exitCode
        }
    }
}
