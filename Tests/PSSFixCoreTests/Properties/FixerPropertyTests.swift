import PropertyBased
import Testing

@testable import PSSFixCore

/// Property tests: the fixer on generated manifests in random but valid styles (see
/// `ManifestGenerator`), each test over `count` fresh cases per run. A failure prints the case
/// (model and rendered text) and a `.fixedSeed(...)` to reproduce it; the case is shrunk first.
/// The properties are in `FixProperties`: (0) the input is what the model says, (1) processed,
/// (2) output re-parses, (3) nothing an automatic fixer handles is left unless the model says a
/// person must decide, (4) changes only inside securityContext, comments and line breaks kept,
/// (5) idempotent, (6) no API-invalid pair.
@Suite struct FixerPropertyTests {
    /// Cases per run for the restricted properties (the main ones).
    static let count = 1000
    /// Cases per run for baseline and --keep-explicit: each fix costs ~10 ms in a debug build,
    /// so these two cover fewer cases per run (and other cases on every run).
    static let extraCount = 250

    @Test func restrictedFixHasEveryProperty() async {
        await propertyCheck(count: Self.count, input: ManifestGen.manifests) { c in
            let problems = FixProperties.problems(c, options: FixOptions(level: .restricted, version: .latest))
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))\n\(c)")
        }
    }

    @Test func baselineFixHasEveryProperty() async {
        await propertyCheck(count: Self.extraCount, input: ManifestGen.manifests) { c in
            let problems = FixProperties.problems(c, options: FixOptions(level: .baseline, version: .latest))
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))\n\(c)")
        }
    }

    @Test func keepExplicitFixHasEveryPropertyAndKeepsExplicitValues() async {
        await propertyCheck(count: Self.extraCount, input: ManifestGen.manifests) { c in
            let problems = FixProperties.problems(c, options: FixOptions(level: .restricted, version: .latest, keepExplicit: true))
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))\n\(c)")
        }
    }
}
