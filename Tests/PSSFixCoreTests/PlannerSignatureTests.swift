import PropertyBased
import Testing

@testable import PSSFixCore

/// The planner groups operations by a signature written as bytes (`NewValue.writeSummary`,
/// which `summary` is made from): it must be the text a summary always was, built here the
/// way it was built with Strings, so that grouping and messages are what they were.
@Suite struct PlannerSignatureTests {
    static func expected(_ value: NewValue) -> String {
        switch value {
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .string(let s): return s
        case .sequence(let items): return "[" + items.map(expected).joined(separator: ", ") + "]"
        case .mapping(let pairs): return "{" + pairs.map { "\($0.key): \(expected($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    static func value(_ rng: inout any SeededRandomNumberGenerator, depth: Int = 0) -> NewValue {
        let words = ["RuntimeDefault", "ALL", "", "a b", "é", "k: v", "[x]", "{y}", "true"]
        switch Int.random(in: 0..<(depth > 2 ? 3 : 5), using: &rng) {
        case 0: return .bool(Bool.random(using: &rng))
        case 1: return .int(Int.random(in: -70_000...70_000, using: &rng))
        case 2: return .string(words.randomElement(using: &rng)!)
        case 3: return .sequence((0..<Int.random(in: 0..<4, using: &rng)).map { _ in value(&rng, depth: depth + 1) })
        default:
            return .mapping((0..<Int.random(in: 0..<4, using: &rng)).map { _ in (words.randomElement(using: &rng)!, value(&rng, depth: depth + 1)) })
        }
    }

    @Test func summaryBytesAreTheSummary() {
        var rng: any SeededRandomNumberGenerator = Xoshiro(seed: (3, 12, 20, 26))
        for _ in 0..<5_000 {
            let v = Self.value(&rng)
            var bytes: [UInt8] = []
            v.writeSummary(into: &bytes)
            #expect(bytes == Array(Self.expected(v).utf8), "\(Self.expected(v))")
            #expect(v.summary == Self.expected(v))
        }
    }
}
