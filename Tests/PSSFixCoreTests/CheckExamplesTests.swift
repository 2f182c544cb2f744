import Foundation
import Testing

@testable import PSSFixCore

/// Runs the examples every check documents (SwiftLint's "descriptions are the test suite"),
/// each in several byte-level variants, plus the registry's version rules.
@Suite struct CheckExamplesTests {
    /// Rewrites of an example that must not change any verdict or message.
    struct Variant: Sendable {
        let name: String
        let apply: @Sendable (String) -> String
    }

    static let variants: [Variant] = [
        Variant(name: "as written") { $0 },
        Variant(name: "CRLF") { $0.replacingOccurrences(of: "\n", with: "\r\n") },
        // Multi-byte UTF-8 before the document catches byte-vs-scalar offset mix-ups.
        Variant(name: "multi-byte comment") { "# 日本語 👨‍👩‍👧 ünïcödé\n" + $0 },
        Variant(name: "2nd document") { yaml in
            let body = yaml.hasSuffix("\n") ? yaml : yaml + "\n"
            return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: before\ndata:\n  key: value\n---\n"
                + body + "# trailing comment\n"
        },
    ]

    /// Points a failed expectation at the example literal in the check's file.
    static func location(_ example: CheckExample) -> SourceLocation {
        let fileName = example.file.split(separator: "/").last.map(String.init) ?? example.file
        return SourceLocation(fileID: "PSSFixCore/\(fileName)", filePath: example.file, line: example.line, column: 1)
    }

    /// This check's results for every workload of `yaml`, via the evaluator at the check's level,
    /// so activation by version and overrides are exercised too.
    static func results(_ check: any Check.Type, _ yaml: String, version: PolicyVersion) throws -> [[CheckViolation]] {
        let workloads = try Workload.find(in: YAMLParser.parse(SourceText(yaml)))
        return workloads.map { workload in
            Evaluator.evaluate(workload.pod, level: check.description.level, version: version)
                .filter { $0.checkID == check.description.id }
        }
    }

    @Test(arguments: CheckRegistry.all.map { $0.description.id })
    func examples(id: String) throws {
        let check = try #require(CheckRegistry.check(id: id))
        let description = check.description
        #expect(description.passing.count >= 2, "\(id) needs at least 2 passing examples")
        #expect(description.failing.count >= 2, "\(id) needs at least 2 failing examples")
        for example in description.passing {
            #expect(example.expected == nil, sourceLocation: Self.location(example))
            for variant in Self.variants {
                let results = try Self.results(check, variant.apply(example.yaml), version: example.version)
                #expect(!results.isEmpty, "no workload (\(variant.name))", sourceLocation: Self.location(example))
                for violations in results {
                    #expect(
                        violations.isEmpty, "\(variant.name) at \(example.version): \(violations.map(\.message))",
                        sourceLocation: Self.location(example))
                }
            }
        }
        for example in description.failing {
            let expected = try #require(example.expected, "failing examples state their message", sourceLocation: Self.location(example))
            for variant in Self.variants {
                let results = try Self.results(check, variant.apply(example.yaml), version: example.version)
                #expect(!results.isEmpty, "no workload (\(variant.name))", sourceLocation: Self.location(example))
                for violations in results {
                    #expect(
                        violations.map(\.message) == [expected], "\(variant.name) at \(example.version)",
                        sourceLocation: Self.location(example))
                }
            }
        }
    }

    @Test(arguments: CheckRegistry.all.map { $0.description.id })
    func descriptionIsComplete(id: String) throws {
        let d = try #require(CheckRegistry.check(id: id)).description
        #expect(!d.title.isEmpty && !d.summary.isEmpty && !d.rationale.isEmpty && !d.remedy.isEmpty)
        #expect(d.versions.first?.since == d.minimumVersion, "version notes start at the minimum version")
        #expect(d.fixes.isEmpty == (FixerRegistry.fixer(for: id) == nil), "every check pss-fix can fix carries fix examples")
        #expect(d.fixSupport == Self.fixSupport[id], "psa-spec §9")
        #expect(d.level == (Self.restrictedIDs.contains(id) ? .restricted : .baseline))
    }

    static let restrictedIDs: Set<String> = [
        "allowPrivilegeEscalation", "capabilities_restricted", "procMount_restricted", "restrictedVolumes", "runAsNonRoot",
        "runAsUser", "seccompProfile_restricted",
    ]

    static let fixSupport: [String: FixSupport] = [
        "allowPrivilegeEscalation": .automatic, "capabilities_restricted": .automatic, "runAsNonRoot": .automatic,
        "seccompProfile_restricted": .automatic,
        "privileged": .optIn, "hostNamespaces": .optIn, "hostPorts": .optIn, "hostProbesAndHostLifecycle": .optIn,
        "procMount": .optIn, "procMount_restricted": .optIn, "seLinuxOptions": .optIn, "sysctls": .optIn,
        "appArmorProfile": .optIn, "capabilities_baseline": .optIn, "seccompProfile_baseline": .optIn, "runAsUser": .optIn,
        "hostPathVolumes": .manual, "restrictedVolumes": .manual, "windowsHostProcess": .manual,
    ]

    /// The registry and its version rules (psa-spec §1.2–1.4).
    @Suite struct Registry {
        static func ids(_ level: PolicyLevel, _ version: PolicyVersion) -> [String] {
            CheckRegistry.activeChecks(level: level, version: version).map { $0.description.id }
        }

        @Test func nineteenDistinctIDs() {
            let ids = CheckRegistry.all.map { $0.description.id }
            #expect(ids.count == 19)
            #expect(Set(ids).count == 19)
            #expect(CheckRegistry.descriptions.map(\.id) == ids)
            for id in ids { #expect(CheckRegistry.check(id: id)?.description.id == id) }
            #expect(CheckRegistry.check(id: "runasnonroot") == nil, "IDs are case-sensitive")
        }

        @Test func countsAtLatest() {
            #expect(Self.ids(.baseline, .latest).count == 12)
            #expect(Self.ids(.restricted, .latest).count == 15)
            #expect(Self.ids(.privileged, .latest).isEmpty)
            #expect(Self.ids(.restricted, .latest) == Self.ids(.restricted, .v(37)))
            #expect(Self.ids(.restricted, .v(99)) == Self.ids(.restricted, .v(37)), "newer versions clamp to v1.37")
        }

        @Test func orderAtRestrictedV134() {
            #expect(
                Self.ids(.restricted, .v(34)) == [
                    "appArmorProfile", "hostNamespaces", "hostPorts", "hostProbesAndHostLifecycle", "privileged", "procMount",
                    "seLinuxOptions", "sysctls", "windowsHostProcess", "allowPrivilegeEscalation", "capabilities_restricted",
                    "restrictedVolumes", "runAsNonRoot", "runAsUser", "seccompProfile_restricted",
                ])
            #expect(
                Self.ids(.baseline, .v(34)) == [
                    "appArmorProfile", "capabilities_baseline", "hostNamespaces", "hostPathVolumes", "hostPorts",
                    "hostProbesAndHostLifecycle", "privileged", "procMount", "seLinuxOptions", "seccompProfile_baseline",
                    "sysctls", "windowsHostProcess",
                ])
        }

        @Test func overridesMatchSpec() {
            let overrides = CheckRegistry.all.flatMap { check in
                check.description.overrides.map { "\(check.description.id)>\($0.checkID)@\($0.since)" }
            }
            #expect(
                Set(overrides) == [
                    "restrictedVolumes>hostPathVolumes@v1.0", "seccompProfile_restricted>seccompProfile_baseline@v1.19",
                    "capabilities_restricted>capabilities_baseline@v1.22", "procMount_restricted>procMount@v1.35",
                ])
        }

        @Test(arguments: 0...7)
        func noAllowPrivilegeEscalationBeforeV18(minor: Int) {
            #expect(!Self.ids(.restricted, .v(minor)).contains("allowPrivilegeEscalation"))
            #expect(Self.ids(.restricted, .v(minor)).contains("hostPathVolumes") == false)
            #expect(Self.ids(.restricted, .v(minor)).count == 12)
        }

        @Test func versionBoundaries() {
            #expect(Self.ids(.restricted, .v(8)).contains("allowPrivilegeEscalation"))
            // seccomp: baseline annotation rule up to v1.18, restricted field rule from v1.19.
            #expect(Self.ids(.restricted, .v(18)).contains("seccompProfile_baseline"))
            #expect(!Self.ids(.restricted, .v(18)).contains("seccompProfile_restricted"))
            #expect(Self.ids(.restricted, .v(19)).contains("seccompProfile_restricted"))
            #expect(!Self.ids(.restricted, .v(19)).contains("seccompProfile_baseline"))
            // capabilities_restricted replaces capabilities_baseline at v1.22.
            #expect(Self.ids(.restricted, .v(21)).contains("capabilities_baseline"))
            #expect(!Self.ids(.restricted, .v(21)).contains("capabilities_restricted"))
            #expect(Self.ids(.restricted, .v(22)).contains("capabilities_restricted"))
            #expect(!Self.ids(.restricted, .v(22)).contains("capabilities_baseline"))
            #expect(Self.ids(.baseline, .v(22)).contains("capabilities_baseline"), "overrides apply at restricted only")
            #expect(!Self.ids(.restricted, .v(22)).contains("runAsUser"))
            #expect(Self.ids(.restricted, .v(23)).contains("runAsUser"))
            #expect(!Self.ids(.baseline, .v(33)).contains("hostProbesAndHostLifecycle"))
            #expect(Self.ids(.baseline, .v(34)).contains("hostProbesAndHostLifecycle"))
            // procMount_restricted replaces procMount at v1.35.
            #expect(Self.ids(.restricted, .v(34)).contains("procMount"))
            #expect(Self.ids(.restricted, .v(35)).contains("procMount_restricted"))
            #expect(!Self.ids(.restricted, .v(35)).contains("procMount"))
            #expect(Self.ids(.baseline, .v(35)).contains("procMount"))
        }

        static func violations(_ yaml: String, _ level: PolicyLevel, _ version: PolicyVersion) throws -> [String] {
            let pod = try #require(Workload.find(in: YAMLParser.parse(SourceText(yaml))).first?.pod)
            return Evaluator.evaluate(pod, level: level, version: version).map(\.checkID)
        }

        @Test func windowsPodsAtV124AndV125() throws {
            let pod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: win}
                spec:
                  os: {name: windows}
                  securityContext: {runAsNonRoot: true}
                  containers:
                  - name: app
                    image: mcr.microsoft.com/windows/nanoserver:ltsc2022
                """
            #expect(
                try Self.violations(pod, .restricted, .v(24))
                    == ["allowPrivilegeEscalation", "capabilities_restricted", "seccompProfile_restricted"])
            #expect(try Self.violations(pod, .restricted, .v(25)).isEmpty)
            #expect(try Self.violations(pod, .restricted, .latest).isEmpty)
            // No exemption from runAsNonRoot.
            let rootPod = pod.replacingOccurrences(of: "runAsNonRoot: true", with: "runAsNonRoot: false")
            #expect(try Self.violations(rootPod, .restricted, .v(25)) == ["runAsNonRoot"])
        }

        @Test func userNamespacePodsAtV134AndV135() throws {
            let pod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: userns}
                spec:
                  hostUsers: false
                  securityContext:
                    runAsUser: 0
                    seccompProfile: {type: RuntimeDefault}
                  containers:
                  - name: app
                    image: registry.example.com/app:1
                    securityContext:
                      allowPrivilegeEscalation: false
                      capabilities: {drop: [ALL]}
                      procMount: Unmasked
                """
            #expect(try Self.violations(pod, .restricted, .v(34)) == ["procMount", "runAsNonRoot", "runAsUser"])
            #expect(try Self.violations(pod, .restricted, .v(35)) == ["procMount_restricted"])
            #expect(try Self.violations(pod, .baseline, .v(34)) == ["procMount"])
            #expect(try Self.violations(pod, .baseline, .v(35)).isEmpty)
        }

        @Test func forbiddenDetailAndMessage() {
            let violations = [
                CheckViolation(checkID: "a", reason: "host namespaces", detail: "hostNetwork=true"),
                CheckViolation(checkID: "b", reason: "x", detail: ""),
                CheckViolation(checkID: "c", reason: "", detail: "d"),
            ]
            #expect(Evaluator.forbiddenDetail(violations) == "host namespaces (hostNetwork=true), x, unknown forbidden reason (d)")
            #expect(
                Evaluator.message(level: .baseline, versionLabel: "v1.99", violations: Array(violations.prefix(1)))
                    == #"violates PodSecurity "baseline:v1.99": host namespaces (hostNetwork=true)"#)
        }

        @Test func goFormatting() {
            #expect(CheckFormatting.joinQuote([]) == "")
            #expect(CheckFormatting.joinQuote(["a", "b\"c"]) == #""a", "b"c""#, "joinQuote does not escape")
            #expect(CheckFormatting.goQuote("a\"b\\c\n\u{1}\u{200D}é") == #""a\"b\\c\n\x01\u200dé""#)
            #expect(CheckFormatting.sortedSet(["8080", "10000", "8080", "b", "B", "é", "z"]) == ["10000", "8080", "B", "b", "z", "é"])
            #expect(CheckFormatting.setters(pod: true, containers: ["a", "b"], extra: "annotations") == #"pod and containers "a", "b" and annotations"#)
        }
    }
}

@Suite struct CheckRegistryCacheTests {
    @Test func cachedActiveChecksEqualComputedOnesEverywhere() {
        for level in PolicyLevel.allCases {
            for minor in 0...40 {
                let version = PolicyVersion.v(minor)
                let computed = CheckRegistry.activeChecks(level: level, version: version).map { $0.description.id }
                let cached = CheckRegistry.activeChecksCached(level: level, version: version).map { $0.description.id }
                #expect(computed == cached, "\(level) v1.\(minor)")
            }
            #expect(
                CheckRegistry.activeChecks(level: level, version: .latest).map { $0.description.id }
                    == CheckRegistry.activeChecksCached(level: level, version: .latest).map { $0.description.id })
        }
    }
}
