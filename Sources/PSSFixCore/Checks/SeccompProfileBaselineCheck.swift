/// `seccompProfile_baseline` (baseline, v1.0+): seccomp may not be switched off (psa-spec §3.10).
/// Annotations up to v1.18, fields from v1.19; replaced at restricted by
/// `seccompProfile_restricted` from v1.19.
public enum SeccompProfileBaselineCheck: Check {
    static let podAnnotation = "seccomp.security.alpha.kubernetes.io/pod"
    static let containerAnnotationPrefix = "container.seccomp.security.alpha.kubernetes.io/"

    public static let description = CheckDescription(
        id: "seccompProfile_baseline",
        title: "Seccomp (baseline)",
        level: .baseline,
        minimumVersion: .v(0),
        summary: "Seccomp profiles, when set, must be RuntimeDefault or Localhost; Unconfined is forbidden.",
        rationale: """
            The baseline profile does not require seccomp, but forbids explicitly disabling it. Which \
            settings count depends on the policy version, following the API's move from annotations to \
            fields:

            - v1.0–v1.18: only the alpha annotations `seccomp.security.alpha.kubernetes.io/pod` and \
            `container.seccomp.security.alpha.kubernetes.io/<container name>` (for containers in the spec) \
            are checked; `runtime/default`, `docker/default` and `localhost/<profile>` are allowed, anything \
            else (including `unconfined` and `""`) fails. Fields are ignored.
            - v1.19+: only `securityContext.seccompProfile.type` on the pod and containers is checked; \
            `RuntimeDefault` and `Localhost` are allowed, `Unconfined` and an empty type fail. Annotations \
            are ignored.

            At restricted, `seccompProfile_restricted` replaces this check from v1.19.
            """,
        versions: [
            .init(
                since: .v(0),
                "Annotations only: seccomp.security.alpha.kubernetes.io/pod and "
                    + "container.seccomp.security.alpha.kubernetes.io/<name> must be runtime/default, "
                    + "docker/default or localhost/*."),
            .init(
                since: .v(19),
                "Fields only: pod and container seccompProfile.type, when set, must be RuntimeDefault or "
                    + "Localhost. At restricted, replaced by seccompProfile_restricted."),
        ],
        fixSupport: .optIn,
        remedy: """
            At --level baseline (v1.19+) pss-fix replaces an explicit Unconfined seccomp type \
            with RuntimeDefault; an unset profile is allowed by baseline and left alone. For policy versions \
            before v1.19 the rule is about annotations: remove the annotation or set it to runtime/default.
            """,
        passing: [
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  containers:
                  - name: app
                    image: nginx:1.27
                """),
            CheckExample(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: api
                spec:
                  selector:
                    matchLabels: {app: api}
                  template:
                    metadata:
                      labels: {app: api}
                    spec:
                      securityContext:
                        seccompProfile: {type: RuntimeDefault}
                      containers:
                      - name: api
                        image: registry.example.com/api:2.1
                        securityContext:
                          seccompProfile:
                            type: Localhost
                            localhostProfile: profiles/api.json
                """),
            // From v1.19 the annotations are ignored.
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: legacy
                  annotations:
                    seccomp.security.alpha.kubernetes.io/pod: unconfined
                spec:
                  containers:
                  - name: app
                    image: nginx:1.27
                """, version: .v(19)),
            // Up to v1.18 the fields are ignored, and annotations for containers not in the spec too.
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: legacy
                  annotations:
                    seccomp.security.alpha.kubernetes.io/pod: docker/default
                    container.seccomp.security.alpha.kubernetes.io/removed: unconfined
                spec:
                  containers:
                  - name: app
                    image: nginx:1.27
                    securityContext:
                      seccompProfile: {type: Unconfined}
                """, version: .v(18)),
        ],
        failing: [
            CheckExample(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: browser
                spec:
                  selector:
                    matchLabels: {app: browser}
                  template:
                    metadata:
                      labels: {app: browser}
                    spec:
                      securityContext:
                        seccompProfile: {type: Unconfined}
                      initContainers:
                      - name: fonts
                        image: registry.example.com/fonts:1
                        securityContext:
                          seccompProfile: {type: Unconfined}
                      containers:
                      - name: chrome
                        image: registry.example.com/headless-chrome:120
                        securityContext:
                          seccompProfile: {type: RuntimeDefault}
                """,
                expected: #"seccompProfile (pod and container "fonts" must not set securityContext.seccompProfile.type to "Unconfined")"#),
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  containers:
                  - name: app
                    image: nginx:1.27
                    securityContext:
                      seccompProfile: {}
                """,
                expected: #"seccompProfile (container "app" must not set securityContext.seccompProfile.type to "")"#),
            // Up to v1.18 the annotations are what counts.
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: legacy
                  annotations:
                    seccomp.security.alpha.kubernetes.io/pod: unconfined
                    container.seccomp.security.alpha.kubernetes.io/app: runtime/default
                    container.seccomp.security.alpha.kubernetes.io/sidecar: ""
                spec:
                  containers:
                  - name: app
                    image: nginx:1.27
                  - name: sidecar
                    image: registry.example.com/proxy:2
                """, version: .v(18),
                expected: #"seccompProfile (forbidden annotations container.seccomp.security.alpha.kubernetes.io/sidecar="", seccomp.security.alpha.kubernetes.io/pod="unconfined")"#),
        ],
        fixes: [
            FixExample(
                before: """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: legacy
                spec:
                  securityContext:
                    seccompProfile: {type: Unconfined}
                  containers:
                  - name: app
                    image: app
                """,
                after: """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: legacy
                spec:
                  securityContext:
                    seccompProfile: {type: RuntimeDefault}
                  containers:
                  - name: app
                    image: app
                """, level: .baseline),
        ])

    public static func evaluate(_ pod: PodView, version: PolicyVersion) -> CheckViolation? {
        version.effectiveMinor < 19 ? annotations(pod) : fields(pod)
    }

    static func validType(_ type: String) -> Bool { type == "RuntimeDefault" || type == "Localhost" }

    static func validAnnotation(_ value: String) -> Bool {
        value == "runtime/default" || value == "docker/default" || value.hasPrefix("localhost/")
    }

    /// `seccompProfileBaseline_1_0`: the pod annotation and one per container name in the spec.
    static func annotations(_ pod: PodView) -> CheckViolation? {
        var values: [String: String] = [:]
        for entry in pod.annotations where values[entry.key] == nil { values[entry.key] = entry.value }
        var badContainers: [String] = []
        var forbidden: [String] = []
        if let value = values[podAnnotation], !validAnnotation(value) {
            forbidden.append(CheckFormatting.keyEqualsQuoted(podAnnotation, value))
        }
        for container in pod.containers {
            let key = containerAnnotationPrefix + container.name
            if let value = values[key], !validAnnotation(value) {
                badContainers.append(container.name)
                forbidden.append(CheckFormatting.keyEqualsQuoted(key, value))
            }
        }
        let entries = CheckFormatting.sortedSet(forbidden)
        guard !entries.isEmpty else { return nil }
        return CheckViolation(
            checkID: description.id, reason: "seccompProfile",
            detail: "forbidden \(CheckFormatting.pluralize("annotation", "annotations", entries.count)) \(entries.joined(separator: ", "))",
            containers: badContainers)
    }

    /// `seccompProfileBaseline_1_19`: explicit bad types only; an unset profile is fine.
    static func fields(_ pod: PodView) -> CheckViolation? {
        var badValues: [String] = []
        var podBad = false
        if let profile = pod.securityContext?.mapping("seccompProfile"),
            !validType(profile.stringField("type"))
        {
            podBad = true
            badValues.append(profile.stringField("type"))
        }
        var badContainers: [String] = []
        for container in pod.containers {
            guard let profile = container.securityContext?.mapping("seccompProfile") else { continue }
            let type = profile.stringField("type")
            if !validType(type) {
                badContainers.append(container.name)
                badValues.append(type)
            }
        }
        guard podBad || !badContainers.isEmpty else { return nil }
        let setters = CheckFormatting.setters(pod: podBad, containers: badContainers)
        let values = CheckFormatting.joinQuote(CheckFormatting.sortedSet(badValues))
        return CheckViolation(
            checkID: description.id, reason: "seccompProfile",
            detail: "\(setters) must not set securityContext.seccompProfile.type to \(values)", containers: badContainers)
    }
}
