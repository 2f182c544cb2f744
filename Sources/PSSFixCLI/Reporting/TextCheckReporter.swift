import PSSFixCore

/// `FILE:LINE:COL: Kind/name (namespace): violates PodSecurity "LEVEL:VERSION": reason (detail), ...`
/// per workload, grouped by file, then a summary.
struct TextCheckReporter: CheckWriter {
    let palette: Palette
    let policyLabel: String
    let exceptionsFile: String?
    let quiet: Bool

    var separator: String { "" }

    func header() -> String { "" }

    func render(_ entry: CheckFileEntry) -> CheckChunk {
        CheckChunk(stream: [lines(entry)])
    }

    func lines(_ entry: CheckFileEntry) -> String {
        var out = ""
        if let error = entry.error {
            return "\(palette.bold("\(entry.path):\(error.location.line):\(error.location.column):")) \(palette.red("error:")) \(error.message)\n"
        }
        guard let result = entry.result else { return "" }
        if let skipped = result.skipped {
            return "\(palette.bold("\(entry.path):")) \(palette.yellow("skipped:")) \(skipped)\n"
        }
        // Grouped in first-seen order; the index by identity keeps a stream of thousands of
        // documents linear (a search through the groups per finding was quadratic).
        var byWorkload: [(WorkloadIdentity, [ManifestChecker.Finding])] = []
        var groupOf: [WorkloadIdentity: Int] = [:]
        for finding in result.findings {
            if let i = groupOf[finding.workload] {
                byWorkload[i].1.append(finding)
            } else {
                groupOf[finding.workload] = byWorkload.count
                byWorkload.append((finding.workload, [finding]))
            }
        }
        for (workload, findings) in byWorkload {
            let ns = workload.namespace.map { " (\($0))" } ?? ""
            let detail = Evaluator.forbiddenDetail(findings.map(\.violation))
            let label = "\(findings[0].level.rawValue):\(findings[0].version)"
            out += "\(palette.bold("\(entry.path):\(workload.location.line):\(workload.location.column):")) "
                + "\(workload.displayName)\(ns): \(palette.red("violates PodSecurity \"\(label)\":")) \(detail)\n"
        }
        for e in result.exempted {
            let ns = e.workload.namespace.map { " (\($0))" } ?? ""
            let who = e.exempted.containers.isEmpty ? "" : " for \(e.exempted.containers.map { "\"\($0)\"" }.joined(separator: ", "))"
            out += "\(palette.bold("\(entry.path):\(e.workload.location.line):\(e.workload.location.column):")) "
                + "\(e.workload.displayName)\(ns): \(palette.yellow("exempted")) [\(e.exempted.violation.checkID)]\(who): "
                + "\(e.exempted.reason) (\(describe(e.exempted.source, exceptionsFile: exceptionsFile)))\n"
        }
        for problem in result.exceptionProblems {
            out += "\(palette.bold("\(entry.path):\(problem.location.line):\(problem.location.column):")) \(palette.yellow("warning:")) \(problem.message)\n"
        }
        return out
    }

    func footer(_ totals: CheckTotals, deferred: [String: [String]]) -> String {
        quiet ? "" : summary(totals)
    }

    func summary(_ t: CheckTotals) -> String {
        var line = "\(t.workloads) workload\(t.workloads == 1 ? "" : "s") checked against \(policyLabel)"
        line += " in \(t.files) file\(t.files == 1 ? "" : "s"): "
        if t.violating == 0 {
            line += palette.green("all pass")
        } else {
            line += palette.red("\(t.violating) violating")
            let counts = t.countsByCheck.map { "\($0.check) \($0.count)" }.joined(separator: ", ")
            line += " (\(counts)); \(t.fixable) of \(t.findings) findings fixable by `pss-fix --in-place`"
        }
        if t.exempted > 0 { line += ", \(t.exempted) exempted" }
        if t.errors > 0 { line += ", " + palette.red("\(t.errors) error\(t.errors == 1 ? "" : "s")") }
        return line + "\n"
    }
}
