/// The policy one workload is judged at, and why.
public struct ResolvedPolicy: Sendable, Equatable {
    public enum Source: Sendable, Hashable {
        /// An explicit `--level` / `--policy-version` from the user.
        case override
        /// The Pod Security labels of the Namespace manifest with this name (missing labels took
        /// the admission defaults, or PSA's built-in `privileged:latest`).
        case namespaceLabels(String)
        /// The AdmissionConfiguration defaults: the namespace is undeclared or has no labels.
        case admissionDefaults
        /// pss-fix's fallback: no labels and no AdmissionConfiguration to go by.
        case fallback
        /// The namespace is exempt in the AdmissionConfiguration; PSA checks nothing.
        case exemptNamespace(String)
        /// `spec.runtimeClassName` is exempt in the AdmissionConfiguration; PSA checks nothing.
        case exemptRuntimeClass(String)
    }

    /// The level to judge at.
    public let level: PolicyLevel
    /// The version to judge at, unclamped (`Evaluator` clamps).
    public let version: PolicyVersion
    public let source: Source
    /// Which mode `level`/`version` come from; nil for an override, an exemption and the fallback.
    public let mode: PolicyMode?
    /// What PSA would apply in the workload's namespace, mode by mode. For an exemption these are
    /// the modes that would apply without it; for an override, the namespace's modes (informative
    /// only: the override decides).
    public let modes: PolicyModes
    /// Whether warn defaulting (psa-spec §5.1) raised `modes.warn` to the enforce level.
    public let warnDefaultedFromEnforce: Bool
    /// The Namespace manifest the workload's namespace resolved to, if any (its `problems` are the
    /// label parse errors PSA would add as an audit annotation).
    public let namespace: NamespacePolicy?

    /// `restricted:v1.29`, as PSA prints the policy (the version as written, unclamped).
    public var label: String { setting.label }
    public var setting: PolicySetting { PolicySetting(level: level, version: version) }

    public static func == (a: ResolvedPolicy, b: ResolvedPolicy) -> Bool {
        a.level == b.level && a.version == b.version && a.source == b.source && a.mode == b.mode
            && a.modes == b.modes && a.warnDefaultedFromEnforce == b.warnDefaultedFromEnforce
            && a.namespace?.documentIndex == b.namespace?.documentIndex && a.namespace?.listIndex == b.namespace?.listIndex
            && a.namespace?.name == b.namespace?.name
    }
}

/// Decides the level and version each workload is judged at, from the Namespace manifests in the
/// input, an optional AdmissionConfiguration and the user's flags.
///
/// Precedence, first match wins:
/// 1. **Override.** An explicit `--level` (and `--policy-version`) is what the user asked for: it wins
///    over everything, exemptions included (`source == .override`).
/// 2. **Exempt namespace**, then **exempt runtimeClass** (AdmissionConfiguration `exemptions`, exact
///    names): PSA evaluates nothing, so the level is `privileged`.
/// 3. **Namespace labels.** A Namespace manifest in the input that carries at least one
///    `pod-security.kubernetes.io/` mode label: its labels, with missing ones taken from the
///    AdmissionConfiguration defaults when one is given, else PSA's built-in `privileged:latest`
///    (that is what the cluster would do), then warn defaulting (psa-spec §5.1).
/// 4. **Admission defaults**, when an AdmissionConfiguration is given: for a namespace with no
///    manifest in the input, a manifest without Pod Security labels, and a workload without
///    `metadata.namespace` (its namespace is undeclared: it depends on where it is applied).
/// 5. **Fallback** (`restricted:latest` unless the caller says otherwise) otherwise.
///
/// **Strictest of the modes.** Within 3 and 4, the level is the strictest of the namespace's
/// enforce, audit and warn levels, each with its own version (ties: the newest version). PSA
/// *enforces* only on Pods; Deployments, Jobs and the other workload resources only get the
/// `warn` (a warning on `kubectl apply`) and `audit` (an audit-log annotation) modes and are never
/// rejected (psa-spec §5.2). pss-fix wants every one of those messages gone, for pods and for the
/// pods a controller will create, so it judges at the strictest mode rather than at enforce.
///
/// When a namespace appears in several Namespace manifests, the first one wins.
public struct PolicyResolver: Sendable {
    public let namespaces: [NamespacePolicy]
    public let admission: AdmissionConfiguration?
    public let override: PolicySetting?
    public let fallback: PolicySetting

    private let byName: [String: Int]

    public init(
        namespaces: [NamespacePolicy], admission: AdmissionConfiguration?,
        override: (level: PolicyLevel, version: PolicyVersion)?,
        fallback: (level: PolicyLevel, version: PolicyVersion) = (.restricted, .latest)
    ) {
        self.namespaces = namespaces
        self.admission = admission
        self.override = override.map { PolicySetting(level: $0.level, version: $0.version) }
        self.fallback = PolicySetting(level: fallback.level, version: fallback.version)
        var byName: [String: Int] = [:]
        for (i, ns) in namespaces.enumerated() {
            if let name = ns.name, byName[name] == nil { byName[name] = i }
        }
        self.byName = byName
    }

    /// The names of the Namespace manifests given, in input order, without duplicates.
    public func namespaceNames() -> [String] {
        var seen = Set<String>()
        return namespaces.compactMap(\.name).filter { seen.insert($0).inserted }
    }

    /// The Namespace manifest for `name` (the first one given), if any.
    public func namespacePolicy(named name: String?) -> NamespacePolicy? {
        guard let name, let i = byName[name] else { return nil }
        return namespaces[i]
    }

    /// The policy for a workload in `namespace` (its `metadata.namespace`; nil when it has none)
    /// whose pod spec has `runtimeClassName` (nil when unset).
    /// The namespace of objects that name none: a chart's release namespace (`helm template
    /// --namespace NS` installs them there), whose labels decide their level.
    public var defaultNamespace: String?

    public func policy(for namespace: String?, runtimeClassName: String?) -> ResolvedPolicy {
        let manifest = namespacePolicy(named: namespace)
        // What PSA would apply in this namespace, before overrides and exemptions.
        let modes: PolicyModes
        let base: ResolvedPolicy.Source
        var warnDefaulted = false
        if let manifest, let name = manifest.name, manifest.declaresPodSecurity {
            let defaults = admission?.defaults ?? .privileged
            modes = manifest.policies(defaults: defaults)
            warnDefaulted = manifest.warnDefaultedFromEnforce(defaults: defaults)
            base = .namespaceLabels(name)
        } else if let admission {
            modes = admission.defaults
            base = .admissionDefaults
        } else {
            modes = PolicyModes(all: fallback)
            base = .fallback
        }

        func resolved(_ setting: PolicySetting, _ source: ResolvedPolicy.Source, _ mode: PolicyMode?) -> ResolvedPolicy {
            ResolvedPolicy(
                level: setting.level, version: setting.version, source: source, mode: mode, modes: modes,
                warnDefaultedFromEnforce: warnDefaulted, namespace: manifest)
        }

        if let override { return resolved(override, .override, nil) }
        if let admission {
            if let namespace, admission.isExempt(namespace: namespace) {
                return resolved(.privilegedLatest, .exemptNamespace(namespace), nil)
            }
            if let runtimeClassName, admission.isExempt(runtimeClass: runtimeClassName) {
                return resolved(.privilegedLatest, .exemptRuntimeClass(runtimeClassName), nil)
            }
        }
        if base == .fallback { return resolved(fallback, .fallback, nil) }
        let strictest = modes.strictest
        return resolved(strictest.setting, base, strictest.mode)
    }

    /// The policy for a workload: its `metadata.namespace` and its pod's `spec.runtimeClassName`.
    public func policy(for workload: Workload) -> ResolvedPolicy {
        policy(for: workload.namespace ?? defaultNamespace, runtimeClassName: workload.pod.spec["runtimeClassName"]?.string)
    }
}
