/// `seccompProfile_restricted` (restricted, v1.19+): a seccomp profile of type `RuntimeDefault`
/// or `Localhost` must apply to every container (psa-spec §3.18). Replaces
/// `seccompProfile_baseline` at restricted.
public enum SeccompProfileRestrictedCheck: Check {
    public static let description = CheckDescription(
        id: "seccompProfile_restricted",
        title: "Seccomp (restricted)",
        level: .restricted,
        minimumVersion: .v(19),
        overrides: [(checkID: "seccompProfile_baseline", since: .v(19))],
        summary: """
            The pod, or every container, must set securityContext.seccompProfile.type to RuntimeDefault or \
            Localhost, and nothing may set another type.
            """,
        rationale: """
            Seccomp filters the system calls a container may make. Kubernetes runs containers \
            `Unconfined` unless a profile is requested, so the restricted profile makes one mandatory: \
            a pod-level `RuntimeDefault` or `Localhost` profile covers every container that does not set \
            its own, and each container that does set one must also use one of those two types. \
            `Unconfined` (or an empty type) is refused wherever it appears, even when the pod level is valid.

            Only the `securityContext.seccompProfile` fields count; the old seccomp annotations are \
            ignored. From v1.19 this check replaces `seccompProfile_baseline` at restricted, so before \
            v1.19 seccomp is not required. From v1.25 pods with `spec.os.name: windows` are exempt and \
            get no seccomp check at all.
            """,
        versions: [
            .init(
                since: .v(19),
                "Fields only: a valid pod-level profile or one on every container is required; any other "
                    + "type on pod or container fails. Replaces seccompProfile_baseline; before v1.19 seccomp "
                    + "is not required at restricted."),
            .init(since: .v(25), "Pods with spec.os.name: windows are exempt."),
        ],
        fixSupport: .automatic,
        remedy: """
            pss-fix sets spec.securityContext.seccompProfile.type: RuntimeDefault at pod level \
            unless every container already has RuntimeDefault or Localhost, and replaces an explicit Unconfined \
            (pod or container) with RuntimeDefault (reported as a changed value; --keep-explicit leaves it). \
            Localhost profiles are never touched, and Windows pods never get a seccomp profile.
            """,
        passing: [
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  securityContext:
                    seccompProfile:
                      type: RuntimeDefault
                  containers:
                  - name: app
                    image: nginx:1.27
                """),
            CheckExample(
                """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata:
                  name: db
                spec:
                  serviceName: db
                  selector:
                    matchLabels: {app: db}
                  template:
                    metadata:
                      labels: {app: db}
                    spec:
                      initContainers:
                      - name: init-perms
                        image: busybox:1.36
                        securityContext:
                          seccompProfile: {type: RuntimeDefault}
                      containers:
                      - name: postgres
                        image: postgres:16
                        securityContext:
                          seccompProfile:
                            type: Localhost
                            localhostProfile: profiles/postgres.json
                """),
            // Before v1.19 restricted does not require a profile (annotations fall to the baseline rule).
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
                """, version: .v(18)),
            // From v1.25 Windows pods are exempt.
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: iis
                spec:
                  os: {name: windows}
                  containers:
                  - name: iis
                    image: mcr.microsoft.com/windows/servercore/iis
                """, version: .v(25)),
        ],
        failing: [
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  initContainers:
                  - name: migrate
                    image: registry.example.com/migrate:1.4
                  containers:
                  - name: app
                    image: nginx:1.27
                """,
                expected: #"seccompProfile (pod or containers "migrate", "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")"#),
            // An explicit bad value is reported instead of missing ones, even under a valid pod profile.
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
                        seccompProfile:
                          type: RuntimeDefault
                      containers:
                      - name: chrome
                        image: registry.example.com/headless-chrome:120
                        securityContext:
                          seccompProfile:
                            type: Unconfined
                """,
                expected: #"seccompProfile (container "chrome" must not set securityContext.seccompProfile.type to "Unconfined")"#),
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: debug
                spec:
                  securityContext:
                    seccompProfile: {type: Unconfined}
                  containers:
                  - name: shell
                    image: busybox:1.36
                """,
                expected: #"seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")"#),
            // Before v1.25 Windows pods need a profile too.
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: iis
                spec:
                  os: {name: windows}
                  containers:
                  - name: iis
                    image: mcr.microsoft.com/windows/servercore/iis
                """, version: .v(24),
                expected: #"seccompProfile (pod or container "iis" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")"#),
        ],
        fixes: [
            FixExample(
                before: """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: tracer
                spec:
                  securityContext:
                    runAsNonRoot: true
                  containers:
                  - name: app
                    image: app
                    securityContext:
                      allowPrivilegeEscalation: false
                      capabilities:
                        drop: ["ALL"]
                  - name: tracer
                    image: tracer
                    securityContext:
                      allowPrivilegeEscalation: false
                      capabilities:
                        drop: ["ALL"]
                      seccompProfile:
                        type: Unconfined   # needs ptrace
                """,
                after: """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: tracer
                spec:
                  securityContext:
                    runAsNonRoot: true
                    seccompProfile:
                      type: RuntimeDefault
                  containers:
                  - name: app
                    image: app
                    securityContext:
                      allowPrivilegeEscalation: false
                      capabilities:
                        drop: ["ALL"]
                  - name: tracer
                    image: tracer
                    securityContext:
                      allowPrivilegeEscalation: false
                      capabilities:
                        drop: ["ALL"]
                      seccompProfile:
                        type: RuntimeDefault   # needs ptrace
                """),
        ])

    static func isValid(_ type: String) -> Bool { type == "RuntimeDefault" || type == "Localhost" }

    public static func evaluate(_ pod: PodView, version: PolicyVersion) -> CheckViolation? {
        if version.effectiveMinor >= 25 && pod.isWindows { return nil }
        var podBad = false
        var podCovers = false
        var badValues: [String] = []
        if let profile = pod.securityContext?.mapping("seccompProfile") {
            let type = profile.stringField("type")
            if isValid(type) { podCovers = true } else {
                podBad = true
                badValues.append(type)
            }
        }
        var explicitlyBad: [String] = []
        var implicitlyBad: [String] = []
        for container in pod.containers {
            if let profile = container.securityContext?.mapping("seccompProfile") {
                let type = profile.stringField("type")
                if !isValid(type) {
                    explicitlyBad.append(container.name)
                    badValues.append(type)
                }
            } else if !podCovers {
                implicitlyBad.append(container.name)
            }
        }
        // Explicit bad values take precedence over missing profiles (upstream returns only one message).
        if podBad || !explicitlyBad.isEmpty {
            let setters = CheckFormatting.setters(pod: podBad, containers: explicitlyBad)
            let values = CheckFormatting.joinQuote(CheckFormatting.sortedSet(badValues))
            return CheckViolation(
                checkID: description.id, reason: "seccompProfile",
                detail: "\(setters) must not set securityContext.seccompProfile.type to \(values)",
                containers: explicitlyBad)
        }
        guard !implicitlyBad.isEmpty else { return nil }
        return CheckViolation(
            checkID: description.id, reason: "seccompProfile",
            detail: #"pod or \#(CheckFormatting.containers(implicitlyBad)) must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost""#,
            containers: implicitlyBad)
    }
}
