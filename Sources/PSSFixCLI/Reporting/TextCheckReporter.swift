import PSSFixCore

/// `FILE:LINE:COL: Kind/name (namespace): violates PodSecurity "LEVEL:VERSION": reason (detail), ...`
/// per workload, grouped by file, then a summary.
enum TextCheckReporter {
    static func render(_ report: CheckReport, palette: Palette) -> String {
        var out = ""
        let label = "\(report.level.rawValue):\(report.version)"
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
                out += "\(palette.bold("\(entry.path):\(workload.location.line):\(workload.location.column):")) "
                    + "\(workload.displayName)\(ns): \(palette.red("violates PodSecurity \"\(label)\":")) \(detail)\n"
            }
        }
        out += summary(report, palette: palette)
        return out
    }

    static func summary(_ report: CheckReport, palette: Palette) -> String {
        let label = "\(report.level.rawValue):\(report.version)"
        var line = "\(report.workloadCount) workload\(report.workloadCount == 1 ? "" : "s") checked against \(label)"
        line += " in \(report.files.count) file\(report.files.count == 1 ? "" : "s"): "
        if report.violatingCount == 0 {
            line += palette.green("all pass")
        } else {
            line += palette.red("\(report.violatingCount) violating")
            let counts = report.countsByCheck.map { "\($0.check) \($0.count)" }.joined(separator: ", ")
            line += " (\(counts)); \(report.fixableCount) of \(report.findings.count) findings fixable by `pss-fix --in-place`"
        }
        if !report.errors.isEmpty { line += ", " + palette.red("\(report.errors.count) error\(report.errors.count == 1 ? "" : "s")") }
        return line + "\n"
    }
}
