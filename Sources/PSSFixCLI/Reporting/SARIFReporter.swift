import PSSFixCore

/// `--format sarif`: SARIF 2.1.0 for code scanning. One rule per check ID (with its
/// description and help), one result per finding located at the workload's `kind:` line.
enum SARIFReporter {
    struct Log: Encodable {
        let schema = "https://json.schemastore.org/sarif-2.1.0.json"
        let version = "2.1.0"
        let runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }
    }

    struct Run: Encodable {
        let tool: Tool
        let results: [Result]
        let invocations: [Invocation]
        let columnKind = "unicodeCodePoints"
    }

    struct Tool: Encodable { let driver: Driver }

    struct Driver: Encodable {
        let name = "pss-fix"
        let informationUri = "https://kubernetes.io/docs/concepts/security/pod-security-standards/"
        let semanticVersion = PSSFixVersion.current
        let rules: [Rule]
    }

    struct Text: Encodable {
        let text: String
        var markdown: String?
    }

    struct Rule: Encodable {
        let id: String
        let name: String
        let shortDescription: Text
        let fullDescription: Text
        let help: Text
        let helpUri = "https://kubernetes.io/docs/concepts/security/pod-security-standards/"
        let defaultConfiguration = Configuration(level: "error")
        let properties: Properties
    }

    struct Configuration: Encodable { let level: String }

    struct Properties: Encodable {
        let tags: [String]
        let fixable: String
    }

    struct Result: Encodable {
        let ruleId: String
        let ruleIndex: Int
        let level = "error"
        let message: Text
        let locations: [ResultLocation]
        let properties: ResultProperties
        var suppressions: [Suppression]?
    }

    /// An exempted finding: SARIF's own way to say "known, accepted, and why".
    struct Suppression: Encodable {
        let kind: String
        let justification: String
    }

    struct ResultProperties: Encodable {
        let kind: String
        let name: String?
        let namespace: String?
        let containers: [String]
        let fixable: Bool
    }

    struct ResultLocation: Encodable { let physicalLocation: PhysicalLocation }

    struct PhysicalLocation: Encodable {
        let artifactLocation: ArtifactLocation
        let region: Region
    }

    struct ArtifactLocation: Encodable { let uri: String }

    struct Region: Encodable {
        let startLine: Int
        let startColumn: Int
    }

    struct Invocation: Encodable {
        let executionSuccessful: Bool
        let toolExecutionNotifications: [Notification]
    }

    struct Notification: Encodable {
        let level = "error"
        let message: Text
        let locations: [ResultLocation]
    }

    static func render(_ report: CheckReport) -> String {
        var checks: [CheckDescription] = []
        for check in CheckRegistry.all { checks.append(check.description) }
        var rules: [Rule] = []
        for d in checks { rules.append(rule(d)) }
        var results: [Result] = []
        for entry in report.findings { results.append(result(entry.path, entry.finding, report: report, checks: checks)) }
        for entry in report.exempted { results.append(exemptedResult(entry.path, entry.finding, checks: checks, exceptionsFile: report.exceptionsFile)) }
        let driver = Driver(rules: rules)
        let run = Run(tool: Tool(driver: driver), results: results, invocations: [invocation(report)])
        let log = Log(runs: [run])
        return JSONCheckReporter.encode(log)
    }

    static func rule(_ d: CheckDescription) -> Rule {
        let help = Text(text: d.remedy, markdown: "\(d.summary)\n\n\(d.rationale)\n\n**pss-fix:** \(d.remedy)")
        let tags = ["security", "kubernetes", "pod-security", d.level.rawValue]
        return Rule(
            id: d.id, name: d.title, shortDescription: Text(text: d.summary), fullDescription: Text(text: d.rationale),
            help: help, properties: Properties(tags: tags, fixable: d.fixSupport.rawValue))
    }

    static func result(_ path: String, _ f: ManifestChecker.Finding, report: CheckReport, checks: [CheckDescription]) -> Result {
        let label = "\(f.level.rawValue):\(f.version)"
        let namespace = f.workload.namespace.map { " (\($0))" } ?? ""
        let text = "\(f.workload.displayName)\(namespace): violates PodSecurity \"\(label)\": \(f.violation.message)"
        let properties = ResultProperties(
            kind: f.workload.kind, name: f.workload.name, namespace: f.workload.namespace,
            containers: f.violation.containers, fixable: f.fixable)
        let index = checks.firstIndex { $0.id == f.violation.checkID } ?? 0
        return Result(
            ruleId: f.violation.checkID, ruleIndex: index, message: Text(text: text),
            locations: [location(path, f.workload.location)], properties: properties)
    }

    static func exemptedResult(
        _ path: String, _ e: ManifestChecker.ExemptedFinding, checks: [CheckDescription], exceptionsFile: String?
    ) -> Result {
        let label = "\(e.level.rawValue):\(e.version)"
        let text = "\(e.workload.displayName): violates PodSecurity \"\(label)\": \(e.exempted.violation.message)"
        var kind = "external"
        if case .annotation = e.exempted.source { kind = "inSource" }
        var r = Result(
            ruleId: e.exempted.violation.checkID, ruleIndex: checks.firstIndex { $0.id == e.exempted.violation.checkID } ?? 0,
            message: Text(text: text), locations: [location(path, e.workload.location)],
            properties: ResultProperties(
                kind: e.workload.kind, name: e.workload.name, namespace: e.workload.namespace,
                containers: e.exempted.containers, fixable: false))
        r.suppressions = [Suppression(kind: kind, justification: "\(e.exempted.reason) (\(describe(e.exempted.source, exceptionsFile: exceptionsFile)))")]
        return r
    }

    static func invocation(_ report: CheckReport) -> Invocation {
        var notifications: [Notification] = []
        for error in report.errors {
            notifications.append(Notification(message: Text(text: error.message), locations: [location(error.path, error.location)]))
        }
        return Invocation(executionSuccessful: report.errors.isEmpty, toolExecutionNotifications: notifications)
    }

    static func location(_ path: String, _ location: Location) -> ResultLocation {
        ResultLocation(physicalLocation: PhysicalLocation(
            artifactLocation: ArtifactLocation(uri: path.split(separator: "/").map { percentEncode(String($0)) }.joined(separator: "/")),
            region: Region(startLine: max(1, location.line), startColumn: max(1, location.column))))
    }

    /// URI path segments: keep unreserved characters, escape the rest.
    static func percentEncode(_ segment: String) -> String {
        var out = ""
        for byte in segment.utf8 {
            let c = Character(UnicodeScalar(byte))
            if c.isASCII && (c.isLetter || c.isNumber || "-._~".contains(c)) {
                out.append(c)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

/// The tool's version, reported in SARIF and `pss-fix --help`.
public enum PSSFixVersion {
    public static let current = "0.1.0"
}
