import Foundation
import Testing
@testable import PSSFixCLI
@testable import PSSFixCore

@Suite struct ProcessRunnerTests {
    @Test func outputAndStatusAreCollectedInFull() throws {
        // More than a pipe holds (64 KiB): output goes to files, so nothing blocks.
        let run = try ProcessRunner(timeout: 30).run("/bin/sh", ["-c", "head -c 300000 /dev/zero; echo oops >&2; exit 3"],
                                                     environment: [:])
        #expect(run.status == 3)
        #expect(run.stdout.count == 300_000)
        #expect(run.stderrText == "oops\n")
        #expect(!run.timedOut)
    }

    @Test func aRendererThatHangsIsStopped() throws {
        let start = Date()
        let run = try ProcessRunner(timeout: 0.5).run("/bin/sleep", ["30"], environment: [:])
        #expect(run.timedOut)
        #expect(Date().timeIntervalSince(start) < 10)
    }

    /// The child gets standard input, output and error, nothing else this process has open:
    /// a file held open for writing by a long renderer cannot be executed ("Text file busy").
    @Test func noOtherFileIsInherited() throws {
        let temp = TempDir()
        let fd = open(temp.path + "/held", O_WRONLY | O_CREAT, 0o600)  // no O_CLOEXEC
        #expect(fd > 2)
        defer { close(fd) }
        let run = try ProcessRunner(timeout: 30).run(
            "/bin/sh", ["-c", "if [ -e /proc/$$/fd/\(fd) ]; then echo inherited; else echo closed; fi"], environment: [:])
        #expect(String(decoding: run.stdout, as: UTF8.self) == "closed\n")
    }

    @Test func aProgramThatCannotStartThrows() {
        #expect(throws: (any Error).self) { try ProcessRunner(timeout: 5).run("/nonexistent/helm", [], environment: [:]) }
    }

    @Test func errorLinesStartAtTheErrorAndDropKubectlsLogPrefix() {
        let helm = "walk.go:74: found symbolic link in path\nError: execution error at (x.yaml:1:2): boom\n\nUse --debug flag to render out invalid YAML\n"
        #expect(ProcessRenderer.errorLines(helm) == "Error: execution error at (x.yaml:1:2): boom\nUse --debug flag to render out invalid YAML")
        let kubectl = "# Warning: 'patchesJson6902' is deprecated.\nE1203 03:32:58.683880     744 run.go:72] \"command failed\" err=\"accumulating resources from 'gone.yaml': \\\"x\\\" missing\"\n"
        #expect(ProcessRenderer.errorLines(kubectl) == "accumulating resources from 'gone.yaml': \"x\" missing")
        #expect(ProcessRenderer.errorLines("") == "(nothing on stderr)")
    }
}

@Suite struct RenderOptionsTests {
    @Test func optionsChooseTheRenderers() throws {
        let helm = try RenderFixtures.helm()
        let options = try RenderOptions.parse(["--helm", helm, "--kustomize", "kubectl kustomize"])
        let tools = options.tools(environment: ["PATH": "/usr/bin:/bin"], workingDirectory: "/")
        #expect(try tools.helm.get() == helm)
        let kustomize = try tools.kustomize.get()
        #expect(RenderPath.lastComponent(kustomize.executable) == "kubectl")
        #expect(kustomize.arguments == ["kustomize"] && kustomize.wasNamed && !kustomize.isStandalone)
        let defaults = try RenderOptions.parse([]).tools(environment: ["PATH": "/nonexistent"], workingDirectory: "/")
        #expect(defaults.kustomize.failure?.cause == .rendererMissing)
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
