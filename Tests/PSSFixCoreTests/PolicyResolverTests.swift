import Testing

@testable import PSSFixCore

/// Namespace labels (psa-spec §5.1), AdmissionConfiguration (§6) and how `PolicyResolver` picks
/// the level and version each workload is judged at.
@Suite struct PolicyResolverTests {
    static func namespaces(_ yaml: String) throws -> [NamespacePolicy] {
        NamespacePolicy.find(in: try YAMLParser.parse(SourceText(yaml)))
    }

    static func namespace(_ labels: [String: String], name: String = "team") throws -> NamespacePolicy {
        var yaml = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \(name)\n"
        if !labels.isEmpty {
            yaml += "  labels:\n"
            for (key, value) in labels.sorted(by: { $0.key < $1.key }) {
                yaml += "    pod-security.kubernetes.io/\(key): \"\(value)\"\n"
            }
        }
        return try #require(try namespaces(yaml).first)
    }

    static func admission(_ yaml: String) throws -> AdmissionConfiguration {
        try AdmissionConfiguration.parse(Array(yaml.utf8))
    }

    static func admissionError(_ yaml: String) -> AdmissionConfiguration.Error? {
        do {
            _ = try AdmissionConfiguration.parse(Array(yaml.utf8))
            return nil
        } catch {
            return error
        }
    }

    static func setting(_ level: PolicyLevel, _ version: PolicyVersion = .latest) -> PolicySetting {
        PolicySetting(level: level, version: version)
    }

    // MARK: - Namespace manifests

    @Test func findsNamespacesWithTheirLabelsAndLocations() throws {
        let yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            ---
            # the team namespace
            apiVersion: v1
            kind: Namespace
            metadata:
              name: team
              labels:
                app: web
                pod-security.kubernetes.io/enforce: baseline
                pod-security.kubernetes.io/enforce-version: v1.29
                pod-security.kubernetes.io/audit: restricted
            ---
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: c}
            - apiVersion: v1
              kind: Namespace
              metadata: {name: other}
            ---
            apiVersion: v9beta
            kind: Namespace
            metadata:
              name: future
            """
        let found = try Self.namespaces(yaml)
        #expect(found.map(\.name) == ["team", "other", "future"])
        let team = found[0]
        #expect(team.documentIndex == 1)
        #expect(team.listIndex == nil)
        #expect(team.location == Location(line: 8, column: 1))
        #expect(team.labels != nil)
        #expect(team.enforce == .init(level: .baseline, version: .v(29)))
        #expect(team.audit == .init(level: .restricted, version: nil))
        #expect(team.warn == .init(level: nil, version: nil))
        #expect(team.problems.isEmpty)
        #expect(team.declaresPodSecurity)
        #expect(found[1].listIndex == 1)
        #expect(found[1].documentIndex == 2)
        #expect(found[1].labels == nil)
        #expect(!found[1].declaresPodSecurity)
        #expect(found[2].location == Location(line: 28, column: 1))
    }

    @Test func invalidLevelsFailClosedForEnforceAndOpenForAuditAndWarn() throws {
        let yaml = """
            kind: Namespace
            metadata:
              name: bad
              labels:
                pod-security.kubernetes.io/enforce: Restricted
                pod-security.kubernetes.io/enforce-version: "1.25"
                pod-security.kubernetes.io/audit: strict
                pod-security.kubernetes.io/audit-version: v1.05
                pod-security.kubernetes.io/warn: ""
                pod-security.kubernetes.io/warn-version: latest
            """
        let ns = try #require(try Self.namespaces(yaml).first)
        #expect(ns.enforce == .init(level: .restricted, version: .latest))
        #expect(ns.audit == .init(level: .privileged, version: .latest))
        #expect(ns.warn == .init(level: .privileged, version: .latest))
        #expect(!ns.hasValidEnforceLevel)
        #expect(ns.problems.map(\.key) == [
            "pod-security.kubernetes.io/enforce", "pod-security.kubernetes.io/enforce-version",
            "pod-security.kubernetes.io/audit", "pod-security.kubernetes.io/audit-version",
            "pod-security.kubernetes.io/warn",
        ])
        #expect(ns.problems.map(\.value) == ["Restricted", "1.25", "strict", "v1.05", ""])
        #expect(ns.problems.map(\.location.line) == [5, 6, 7, 8, 9])
        #expect(ns.problems[0].location == Location(line: 5, column: 41))
        #expect(ns.problems[0].message == "must be one of privileged, baseline, restricted")
        #expect(ns.problems[1].message == #"must be "latest" or "v1.x""#)
        #expect(
            ns.problems[0].description
                == #"metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "Restricted": must be one of privileged, baseline, restricted"#
        )
        // No warn defaulting from an invalid enforce level; warn label is present anyway.
        let modes = ns.policies()
        #expect(modes.enforce == Self.setting(.restricted))
        #expect(modes.audit == Self.setting(.privileged))
        #expect(modes.warn == Self.setting(.privileged))
    }

    @Test func nullAndCollectionLabelValuesAreInvalid() throws {
        let yaml = """
            kind: Namespace
            metadata:
              name: n
              labels:
                pod-security.kubernetes.io/enforce:
                pod-security.kubernetes.io/warn-version: [v1.2]
            """
        let ns = try #require(try Self.namespaces(yaml).first)
        #expect(ns.enforce.level == .restricted)
        #expect(ns.warn.version == .latest)
        #expect(ns.problems.map(\.value) == ["", ""])
    }

    @Test func invalidEnforceDoesNotTriggerWarnDefaulting() throws {
        let ns = try Self.namespace(["enforce": "RESTRICTED"])
        let modes = ns.policies()
        #expect(modes.enforce.level == .restricted)
        #expect(modes.warn.level == .privileged)
        #expect(!ns.warnDefaultedFromEnforce())
    }

    @Test func warnDefaultsToAStricterEnforce() throws {
        let onlyEnforce = try Self.namespace(["enforce": "restricted"])
        #expect(onlyEnforce.policies().warn == Self.setting(.restricted))
        #expect(onlyEnforce.policies().audit == Self.setting(.privileged))
        #expect(onlyEnforce.warnDefaultedFromEnforce())

        let withVersion = try Self.namespace(["enforce": "baseline", "enforce-version": "v1.25"])
        #expect(withVersion.policies().warn == Self.setting(.baseline, .v(25)))

        let warnVersion = try Self.namespace(["enforce": "baseline", "enforce-version": "v1.25", "warn-version": "v1.28"])
        #expect(warnVersion.policies().warn == Self.setting(.baseline, .v(28)))

        let explicitWarn = try Self.namespace(["enforce": "restricted", "warn": "privileged"])
        #expect(explicitWarn.policies().warn == Self.setting(.privileged))
        #expect(!explicitWarn.warnDefaultedFromEnforce())

        let privilegedEnforce = try Self.namespace(["enforce": "privileged"])
        #expect(privilegedEnforce.policies().warn == Self.setting(.privileged))

        // Enforce not stricter than the (default) warn level: nothing changes.
        let defaults = PolicyModes(enforce: Self.setting(.privileged), audit: Self.setting(.privileged), warn: Self.setting(.restricted, .v(30)))
        let baseline = try Self.namespace(["enforce": "baseline"])
        #expect(baseline.policies(defaults: defaults).warn == Self.setting(.restricted, .v(30)))
        #expect(!baseline.warnDefaultedFromEnforce(defaults: defaults))
        // Stricter than a baseline default warn: raised, with the enforce version.
        let defaults2 = PolicyModes(enforce: Self.setting(.baseline, .v(20)), audit: Self.setting(.baseline), warn: Self.setting(.baseline, .v(21)))
        let restricted = try Self.namespace(["enforce": "restricted"])
        #expect(restricted.policies(defaults: defaults2).warn == Self.setting(.restricted, .v(20)))
        #expect(restricted.policies(defaults: defaults2).enforce == Self.setting(.restricted, .v(20)))
        #expect(restricted.policies(defaults: defaults2).audit == Self.setting(.baseline))
    }

    @Test func labelsReachedThroughAnchorsAndMergeKeys() throws {
        let yaml = """
            kind: Namespace
            metadata:
              name: merged
              labels:
                <<: {pod-security.kubernetes.io/audit: &lvl baseline}
                pod-security.kubernetes.io/warn: *lvl
            """
        let ns = try #require(try Self.namespaces(yaml).first)
        #expect(ns.audit.level == .baseline)
        #expect(ns.warn.level == .baseline)
    }

    // MARK: - AdmissionConfiguration

    static let fullAdmission = """
        apiVersion: apiserver.config.k8s.io/v1
        kind: AdmissionConfiguration
        plugins:
        - name: ResourceQuota
          path: quota.yaml
        - name: PodSecurity
          configuration:
            apiVersion: pod-security.admission.config.k8s.io/v1
            kind: PodSecurityConfiguration
            defaults:
              enforce: baseline
              enforce-version: v1.29
              warn: restricted
            exemptions:
              usernames: ["system:serviceaccount:kube-system:replicaset-controller"]
              runtimeClasses: [kata, gvisor.example.com]
              namespaces: [kube-system]
        """

    @Test func parsesAnAdmissionConfigurationWithInlinePodSecurity() throws {
        let config = try Self.admission(Self.fullAdmission)
        #expect(config.defaults.enforce == Self.setting(.baseline, .v(29)))
        #expect(config.defaults.audit == Self.setting(.privileged))
        #expect(config.defaults.warn == Self.setting(.restricted))
        #expect(config.exemptions.namespaces == ["kube-system"])
        #expect(config.exemptions.runtimeClasses == ["kata", "gvisor.example.com"])
        #expect(config.exemptions.usernames == ["system:serviceaccount:kube-system:replicaset-controller"])
        #expect(config.isExempt(namespace: "kube-system"))
        #expect(!config.isExempt(namespace: "kube"))
        #expect(!config.isExempt(namespace: nil))
        #expect(config.isExempt(runtimeClass: "kata"))
        #expect(!config.isExempt(runtimeClass: ""))
    }

    @Test(arguments: ["v1", "v1beta1", "v1alpha1"])
    func parsesABarePodSecurityConfiguration(version: String) throws {
        let config = try Self.admission("""
            apiVersion: pod-security.admission.config.k8s.io/\(version)
            kind: PodSecurityConfiguration
            defaults:
              audit: restricted
              audit-version: v1.30
            """)
        #expect(config.defaults.audit == Self.setting(.restricted, .v(30)))
        #expect(config.defaults.enforce == Self.setting(.privileged))
        #expect(config.exemptions == .init())
    }

    @Test func missingPodSecurityPluginOrConfigurationMeansDefaults() throws {
        let none = try Self.admission("""
            apiVersion: apiserver.config.k8s.io/v1
            kind: AdmissionConfiguration
            plugins:
            - name: EventRateLimit
              path: eventconfig.yaml
            """)
        #expect(none == AdmissionConfiguration())
        #expect(none.defaults == .privileged)
        let empty = try Self.admission("""
            apiVersion: apiserver.config.k8s.io/v1
            kind: AdmissionConfiguration
            plugins:
            - name: PodSecurity
            """)
        #expect(empty == AdmissionConfiguration())
    }

    @Test(arguments: [
        // (yaml, line, column, message fragment)
        ("apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\ndefaults:\n  enforce: strict\n",
         4, 12, #"defaults.enforce: Invalid value: "strict": must be one of privileged, baseline, restricted"#),
        ("apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\ndefaults:\n  warn-version: v1.x\n",
         4, 17, #"defaults.warn-version: Invalid value: "v1.x": must be "latest" or "v1.x""#),
        ("apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\ndefaults:\n  enforce-version: 1.25\n",
         4, 20, "must be a string"),
        ("apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\ndefaults:\n  enforce: baseline\n  enforceVersion: v1.2\n",
         5, 3, #"unknown field "enforceVersion""#),
        ("apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\nexemption:\n  namespaces: [a]\n",
         3, 1, #"unknown field "exemption""#),
        ("apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\nexemptions:\n  namespaces: [a, b, a]\n",
         4, 22, #"exemptions.namespaces[2]: Duplicate value: "a""#),
        ("apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\nexemptions:\n  namespaces: [Kube_System]\n",
         4, 16, #"exemptions.namespaces[0]: Invalid value: "Kube_System""#),
        ("apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\nexemptions:\n  runtimeClasses: [-kata]\n",
         4, 20, #"exemptions.runtimeClasses[0]: Invalid value: "-kata""#),
        ("apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\nexemptions:\n  usernames: [\"\"]\n",
         4, 15, "must be non-empty"),
        ("apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\nexemptions:\n  usernames: admin\n",
         4, 14, "must be a list"),
        ("apiVersion: pod-security.admission.config.k8s.io/v2\nkind: PodSecurityConfiguration\n",
         1, 13, "apiVersion must be one of"),
        ("apiVersion: v1\nkind: ConfigMap\n", 2, 7, "kind must be AdmissionConfiguration or PodSecurityConfiguration"),
        ("kind: PodSecurityConfiguration\n", 1, 1, "missing apiVersion"),
        ("apiVersion: apiserver.config.k8s.io/v2\nkind: AdmissionConfiguration\n", 1, 13, "AdmissionConfiguration must have apiVersion"),
        ("apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugin: []\n", 3, 1, #"unknown field "plugin""#),
        ("apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n- name: PodSecurity\n  path: /etc/psa.yaml\n",
         5, 9, "reads inline configurations only"),
        ("apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n- name: PodSecurity\n- name: PodSecurity\n",
         5, 9, "duplicate PodSecurity plugin"),
        ("apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n- name: PodSecurity\n  configuration:\n    apiVersion: pod-security.admission.config.k8s.io/v1\n    kind: PodSecurityConfiguration\n    defaults: {audit: Baseline}\n",
         8, 23, #"plugins[0].configuration.defaults.audit: Invalid value: "Baseline""#),
        ("apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n- name: PodSecurity\n  configuration:\n    kind: PodSecurityConfiguration\n",
         6, 5, "missing apiVersion"),
        ("", 1, 1, "empty file"),
        ("a: [\n", 2, 1, "did not find expected node content"),
        ("apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\n---\nkind: Other\n", 4, 1, "expected one document"),
    ])
    func rejectsInvalidAdmissionConfigurations(yaml: String, line: Int, column: Int, fragment: String) throws {
        let error = try #require(Self.admissionError(yaml), "\(yaml) should be rejected")
        #expect(error.message.contains(fragment), "\(error.message)")
        #expect(error.location == Location(line: line, column: column), "\(error)")
    }

    // MARK: - Resolver

    static let mixed = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: prod
          labels:
            pod-security.kubernetes.io/enforce: baseline
            pod-security.kubernetes.io/enforce-version: v1.29
            pod-security.kubernetes.io/audit: restricted
            pod-security.kubernetes.io/audit-version: v1.99
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: plain
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: prod
          labels:
            pod-security.kubernetes.io/enforce: privileged
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: kube-system
          labels:
            pod-security.kubernetes.io/enforce: restricted
        """

    @Test func judgesAtTheStrictestModeWithItsOwnVersion() throws {
        let resolver = PolicyResolver(namespaces: try Self.namespaces(Self.mixed), admission: nil, override: nil)
        let prod = resolver.policy(for: "prod", runtimeClassName: nil)
        #expect(prod.level == .restricted)
        #expect(prod.version == .v(99))
        #expect(prod.label == "restricted:v1.99")
        #expect(prod.source == .namespaceLabels("prod"))
        #expect(prod.mode == .audit)
        #expect(prod.modes.enforce == Self.setting(.baseline, .v(29)))
        // Warn defaulted from enforce (baseline is stricter than the privileged default).
        #expect(prod.modes.warn == Self.setting(.baseline, .v(29)))
        #expect(prod.warnDefaultedFromEnforce)
        #expect(prod.namespace?.documentIndex == 0)
        // Only enforce=restricted: warn defaulting makes warn restricted too.
        let system = resolver.policy(for: "kube-system", runtimeClassName: nil)
        #expect(system.setting == Self.setting(.restricted))
        #expect(system.mode == .enforce)
    }

    @Test func tiesAtOneLevelPickTheNewestVersion() {
        let modes = PolicyModes(
            enforce: Self.setting(.restricted, .v(24)), audit: Self.setting(.baseline), warn: Self.setting(.restricted, .v(30)))
        #expect(modes.strictest.mode == .warn)
        #expect(modes.strictest.setting == Self.setting(.restricted, .v(30)))
        let latest = PolicyModes(
            enforce: Self.setting(.restricted, .v(99)), audit: Self.setting(.restricted), warn: Self.setting(.restricted, .v(99)))
        #expect(latest.strictest.mode == .audit)
        let same = PolicyModes(all: Self.setting(.baseline, .v(25)))
        #expect(same.strictest.mode == .enforce)
        #expect(modes.distinctSettings == [Self.setting(.restricted, .v(24)), Self.setting(.baseline), Self.setting(.restricted, .v(30))])
        #expect(PolicyModes.privileged.distinctSettings.isEmpty)
        #expect(PolicyModes.privileged.strictest.setting.label == "privileged:latest")
    }

    @Test func undeclaredNamespacesUseTheFallbackWithoutAnAdmissionConfiguration() throws {
        let resolver = PolicyResolver(namespaces: try Self.namespaces(Self.mixed), admission: nil, override: nil)
        for namespace in [nil, "elsewhere", "plain"] as [String?] {
            let policy = resolver.policy(for: namespace, runtimeClassName: nil)
            #expect(policy.source == .fallback)
            #expect(policy.setting == Self.setting(.restricted))
            #expect(policy.mode == nil)
        }
        let custom = PolicyResolver(namespaces: [], admission: nil, override: nil, fallback: (.baseline, .v(27)))
        #expect(custom.policy(for: "x", runtimeClassName: nil).label == "baseline:v1.27")
    }

    @Test func undeclaredNamespacesUseTheAdmissionDefaults() throws {
        let admission = try Self.admission(Self.fullAdmission)
        let resolver = PolicyResolver(namespaces: try Self.namespaces(Self.mixed), admission: admission, override: nil)
        for namespace in [nil, "elsewhere", "plain"] as [String?] {
            let policy = resolver.policy(for: namespace, runtimeClassName: nil)
            #expect(policy.source == .admissionDefaults)
            // enforce baseline:v1.29, warn restricted:latest → restricted from warn.
            #expect(policy.setting == Self.setting(.restricted))
            #expect(policy.mode == .warn)
            #expect(policy.modes == admission.defaults)
        }
    }

    @Test func missingLabelsTakeTheAdmissionDefaults() throws {
        let admission = try Self.admission("""
            apiVersion: pod-security.admission.config.k8s.io/v1
            kind: PodSecurityConfiguration
            defaults: {enforce: baseline, audit: baseline, audit-version: v1.22}
            """)
        let ns = try Self.namespace(["warn": "baseline", "warn-version": "v1.30"], name: "team")
        let resolver = PolicyResolver(namespaces: [ns], admission: admission, override: nil)
        let policy = resolver.policy(for: "team", runtimeClassName: nil)
        #expect(policy.modes.enforce == Self.setting(.baseline))
        #expect(policy.modes.audit == Self.setting(.baseline, .v(22)))
        #expect(policy.modes.warn == Self.setting(.baseline, .v(30)))
        #expect(policy.setting == Self.setting(.baseline))  // latest is newest
        #expect(policy.mode == .enforce)
        #expect(policy.source == .namespaceLabels("team"))
        // Without an admission configuration the missing labels are PSA's privileged:latest.
        let bare = PolicyResolver(namespaces: [ns], admission: nil, override: nil).policy(for: "team", runtimeClassName: nil)
        #expect(bare.modes.enforce == Self.setting(.privileged))
        #expect(bare.setting == Self.setting(.baseline, .v(30)))
        #expect(bare.mode == .warn)
    }

    @Test func allPrivilegedLabelsJudgeAtPrivileged() throws {
        let ns = try Self.namespace(["enforce": "privileged", "audit": "privileged", "warn": "privileged"])
        let policy = PolicyResolver(namespaces: [ns], admission: nil, override: nil).policy(for: "team", runtimeClassName: nil)
        #expect(policy.level == .privileged)
        #expect(policy.source == .namespaceLabels("team"))
    }

    @Test func exemptionsMakeTheWorkloadPrivileged() throws {
        let admission = try Self.admission(Self.fullAdmission)
        let resolver = PolicyResolver(namespaces: try Self.namespaces(Self.mixed), admission: admission, override: nil)
        let system = resolver.policy(for: "kube-system", runtimeClassName: "kata")
        #expect(system.level == .privileged)
        #expect(system.source == .exemptNamespace("kube-system"))
        #expect(system.label == "privileged:latest")
        // The modes still say what the labels declare.
        #expect(system.modes.enforce.level == .restricted)
        let kata = resolver.policy(for: "prod", runtimeClassName: "kata")
        #expect(kata.level == .privileged)
        #expect(kata.source == .exemptRuntimeClass("kata"))
        let undeclared = resolver.policy(for: nil, runtimeClassName: "gvisor.example.com")
        #expect(undeclared.source == .exemptRuntimeClass("gvisor.example.com"))
        let other = resolver.policy(for: "prod", runtimeClassName: "runc")
        #expect(other.source == .namespaceLabels("prod"))
        #expect(other.level == .restricted)
    }

    @Test func anExplicitOverrideWinsOverEverything() throws {
        let admission = try Self.admission(Self.fullAdmission)
        let resolver = PolicyResolver(
            namespaces: try Self.namespaces(Self.mixed), admission: admission, override: (.baseline, .v(25)))
        for (namespace, runtimeClass) in [("prod", nil), ("kube-system", nil), ("prod", "kata"), (nil, nil)] as [(String?, String?)] {
            let policy = resolver.policy(for: namespace, runtimeClassName: runtimeClass)
            #expect(policy.source == .override)
            #expect(policy.label == "baseline:v1.25")
            #expect(policy.mode == nil)
        }
        #expect(resolver.policy(for: "prod", runtimeClassName: nil).modes.audit == Self.setting(.restricted, .v(99)))
    }

    @Test func namespaceNamesAreUniqueAndTheFirstManifestWins() throws {
        let resolver = PolicyResolver(namespaces: try Self.namespaces(Self.mixed), admission: nil, override: nil)
        #expect(resolver.namespaceNames() == ["prod", "plain", "kube-system"])
        #expect(resolver.namespacePolicy(named: "prod")?.documentIndex == 0)
        #expect(resolver.namespacePolicy(named: nil) == nil)
    }

    @Test func resolvesAWorkloadByItsNamespaceAndRuntimeClass() throws {
        let stream = try YAMLParser.parse(SourceText(Self.mixed + """

            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: prod
            spec:
              template:
                spec:
                  runtimeClassName: kata
                  containers:
                  - name: app
                    image: nginx
            """))
        let admission = try Self.admission(Self.fullAdmission)
        let resolver = PolicyResolver(namespaces: NamespacePolicy.find(in: stream), admission: admission, override: nil)
        let workload = try #require(Workload.find(in: stream).first)
        #expect(resolver.policy(for: workload).source == .exemptRuntimeClass("kata"))
        let noAdmission = PolicyResolver(namespaces: NamespacePolicy.find(in: stream), admission: nil, override: nil)
        #expect(noAdmission.policy(for: workload).source == .namespaceLabels("prod"))
    }
}
