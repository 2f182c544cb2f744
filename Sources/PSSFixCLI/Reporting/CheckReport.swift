import PSSFixCore

/// Everything `pss-fix check` found, in input order, ready for any output format.
struct CheckReport {
    struct FileEntry {
        let path: String
        let result: ManifestChecker.FileResult?
        /// An error reading or parsing the file.
        let error: (location: Location, message: String)?
    }

    /// `restricted:latest`, or a description when each namespace has its own policy.
    let policyLabel: String
    /// The exceptions file in use, to point at its entries.
    var exceptionsFile: String?
    var files: [FileEntry] = []

    var exempted: [(path: String, finding: ManifestChecker.ExemptedFinding)] {
        files.flatMap { entry in (entry.result?.exempted ?? []).map { (entry.path, $0) } }
    }

    var exceptionProblems: [(path: String, problem: ExceptionProblem)] {
        files.flatMap { entry in (entry.result?.exceptionProblems ?? []).map { (entry.path, $0) } }
    }

    var findings: [(path: String, finding: ManifestChecker.Finding)] {
        files.flatMap { entry in (entry.result?.findings ?? []).map { (entry.path, $0) } }
    }

    var errors: [(path: String, location: Location, message: String)] {
        files.compactMap { entry in entry.error.map { (entry.path, $0.location, $0.message) } }
    }

    var workloadCount: Int { files.reduce(0) { $0 + ($1.result?.workloads.count ?? 0) } }

    var violatingCount: Int {
        files.reduce(0) { total, entry in
            total + Set((entry.result?.findings ?? []).map(\.workload)).count
        }
    }

    /// Findings per check ID, in PSA order.
    var countsByCheck: [(check: String, count: Int)] {
        var counts: [String: Int] = [:]
        for entry in findings { counts[entry.finding.violation.checkID, default: 0] += 1 }
        var result: [(check: String, count: Int)] = []
        for check in CheckRegistry.all {
            let id = check.description.id
            if let n = counts[id] { result.append((check: id, count: n)) }
        }
        return result
    }

    var fixableCount: Int { findings.filter(\.finding.fixable).count }

    var exitCode: Int32 { !errors.isEmpty ? 2 : (findings.isEmpty ? 0 : 1) }
}
