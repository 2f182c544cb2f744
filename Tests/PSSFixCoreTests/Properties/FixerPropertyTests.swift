import PropertyBased
import Testing

@testable import PSSFixCore

/// Property tests: the fixer on generated manifests in random but valid styles (see
/// `ManifestGenerator`), each test over `count` fresh cases per run. A failure prints the case
/// (model and rendered text) and a `.fixedSeed(...)` to reproduce it; the case is shrunk first.
/// The properties are in `FixProperties`: (1) processed, (2) output re-parses, (3) nothing an
/// automatic fixer handles is left unless the model says a person must decide, (4) changes only
/// inside securityContext, comments and line breaks kept, (5) idempotent, (6) no API-invalid pair.
@Suite struct FixerPropertyTests {
    /// Cases per run for the generator check and the restricted properties (the main ones).
    static let count = 1000
    /// Cases per run for baseline and --keep-explicit: each fix costs ~10 ms in a debug build,
    /// so these two cover fewer cases per run (and other cases on every run).
    static let extraCount = 250

    @Test func generatedManifestsParseAsTheirModel() async {
        await propertyCheck(count: Self.count, input: ManifestGen.manifests) { c in
            let bytes = c.rendered.bytes
            let stream = try YAMLParser.parse(SourceText(bytes))
            let workloads = Workload.find(in: stream)
            try #require(workloads.count == 1, "\(c)")
            let pod = workloads[0].pod
            #expect(workloads[0].kind == c.kind)
            #expect(pod.containers.map(\.name) == c.pod.allContainers.map(\.name), "\(c)")
            #expect(pod.isWindows == c.pod.isWindows)
            #expect(APIValidity.problems(in: bytes).isEmpty && FixProperties.moreAPIProblems(stream).isEmpty, "generated an API-invalid pod: \(c)")
        }
    }

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
