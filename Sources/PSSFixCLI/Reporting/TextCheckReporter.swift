import PSSFixCore

/// `FILE:LINE:COL: Kind/name (namespace): violates PodSecurity "LEVEL:VERSION": reason (detail), ...`
/// per workload, grouped by file, then a summary.
enum TextCheckReporter {
    static func render(_ report: CheckReport, palette: Palette) -> String {
        var out = ""
        for entry in report.files {
            if let error = entry.error {
                out += "\(palette.bold("\(entry.path):\(error.location.line):\(error.location.column):")) \(palette.red("error:")) \(error.message)\n"
                continue
            }
            guard let result = entry.result else { continue }
            if let skipped = result.skipped {
                out += "\(palette.bold("\(entry.path):")) \(palette.yellow("skipped:")) \(skipped)\n"
                continue
            }
            var byWorkload: [(WorkloadIdentity, [ManifestChecker.Finding])] = []
            for finding in result.findings {
                if let i = byWorkload.firstIndex(where: { $0.0 == finding.workload }) {
                    byWorkload[i].1.append(finding)
                } else {
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
                    + "\(e.exempted.reason) (\(describe(e.exempted.source, exceptionsFile: report.exceptionsFile)))\n"
            }
            for problem in result.exceptionProblems {
                out += "\(palette.bold("\(entry.path):\(problem.location.line):\(problem.location.column):")) \(palette.yellow("warning:")) \(problem.message)\n"
            }
        }
        out += summary(report, palette: palette)
        return out
    }

    static func summary(_ report: CheckReport, palette: Palette) -> String {
        var line = "\(report.workloadCount) workload\(report.workloadCount == 1 ? "" : "s") checked against \(report.policyLabel)"
        line += " in \(report.files.count) file\(report.files.count == 1 ? "" : "s"): "
        if report.violatingCount == 0 {
            line += palette.green("all pass")
        } else {
            line += palette.red("\(report.violatingCount) violating")
            let counts = report.countsByCheck.map { "\($0.check) \($0.count)" }.joined(separator: ", ")
            line += " (\(counts)); \(report.fixableCount) of \(report.findings.count) findings fixable by `pss-fix --in-place`"
        }
        if !report.exempted.isEmpty { line += ", \(report.exempted.count) exempted" }
        if !report.errors.isEmpty { line += ", " + palette.red("\(report.errors.count) error\(report.errors.count == 1 ? "" : "s")") }
        return line + "\n"
    }
}
