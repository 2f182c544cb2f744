import Foundation
import PSSFixCore
import Testing
@testable import PSSFixCLI

/// `migrate --format kubectl` and `--format admission-config` on the dumps of `Examples/cluster`.
@Suite struct ClusterLabelTests {
    static let examples = ClusterMigrateTests.examples

    func run(_ args: [String], cwd: String? = nil) throws -> (Int32, TestConsole) {
        let console = TestConsole(cwd: cwd ?? Self.examples)
        return (try runCLI(["migrate"] + args, console), console)
    }

    func dump(_ name: String) throws -> [UInt8] {
        Array(try #require(FileManager.default.contents(atPath: Self.examples + "/" + name)))
    }

    static let ps = "pod-security.kubernetes.io/"

    /// The labels each namespace should end with, beyond those it has.
    static func planned(enforce: Bool, version: String = "latest") -> [String: [String: String]] {
        let warnAudit = [ps + "warn": "restricted", ps + "warn-version": version, ps + "audit": "restricted", ps + "audit-version": version]
        let enforceRestricted = enforce ? [ps + "enforce": "restricted", ps + "enforce-version": version] : [:]
        return [
            "batch": warnAudit.merging(enforceRestricted) { $1 },
            "default": warnAudit,
            "kube-node-lease": warnAudit.merging(enforceRestricted) { $1 },
            "kube-public": warnAudit.merging(enforceRestricted) { $1 },
            "kube-system": [:],
            "monitoring": warnAudit.merging([ps + "enforce": "privileged", ps + "enforce-version": version]) { $1 },
            "shop": [:],
        ]
    }

    @Test(arguments: ["namespaces-pods.yaml", "namespaces-workloads.json"], [false, true])
    func commandsApplyToTheDumpsLabelsAsPlanned(_ file: String, _ enforce: Bool) throws {
        let (code, console) = try run([file, "--format", "kubectl"] + (enforce ? ["--enforce"] : []))
        #expect(code == 1)
        let script = try KubectlLabelScript(console.outText)
        let before = try KubectlLabelScript.namespaceLabels(try dump(file))
        let after = script.apply(to: before)
        for (name, added) in Self.planned(enforce: enforce) {
            #expect(after[name] == before[name]!.merging(added) { $1 }, "\(name)")
        }
        #expect(script.commands.map(\.namespace) == (enforce
            ? ["batch", "default", "kube-node-lease", "kube-public", "monitoring"]
            : ["batch", "default", "kube-node-lease", "kube-public", "monitoring"]))
        // Never lower: every mode's level after is at least what it was.
        let rank = ["privileged": 0, "baseline": 1, "restricted": 2]
        for (name, labels) in before {
            for mode in ["enforce", "warn", "audit"] {
                guard let old = labels[Self.ps + mode] else { continue }
                #expect(rank[after[name]![Self.ps + mode]!]! >= rank[old]!, "\(name) \(mode)")
            }
        }
        #expect(after["shop"]?[Self.ps + "audit"] == "restricted", "shop's audit=restricted is above its recommended baseline and stays")
        #expect(console.outText.contains("# shop: its labels are already at or above the planned levels: nothing to change.\n"))
        #expect(console.outText.contains("# kube-system is exempt (see --format admission-config): no labels, PSA ignores an exempt namespace's labels.\n"))
        #expect(console.outText.contains("# The policy version is \"latest\": pinning the cluster's minor version is recommended\n"))
    }

    @Test func appliedLabelsLeaveNothingToDo() throws {
        let file = "namespaces-pods.yaml"
        let original = String(decoding: try dump(file), as: UTF8.self)
        for enforce in [false, true] {
            let flags = enforce ? ["--enforce"] : []
            let (_, first) = try run([file, "--format", "kubectl", "--policy-version", "v1.30"] + flags)
            #expect(!first.outText.contains("pinning"), "a version was given")
            let labels = try KubectlLabelScript(first.outText).apply(to: try KubectlLabelScript.namespaceLabels(Array(original.utf8)))
            #expect(labels["batch"]?[Self.ps + "warn-version"] == "v1.30")
            let dir = TempDir()
            dir.write("relabelled.yaml", KubectlLabelScript.relabel(original, labels))
            #expect(try KubectlLabelScript.namespaceLabels(Array(dir.read("relabelled.yaml").utf8)) == labels, "the helper relabels the dump")
            let (_, second) = try run(["relabelled.yaml", "--format", "kubectl", "--policy-version", "v1.30"] + flags, cwd: dir.path)
            #expect(try KubectlLabelScript(second.outText).commands.isEmpty, "\(second.outText)")
        }
    }

    @Test func podsWithoutTheirNamespacesGetNoCommands() throws {
        // `kubectl get pods -A -o yaml`: the Namespace objects (and their labels) are missing.
        let full = String(decoding: try dump("namespaces-pods.yaml"), as: UTF8.self)
        let parts = full.components(separatedBy: "\n- apiVersion: v1\n")
        let podsOnly = ([parts[0]] + parts.dropFirst().filter { !$0.hasPrefix("  kind: Namespace") }).joined(separator: "\n- apiVersion: v1\n")
        let dir = TempDir()
        dir.write("pods.yaml", podsOnly)
        let (_, console) = try run(["pods.yaml", "--format", "kubectl", "--enforce"], cwd: dir.path)
        #expect(try KubectlLabelScript(console.outText).commands.isEmpty)
        #expect(console.outText.contains("# Input: a live cluster (pods.yaml): 19 Pods of 11 workloads in 5 namespaces;"))
        #expect(console.outText.contains("# monitoring has no Namespace object in the input: its labels are unknown, none are planned (add namespaces to the kubectl get).\n"))
        let (_, config) = try run(["pods.yaml", "--format", "admission-config"], cwd: dir.path)
        #expect(try AdmissionConfiguration.parse(Array(config.outText.utf8)).defaults.enforce.level == .privileged)
        #expect(config.outText.contains("4 namespaces, held at privileged by monitoring, shop."), "unknown labels count as none")
    }

    @Test func repositoryManifestsGetCommandsToo() throws {
        let (_, console) = try run([ClusterMigrateTests.examples + "/../migrate", "--format", "kubectl", "--policy-version", "v1.29"])
        let script = try KubectlLabelScript(console.outText)
        #expect(script.commands.map(\.namespace) == ["batch", "monitoring", "shop"])
        #expect(!console.outText.contains("Input: a live cluster"))
    }

    @Test func admissionConfigurationParsesAndRoundTrips() throws {
        let dir = TempDir()
        let (code, console) = try run(["namespaces-pods.yaml", "--format", "admission-config"])
        #expect(code == 1)
        let config = try AdmissionConfiguration.parse(Array(console.outText.utf8))
        #expect(config.defaults.enforce == PolicySetting(level: .privileged, version: .latest), "shop's Pods meet only privileged today")
        #expect(config.defaults.audit == PolicySetting(level: .restricted, version: .latest))
        #expect(config.defaults.warn == PolicySetting(level: .restricted, version: .latest))
        #expect(config.exemptions.namespaces == ["kube-system"])
        #expect(console.outText.contains("      # labels are set) meets today, so that no running Pod breaks: 4 namespaces, held at privileged by shop.\n"))
        #expect(console.outText.contains("An exempt namespace is not evaluated at all: audit and warn fall silent there too."))

        // With shop exempt and enforce labels for the ready namespaces, default holds it at baseline.
        let flags = ["--enforce", "--policy-version", "v1.30", "--exempt-namespace", "shop"]
        let (_, second) = try run(["namespaces-workloads.json", "--format", "admission-config"] + flags)
        let path = dir.write("admission.yaml", second.outText)
        let exempted = try AdmissionConfiguration.parse(Array(second.outText.utf8))
        #expect(exempted.defaults.enforce == PolicySetting(level: .baseline, version: .v(30)))
        #expect(exempted.defaults.warn == PolicySetting(level: .restricted, version: .v(30)))
        #expect(exempted.exemptions.namespaces == ["kube-system", "shop"])
        #expect(second.outText.contains("1 namespace, held at baseline by default."))
        let (_, kubectl) = try run(["namespaces-workloads.json", "--format", "kubectl"] + flags)
        #expect(!(try KubectlLabelScript(kubectl.outText).commands.contains { $0.namespace == "shop" }), "an exempt namespace gets no labels")

        // Fed back: the same configuration, the same verdicts.
        let (_, again) = try run(["namespaces-workloads.json", "--format", "admission-config", "--admission-config", path] + flags)
        #expect(again.outText == second.outText)
        let (_, withConfig) = try run(["namespaces-workloads.json", "--format", "json", "--admission-config", path] + flags)
        let (_, without) = try run(["namespaces-workloads.json", "--format", "json"] + flags)
        #expect(withConfig.outText == without.outText)
        let (_, kubectlAgain) = try run(["namespaces-workloads.json", "--format", "kubectl", "--admission-config", path, "--enforce", "--policy-version", "v1.30"])
        #expect(kubectlAgain.outText == kubectl.outText, "shop is exempt through the configuration now")
    }

    @Test func planOnlyFormatsAndExemptNames() throws {
        #expect(throws: (any Error).self) { try PSSFixCommand.parseAsRoot(["migrate", "--format", "kubectl", "--diff", "x.yaml"]) }
        #expect(throws: (any Error).self) { try PSSFixCommand.parseAsRoot(["migrate", "--format", "admission-config", "--in-place", "x.yaml"]) }
        #expect(throws: (any Error).self) { try PSSFixCommand.parseAsRoot(["migrate", "--exempt-namespace", "Not_A_Name", "x.yaml"]) }
    }
}
