import PSSFixCore

/// What `pss-fix check` knows about one file, handed to the output writer as soon as it is
/// checked (output is streamed: nothing but the totals is kept for the end).
struct CheckFileEntry: Sendable {
    let path: String
    let result: ManifestChecker.FileResult?
    /// An error reading or parsing the file.
    let error: CheckError?

    struct CheckError: Sendable {
        let location: Location
        let message: String
    }
}

/// Running totals for the summary and the exit code.
struct CheckTotals {
    var files = 0
    var workloads = 0
    var violating = 0
    var findings = 0
    var fixable = 0
    var exempted = 0
    var errors = 0
    var byCheck: [String: Int] = [:]

    mutating func add(_ entry: CheckFileEntry) {
        files += 1
        if entry.error != nil { errors += 1 }
        guard let r = entry.result else { return }
        workloads += r.workloads.count
        violating += Set(r.findings.map(\.workload)).count
        findings += r.findings.count
        fixable += r.findings.filter(\.fixable).count
        exempted += r.exempted.count
        for f in r.findings { byCheck[f.violation.checkID, default: 0] += 1 }
    }

    /// Findings per check ID, in PSA order.
    var countsByCheck: [(check: String, count: Int)] {
        var result: [(check: String, count: Int)] = []
        for d in CheckRegistry.descriptions {
            if let n = byCheck[d.id] { result.append((check: d.id, count: n)) }
        }
        return result
    }

    var exitCode: Int32 { errors > 0 ? 2 : (findings == 0 ? 0 : 1) }
}

/// One output format of `check`, streamed: `render` runs on worker threads per file; the
/// command writes its `stream` part at once, keeps the `deferred` parts (small: exempted
/// findings, errors) and hands them to `footer` with the totals.
protocol CheckWriter: Sendable {
    func header() -> String
    func render(_ entry: CheckFileEntry) -> CheckChunk
    /// Joins streamed parts (JSON needs commas between array elements).
    var separator: String { get }
    func footer(_ totals: CheckTotals, deferred: [String: [String]]) -> String
}

struct CheckChunk: Sendable {
    var stream: [String] = []
    var deferred: [String: [String]] = [:]
}

/// Minimal JSON text building: the check output is written piece by piece, so Foundation's
/// whole-document encoder is not used for it.
enum JSONText {
    static func string(_ s: String) -> String {
        // Most strings need no escaping: one pass over the bytes, then a plain concatenation.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + s + "\""
        }
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func optional(_ s: String?) -> String { s.map(string) ?? "null" }

    static func array(_ items: [String]) -> String { "[" + items.map(string).joined(separator: ", ") + "]" }

    /// `{ "k": v, ... }` on separate lines, indented by `indent` spaces.
    static func object(_ pairs: [(String, String)], indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        let inner = pairs.map { "\(pad)  \(string($0.0)): \($0.1)" }.joined(separator: ",\n")
        return "\(pad){\n\(inner)\n\(pad)}"
    }
}
