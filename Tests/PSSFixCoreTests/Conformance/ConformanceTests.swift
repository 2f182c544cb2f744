import Foundation
import Testing

@testable import PSSFixCore

/// Runs the 4,537 upstream PSA fixtures (Fixtures/, see ORIGIN.md) through the evaluator, each at
/// its own level and version, as upstream's `test/run.go` does against an API server.
@Suite struct ConformanceTests {
    struct Fixture: Sendable {
        let level: String
        let version: String
        let outcome: String
        let name: String
        let file: String
        let expected: String

        var id: String { "\(level)/\(version)/\(outcome)/\(name)" }
    }

    static let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func index() throws -> [Fixture] {
        let text = try String(contentsOf: fixturesDirectory.appendingPathComponent("index.tsv"), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 6 else { throw IndexError(line: String(line)) }
            return Fixture(level: f[0], version: f[1], outcome: f[2], name: f[3], file: f[4], expected: f[5])
        }
    }

    struct IndexError: Error { let line: String }

    /// Parses stored bodies once: 4,537 fixtures share 380 of them.
    final class PodCache {
        var pods: [String: [PodView]] = [:]

        func pods(_ file: String, wrap: Bool = false) throws -> [PodView] {
            let key = wrap ? "deployment:" + file : file
            if let cached = pods[key] { return cached }
            var bytes = try [UInt8](Data(contentsOf: ConformanceTests.fixturesDirectory.appendingPathComponent(file)))
            if wrap { bytes = ConformanceTests.wrapInDeployment(bytes) }
            let found = try Workload.find(in: YAMLParser.parse(SourceText(bytes))).map(\.pod)
            pods[key] = found
            return found
        }
    }

    /// Upstream also creates every fixture's pod as a Deployment's template (`run.go`
    /// `createController`); the verdict must not change. Fixtures are block YAML whose top-level
    /// keys are apiVersion, kind, metadata and spec.
    static func wrapInDeployment(_ pod: [UInt8]) -> [UInt8] {
        let lines = String(decoding: pod, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let template = lines.filter { !$0.hasPrefix("apiVersion:") && !$0.hasPrefix("kind:") }
            .map { $0.isEmpty ? "" : "    " + $0 }
        let head = [
            "apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: wrapped", "spec:",
            "  selector:", "    matchLabels: {test: \"true\"}", "  template:",
        ]
        return Array((head + template).joined(separator: "\n").utf8)
    }

    @Test func everyFixtureAtItsOwnLevelAndVersion() throws {
        let fixtures = try Self.index()
        let cache = PodCache()
        var passed = 0
        var failures: [String] = []
        var counts: [String: Int] = [:]
        for fixture in fixtures {
            counts["\(fixture.level)/\(fixture.outcome)", default: 0] += 1
            guard let level = PolicyLevel(rawValue: fixture.level), let version = PolicyVersion(parsing: fixture.version)
            else {
                failures.append("\(fixture.id): bad level or version")
                continue
            }
            let pods = try cache.pods(fixture.file)
            guard pods.count == 1, let pod = pods.first else {
                failures.append("\(fixture.id): expected one Pod, found \(pods.count) workloads")
                continue
            }
            let violations = Evaluator.evaluate(pod, level: level, version: version)
            let detail = Evaluator.forbiddenDetail(violations)
            let problem: String? =
                switch fixture.outcome {
                case "pass": violations.isEmpty ? nil : "denied: \(detail)"
                case "fail":
                    if violations.isEmpty {
                        "allowed"
                    } else if !detail.contains(fixture.expected) {
                        "missing \"\(fixture.expected)\" in: \(detail)"
                    } else if detail.contains("unknown forbidden reason") {
                        "unknown forbidden reason in: \(detail)"
                    } else {
                        nil
                    }
                default: "unknown outcome"
                }
            if let problem {
                failures.append("\(fixture.id): \(problem)")
                continue
            }
            // The same pod as a Deployment template gives the same verdict and message.
            let wrapped = try cache.pods(fixture.file, wrap: true)
            let wrappedDetail = wrapped.first.map { Evaluator.forbiddenDetail(Evaluator.evaluate($0, level: level, version: version)) }
            if wrapped.count != 1 || wrappedDetail != detail {
                failures.append("\(fixture.id): as a Deployment gives \(wrappedDetail ?? "no workload")")
                continue
            }
            passed += 1
        }
        #expect(fixtures.count == 4537)
        #expect(counts == ["baseline/pass": 433, "baseline/fail": 1122, "restricted/pass": 618, "restricted/fail": 2364])
        #expect(passed == 4537, "\(passed)/\(fixtures.count) fixtures conform; failures:\n\(failures.joined(separator: "\n"))")
    }

    /// psa-spec §8.1: the full `ForbiddenDetail()` of every v1.37 fail fixture, not just upstream's substring.
    @Test(arguments: ["baseline", "restricted"])
    func exactDetailsAtV137(level: String) throws {
        let table = level == "baseline" ? Self.baselineV137 : Self.restrictedV137
        let cache = PodCache()
        let fixtures = try Self.index().filter { $0.level == level && $0.version == "v1.37" && $0.outcome == "fail" }
        #expect(Set(fixtures.map(\.name)) == Set(table.keys), "the table must cover every v1.37 fail fixture")
        for fixture in fixtures {
            guard let expected = table[fixture.name], let pod = try cache.pods(fixture.file).first else { continue }
            let violations = Evaluator.evaluate(pod, level: PolicyLevel(rawValue: level)!, version: .v(37))
            #expect(Evaluator.forbiddenDetail(violations) == expected, "\(fixture.id)")
        }
    }

    @Test func enforceMessage() throws {
        let fixture = try #require(try Self.index().first { $0.id == "restricted/v1.37/fail/privileged0" })
        let pod = try #require(try PodCache().pods(fixture.file).first)
        let violations = Evaluator.evaluate(pod, level: .restricted, version: .latest)
        #expect(
            Evaluator.message(level: .restricted, versionLabel: "latest", violations: violations)
                == #"violates PodSecurity "restricted:latest": privileged (container "container1" must not set securityContext.privileged=true), allowPrivilegeEscalation != false (container "container1" must set securityContext.allowPrivilegeEscalation=false)"#
        )
        #expect(Evaluator.evaluate(pod, level: .privileged, version: .latest).isEmpty)
    }

    // MARK: - psa-spec §8.1 tables

    static let baselineV137: [String: String] = [
        "apparmorprofile0": #"forbidden AppArmor profile (annotation must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/container1="unconfined"")"#,
        "apparmorprofile1": #"forbidden AppArmor profile (annotation must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/initcontainer1="unconfined"")"#,
        "capabilities_baseline0": #"non-default capabilities (container "container1" must not include "NET_RAW" in securityContext.capabilities.add)"#,
        "capabilities_baseline1": #"non-default capabilities (container "initcontainer1" must not include "NET_RAW" in securityContext.capabilities.add)"#,
        "capabilities_baseline2": #"non-default capabilities (container "container1" must not include "chown" in securityContext.capabilities.add)"#,
        "capabilities_baseline3": #"non-default capabilities (container "container1" must not include "CAP_CHOWN" in securityContext.capabilities.add)"#,
        "hostnamespaces0": "host namespaces (hostIPC=true)",
        "hostnamespaces1": "host namespaces (hostNetwork=true)",
        "hostnamespaces2": "host namespaces (hostPID=true)",
        "hostpathvolumes0": #"hostPath volumes (volume "volume-hostpath")"#,
        "hostpathvolumes1": #"hostPath volumes (volumes "volume-hostpath-a", "volume-hostpath-b")"#,
        "hostports0": #"hostPort (container "container1" uses hostPort 12345)"#,
        "hostports1": #"hostPort (container "initcontainer1" uses hostPort 12346)"#,
        "hostports2": #"hostPort (containers "initcontainer1", "container1" use hostPorts 12345, 12346)"#,
        "hostprobesandhostlifecycle0": #"probe or lifecycle host (container "container1" uses probe or lifecycle host "bad.host")"#,
        "hostprobesandhostlifecycle1": #"probe or lifecycle host (container "initcontainer1" uses probe or lifecycle host "8.8.8.8")"#,
        "hostprobesandhostlifecycle2": #"probe or lifecycle host (container "container1" uses probe or lifecycle host "bad.host")"#,
        "hostprobesandhostlifecycle3": #"probe or lifecycle host (container "container1" uses probe or lifecycle host "127.0.0.1")"#,
        "hostprobesandhostlifecycle4": #"probe or lifecycle host (container "container1" uses probe or lifecycle host "::1")"#,
        "privileged0": #"privileged (container "container1" must not set securityContext.privileged=true)"#,
        "privileged1": #"privileged (container "initcontainer1" must not set securityContext.privileged=true)"#,
        "procmount0": #"procMount (container "container1" must not set securityContext.procMount to "Unmasked")"#,
        "procmount1": #"procMount (container "initcontainer1" must not set securityContext.procMount to "Unmasked")"#,
        "seccompprofile_baseline0": #"seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")"#,
        "seccompprofile_baseline1": #"seccompProfile (container "container1" must not set securityContext.seccompProfile.type to "Unconfined")"#,
        "seccompprofile_baseline2": #"seccompProfile (container "initcontainer1" must not set securityContext.seccompProfile.type to "Unconfined")"#,
        "selinuxoptions0": #"seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type "somevalue")"#,
        "selinuxoptions1": #"seLinuxOptions (container "container1" set forbidden securityContext.seLinuxOptions: type "somevalue")"#,
        "selinuxoptions2": #"seLinuxOptions (container "initcontainer1" set forbidden securityContext.seLinuxOptions: type "somevalue")"#,
        "selinuxoptions3": "seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: user may not be set)",
        "selinuxoptions4": "seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: role may not be set)",
        "sysctls0": "forbidden sysctls (othersysctl)",
        "windowshostprocess0": "host namespaces (hostNetwork=true), hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)",
        "windowshostprocess1": #"host namespaces (hostNetwork=true), hostProcess (containers "initcontainer1", "container1" must not set securityContext.windowsOptions.hostProcess=true)"#,
    ]

    /// Identical to baseline for these fixtures (procmount* and seccompprofile_baseline* now come from
    /// the overriding restricted checks, with the same strings).
    static let sharedWithBaseline = [
        "apparmorprofile0", "apparmorprofile1", "hostnamespaces0", "hostnamespaces1", "hostnamespaces2", "hostports0",
        "hostports1", "hostports2", "hostprobesandhostlifecycle0", "hostprobesandhostlifecycle1",
        "hostprobesandhostlifecycle2", "hostprobesandhostlifecycle3", "hostprobesandhostlifecycle4", "procmount0",
        "procmount1", "seccompprofile_baseline0", "seccompprofile_baseline1", "seccompprofile_baseline2",
        "selinuxoptions0", "selinuxoptions1", "selinuxoptions2", "selinuxoptions3", "selinuxoptions4", "sysctls0",
        "windowshostprocess0", "windowshostprocess1",
    ]

    static let restrictedVolumeTypes = [
        "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs", "rbd", "flexVolume", "cinder",
        "cephfs", "flocker", "fc", "azureFile", "vsphereVolume", "quobyte", "azureDisk", "portworxVolume", "scaleIO",
        "storageos", "hostPath",
    ]

    static let restrictedV137: [String: String] = {
        var table = baselineV137.filter { sharedWithBaseline.contains($0.key) }
        for (i, type) in restrictedVolumeTypes.enumerated() {
            table["restrictedvolumes\(i)"] = #"restricted volume types (volume "volume1" uses restricted volume type "\#(type)")"#
        }
        table.merge(restrictedOnlyV137) { _, new in new }
        return table
    }()

    static let restrictedOnlyV137: [String: String] = [
        "allowprivilegeescalation0": #"allowPrivilegeEscalation != false (container "container1" must set securityContext.allowPrivilegeEscalation=false)"#,
        "allowprivilegeescalation1": #"allowPrivilegeEscalation != false (container "initcontainer1" must set securityContext.allowPrivilegeEscalation=false)"#,
        "allowprivilegeescalation2": #"allowPrivilegeEscalation != false (container "container1" must set securityContext.allowPrivilegeEscalation=false)"#,
        "allowprivilegeescalation3": #"allowPrivilegeEscalation != false (container "container1" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "container1" must set securityContext.capabilities.drop=["ALL"])"#,
        "capabilities_baseline0": #"unrestricted capabilities (container "container1" must not include "NET_RAW" in securityContext.capabilities.add)"#,
        "capabilities_baseline1": #"unrestricted capabilities (container "initcontainer1" must not include "NET_RAW" in securityContext.capabilities.add)"#,
        "capabilities_baseline2": #"unrestricted capabilities (container "container1" must not include "chown" in securityContext.capabilities.add)"#,
        "capabilities_baseline3": #"unrestricted capabilities (container "container1" must not include "CAP_CHOWN" in securityContext.capabilities.add)"#,
        "capabilities_restricted0": #"unrestricted capabilities (container "container1" must set securityContext.capabilities.drop=["ALL"])"#,
        "capabilities_restricted1": #"unrestricted capabilities (container "initcontainer1" must set securityContext.capabilities.drop=["ALL"])"#,
        "capabilities_restricted2": #"unrestricted capabilities (containers "initcontainer1", "container1" must set securityContext.capabilities.drop=["ALL"])"#,
        "capabilities_restricted3": #"unrestricted capabilities (containers "initcontainer1", "container1" must not include "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT" in securityContext.capabilities.add)"#,
        "hostpathvolumes0": #"restricted volume types (volume "volume-hostpath" uses restricted volume type "hostPath")"#,
        "hostpathvolumes1": #"restricted volume types (volumes "volume-hostpath-a", "volume-hostpath-b" use restricted volume type "hostPath")"#,
        "privileged0": #"privileged (container "container1" must not set securityContext.privileged=true), allowPrivilegeEscalation != false (container "container1" must set securityContext.allowPrivilegeEscalation=false)"#,
        "privileged1": #"privileged (container "initcontainer1" must not set securityContext.privileged=true), allowPrivilegeEscalation != false (container "initcontainer1" must set securityContext.allowPrivilegeEscalation=false)"#,
        "procmount_restricted0": #"procMount (container "container1" must not set securityContext.procMount to "Unmasked")"#,
        "procmount_restricted1": #"procMount (container "initcontainer1" must not set securityContext.procMount to "Unmasked")"#,
        "runasnonroot0": #"runAsNonRoot != true (pod or containers "initcontainer1", "container1" must set securityContext.runAsNonRoot=true)"#,
        "runasnonroot1": "runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)",
        "runasnonroot2": #"runAsNonRoot != true (container "container1" must not set securityContext.runAsNonRoot=false)"#,
        "runasnonroot3": #"runAsNonRoot != true (container "initcontainer1" must not set securityContext.runAsNonRoot=false)"#,
        "runasuser0": "runAsUser=0 (pod must not set runAsUser=0)",
        "runasuser1": #"runAsUser=0 (container "container1" must not set runAsUser=0)"#,
        "runasuser2": #"runAsUser=0 (container "initcontainer1" must not set runAsUser=0)"#,
        "seccompprofile_restricted0": #"seccompProfile (pod or containers "initcontainer1", "container1" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")"#,
        "seccompprofile_restricted1": #"seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")"#,
        "seccompprofile_restricted2": #"seccompProfile (pod or container "initcontainer1" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")"#,
        "seccompprofile_restricted3": #"seccompProfile (pod or container "container1" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")"#,
        "seccompprofile_restricted4": #"seccompProfile (container "initcontainer1" must not set securityContext.seccompProfile.type to "Unconfined")"#,
    ]
}
