import Foundation
import Testing
@testable import PSSFixCLI
@testable import PSSFixCore

/// End-to-end kustomize cases under `KustomizeCases/<case>/`: a repository tree (the test
/// makes it one with an empty `.git`), `paths` (what pss-fix is given, one line), optional
/// `args`, `expected.diff` (stdout of `pss-fix --diff --level restricted [args] PATHS`),
/// `expected.stderr` and `expected.exit`. Each case runs on a copy: the diff; then `--in-place`
/// (same exit code), after which exactly the files the diff names changed, all inside the given
/// paths; `kubectl kustomize` of every root pss-fix was given (or that a given file resolves to)
/// differs from the original render only by the planned fixes (or, for a workload that passed,
/// still passes) and has no automatically fixable violation left but in workloads the report
/// leaves with a reason; every other root of the tree changes only where its own fix would; then
/// a second run changes nothing. Re-record with PSS_FIX_RECORD=1 (the test then fails; read
/// every expectation before committing it).
@Suite struct KustomizeCaseTests {
    static let root = RenderFixtures.packageRoot + "/KustomizeCases"
    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.sorted()
    }

    @Test func thereAreCases() { #expect(Self.cases.count >= 24) }

    @Test(arguments: KustomizeCaseTests.cases)
    func kustomizeCase(_ name: String) throws {
        let kubectl = try RenderFixtures.kubectl()
        let fm = FileManager.default
        let source = Self.root + "/" + name
        let work = TempDir()
        let copy = work.path + "/" + name
        try fm.copyItem(atPath: source, toPath: copy)
        for file in ["paths", "args", "expected.diff", "expected.stderr", "expected.exit"] { try? fm.removeItem(atPath: copy + "/" + file) }
        try fm.createDirectory(atPath: copy + "/.git", withIntermediateDirectories: false)
        let targets = try String(contentsOfFile: source + "/paths", encoding: .utf8).split(whereSeparator: \.isWhitespace).map(String.init)
        #expect(!targets.isEmpty, "paths names what pss-fix is given")
        let args = ["--level", "restricted"]
            + ((try? String(contentsOfFile: source + "/args", encoding: .utf8)) ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
        var env = ProcessInfo.processInfo.environment
        let before = snapshot(copy)
        let roots = kustomizationRoots([copy])
        let given = targets.map { RenderPath.join(copy, $0) }
        let fixedRoots = Set(kustomizationRoots(given))
        // `helmCharts:` render through the helm stand-in, for pss-fix and for the checks here
        // (a missing stand-in fails the case with the setup command).
        var renderFlags: [String] = []
        if roots.contains(where: usesHelmCharts) {
            let helm = try RenderFixtures.helm()
            env["PSS_FIX_HELM"] = helm
            renderFlags = ["--enable-helm", "--helm-command", helm]
        }
        let render = { (root: String) in try self.render(kubectl, root, flags: renderFlags) }
        let rendersBefore = try roots.map { try render($0) }

        let diff = TestConsole(cwd: copy, env: env)
        let code = try runCLI(["--diff"] + args + targets, diff)
        // Messages that name the temporary copy by its absolute path (a render that fails) name
        // it relative to the case instead, so that they can be compared.
        let stderr = diff.errText.replacingOccurrences(of: copy + "/", with: "")
        if env["PSS_FIX_RECORD"] == "1" {
            fm.createFile(atPath: source + "/expected.diff", contents: Data(diff.out))
            fm.createFile(atPath: source + "/expected.stderr", contents: Data(stderr.utf8))
            fm.createFile(atPath: source + "/expected.exit", contents: Data("\(code)\n".utf8))
            Issue.record("recorded \(name): read KustomizeCases/\(name) before committing")
            return
        }
        let expectedDiff = try String(contentsOfFile: source + "/expected.diff", encoding: .utf8)
        let expectedErr = try String(contentsOfFile: source + "/expected.stderr", encoding: .utf8)
        let expectedCode = Int32(try String(contentsOfFile: source + "/expected.exit", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(diff.outText == expectedDiff, "diff differs:\n\(diff.outText)")
        #expect(stderr == expectedErr, "stderr differs:\n\(stderr)")
        #expect(code == expectedCode)
        #expect(snapshot(copy) == before, "--diff writes nothing")

        let apply = TestConsole(cwd: copy, env: env)
        #expect(try runCLI(["--in-place"] + args + targets, apply) == code)
        let after = snapshot(copy)
        let named = Set(diffedFiles(expectedDiff))
        let changed = Set(after.keys.filter { after[$0] != before[$0] }).union(before.keys.filter { after[$0] == nil })
        #expect(changed == named, "--in-place changed exactly the files the diff names")
        for file in changed {
            #expect(given.contains { RenderPath.isInside(copy + "/" + file, $0) }, "\(file) is outside the given paths")
        }

        for (root, original) in zip(roots, rendersBefore) {
            let now = try render(root)
            guard let original else {
                #expect(now == nil, "\(root) did not render before, and does now")
                continue
            }
            let rendered = try #require(now, "\(root) no longer renders")
            if fixedRoots.contains(root) {
                try expectOnlyPlannedChanges(root: root, original: original, now: rendered, reportedLeft: leftWorkloads(stderr))
            } else {
                try expectOnlyPlannedFields(root: root, original: original, now: rendered)
            }
        }

        let again = TestConsole(cwd: copy, env: env)
        _ = try runCLI(["--diff"] + args + targets, again)
        #expect(again.outText.isEmpty, "a second run changed something:\n\(again.outText)")
    }

    /// Every object of the new render is the original one or its planned fix — or, for a
    /// workload that passed, one that still passes (a shared base edited for another root) —
    /// and nothing the fix would change remains, unless pss-fix left it for a person.
    func expectOnlyPlannedChanges(root: String, original: [UInt8], now: [UInt8], reportedLeft: Set<String>) throws {
        let planned = ManifestFixer.fix(original, options: restricted)
        let left = ManifestFixer.fix(now, options: restricted)
        func key(_ w: WorkloadReport) -> String { "\(w.kind.rawValue) \(w.namespace ?? "")/\(w.name ?? "")" }
        let passed = Set(planned.workloads.filter(\.before.isEmpty).map(key))
        let passes = Set(left.workloads.filter(\.before.isEmpty).map(key))
        let asBefore = Set(try RenderedComparison.differences(expected: original, actual: now).map(\.object))
        let asPlanned = Set(try RenderedComparison.differences(expected: planned.fixed, actual: now).map(\.object))
        let neither = asBefore.intersection(asPlanned).subtracting(passed.intersection(passes))
        #expect(neither.isEmpty, "\(root): \(neither.sorted()) are neither as before nor as planned")
        let unfixed = left.workloads.filter { !$0.applied.isEmpty && !reportedLeft.contains($0.displayName) }.map(\.displayName)
        #expect(unfixed.isEmpty, "\(root): still automatically fixable, and not reported as left with a reason: \(unfixed)")
    }

    /// A root pss-fix was not given may change only where its own planned fix would, to the
    /// planned value (a shared base edited for the given roots).
    func expectOnlyPlannedFields(root: String, original: [UInt8], now: [UInt8]) throws {
        let planned = ManifestFixer.fix(original, options: restricted)
        let moved = Set(try RenderedComparison.differences(expected: original, actual: now))
        let wanted = Set(try RenderedComparison.differences(expected: original, actual: planned.fixed))
        let wrong = Set(try RenderedComparison.differences(expected: planned.fixed, actual: now))
        let stray = moved.filter { change in !wanted.contains { $0.object == change.object && change.path.starts(with: $0.path) } }
        #expect(stray.isEmpty, "\(root) (not given) changed where its own fix would not: \(stray)")
        #expect(moved.isDisjoint(with: wrong), "\(root) (not given) changed to something else than planned: \(moved.intersection(wrong))")
    }

    var restricted: FixOptions {
        var options = FixOptions(level: .restricted)
        options.rendered = true
        return options
    }

    /// Workloads the report leaves with a reason (`  ROOT: left: Kind/name: why`).
    func leftWorkloads(_ report: String) -> Set<String> {
        Set(report.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: ": left: ") else { return nil }
            return line[range.upperBound...].split(separator: ":").first.map(String.init)
        })
    }

    /// `kubectl kustomize [FLAGS] DIR`, nil when it fails (an exec KRM function).
    func render(_ kubectl: String, _ directory: String, flags: [String]) throws -> [UInt8]? {
        let output = try RenderFixtures.run(kubectl, ["kustomize"] + flags + [directory])
        return output.status == 0 ? output.stdout : nil
    }

    /// Whether the build of `root` has `helmCharts:` entries.
    func usesHelmCharts(_ root: String) -> Bool {
        var graph = KustomizationGraph(tree: DiskFileTree())
        graph.load([root])
        return graph.reached(from: root).contains(where: \.usesHelmCharts)
    }

    /// The kustomization roots pss-fix finds for `paths` (the whole tree: every root).
    func kustomizationRoots(_ paths: [String]) -> [String] {
        RenderDiscovery(tree: DiskFileTree()).plan(paths: paths, manifestFiles: []).entries.compactMap {
            if case .kustomization(let k) = $0.source { return k.directory } else { return nil }
        }
    }

    /// Every file under `directory` (relative path → bytes), `.git` left out.
    func snapshot(_ directory: String) -> [String: [UInt8]] {
        var found: [String: [UInt8]] = [:]
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let item = enumerator?.nextObject() as? String {
            guard !item.hasPrefix(".git"), let data = FileManager.default.contents(atPath: directory + "/" + item) else { continue }
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: directory + "/" + item, isDirectory: &isDirectory)
            if !isDirectory.boolValue { found[item] = Array(data) }
        }
        return found
    }

    /// The files a diff names (`+++ b/PATH`).
    func diffedFiles(_ diff: String) -> [String] {
        diff.split(separator: "\n").filter { $0.hasPrefix("+++ b/") }.map { String($0.dropFirst("+++ b/".count)) }
    }
}
