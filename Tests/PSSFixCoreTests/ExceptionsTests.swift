import Foundation
import Testing

@testable import PSSFixCore

/// `pss-fix/ignore` annotations, the exceptions config file, and how `ExceptionFilter` splits
/// violations into active and exempted ones.
@Suite struct ExceptionsTests {
    static func workloads(_ yaml: String) throws -> [Workload] {
        Workload.find(in: try YAMLParser.parse(SourceText(yaml)))
    }

    static func workload(_ yaml: String) throws -> Workload {
        try #require(try workloads(yaml).first)
    }

    static func config(_ yaml: String) throws -> ExceptionConfig {
        try ExceptionConfig.parse(Array(yaml.utf8))
    }

    static func configError(_ yaml: String) -> ExceptionConfig.Error? {
        do {
            _ = try ExceptionConfig.parse(Array(yaml.utf8))
            return nil
        } catch {
            return error
        }
    }

    /// Evaluates and splits in one go.
    static func split(
        _ workload: Workload, _ set: ExceptionSet, level: PolicyLevel = .restricted, version: PolicyVersion = .latest
    ) -> (active: [CheckViolation], exempted: [ExemptedViolation], exemptions: WorkloadExemptions) {
        let violations = Evaluator.evaluate(workload.pod, level: level, version: version)
        let exemptions = set.exemptions(for: workload)
        let result = ExceptionFilter.split(violations, pod: workload.pod, exemptions: exemptions, level: level, version: version)
        return (result.active, result.exempted, exemptions)
    }

    /// A baseline-violating node agent: privileged container, hostPath volume, host network.
    static let agent = """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: node-agent
          namespace: monitoring
          annotations:
            pss-fix/ignore: "privileged, hostPathVolumes: node agent reads the host filesystem"
        spec:
          template:
            spec:
              hostNetwork: true
              containers:
              - name: agent
                image: agent:1
                securityContext:
                  privileged: true
              volumes:
              - name: root
                hostPath: {path: /}
        """

    // MARK: - Annotations

    @Test func workloadAnnotationExemptsItsChecks() throws {
        let workload = try Self.workload(Self.agent)
        let (active, exempted, exemptions) = Self.split(workload, ExceptionSet(config: nil, strict: false), level: .baseline)
        #expect(exemptions.problems.isEmpty)
        #expect(active.map(\.checkID) == ["hostNamespaces"])
        #expect(exempted.map(\.violation.checkID) == ["hostPathVolumes", "privileged"])
        #expect(exempted.allSatisfy { $0.containers.isEmpty && $0.reason == "node agent reads the host filesystem" })
        #expect(exempted[0].source == .annotation(key: "pss-fix/ignore", location: Location(line: 7, column: 21)))
        #expect(exemptions.isExempt(check: "privileged", container: nil) == (true, "node agent reads the host filesystem", exempted[0].source))
        #expect(exemptions.isExempt(check: "privileged", container: "agent").exempt)
        #expect(exemptions.isExempt(check: "hostNamespaces", container: nil) == (false, "", nil))
    }

    @Test func templateAnnotationsAreAcceptedAndEntriesSplitOnSemicolons() throws {
        let workload = try Self.workload("""
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: j
            spec:
              template:
                metadata:
                  annotations:
                    pss-fix/ignore: "HOSTNAMESPACES: needs the node's network;  Privileged , hostpathvolumes : mounts / ;"
                spec:
                  hostPID: true
                  containers:
                  - name: c
                    securityContext: {privileged: true}
                  volumes:
                  - {name: v, hostPath: {path: /}}
            """)
        let (active, exempted, exemptions) = Self.split(workload, ExceptionSet(config: nil, strict: false), level: .baseline)
        #expect(exemptions.problems.isEmpty)
        #expect(active.isEmpty)
        #expect(exemptions.exemptions.map(\.checkID) == ["hostNamespaces", "privileged", "hostPathVolumes"])
        #expect(exemptions.exemptions.map(\.reason) == ["needs the node's network", "mounts /", "mounts /"])
        #expect(exempted.count == 3)
    }

    @Test func podAnnotationsAreReadOnce() throws {
        let workload = try Self.workload("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
              annotations:
                pss-fix/ignore: "privileged: reason"
                pss-fix/ignore.nope: "privileged: reason"
            spec:
              containers:
              - name: c
                securityContext: {privileged: true}
            """)
        let exemptions = ExceptionSet(config: nil, strict: false).exemptions(for: workload)
        #expect(exemptions.exemptions.count == 1)
        #expect(exemptions.problems.count == 1)
    }

    static let twoContainers = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          annotations:
            pss-fix/ignore.legacy: "allowPrivilegeEscalation: legacy entrypoint uses sudo"
        spec:
          template:
            spec:
              securityContext:
                runAsNonRoot: true
                seccompProfile: {type: RuntimeDefault}
              containers:
              - name: app
                image: app:1
                securityContext:
                  capabilities: {drop: [ALL]}
              - name: legacy
                image: legacy:1
                securityContext:
                  capabilities: {drop: [ALL]}
        """

    @Test func containerAnnotationLeavesTheOtherContainersInTheViolation() throws {
        let workload = try Self.workload(Self.twoContainers)
        let (active, exempted, exemptions) = Self.split(workload, ExceptionSet(config: nil, strict: false))
        #expect(exemptions.problems.isEmpty)
        #expect(active.map(\.message) == [
            #"allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)"#
        ])
        #expect(active.first?.containers == ["app"])
        #expect(exempted.count == 1)
        #expect(exempted[0].containers == ["legacy"])
        #expect(exempted[0].reason == "legacy entrypoint uses sudo")
        #expect(exempted[0].violation.containers == ["app", "legacy"])
        #expect(exempted[0].source == .annotation(key: "pss-fix/ignore.legacy", location: Location(line: 6, column: 28)))
        #expect(exemptions.isExempt(check: "allowPrivilegeEscalation", container: "legacy").exempt)
        #expect(!exemptions.isExempt(check: "allowPrivilegeEscalation", container: "app").exempt)
        #expect(!exemptions.isExempt(check: "allowPrivilegeEscalation", container: nil).exempt)
    }

    @Test func containerAnnotationCoveringEveryOffenderExemptsTheWholeViolation() throws {
        let yaml = Self.twoContainers.replacingOccurrences(
            of: "image: app:1\n        securityContext:\n",
            with: "image: app:1\n        securityContext:\n          allowPrivilegeEscalation: false\n")
        #expect(yaml != Self.twoContainers)
        let workload = try Self.workload(yaml)
        let (active, exempted, _) = Self.split(workload, ExceptionSet(config: nil, strict: false))
        #expect(active.isEmpty)
        #expect(exempted.map(\.containers) == [["legacy"]])
    }

    @Test func aPodLevelPartStaysActive() throws {
        let workload = try Self.workload("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
              annotations:
                pss-fix/ignore.agent: "runAsNonRoot: vendor image runs as root"
            spec:
              securityContext: {runAsNonRoot: false}
              containers:
              - name: agent
                securityContext: {runAsNonRoot: false}
              - name: web
            """)
        let (active, exempted, _) = Self.split(workload, ExceptionSet(config: nil, strict: false))
        let runAsNonRoot = active.filter { $0.checkID == "runAsNonRoot" }
        #expect(runAsNonRoot.map(\.message) == [
            "runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)"
        ])
        #expect(exempted.map(\.containers) == [["agent"]])
    }

    @Test func containerKeyedAppArmorAnnotationsGoWithTheirContainer() throws {
        let workload = try Self.workload("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
              annotations:
                container.apparmor.security.beta.kubernetes.io/debug: unconfined
                pss-fix/ignore.debug: "appArmorProfile: debugging tools need ptrace"
            spec:
              containers:
              - name: debug
              - name: web
            """)
        let (active, exempted, _) = Self.split(workload, ExceptionSet(config: nil, strict: false), level: .baseline)
        #expect(active.isEmpty)
        #expect(exempted.map(\.violation.checkID) == ["appArmorProfile"])
        #expect(exempted.map(\.containers) == [["debug"]])
    }

    @Test func invalidAnnotationsAreReportedAndNeverApplied() throws {
        let workload = try Self.workload("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              annotations:
                pss-fix/ignore: "privileged, privilegd: typo in the middle; hostPorts; : no checks; hostNamespaces:  "
                pss-fix/ignore.ghost: "privileged: container does not exist"
                pss-fix/ignore.app: "hostNamespaces, privileged: pod-level check on a container"
                pss-fix/ignores: "privileged: misspelt key"
                pss-fix/ignore.: "privileged: empty container"
                pss-fix/ignore.web: {privileged: not a string}
                other/annotation: "privileged: unrelated"
            spec:
              template:
                spec:
                  hostNetwork: true
                  containers:
                  - name: app
                    ports: [{containerPort: 80, hostPort: 80}]
                    securityContext: {privileged: true}
                  - name: web
            """)
        let (active, exempted, exemptions) = Self.split(workload, ExceptionSet(config: nil, strict: false), level: .baseline)
        #expect(exemptions.exemptions.isEmpty)
        #expect(exempted.isEmpty)
        #expect(Set(active.map(\.checkID)) == ["hostNamespaces", "hostPorts", "privileged"])
        let problems = exemptions.problems
        #expect(problems.map(\.location.line) == [6, 6, 6, 6, 7, 8, 9, 10, 11])
        #expect(problems.map(\.key) == [
            "pss-fix/ignore", "pss-fix/ignore", "pss-fix/ignore", "pss-fix/ignore", "pss-fix/ignore.ghost",
            "pss-fix/ignore.app", "pss-fix/ignores", "pss-fix/ignore.", "pss-fix/ignore.web",
        ])
        #expect(problems[0].message.contains(#"unknown check "privilegd""#))
        #expect(problems[0].location == Location(line: 6, column: 21))
        #expect(problems[1].message.contains(#""hostPorts": missing reason"#))
        #expect(problems[2].message.contains("names no check"))
        #expect(problems[3].message.contains("missing reason after ':'"))
        #expect(problems[4].message.contains(#"no container named "ghost" in this pod (containers: "app", "web")"#))
        #expect(problems[4].location == Location(line: 7, column: 5))
        #expect(problems[5].message.contains("hostNamespaces is a pod-level check"))
        #expect(problems[6].message.contains("unknown pss-fix annotation"))
        #expect(problems[7].message.contains("unknown pss-fix annotation"))
        #expect(problems[8].message.contains("must be a string"))
        #expect(problems[0].description.hasPrefix("6:21: pss-fix/ignore: unknown check"))
    }

    @Test func emptyAnnotationIsAProblem() throws {
        let workload = try Self.workload("""
            kind: Pod
            metadata:
              annotations: {pss-fix/ignore: " ; "}
            spec:
              containers: [{name: c}]
            """)
        let exemptions = ExceptionSet(config: nil, strict: false).exemptions(for: workload)
        #expect(exemptions.problems.map(\.message) == ["empty exception; write CHECK[, CHECK...]: REASON"])
    }

    // MARK: - Config file

    static let configYAML = """
        # exceptions for vendored manifests
        exceptions:
        - kind: DaemonSet
          namespace: monitoring
          name: node-*
          checks: [hostNamespaces, HostPathVolumes]
          reason: node agents read host metrics
        - name: web
          container: legacy
          checks: [allowPrivilegeEscalation]
          reason: |
            legacy entrypoint uses sudo
        - checks: [hostProbesAndHostLifecycle]
          reason: probes use the node address everywhere
        """

    @Test func parsesTheConfigFile() throws {
        let config = try Self.config(Self.configYAML)
        #expect(config.rules.count == 3)
        let first = config.rules[0]
        #expect(first.kind == .daemonSet)
        #expect(first.namespace == "monitoring")
        #expect(first.name == "node-*")
        #expect(first.container == nil)
        #expect(first.checks == ["hostNamespaces", "hostPathVolumes"])
        #expect(first.reason == "node agents read host metrics")
        #expect(first.location == Location(line: 3, column: 3))
        #expect(config.rules[1].reason == "legacy entrypoint uses sudo")
        #expect(config.rules[1].source == .config(index: 1, location: Location(line: 8, column: 3)))
        #expect(config.rules[2].kind == nil && config.rules[2].name == nil)
        #expect(try Self.config("").rules.isEmpty)
        #expect(try Self.config("exceptions: []\n").rules.isEmpty)
        #expect(try Self.config("# nothing yet\nexceptions:\n").rules.isEmpty)
    }

    @Test func configMatchesByKindNamespaceAndNameGlob() throws {
        let config = try Self.config(Self.configYAML)
        let set = ExceptionSet(config: config, strict: false)
        let agent = try Self.workload(Self.agent.replacingOccurrences(of: "name: node-agent", with: "name: node-exporter"))
        let (active, exempted, _) = Self.split(agent, set, level: .baseline)
        // privileged and hostPathVolumes from the annotation, hostNamespaces from the config.
        #expect(active.isEmpty)
        let hostNamespaces = try #require(exempted.first { $0.violation.checkID == "hostNamespaces" })
        #expect(hostNamespaces.source == .config(index: 0, location: Location(line: 3, column: 3)))
        #expect(hostNamespaces.reason == "node agents read host metrics")

        for (replace, with) in [
            ("kind: DaemonSet", "kind: Deployment"), ("namespace: monitoring", "namespace: default"),
            ("name: node-agent", "name: agent"), ("  namespace: monitoring\n", ""),
        ] {
            let other = try Self.workload(Self.agent.replacingOccurrences(of: replace, with: with))
            let result = Self.split(other, set, level: .baseline)
            #expect(result.active.map(\.checkID) == ["hostNamespaces"], "\(replace) -> \(with)")
        }
    }

    @Test func configContainerEntriesCoverOnlyThatContainer() throws {
        let config = try Self.config(Self.configYAML)
        let workload = try Self.workload(Self.twoContainers.replacingOccurrences(of: "    pss-fix/ignore.legacy", with: "    x/y"))
        let (active, exempted, _) = Self.split(workload, ExceptionSet(config: config, strict: true))
        #expect(active.map(\.containers) == [["app"]])
        #expect(exempted.map(\.containers) == [["legacy"]])
        #expect(exempted.first?.source == .config(index: 1, location: Location(line: 8, column: 3)))
    }

    @Test func strictIgnoresAnnotationsButNotTheConfig() throws {
        let config = try Self.config(Self.configYAML)
        let workload = try Self.workload(Self.agent.replacingOccurrences(of: "name: node-agent", with: "name: node-exporter"))
        let (active, exempted, exemptions) = Self.split(workload, ExceptionSet(config: config, strict: true), level: .baseline)
        #expect(active.map(\.checkID) == ["privileged"])
        #expect(exempted.map(\.violation.checkID) == ["hostNamespaces", "hostPathVolumes"])
        #expect(exemptions.ignored == [.annotation(key: "pss-fix/ignore", location: Location(line: 7, column: 21))])
        #expect(exemptions.problems.isEmpty)
        // Without a config, strict leaves everything active.
        let bare = Self.split(workload, ExceptionSet(config: nil, strict: true), level: .baseline)
        #expect(bare.active.count == 3)
        #expect(bare.exempted.isEmpty)
    }

    @Test(arguments: [
        ("exceptions:\n- checks: [privileged]\n  reason: r\n  names: web\n", 4, 3, #"exceptions[0]: unknown key "names""#),
        ("exception:\n- checks: [privileged]\n", 1, 1, #"unknown key "exception""#),
        ("exceptions:\n- checks: [privileged, hostPath]\n  reason: r\n", 2, 24, #"exceptions[0].checks[1]: unknown check "hostPath""#),
        ("exceptions:\n- checks: [privileged]\n", 2, 3, "exceptions[0]: missing reason"),
        ("exceptions:\n- checks: [privileged]\n  reason: \"  \"\n", 3, 11, "exceptions[0]: missing reason"),
        ("exceptions:\n- reason: r\n", 2, 3, "exceptions[0]: missing checks"),
        ("exceptions:\n- reason: r\n  checks: []\n", 3, 11, "must name at least one check"),
        ("exceptions:\n- reason: r\n  checks: privileged\n", 3, 11, "checks must be a list"),
        ("exceptions:\n- reason: r\n  checks: [privileged]\n  kind: Deploy\n", 4, 9, #"unknown kind "Deploy""#),
        ("exceptions:\n- reason: r\n  checks: [privileged]\n  name: [a]\n", 4, 9, "exceptions[0].name must be a string"),
        ("exceptions:\n- reason: r\n  checks: [sysctls]\n  container: app\n", 3, 12, "sysctls is a pod-level check"),
        ("exceptions:\n- reason: r\n  checks: [{id: x}]\n", 3, 12, "exceptions[0].checks[0] must be a check ID"),
        ("exceptions:\n- privileged\n", 2, 3, "exceptions[0] must be a mapping"),
        ("exceptions: {}\n", 1, 13, "exceptions must be a list"),
        ("- a\n", 1, 1, "must be a mapping"),
        ("exceptions: [\n", 2, 1, "did not find expected node content"),
    ])
    func rejectsInvalidConfig(yaml: String, line: Int, column: Int, fragment: String) throws {
        let error = try #require(Self.configError(yaml), "\(yaml) should be rejected")
        #expect(error.message.contains(fragment), "\(error.message)")
        #expect(error.location == Location(line: line, column: column), "\(error)")
    }

    @Test(arguments: [
        ("node-*", "node-exporter", true), ("node-*", "node-", true), ("node-*", "nod", false),
        ("*-exporter", "node-exporter", true), ("*", "", true), ("a*b*c", "aXbYc", true), ("a*b*c", "aXbY", false),
        ("web", "web", true), ("web", "web2", false), ("*web*", "my-web-1", true), ("a**", "a", true),
    ])
    func nameGlobs(pattern: String, name: String, matches: Bool) {
        #expect(ExceptionConfig.Rule.glob(pattern, matches: name) == matches)
    }

    // MARK: - Filtering

    @Test func removingContainersLeavesTheOriginalUntouched() throws {
        let workload = try Self.workload("""
            kind: Pod
            metadata:
              annotations:
                container.apparmor.security.beta.kubernetes.io/b: unconfined
                container.apparmor.security.beta.kubernetes.io/c: unconfined
            spec:
              initContainers: [{name: a}]
              containers: [{name: b}, {name: c}]
              ephemeralContainers: [{name: a}]
            """)
        let pod = workload.pod
        let filtered = pod.removingContainers(named: ["a", "b"])
        #expect(filtered.containers.map(\.name) == ["c"])
        #expect(filtered.annotations.map(\.key) == ["container.apparmor.security.beta.kubernetes.io/c"])
        #expect(pod.containers.map(\.name) == ["a", "b", "c", "a"])
        #expect(pod.annotations.count == 2)
        #expect(pod.removingContainers(named: []).containers.count == 4)
    }

    @Test func noExemptionsKeepEverythingActive() throws {
        let workload = try Self.workload(Self.twoContainers)
        let violations = Evaluator.evaluate(workload.pod, level: .restricted, version: .latest)
        let result = ExceptionFilter.split(violations, pod: workload.pod, exemptions: .empty, level: .restricted, version: .latest)
        #expect(result.active == violations)
        #expect(result.exempted.isEmpty)
    }
}
