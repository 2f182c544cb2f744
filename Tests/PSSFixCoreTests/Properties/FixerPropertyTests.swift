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
            let problems = FixProperties.problems(c, options: FixOptions.partial(level: .restricted))
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))\n\(c)")
        }
    }

    @Test func baselineFixHasEveryProperty() async {
        await propertyCheck(count: Self.extraCount, input: ManifestGen.manifests) { c in
            let problems = FixProperties.problems(c, options: FixOptions.partial(level: .baseline))
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))\n\(c)")
        }
    }

    @Test func keepExplicitFixHasEveryPropertyAndKeepsExplicitValues() async {
        await propertyCheck(count: Self.extraCount, input: ManifestGen.manifests) { c in
            let problems = FixProperties.problems(c, options: FixOptions.partial(level: .restricted, keepExplicit: true))
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))\n\(c)")
        }
    }

    /// The atomic default: every workload is either left byte-for-byte unchanged (blocked, with
    /// at least one reason a person must act) or fixed so that nothing but kept values remains;
    /// and whatever the rule, no API-invalid pair is written.
    @Test func atomicFixLeavesBlockedWorkloadsUnchanged() async {
        await propertyCheck(count: Self.extraCount, input: ManifestGen.manifests) { c in
            let result = ManifestFixer.fix(ManifestRenderer.render(c).bytes, options: FixOptions(level: .restricted))
            var problems: [String] = []
            for w in result.workloads {
                if w.blocked {
                    if !w.applied.isEmpty { problems.append("\(w.displayName): blocked but changed") }
                    if !w.manual.contains(where: \.blocks) { problems.append("\(w.displayName): blocked without a reason") }
                } else if !w.remaining.isEmpty {
                    problems.append("\(w.displayName): changed but still violates \(w.remaining.map(\.checkID))")
                }
            }
            if result.workloads.allSatisfy(\.blocked) && result.fixed != result.original {
                problems.append("every workload blocked, yet the file changed")
            }
            if let stream = try? YAMLParser.parse(SourceText(result.fixed)) {
                for w in Workload.find(in: stream) {
                    let before = try? YAMLParser.parse(SourceText(result.original))
                    let old = before.map { Workload.find(in: $0) } ?? []
                    let existing = Set(old.first { $0.name == w.name && $0.kind == w.kind }.map { PSSFixCore.APIValidity.problems(in: $0.pod) } ?? [])
                    for p in PSSFixCore.APIValidity.problems(in: w.pod) where !existing.contains(p) { problems.append("created: \(p)") }
                }
            }
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))\n\(c)")
        }
    }
}

extension FixOptions {
    /// The fixers' own contract (each violation fixed or left for a person with a reason) is
    /// checked with --partial; the atomic default is checked by `atomicFixLeavesBlockedWorkloadsUnchanged`.
    static func partial(level: PolicyLevel, keepExplicit: Bool = false) -> FixOptions {
        var options = FixOptions(level: level, version: .latest, keepExplicit: keepExplicit)
        options.partial = true
        return options
    }
}
