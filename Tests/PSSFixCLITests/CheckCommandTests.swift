import Foundation
import Testing
@testable import PSSFixCLI

/// `pss-fix check`: text, JSON and SARIF output and exit codes.
@Suite struct CheckCommandTests {
    func run(_ args: [String], files: [String: String]) throws -> (Int32, TestConsole) {
        let dir = TempDir()
        for (name, text) in files { dir.write(name, text) }
        let console = TestConsole(cwd: dir.path)
        return (try runCLI(["check"] + args + ["."], console), console)
    }

    @Test func textIsGroupedByFileWithPSAWordsAndASummary() throws {
        let (code, out) = try run([], files: ["a.yaml": unfixedPod, "b.yaml": compliantPod])
        #expect(code == 1)
        let lines = out.outText.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0] == "a.yaml:2:1: Pod/web: violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container \"app\" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container \"app\" must set securityContext.capabilities.drop=[\"ALL\"]), runAsNonRoot != true (pod or container \"app\" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container \"app\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")")
        #expect(lines[1].hasPrefix("2 workloads checked against restricted:latest in 2 files: 1 violating"))
        #expect(lines[1].contains("4 of 4 findings fixable"))
    }

    @Test func exitCodes() throws {
        #expect(try run([], files: ["ok.yaml": compliantPod]).0 == 0)
        #expect(try run(["--level", "baseline"], files: ["a.yaml": unfixedPod]).0 == 0)
        let (code, out) = try run([], files: ["bad.yaml": "kind: Pod\nspec: [\n", "a.yaml": unfixedPod])
        #expect(code == 2, "errors win over violations")
        #expect(out.outText.contains("bad.yaml:3:1: error:"))
        #expect(out.outText.contains("a.yaml:2:1: Pod/web"), "the other files are still checked")
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let (code, out) = try run(["--format", "json"], files: ["a.yaml": unfixedPod, "bad.yaml": "a: [\n"])
        #expect(code == 2)
        let json = try #require(JSONSerialization.jsonObject(with: Data(out.outText.utf8)) as? [String: Any])
        #expect(Set(json.keys) == ["schemaVersion", "findings", "exempted", "errors", "skipped", "unjudged", "warnings", "exceptionProblems", "summary"])
        #expect(json["schemaVersion"] as? Int == 1)
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.count == 4, "one finding per workload and check")
        for f in findings {
            let expected: Set<String> = ["file", "line", "column", "document", "kind", "name", "namespace", "level", "version", "check", "reason", "detail", "containers", "fixable"]
            #expect(Set(f.keys) == expected.subtracting(f["namespace"] == nil ? ["namespace"] : []))
        }
        let first = findings[0]
        #expect(first["file"] as? String == "a.yaml")
        #expect(first["line"] as? Int == 2 && first["column"] as? Int == 1 && first["document"] as? Int == 1)
        #expect(first["check"] as? String == "allowPrivilegeEscalation")
        #expect(first["reason"] as? String == "allowPrivilegeEscalation != false")
        #expect(first["containers"] as? [String] == ["app"])
        #expect(first["fixable"] as? Bool == true)
        #expect(first["level"] as? String == "restricted" && first["version"] as? String == "latest")
        let errors = try #require(json["errors"] as? [[String: Any]])
        #expect(errors.count == 1 && errors[0]["file"] as? String == "bad.yaml" && errors[0]["line"] as? Int == 2)
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["workloads"] as? Int == 1 && summary["violating"] as? Int == 1 && summary["fixable"] as? Int == 4)
    }

    /// The parts of SARIF 2.1.0 that code scanning reads, checked against the spec's rules.
    @Test func sarifIsStructurallyValid() throws {
        let annotated = privilegedPod.replacingOccurrences(of: "  name: priv\n", with: "  name: priv\n  annotations:\n    pss-fix/ignore: \"privileged: node agent\"\n")
        let (_, out) = try run(["--format", "sarif"], files: ["dir with space/a.yaml": unfixedPod, "p.yaml": annotated, "bad.yaml": "a: [\n"])
        let log = try #require(JSONSerialization.jsonObject(with: Data(out.outText.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        #expect((log["$schema"] as? String)?.contains("sarif-2.1.0") == true)
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let run = runs[0]
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "pss-fix")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ids = rules.compactMap { $0["id"] as? String }
        #expect(ids.count == 19 && Set(ids).count == 19)
        for rule in rules {
            #expect(((rule["shortDescription"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            #expect(((rule["help"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
        }
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 4 + 5, "4 findings for a.yaml; for p.yaml privileged (suppressed) plus the four restricted ones")
        for result in results {
            let ruleId = try #require(result["ruleId"] as? String)
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(ids[index] == ruleId, "ruleIndex points at its rule")
            #expect(["error", "warning", "note", "none"].contains(result["level"] as? String ?? ""))
            #expect(((result["message"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            let location = try #require((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            let uri = try #require((location["artifactLocation"] as? [String: Any])?["uri"] as? String)
            #expect(!uri.contains(" ") && !uri.hasPrefix("/"), "a relative, percent-encoded URI: \(uri)")
            let region = try #require(location["region"] as? [String: Any])
            #expect((region["startLine"] as? Int ?? 0) >= 1 && (region["startColumn"] as? Int ?? 0) >= 1)
        }
        let suppressed = results.filter { $0["suppressions"] != nil }
        #expect(suppressed.count == 1 && suppressed[0]["ruleId"] as? String == "privileged")
        let suppression = (suppressed[0]["suppressions"] as? [[String: Any]])?.first
        #expect(suppression?["kind"] as? String == "inSource")
        #expect((suppression?["justification"] as? String)?.contains("node agent") == true)
        #expect(results.contains { ((($0["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])?["uri"] as? String == "dir%20with%20space/a.yaml" })
        let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
        #expect(invocation["executionSuccessful"] as? Bool == false, "bad.yaml is an error")
        #expect((invocation["toolExecutionNotifications"] as? [Any])?.count == 1)
    }

    @Test func explainListsAllChecksAndDescribesOne() throws {
        let table = TestConsole()
        #expect(try runCLI(["explain"], table) == 0)
        #expect(table.outText.split(separator: "\n").filter { $0.contains("restricted") || $0.contains("baseline") }.count == 19)
        let one = TestConsole()
        #expect(try runCLI(["explain", "runasnonroot"], one) == 0)
        #expect(one.outText.hasPrefix("runAsNonRoot — "))
        #expect(one.outText.contains("What pss-fix does") && one.outText.contains("Fixed by pss-fix"))
        let unknown = TestConsole()
        #expect(try runCLI(["explain", "nope"], unknown) == 2)
    }
}
