import PropertyBased
import Testing

@testable import PSSFixCore

/// The planner groups operations by a signature written as bytes (`EditPlanner.signature`);
/// it must be the text `NewValue.summary` gives, so that grouping is what it was.
@Suite struct PlannerSignatureTests {
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
            #expect(bytes == Array(v.summary.utf8), "\(v.summary)")
        }
    }
}
