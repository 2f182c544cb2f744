import Foundation
import Testing
@testable import PSSFixCLI
@testable import PSSFixCore

/// The standalone `kustomize build` path (`--kustomize PATH`, issue 21): no standalone kustomize
/// is installed on these machines, so a stand-in script records the command line pss-fix runs
/// and delegates the build to `kubectl kustomize` with the flags kubectl has (it has no
/// `--enable-exec`, and skips exec functions under `--enable-alpha-plugins`: the stand-in proves
/// the command line, not that the function ran). Any other flag makes it fail loudly.
@Suite struct StandaloneKustomizeTests {
    /// A `kustomize` stand-in in `directory` that writes its arguments, one per line, to `log`.
    static func makeStandIn(in directory: String, kubectl: String) throws -> (script: String, log: String) {
        let script = directory + "/kustomize"
        let log = directory + "/arguments.log"
        let text = """
            #!/bin/sh
            # Test stand-in for a standalone kustomize: records, then builds with kubectl kustomize.
            printf '%s\\n' "$@" > '\(log)'
            [ "$1" = build ] || { echo "stand-in: only build is implemented, not $1" >&2; exit 1; }
            shift
            set -- "$@" END
            while [ "$1" != END ]; do
                case "$1" in
                    --enable-alpha-plugins|--enable-helm) set -- "$@" "$1" ;;
                    --enable-exec) ;;
                    --helm-command) set -- "$@" "$1" "$2"; shift ;;
                    -*) echo "stand-in: flag $1 is not implemented" >&2; exit 1 ;;
                    *) set -- "$@" "$1" ;;
                esac
                shift
            done
            shift
            exec '\(kubectl)' kustomize "$@"

            """
        try text.write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        return (script, log)
    }

    func arguments(_ log: String) throws -> [String] {
        try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func execFunctionsBuildWithAlphaPluginsAndExecWhenAStandaloneKustomizeIsNamed() throws {
        let temp = TempDir()
        let (script, log) = try Self.makeStandIn(in: temp.path, kubectl: try RenderFixtures.kubectl())
        let tools = RenderTools(helm: .success(try RenderFixtures.helm()),
                                kustomize: .success(KustomizeCommand(executable: script, given: [], wasNamed: true)))
        let stream = try RenderFixtures.renderer(tools).render(
            .kustomization(KustomizationSource(directory: RenderFixtures.path("kustomize/exec-fn")))).requireStream()
        #expect(try stream.names() == ["Deployment/api"])
        let args = try arguments(log)
        #expect(Array(args.prefix(3)) == ["build", "--enable-alpha-plugins", "--enable-exec"], "\(args)")
        #expect(args.count == 4, "the wrapper directory comes last, nothing else: \(args)")
        #expect(args.last.map { $0.contains("pss-fix-kustomize") } == true, "\(args)")
    }

    @Test func aKustomizeFoundOnPathIsNotTrustedWithExecFunctions() throws {
        let temp = TempDir()
        let (script, log) = try Self.makeStandIn(in: temp.path, kubectl: try RenderFixtures.kubectl())
        // Found on PATH rather than named: exec functions run arbitrary programs, so not run.
        let tools = RenderTools(helm: .success(try RenderFixtures.helm()),
                                kustomize: .success(KustomizeCommand(executable: script, given: [], wasNamed: false)))
        let outcome = try RenderFixtures.renderer(tools).render(
            .kustomization(KustomizationSource(directory: RenderFixtures.path("kustomize/exec-fn"))))
        #expect(outcome.notRendered?.cause == .unsupported)
        #expect(!FileManager.default.fileExists(atPath: log), "the stand-in was not run")
    }

    @Test func helmChartsBuildWithEnableHelmAndTheHelmCommand() throws {
        let temp = TempDir()
        let (script, log) = try Self.makeStandIn(in: temp.path, kubectl: try RenderFixtures.kubectl())
        let helm = try RenderFixtures.helm()
        let tools = RenderTools(helm: .success(helm), kustomize: .success(KustomizeCommand(executable: script, given: [], wasNamed: true)))
        let stream = try RenderFixtures.renderer(tools).render(
            .kustomization(KustomizationSource(directory: RenderFixtures.path("kustomize/with-chart")))).requireStream()
        #expect(try stream.names() == ["Deployment/tiny"])
        let args = try arguments(log)
        #expect(Array(args.prefix(4)) == ["build", "--enable-helm", "--helm-command", helm], "\(args)")
        #expect(args.count == 5, "\(args)")
    }

    @Test func theCommandLineOptionNamesTheStandaloneKustomize() throws {
        let temp = TempDir()
        let (script, log) = try Self.makeStandIn(in: temp.path, kubectl: try RenderFixtures.kubectl())
        let console = TestConsole(cwd: RenderFixtures.root, env: ProcessInfo.processInfo.environment)
        let code = try runCLI(["check", "--level", "restricted", "--kustomize", script, "kustomize/exec-fn"], console)
        #expect(code == 1, "rendered and judged (the Deployment violates restricted): \(console.errText)\(console.outText)")
        #expect(try arguments(log).prefix(3) == ["build", "--enable-alpha-plugins", "--enable-exec"])
        #expect(console.outText.contains("kustomize/exec-fn/deployment.yaml"), "reported at the resource: \(console.outText)")
    }
}
