import Foundation
import Testing
@testable import PSSFixCLI

/// Exceptions through the command line: annotations and the config file, per workload and
/// per container, listed as exempted; --strict ignores annotations but not the file.
@Suite struct ExceptionCLITests {
    static let agent = """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
          namespace: ops
          annotations:
            pss-fix/ignore: "hostNamespaces: reads host network stats"
            pss-fix/ignore.probe: "privileged: loads an eBPF program"
        spec:
          template:
            spec:
              hostNetwork: true
              containers:
              - name: probe
                image: probe
                securityContext:
                  privileged: true
              - name: shipper
                image: shipper
                securityContext:
                  privileged: true

        """

    func check(_ args: [String], files: [String: String]) throws -> (Int32, [String: Any], TestConsole) {
        let dir = TempDir()
        for (name, text) in files { dir.write(name, text) }
        let run = TestConsole(cwd: dir.path)
        let code = try runCLI(["check", "--format", "json", "--level", "baseline"] + args + ["."], run)
        let json = try #require(JSONSerialization.jsonObject(with: Data(run.outText.utf8)) as? [String: Any])
        return (code, json, run)
    }

    func checks(_ list: Any?) -> [String] { (list as? [[String: Any]] ?? []).compactMap { $0["check"] as? String } }

    @Test func annotationsPerWorkloadAndPerContainer() throws {
        let (code, json, _) = try check([], files: ["agent.yaml": Self.agent])
        #expect(code == 1)
        #expect(checks(json["exempted"]).sorted() == ["hostNamespaces", "privileged"])
        let findings = json["findings"] as? [[String: Any]] ?? []
        #expect(checks(findings) == ["privileged"], "the shipper is not exempt")
        #expect(findings.first?["detail"] as? String == "container \"shipper\" must not set securityContext.privileged=true")
        let exemptedPrivileged = (json["exempted"] as? [[String: Any]])?.first { $0["check"] as? String == "privileged" }
        #expect(exemptedPrivileged?["containers"] as? [String] == ["probe"])
        #expect(exemptedPrivileged?["exception"] as? String == "loads an eBPF program")
    }

    @Test func strictIgnoresAnnotations() throws {
        let (_, json, _) = try check(["--strict"], files: ["agent.yaml": Self.agent])
        #expect(checks(json["exempted"]).isEmpty)
        #expect(checks(json["findings"]) == ["hostNamespaces", "privileged"])
    }

    @Test func configFilePerWorkloadAndPerContainerSurvivesStrict() throws {
        let plain = Self.agent.replacingOccurrences(of: "  annotations:\n    pss-fix/ignore: \"hostNamespaces: reads host network stats\"\n    pss-fix/ignore.probe: \"privileged: loads an eBPF program\"\n", with: "")
        #expect(!plain.contains("pss-fix/ignore"))
        let config = """
            exceptions:
            - kind: DaemonSet
              namespace: ops
              name: agent
              checks: [hostNamespaces]
              reason: reads host network stats
            - name: ag*
              container: shipper
              checks: [privileged]
              reason: needs /dev/kmsg

            """
        let (code, json, _) = try check(["--strict"], files: ["agent.yaml": plain, ".pss-fix.yaml": config])
        #expect(code == 1)
        #expect(checks(json["exempted"]).sorted() == ["hostNamespaces", "privileged"])
        let findings = json["findings"] as? [[String: Any]] ?? []
        #expect(findings.first?["detail"] as? String == "container \"probe\" must not set securityContext.privileged=true")
    }

    @Test func badExceptionsAreReportedNotApplied() throws {
        let bad = Self.agent.replacingOccurrences(of: "\"hostNamespaces: reads host network stats\"", with: "\"hostNamespace: typo\"")
        let dir = TempDir()
        dir.write("agent.yaml", bad)
        let textRun = TestConsole(cwd: dir.path)
        #expect(try runCLI(["check", "--level", "baseline", "."], textRun) == 1)
        #expect(textRun.outText.contains("agent.yaml:7:"), "points at the annotation: \(textRun.outText)")
        #expect(textRun.outText.contains("hostNamespace"))
        #expect(textRun.outText.contains("violates PodSecurity \"baseline:latest\": host namespaces"))
        // JSON and SARIF readers learn it too: the finding stays, and why its exception did not apply.
        let (code, json, _) = try check([], files: ["agent.yaml": bad])
        #expect(code == 1)
        #expect(checks(json["findings"]).contains("hostNamespaces"))
        let problems = json["exceptionProblems"] as? [[String: Any]] ?? []
        #expect(problems.count == 1)
        #expect(problems.first?["file"] as? String == "agent.yaml")
        #expect(problems.first?["line"] as? Int == 7)
        #expect(problems.first?["annotation"] as? String == "pss-fix/ignore")
        #expect((problems.first?["message"] as? String)?.contains("unknown check \"hostNamespace\"") == true)
        let sarifRun = TestConsole(cwd: dir.path)
        #expect(try runCLI(["check", "--format", "sarif", "--level", "baseline", "."], sarifRun) == 1)
        let sarif = try #require(JSONSerialization.jsonObject(with: Data(sarifRun.outText.utf8)) as? [String: Any])
        let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
        let notes = (run["invocations"] as? [[String: Any]])?.first?["toolExecutionNotifications"] as? [[String: Any]] ?? []
        #expect(notes.contains { ($0["message"] as? [String: Any])?["text"] as? String == problems.first?["message"] as? String })
    }

    @Test func brokenConfigFileIsAnError() throws {
        let dir = TempDir()
        dir.write("agent.yaml", Self.agent)
        dir.write(".pss-fix.yaml", "exceptions:\n- name: agent\n  checks: [privileged]\n")
        let run = TestConsole(cwd: dir.path)
        #expect(try runCLI(["check", "."], run) == 2)
        #expect(run.errText.contains(".pss-fix.yaml:"), "\(run.errText)")
    }

    /// The fix summary names an exemption's annotation by its line in the file as read (like the
    /// workload's own line), also when an earlier document of the file grows: a document the
    /// fix did not change keeps the verdict it had, it is not judged again in the fixed text.
    @Test func fixSummaryNamesExemptionsByTheirOriginalLine() throws {
        let dir = TempDir()
        dir.write("two.yaml", """
            apiVersion: v1
            kind: Pod
            metadata:
              name: a
            spec:
              containers:
              - name: c
                image: x
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: b
              annotations:
                pss-fix/ignore: "hostNamespaces: node agent"
            spec:
              hostNetwork: true
              securityContext:
                runAsNonRoot: true
                seccompProfile: {type: RuntimeDefault}
              containers:
              - name: c
                image: x
                securityContext:
                  allowPrivilegeEscalation: false
                  capabilities: {drop: [ALL]}

            """)
        let run = TestConsole(cwd: dir.path)
        #expect(try runCLI(["--diff", "two.yaml"], run) == 0)
        #expect(run.outText.contains("+    runAsNonRoot: true"), "\(run.outText)")
        #expect(run.errText.contains("two.yaml:11:1: Pod/b\n  exempted [hostNamespaces]: node agent (annotation pss-fix/ignore at 15:21)"), "\(run.errText)")
    }
}
