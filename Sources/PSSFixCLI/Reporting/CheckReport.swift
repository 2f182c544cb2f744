import PSSFixCore

/// What `pss-fix check` knows about one file, handed to the output writer as soon as it is
/// checked (output is streamed: nothing but the totals is kept for the end).
struct CheckFileEntry: Sendable {
    let path: String
    let result: ManifestChecker.FileResult?
    /// An error reading or parsing the file.
    let error: CheckError?

    struct CheckError: Sendable {
        /// Nil when the error concerns the path itself (missing, unreadable): no invented line.
        let location: Location?
        let message: String

        /// `FILE:LINE:COL` or just `FILE`.
        func prefix(_ path: String) -> String {
            location.map { "\(path):\($0.line):\($0.column):" } ?? "\(path):"
        }
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
    /// Files not checked (unrendered templates): never counted as passing.
    var skipped = 0
    /// Objects of unknown kinds with a pod template: reported, not judged (no effect on the exit code).
    var unjudged = 0
    /// Pods of cluster dumps, reported per workload (nil when no input was a dump).
    var clusterPods: Int?
    var byCheck: [String: Int] = [:]

    mutating func add(_ entry: CheckFileEntry) {
        files += 1
        if entry.error != nil { errors += 1 }
        guard let r = entry.result else { return }
        if r.skipped != nil { skipped += 1 }
        count(r)
    }

    /// Counts what a result reports, not the file: a big stream's batches are counted one by one.
    mutating func count(_ r: ManifestChecker.FileResult) {
        if let cluster = r.cluster { clusterPods = (clusterPods ?? 0) + cluster.pods }
        unjudged += r.unjudged.count
        workloads += r.workloads.count
        violating += Set(r.findings.map(\.workload)).count
        findings += r.findings.count
        fixable += r.findings.filter(\.fixable).count
        exempted += r.exempted.count
        for f in r.findings { byCheck[f.violation.checkID, default: 0] += 1 }
    }

    /// Adds the totals of other files (a file checked batch by batch brings its own).
    mutating func add(_ other: CheckTotals) {
        files += other.files
        workloads += other.workloads
        violating += other.violating
        findings += other.findings
        fixable += other.fixable
        exempted += other.exempted
        errors += other.errors
        skipped += other.skipped
        unjudged += other.unjudged
        if let pods = other.clusterPods { clusterPods = (clusterPods ?? 0) + pods }
        byCheck.merge(other.byCheck, uniquingKeysWith: +)
    }

    /// Findings per check ID, in PSA order.
    var countsByCheck: [(check: String, count: Int)] {
        var result: [(check: String, count: Int)] = []
        for d in CheckRegistry.descriptions {
            if let n = byCheck[d.id] { result.append((check: d.id, count: n)) }
        }
        return result
    }

    /// 2 input errors, else 1 violations, else 3 some input not checked, else 0 (ExitStatus).
    var exitCode: Int32 { ExitStatus.combine(errors: errors > 0, violations: findings > 0, notChecked: skipped > 0) }
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
    /// A JSON string literal. Built as bytes: check output has one per field of every finding,
    /// and PSA's details are full of `"` (container "app"), so character-wise escaping showed
    /// up as a sixth of `check --format json`'s instructions.
    static func string(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 8)
        appendString(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `s` as a JSON string literal: unescaped runs are copied whole.
    static func appendString(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { bytes in
            out.append(UInt8(ascii: "\""))
            var run = 0
            var i = 0
            let raw = UnsafeRawBufferPointer(bytes)
            while i < bytes.count {
                // Eight bytes at a time while none needs escaping (SWAR: a byte below 0x20, a
                // quote or a backslash sets its high bit in `hit`); details are long and clean.
                while i + 8 <= bytes.count {
                    let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    let ones: UInt64 = 0x0101_0101_0101_0101
                    let high: UInt64 = 0x8080_8080_8080_8080
                    func zeroByte(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & high }
                    let hit = ((w &- 0x2020_2020_2020_2020) & ~w & high) | zeroByte(w ^ 0x2222_2222_2222_2222)
                        | zeroByte(w ^ 0x5C5C_5C5C_5C5C_5C5C)
                    if hit != 0 { break }
                    i += 8
                }
                guard i < bytes.count else { break }
                let b = bytes[i]
                i += 1
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<(i - 1)]))
                run = i
                out.append(UInt8(ascii: "\\"))
                switch b {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(b)
                case UInt8(ascii: "\n"): out.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): out.append(UInt8(ascii: "r"))
                case UInt8(ascii: "\t"): out.append(UInt8(ascii: "t"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out += [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 15)]]
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<bytes.count]))
            out.append(UInt8(ascii: "\""))
        }
    }

    static func optional(_ s: String?) -> String { s.map(string) ?? "null" }

    /// `value` in decimal, its digits written in place (no String made).
    static func appendInt(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var i = buffer.count
            repeat {
                i -= 1
                buffer[i] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[i...]))
        }
    }

    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 64)

    /// Indentation as one copy (a generic `repeatElement` append went byte by byte).
    static func appendSpaces(_ count: Int, to out: inout [UInt8]) {
        var left = count
        while left > 0 {
            let n = min(left, spaces.count)
            spaces.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0..<n])) }
            left -= n
        }
    }

    static func array(_ items: [String]) -> String {
        var out: [UInt8] = []
        appendArray(items, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `["a", "b"]` as one line.
    static func appendArray(_ items: [String], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (i, item) in items.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")); out.append(UInt8(ascii: " ")) }
            appendString(item, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// `{ "k": v, ... }` on separate lines, indented by `indent` spaces (values are JSON text).
    static func object(_ pairs: [(String, String)], indent: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(pairs.reduce(indent * 2 + 4) { $0 + $1.0.utf8.count + $1.1.utf8.count + indent + 8 })
        JSONText.appendSpaces(indent, to: &out)
        out.append(UInt8(ascii: "{")); out.append(UInt8(ascii: "\n"))
        for (i, (key, value)) in pairs.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")); out.append(UInt8(ascii: "\n")) }
            JSONText.appendSpaces(indent + 2, to: &out)
            appendString(key, to: &out)
            out.append(UInt8(ascii: ":")); out.append(UInt8(ascii: " "))
            out.append(contentsOf: value.utf8)
        }
        out.append(UInt8(ascii: "\n"))
        JSONText.appendSpaces(indent, to: &out)
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }
}

/// One JSON object written field by field into a single byte buffer: the per-finding objects
/// of `check --format json` need no intermediate strings.
struct JSONObjectWriter {
    private var out: [UInt8] = []
    /// `,\n` and the indentation before every key: written with one copy per key.
    private let keyPrefix: [UInt8]
    private let indent: Int
    private var empty = true

    init(indent: Int, capacity: Int = 512) {
        self.indent = indent
        keyPrefix = indent < Self.keyPrefixes.count ? Self.keyPrefixes[indent] : Self.keyPrefix(indent)
        out.reserveCapacity(capacity)
        JSONText.appendSpaces(indent, to: &out)
        out.append(UInt8(ascii: "{")); out.append(UInt8(ascii: "\n"))
    }

    /// The key prefixes of the usual indentations, made once (every finding's writer made its
    /// own: three allocations per finding).
    private static let keyPrefixes: [[UInt8]] = (0..<16).map(keyPrefix)

    private static func keyPrefix(_ indent: Int) -> [UInt8] {
        Array(",\n".utf8) + [UInt8](repeating: UInt8(ascii: " "), count: indent + 2)
    }

    /// Keys are literals that need no escaping: `,\n`, indentation, `"name": ` are assembled on
    /// the stack and appended with one copy (seven small appends cost more than the rest).
    private mutating func key(_ name: StaticString) {
        let skip = empty ? 2 : 0
        empty = false
        let count = name.utf8CodeUnitCount
        let total = keyPrefix.count - skip + count + 4
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: total) { buffer in
            let base = buffer.baseAddress!
            keyPrefix.withUnsafeBufferPointer { p in base.initialize(from: p.baseAddress! + skip, count: p.count - skip) }
            var i = keyPrefix.count - skip
            base[i] = UInt8(ascii: "\"")
            (base + i + 1).initialize(from: name.utf8Start, count: count)
            i += count + 1
            base[i] = UInt8(ascii: "\""); base[i + 1] = UInt8(ascii: ":"); base[i + 2] = UInt8(ascii: " ")
            out.append(contentsOf: UnsafeBufferPointer(start: base, count: i + 3))
        }
    }

    mutating func string(_ name: StaticString, _ value: String) {
        key(name)
        JSONText.appendString(value, to: &out)
    }

    mutating func optional(_ name: StaticString, _ value: String?) {
        guard let value else { return raw(name, "null") }
        string(name, value)
    }

    mutating func int(_ name: StaticString, _ value: Int) {
        key(name)
        JSONText.appendInt(value, to: &out)
    }

    mutating func bool(_ name: StaticString, _ value: Bool) { raw(name, value ? "true" : "false") }

    mutating func strings(_ name: StaticString, _ values: [String]) {
        key(name)
        JSONText.appendArray(values, to: &out)
    }

    /// A value that is already JSON text.
    mutating func raw(_ name: StaticString, _ json: String) {
        key(name)
        out.append(contentsOf: json.utf8)
    }

    consuming func finish() -> String {
        out.append(UInt8(ascii: "\n"))
        JSONText.appendSpaces(indent, to: &out)
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }
}
