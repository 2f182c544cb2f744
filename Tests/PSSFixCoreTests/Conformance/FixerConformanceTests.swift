import Foundation
import Testing

@testable import PSSFixCore

/// The fixer against the upstream fixtures: fix every fixture at its own level and version,
/// then judge the result. pss-fix must never leave a violation it calls fixable, never produce
/// something the API server rejects, never fail its own verification, and be idempotent.
@Suite struct FixerConformanceTests {
    @Test func fixingEveryFixtureLeavesNothingFixable() throws {
        let fixtures = try ConformanceTests.index()
        #expect(fixtures.count == 4537)
        var cache: [String: [UInt8]] = [:]
        var problems: [String] = []
        var fixedFiles = 0
        var fixedFindings = 0
        for fixture in fixtures {
            let level = PolicyLevel(rawValue: fixture.level)!
            let version = PolicyVersion(parsing: fixture.version)!
            let bytes = try cache[fixture.file] ?? [UInt8](Data(contentsOf: ConformanceTests.fixturesDirectory.appendingPathComponent(fixture.file)))
            cache[fixture.file] = bytes
            let options = FixOptions(level: level, version: version)
            let result = ManifestFixer.fix(bytes, options: options)
            guard result.status == .processed else {
                problems.append("\(fixture.id): \(result.status)")
                continue
            }
            if result.changed { fixedFiles += 1 }
            let after = ManifestChecker.check(result.fixed, level: level, version: version)
            for finding in after.findings where finding.fixable {
                problems.append("\(fixture.id): still fixable after fixing: \(finding.violation.message)")
            }
            let before = ManifestChecker.check(bytes, level: level, version: version)
            let fixable = before.findings.filter(\.fixable).count
            fixedFindings += fixable
            if fixable > 0 && !result.changed { problems.append("\(fixture.id): \(fixable) fixable findings but nothing changed") }
            // What the fixer reports as remaining is what `check` says about its output.
            let reported = result.workloads.flatMap(\.remaining)
            if reported != after.findings.map(\.violation) {
                problems.append("\(fixture.id): reported remaining \(reported.map(\.checkID)) but check says \(after.findings.map(\.violation.checkID))")
            }
            let again = ManifestFixer.fix(result.fixed, options: options)
            if again.fixed != result.fixed { problems.append("\(fixture.id): a second run changed the output") }
            // Only what the fix introduced: some fixtures are invalid on purpose (runAsUser 0 fails).
            let introduced = Set(APIValidity.problems(in: result.fixed)).subtracting(APIValidity.problems(in: bytes))
            problems += introduced.sorted().map { "\(fixture.id): \($0)" }
        }
        #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.prefix(40).joined(separator: "\n"))")
        // Restricted base pods are compliant; the fail fixtures that need a fixable change number in the hundreds.
        #expect(fixedFiles > 500, "fixed \(fixedFiles) fixtures")
        #expect(fixedFindings >= fixedFiles, "\(fixedFindings) fixable findings")
    }
}

/// The API server's own rules that a fix could break (kubernetes `ValidateSecurityContext`,
/// `validateWindows`, kubelet's runAsNonRoot check).
enum APIValidity {
    static func problems(in bytes: [UInt8]) -> [String] {
        guard let stream = try? YAMLParser.parse(SourceText(bytes)) else { return ["output does not parse"] }
        var found: [String] = []
        for workload in Workload.find(in: stream) {
            let pod = workload.pod
            let podUID = pod.securityContext?["runAsUser"]?.int
            let podNonRoot = pod.securityContext?["runAsNonRoot"]?.bool
            for c in pod.containers {
                let sc = c.securityContext
                if sc?["allowPrivilegeEscalation"]?.bool == false {
                    if sc?["privileged"]?.bool == true { found.append("\(c.name): allowPrivilegeEscalation=false with privileged") }
                    if c.addedCapabilities.contains("CAP_SYS_ADMIN") { found.append("\(c.name): allowPrivilegeEscalation=false with CAP_SYS_ADMIN") }
                }
                let uid = sc?["runAsUser"]?.int ?? podUID
                let nonRoot = sc?["runAsNonRoot"]?.bool ?? podNonRoot
                if uid == 0 && nonRoot == true { found.append("\(c.name): runAsNonRoot=true with runAsUser=0") }
            }
        }
        return found
    }
}
