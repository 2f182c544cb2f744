import Foundation
import Testing
@testable import PSSFixCLI
@testable import PSSFixCore

/// End-to-end chart cases under `ChartCases/<case>/`: one chart folder, optional `args` (one
/// line), optional `paths` (what to run on, else the chart folder), `expected.diff` (stdout of `pss-fix --diff [args] CHART`), `expected.stderr` and
/// `expected.exit`. Each case runs on a copy: the diff, then `--in-place` (same exit code, the
/// files become what the diff says), then a second run that must change nothing and must find
/// exactly as many workloads still violating as the first said (no fixable violation is left
/// in the render); every comment of every values file survives. Re-record with PSS_FIX_RECORD=1 (the test then fails; read
/// every expectation before committing it).
@Suite struct ChartCaseTests {
    static let root = RenderFixtures.packageRoot + "/ChartCases"
    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.sorted()
    }

    @Test func thereAreCases() { #expect(Self.cases.count >= 6) }

    @Test(arguments: ChartCaseTests.cases)
    func chartCase(_ name: String) throws {
        let helm = try RenderFixtures.helm()
        let fm = FileManager.default
        let source = Self.root + "/" + name
        let work = TempDir()
        let copy = work.path + "/" + name
        try fm.copyItem(atPath: source, toPath: copy)
        // `paths` names what to run on (several charts); else the case's one chart folder.
        let named = ((try? String(contentsOfFile: copy + "/paths", encoding: .utf8)) ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
        let chart = try named.isEmpty
            ? #require(try fm.contentsOfDirectory(atPath: copy).first { fm.fileExists(atPath: copy + "/" + $0 + "/Chart.yaml") })
            : named.joined(separator: " ")
        let targets = named.isEmpty ? [chart] : named
        let args = ((try? String(contentsOfFile: copy + "/args", encoding: .utf8)) ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
        var env = ProcessInfo.processInfo.environment
        env["PSS_FIX_HELM"] = helm
        let valuesBefore = valuesFiles(copy)
        let actionsBefore = templateActions(copy)

        let diff = TestConsole(cwd: copy, env: env)
        let code = try runCLI(["--diff"] + args + targets, diff)
        if ProcessInfo.processInfo.environment["PSS_FIX_RECORD"] == "1" {
            fm.createFile(atPath: source + "/expected.diff", contents: Data(diff.out))
            fm.createFile(atPath: source + "/expected.stderr", contents: Data(diff.err))
            fm.createFile(atPath: source + "/expected.exit", contents: Data("\(code)\n".utf8))
            Issue.record("recorded \(name): read ChartCases/\(name) before committing")
            return
        }
        let expectedDiff = try String(contentsOfFile: source + "/expected.diff", encoding: .utf8)
        let expectedErr = try String(contentsOfFile: source + "/expected.stderr", encoding: .utf8)
        let expectedCode = Int32(try String(contentsOfFile: source + "/expected.exit", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(diff.outText == expectedDiff, "diff differs:\n\(diff.outText)")
        #expect(diff.errText == expectedErr, "stderr differs:\n\(diff.errText)")
        #expect(code == expectedCode)

        let apply = TestConsole(cwd: copy, env: env)
        #expect(try runCLI(["--in-place"] + args + targets, apply) == code)
        let valuesAfter = valuesFiles(copy)
        for (path, before) in valuesBefore {
            let after = valuesAfter[path] ?? ""
            for line in before.split(separator: "\n") where line.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
                #expect(after.contains(line), "\(path): lost comment \(line)")
            }
        }
        if expectedDiff.isEmpty { #expect(valuesAfter == valuesBefore, "nothing was to change") }
        // Template edits touch literal YAML only: every `{{ }}` action is still there, in order.
        #expect(templateActions(copy) == actionsBefore, "a template's actions changed")

        let again = TestConsole(cwd: copy, env: env)
        _ = try runCLI(["--diff"] + args + targets, again)
        #expect(again.outText.isEmpty, "a second run changed something:\n\(again.outText)")
        #expect(!again.errText.contains("fixed in "), "a second run placed something:\n\(again.errText)")
        // The second run renders the fixed chart and judges it afresh: exactly the workloads
        // the first run said would still violate (left for a person, or blocked) still do, so
        // no automatically fixable violation is left in the render.
        #expect(stillViolating(again.errText) == stillViolating(apply.errText), "after --in-place:\n\(again.errText)")
        #expect(stillViolating(apply.errText) != nil)
    }

    /// `N` of the summary's `N workload(s) still violate(s)`.
    func stillViolating(_ report: String) -> Int? {
        guard let line = report.split(separator: "\n").last(where: { $0.contains(" still violate") }),
            case let words = line.split(separator: " "),
            let still = words.firstIndex(of: "still"), still >= 2, words[still - 1].hasPrefix("workload")
        else { return nil }
        return Int(words[still - 2])
    }

    /// The `schema` case means something only if rendering checks values.schema.json: values
    /// the schema refuses make the render fail, as with real helm.
    @Test func renderingChecksTheValuesSchema() throws {
        let chart = Self.root + "/schema/web"
        #expect(FileManager.default.fileExists(atPath: chart + "/values.schema.json"))
        let renderer = try RenderFixtures.renderer()
        var refused = HelmChartSource(path: chart)
        refused.setValues = ["podSecurityContext.notAField=1"]
        let failed = renderer.render(.helmChart(refused))
        #expect(failed.notRendered?.message.contains("don't meet the specifications of the schema") == true, "\(failed.notRendered?.message ?? "rendered")")
        guard case .rendered = renderer.render(.helmChart(HelmChartSource(path: chart))) else {
            Issue.record("the schema case's chart does not render as it is")
            return
        }
    }

    /// Every template's `{{ … }}` actions in order (one line each): path → actions.
    func templateActions(_ chart: String) -> [String: [String]] {
        var found: [String: [String]] = [:]
        let enumerator = FileManager.default.enumerator(atPath: chart)
        while let item = enumerator?.nextObject() as? String {
            guard item.contains("templates/"), let text = try? String(contentsOfFile: chart + "/" + item, encoding: .utf8) else { continue }
            var actions: [String] = []
            var rest = Substring(text)
            while let open = rest.range(of: "{{"), let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) {
                actions.append(String(rest[open.lowerBound..<close.upperBound]))
                rest = rest[close.upperBound...]
            }
            found[item] = actions
        }
        return found
    }

    /// Every values file of the chart (and its subcharts): path → text.
    func valuesFiles(_ chart: String) -> [String: String] {
        var found: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: chart)
        while let item = enumerator?.nextObject() as? String {
            guard (item as NSString).lastPathComponent.hasPrefix("values"), item.hasSuffix(".yaml") else { continue }
            found[item] = try? String(contentsOfFile: chart + "/" + item, encoding: .utf8)
        }
        return found
    }
}
