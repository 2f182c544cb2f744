import Foundation
import Testing
@testable import PSSFixCLI

let unfixedPod = """
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
      - name: app
        image: nginx

    """

let compliantPod = """
    apiVersion: v1
    kind: Pod
    metadata:
      name: ok
    spec:
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
      containers:
      - name: app
        image: nginx
        securityContext:
          allowPrivilegeEscalation: false
          capabilities:
            drop: ["ALL"]

    """

let privilegedPod = """
    apiVersion: v1
    kind: Pod
    metadata:
      name: priv
    spec:
      containers:
      - name: agent
        image: agent
        securityContext:
          privileged: true

    """

@Suite struct FixCommandTests {
    @Test func stdoutFilterFixesStdin() throws {
        let run = TestConsole(stdin: Array(unfixedPod.utf8))
        let code = try runCLI(["-"], run)
        #expect(code == 0)
        #expect(run.outText.contains("allowPrivilegeEscalation: false"))
        #expect(run.outText.hasPrefix("apiVersion: v1\nkind: Pod\n"))
        #expect(run.errText.contains("0 workloads still violate restricted:latest"))
    }

    @Test func compliantInputIsByteIdenticalAndExitsZero() throws {
        let run = TestConsole(stdin: Array(compliantPod.utf8))
        #expect(try runCLI(["-"], run) == 0)
        #expect(run.outText == compliantPod)
    }

    @Test func remainingViolationsExitOne() throws {
        let run = TestConsole(stdin: Array(privilegedPod.utf8))
        #expect(try runCLI(["-"], run) == 1)
        #expect(!run.outText.contains("allowPrivilegeEscalation: false"), "never on a privileged container")
        #expect(run.errText.contains("container \"agent\" is privileged"))
        #expect(run.errText.contains("still violates PodSecurity \"restricted:latest\": privileged (container \"agent\" must not set securityContext.privileged=true)"))
    }

    @Test func malformedFileIsReportedWithPositionAndOthersStillProcessed() throws {
        let dir = TempDir()
        dir.write("a-bad.yaml", "apiVersion: v1\nkind: Pod\nspec:\n  containers: [\n")
        dir.write("b-dup.yaml", "kind: Pod\nkind: Pod\n")
        dir.write("c-good.yaml", unfixedPod)
        let run = TestConsole(cwd: dir.path)
        let code = try runCLI(["--in-place", "."], run)
        #expect(code == 2, "an input error wins over everything else")
        #expect(run.errText.contains("a-bad.yaml:5:1: error: "))
        #expect(run.errText.contains("b-dup.yaml:2:1: error: duplicate key \"kind\""))
        #expect(dir.read("a-bad.yaml") == "apiVersion: v1\nkind: Pod\nspec:\n  containers: [\n", "left untouched")
        #expect(dir.read("c-good.yaml").contains("runAsNonRoot: true"), "the other files are still fixed")
    }

    @Test func inPlaceKeepsPermissionsAndLeavesUnchangedFilesAlone() throws {
        let dir = TempDir()
        let fixMe = dir.write("fix.yaml", unfixedPod)
        let keep = dir.write("keep.yaml", compliantPod)
        chmod(fixMe, 0o640)
        let old = Date(timeIntervalSince1970: 1_000_000)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: keep)
        let run = TestConsole(cwd: dir.path)
        #expect(try runCLI(["--in-place", "."], run) == 0)
        let attrs = try FileManager.default.attributesOfItem(atPath: fixMe)
        #expect((attrs[.posixPermissions] as? Int) == 0o640)
        #expect(dir.read("fix.yaml").contains("seccompProfile:"))
        let keptDate = try FileManager.default.attributesOfItem(atPath: keep)[.modificationDate] as? Date
        #expect(keptDate == old, "an unchanged file is not rewritten")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("pss-fix-") }
        #expect(leftovers.isEmpty, "no temporary files left behind")
    }

    @Test func diffIsGitStyleWithRelativePathsAndWritesNothing() throws {
        let dir = TempDir()
        dir.write("k8s/web.yaml", unfixedPod)
        let run = TestConsole(cwd: dir.path)
        #expect(try runCLI(["--diff", "k8s"], run) == 0)
        #expect(run.outText.hasPrefix("diff --git a/k8s/web.yaml b/k8s/web.yaml\n--- a/k8s/web.yaml\n+++ b/k8s/web.yaml\n@@ "))
        #expect(!run.outText.contains("\u{1B}["), "no colour when stdout is not a terminal")
        #expect(dir.read("k8s/web.yaml") == unfixedPod)
    }

    @Test func colourOnlyOnATerminalWithoutNoColor() throws {
        let dir = TempDir()
        dir.write("web.yaml", unfixedPod)
        let tty = TestConsole(cwd: dir.path, tty: true)
        _ = try runCLI(["--diff", "web.yaml"], tty)
        #expect(tty.outText.contains("\u{1B}[32m+"))
        let noColor = TestConsole(cwd: dir.path, env: ["NO_COLOR": "1"], tty: true)
        _ = try runCLI(["--diff", "web.yaml"], noColor)
        #expect(!noColor.outText.contains("\u{1B}[") && !noColor.errText.contains("\u{1B}["))
    }

    @Test func walkOrderIsStableSkipsHiddenAndOtherFilesAndSymlinks() throws {
        let dir = TempDir()
        dir.write("b.yaml", unfixedPod)
        dir.write("a/z.yml", unfixedPod)
        dir.write("a/y.json", "{\"kind\": \"ConfigMap\"}")
        dir.write(".hidden/x.yaml", unfixedPod)
        dir.write("notes.txt", "not a manifest")
        let outside = TempDir()
        outside.write("secret.yaml", unfixedPod)
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/link.yaml", withDestinationPath: outside.path + "/secret.yaml")
        let run = TestConsole(cwd: dir.path)
        _ = try runCLI(["--in-place", "."], run)
        let files = run.errText.split(separator: "\n").compactMap { line -> String? in
            guard let colon = line.firstIndex(of: ":"), line.contains(".y") || line.contains(".json") else { return nil }
            return String(line[..<colon])
        }
        #expect(files == ["a/z.yml", "b.yaml"], "\(run.errText)")
        #expect(run.errText.contains("3 files"))
        #expect(outside.read("secret.yaml") == unfixedPod, "symlinks are not followed out of the tree")
        let linkType = try FileManager.default.attributesOfItem(atPath: dir.path + "/link.yaml")[.type] as? FileAttributeType
        #expect(linkType == .typeSymbolicLink, "the symlink is not replaced")
    }

    /// A chart template on disk is not YAML until rendered: skipped with a notice, untouched.
    @Test func templatesAreSkippedWithANotice() throws {
        let dir = TempDir()
        let template = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  containers: [{name: a, image: b}]\n"
        dir.write("pod.yaml", template)
        let run = TestConsole(cwd: dir.path)
        #expect(try runCLI(["--in-place", "pod.yaml"], run) == 3, "not checked: exit 3, never a pass")
        #expect(run.errText.contains("skipped: an unrendered template"))
        #expect(run.errText.contains("1 file not checked"))
        #expect(run.errText.contains("helm template"))
        #expect(dir.read("pod.yaml") == template)
    }

    @Test func usageErrors() throws {
        #expect(throws: (any Error).self) { try PSSFixCommand.parseAsRoot(["--in-place", "--diff", "x.yaml"]) }
        #expect(throws: (any Error).self) { try PSSFixCommand.parseAsRoot(["--in-place", "-"]) }
        #expect(throws: (any Error).self) { try PSSFixCommand.parseAsRoot(["--policy-version", "1.25", "x.yaml"]) }
        let dir = TempDir()
        dir.write("a.yaml", unfixedPod)
        dir.write("b.yaml", unfixedPod)
        let run = TestConsole(cwd: dir.path)
        #expect(try runCLI(["."], run) == 2, "stdout mode takes exactly one input")
        let missing = TestConsole(cwd: dir.path)
        #expect(try runCLI(["--diff", "nope.yaml"], missing) == 2)
        #expect(missing.errText.contains("nope.yaml: error: no such file or directory"))
    }

    @Test func keepExplicitLeavesExplicitValues() throws {
        let input = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - name: app
                image: x
                securityContext:
                  allowPrivilegeEscalation: true

            """
        let run = TestConsole(stdin: Array(input.utf8))
        #expect(try runCLI(["--keep-explicit", "-"], run) == 1)
        #expect(run.outText.contains("allowPrivilegeEscalation: true"))
        #expect(run.outText.contains("runAsNonRoot: true"), "missing fields are still added")
        #expect(run.errText.contains("kept (--keep-explicit)"))
    }

    @Test func versionGatesFixes() throws {
        let old = TestConsole(stdin: Array(unfixedPod.utf8))
        #expect(try runCLI(["--policy-version", "v1.18", "-"], old) == 0)
        #expect(!old.outText.contains("seccompProfile"), "no seccomp requirement below v1.19")
        #expect(!old.outText.contains("drop"), "no drop ALL requirement below v1.22")
        #expect(old.outText.contains("allowPrivilegeEscalation: false"))
        let baseline = TestConsole(stdin: Array(unfixedPod.utf8))
        #expect(try runCLI(["--level", "baseline", "-"], baseline) == 0)
        #expect(baseline.outText == unfixedPod, "baseline asks nothing of this pod")
    }

    @Test func aSymlinkNamedOnTheCommandLineIsFollowedAndKept() throws {
        let dir = TempDir()
        dir.write("real.yaml", unfixedPod)
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/link.yaml", withDestinationPath: "real.yaml")
        let run = TestConsole(cwd: dir.path)
        #expect(try runCLI(["--in-place", "link.yaml"], run) == 0)
        #expect(dir.read("real.yaml").contains("runAsNonRoot: true"), "the target is fixed")
        let type = try FileManager.default.attributesOfItem(atPath: dir.path + "/link.yaml")[.type] as? FileAttributeType
        #expect(type == .typeSymbolicLink, "the link itself stays a link")
    }
}
