import Foundation
import PSSFixCore

/// `--format json`: `{"findings": [...], "errors": [...], "summary": {...}}`.
enum JSONCheckReporter {
    struct Output: Encodable {
        let findings: [Finding]
        let exempted: [Exempted]
        let errors: [ErrorEntry]
        let summary: Summary
    }

    struct Exempted: Encodable {
        let file: String
        let line: Int
        let column: Int
        let kind: String
        let name: String?
        let namespace: String?
        let check: String
        let reason: String
        let detail: String
        let containers: [String]
        let exception: String
        let exceptionSource: String
    }

    struct Finding: Encodable {
        let file: String
        let line: Int
        let column: Int
        let document: Int
        let kind: String
        let name: String?
        let namespace: String?
        let level: String
        let version: String
        let check: String
        let reason: String
        let detail: String
        let containers: [String]
        let fixable: Bool
    }

    struct ErrorEntry: Encodable {
        let file: String
        let line: Int
        let column: Int
        let message: String
    }

    struct Summary: Encodable {
        let files: Int
        let workloads: Int
        let violating: Int
        let findings: Int
        let fixable: Int
        let errors: Int
        let exempted: Int
        let byCheck: [String: Int]
    }

    static func render(_ report: CheckReport) -> String {
        let output = Output(
            findings: report.findings.map { entry -> Finding in
                let (path, f) = (entry.path, entry.finding)
                return Finding(
                    file: path, line: f.workload.location.line, column: f.workload.location.column,
                    document: f.workload.documentIndex + 1, kind: f.workload.kind, name: f.workload.name,
                    namespace: f.workload.namespace, level: f.level.rawValue, version: f.version.description,
                    check: f.violation.checkID, reason: f.violation.reason, detail: f.violation.detail,
                    containers: f.violation.containers, fixable: f.fixable)
            },
            exempted: report.exempted.map { entry -> Exempted in
                let e = entry.finding
                return Exempted(
                    file: entry.path, line: e.workload.location.line, column: e.workload.location.column, kind: e.workload.kind,
                    name: e.workload.name, namespace: e.workload.namespace, check: e.exempted.violation.checkID,
                    reason: e.exempted.violation.reason, detail: e.exempted.violation.detail, containers: e.exempted.containers,
                    exception: e.exempted.reason, exceptionSource: describe(e.exempted.source, exceptionsFile: report.exceptionsFile))
            },
            errors: report.errors.map { ErrorEntry(file: $0.path, line: $0.location.line, column: $0.location.column, message: $0.message) },
            summary: Summary(
                files: report.files.count, workloads: report.workloadCount, violating: report.violatingCount,
                findings: report.findings.count, fixable: report.fixableCount, errors: report.errors.count, exempted: report.exempted.count,
                byCheck: Dictionary(uniqueKeysWithValues: report.countsByCheck.map { ($0.check, $0.count) })))
        return encode(output)
    }

    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
