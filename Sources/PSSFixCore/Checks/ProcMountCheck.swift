/// `procMount` (baseline, v1.0+): containers keep the default masked `/proc` (psa-spec §3.8).
/// From v1.35 user-namespace pods are exempt; restricted then uses `procMount_restricted`.
public enum ProcMountCheck: Check {
    public static let description = CheckDescription(
        id: "procMount",
        title: "/proc Mount Type",
        level: .baseline,
        minimumVersion: .v(0),
        summary: "securityContext.procMount must be unset or Default.",
        rationale: """
            The default `/proc` mount masks and makes read-only paths such as `/proc/kcore`, \
            `/proc/sys` and `/proc/sysrq-trigger`. `procMount: Unmasked` removes those protections and \
            exposes kernel interfaces of the node. Any value other than `Default` fails.

            From v1.35, baseline allows any value when `spec.hostUsers` is `false`: in a user namespace \
            an unmasked `/proc` refers to the pod's own namespaces. Restricted does not relax this: from \
            v1.35 `procMount_restricted` replaces this check there.
            """,
        versions: [
            .init(since: .v(0), "securityContext.procMount of every init, regular and ephemeral container must be unset or Default."),
            .init(
                since: .v(35),
                "Any value is allowed when spec.hostUsers is false. At restricted, replaced by procMount_restricted."),
        ],
        fixSupport: .optIn,
        remedy: """
            With --fix procMount, pss-fix sets procMount: Default; at baseline v1.35+ running the pod in a user \
            namespace (spec.hostUsers: false) is the alternative for nested container runtimes.
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
                    securityContext:
                      procMount: Default
                """),
            // From v1.35 user-namespace pods may unmask /proc.
            CheckExample(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: builder
                spec:
                  selector:
                    matchLabels: {app: builder}
                  template:
                    metadata:
                      labels: {app: builder}
                    spec:
                      hostUsers: false
                      containers:
                      - name: buildkit
                        image: moby/buildkit:v0.15.2-rootless
                        securityContext:
                          procMount: Unmasked
                """, version: .v(35)),
        ],
        failing: [
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: sysbox
                spec:
                  initContainers:
                  - name: prepare
                    image: busybox:1.36
                    securityContext:
                      procMount: Unmasked
                  containers:
                  - name: inner
                    image: registry.example.com/inner:1
                    securityContext:
                      procMount: Custom
                """,
                expected: #"procMount (containers "prepare", "inner" must not set securityContext.procMount to "Custom", "Unmasked")"#),
            // Before v1.35 hostUsers: false does not exempt the pod.
            CheckExample(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: builder
                spec:
                  selector:
                    matchLabels: {app: builder}
                  template:
                    metadata:
                      labels: {app: builder}
                    spec:
                      hostUsers: false
                      containers:
                      - name: buildkit
                        image: moby/buildkit:v0.15.2-rootless
                        securityContext:
                          procMount: Unmasked
                """, version: .v(34),
                expected: #"procMount (container "buildkit" must not set securityContext.procMount to "Unmasked")"#),
        ],
        fixes: [
            FixExample(
                before: """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: sandbox
                spec:
                  containers:
                  - name: runner
                    image: runner
                    securityContext:
                      procMount: Unmasked
                """,
                after: """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: sandbox
                spec:
                  containers:
                  - name: runner
                    image: runner
                    securityContext:
                      procMount: Default
                """, level: .baseline, optIn: ["procMount"]),
        ])

    public static func evaluate(_ pod: PodView, version: PolicyVersion) -> CheckViolation? {
        if version.effectiveMinor >= 35 && pod.hostUsers == false { return nil }
        return unrelaxed(pod, checkID: description.id)
    }

    /// Upstream `procMount_1_0`, without the user-namespace relaxation; `procMount_restricted`
    /// runs the same function under its own ID.
    static func unrelaxed(_ pod: PodView, checkID: String) -> CheckViolation? {
        var badContainers: [String] = []
        var badValues: [String] = []
        for container in pod.containers {
            // A present string, even "", that is not exactly "Default" is forbidden.
            guard let value = container.securityContext?["procMount"]?.string, value != "Default" else { continue }
            badContainers.append(container.name)
            badValues.append(value)
        }
        guard !badContainers.isEmpty else { return nil }
        let values = CheckFormatting.joinQuote(CheckFormatting.sortedSet(badValues))
        return CheckViolation(
            checkID: checkID, reason: "procMount",
            detail: "\(CheckFormatting.containers(badContainers)) must not set securityContext.procMount to \(values)",
            containers: badContainers)
    }
}
