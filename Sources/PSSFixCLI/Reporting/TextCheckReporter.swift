import PSSFixCore

/// `FILE:LINE:COL: Kind/name (namespace): violates PodSecurity "LEVEL:VERSION": reason (detail), ...`
/// per workload, grouped by file, then a summary.
struct TextCheckReporter: CheckWriter {
    let palette: Palette
    let policyLabel: String
    let exceptionsFile: String?
    let quiet: Bool
    /// The fix command the summary suggests: `pss-fix --in-place`, or `pss-fix -` for stdin.
    var fixCommand = "pss-fix --in-place"

    var separator: String { "" }

    func header() -> String { "" }

    func render(_ entry: CheckFileEntry) -> CheckChunk {
        CheckChunk(stream: [lines(entry)])
    }

    func lines(_ entry: CheckFileEntry) -> String {
        var out = ""
        if let error = entry.error {
            return "\(palette.bold(error.prefix(entry.path))) \(palette.red("error:")) \(error.message)\n"
        }
        guard let result = entry.result else { return "" }
        if let note = result.note {
            return "\(palette.bold("\(entry.path):")) \(note)\n"
        }
        if let skipped = result.skipped {
            return "\(palette.bold("\(entry.path):")) \(palette.yellow("skipped:")) \(skipped)\n"
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
            let keys = findings[0].valuesKeys.isEmpty ? "" : " [values: \(findings[0].valuesKeys.joined(separator: ", "))]"
            out += "\(palette.bold("\(entry.path):\(workload.location.line):\(workload.location.column):")) "
                + "\(workload.displayName)\(ns)\(Self.pods(workload)): \(palette.red("violates PodSecurity \"\(label)\":")) \(detail)\(keys)"
                + Self.clusterNotes(findings, workload) + "\n"
        }
        for e in result.exempted {
            let ns = e.workload.namespace.map { " (\($0))" } ?? ""
            let who = e.exempted.containers.isEmpty ? "" : " for \(e.exempted.containers.map { "\"\($0)\"" }.joined(separator: ", "))"
            out += "\(palette.bold("\(entry.path):\(e.workload.location.line):\(e.workload.location.column):")) "
                + "\(e.workload.displayName)\(ns): \(palette.yellow("exempted")) [\(e.exempted.violation.checkID)]\(who): "
                + "\(e.exempted.reason) (\(describe(e.exempted.source, exceptionsFile: exceptionsFile)))\n"
        }
        for w in result.warnings {
            out += "\(palette.bold("\(entry.path):\(w.location.line):\(w.location.column):")) \(w.workload.displayName): \(palette.yellow("warning:")) \(w.message)\n"
        }
        for object in result.unjudged {
            let ns = object.namespace.map { " (\($0))" } ?? ""
            out += "\(palette.bold("\(entry.path):\(object.location.line):\(object.location.column):")) \(object.displayName)\(ns): "
                + "\(palette.yellow(object.reason)); to judge it, add to .pss-fix.yaml:\n"
                + object.configLines.split(separator: "\n").map { "    \($0)\n" }.joined()
        }
        for problem in result.exceptionProblems {
            out += "\(palette.bold("\(entry.path):\(problem.location.line):\(problem.location.column):")) \(palette.yellow("warning:")) \(problem.message)\n"
        }
        return out
    }

    func footer(_ totals: CheckTotals, deferred: [String: [String]]) -> String {
        quiet ? "" : summary(totals)
    }

    /// `, 3 Pods` for a workload of a cluster dump.
    static func pods(_ w: WorkloadIdentity) -> String {
        w.replicas.map { ", \($0) Pod\($0 == 1 ? "" : "s")" } ?? ""
    }

    /// ` [only 1 of 3 Pods: runAsUser] [injected by istio (…): istio-init]` for a cluster dump.
    static func clusterNotes(_ findings: [ManifestChecker.Finding], _ w: WorkloadIdentity) -> String {
        guard let replicas = w.replicas else { return "" }
        var out = ""
        let partial = findings.filter { ($0.pods ?? replicas) < replicas }
        if !partial.isEmpty {
            out += " [Pods differ: " + partial.map { "\($0.violation.checkID) in \($0.pods ?? 0) of \(replicas)" }.joined(separator: ", ") + "]"
        }
        var injectors: [String] = []
        for f in findings { if let by = f.injectedBy, !injectors.contains(by) { injectors.append(by) } }
        for by in injectors { out += " [containers injected by \(by): not the workload owners' to change]" }
        return out
    }

    func summary(_ t: CheckTotals) -> String {
        var line = "\(t.workloads) workload\(t.workloads == 1 ? "" : "s") checked against \(policyLabel)"
        if let pods = t.clusterPods { line += " (a live cluster: \(pods) Pod\(pods == 1 ? "" : "s") reported per workload)" }
        line += " in \(t.files) file\(t.files == 1 ? "" : "s"): "
        if t.files == 0 {
            // Nothing was read: say so rather than "all pass".
            return "no manifest files (*.yaml, *.yml, *.json), charts or kustomizations found in the paths given\n"
        }
        if t.violating == 0 {
            // Never "all pass" when something was not looked at.
            line += t.skipped > 0 || t.errors > 0 ? "none violating" : palette.green("all pass")
        } else {
            line += palette.red("\(t.violating) violating")
            let counts = t.countsByCheck.map { "\($0.check) \($0.count)" }.joined(separator: ", ")
            line += " (\(counts)); \(t.fixable) of \(t.findings) findings fixable by `\(fixCommand)`"
            if t.clusterPods != nil { line += " on the workloads' manifests" }
        }
        if t.exempted > 0 { line += ", \(t.exempted) exempted" }
        if t.errors > 0 { line += ", " + palette.red("\(t.errors) error\(t.errors == 1 ? "" : "s")") }
        if t.skipped > 0 { line += ", " + palette.yellow("\(t.skipped) file\(t.skipped == 1 ? "" : "s") not checked") }
        if t.unjudged > 0 { line += ", " + palette.yellow("\(t.unjudged) object\(t.unjudged == 1 ? "" : "s") of unknown workload kinds not judged") }
        return line + "\n"
    }
}
