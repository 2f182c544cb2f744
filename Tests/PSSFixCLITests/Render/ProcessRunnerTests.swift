import Foundation
import Testing
@testable import PSSFixCLI

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
