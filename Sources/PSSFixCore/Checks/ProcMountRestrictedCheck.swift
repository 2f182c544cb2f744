/// `procMount_restricted` (restricted, v1.35+): the baseline `procMount` rule without the
/// user-namespace relaxation (psa-spec §3.8).
public enum ProcMountRestrictedCheck: Check {
    public static let description = CheckDescription(
        id: "procMount_restricted",
        title: "/proc Mount Type (restricted)",
        level: .restricted,
        minimumVersion: .v(35),
        overrides: [(checkID: "procMount", since: .v(35))],
        summary: "securityContext.procMount must be unset or Default, even in user-namespace pods.",
        rationale: """
            From v1.35 the baseline `procMount` check lets pods with `spec.hostUsers: false` unmask \
            `/proc`. The restricted profile keeps the stricter rule: this check re-runs the original \
            `procMount` logic and replaces the baseline check at restricted, so `procMount: Unmasked` \
            fails whatever `hostUsers` says. Its reason is `procMount`, like the baseline check's.
            """,
        versions: [
            .init(
                since: .v(35),
                "securityContext.procMount of every container must be unset or Default, with no hostUsers "
                    + "relaxation. Replaces procMount at restricted; before v1.35 restricted uses procMount itself."),
        ],
        fixSupport: .optIn,
        remedy: """
            With --fix procMount_restricted, pss-fix sets procMount: Default; workloads that need an unmasked \
            /proc cannot run at restricted and belong in a baseline namespace with hostUsers: false.
            """,
        passing: [
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  hostUsers: false
                  containers:
                  - name: app
                    image: nginx:1.27
                    securityContext:
                      procMount: Default
                """),
            CheckExample(
                """
                apiVersion: batch/v1
                kind: CronJob
                metadata:
                  name: nightly
                spec:
                  schedule: "0 3 * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: OnFailure
                          containers:
                          - name: job
                            image: registry.example.com/nightly:1
                """),
            // Before v1.35 this check does not run; restricted uses the baseline procMount check,
            // which has no user-namespace relaxation at those versions either.
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: sandbox
                spec:
                  hostUsers: false
                  containers:
                  - name: app
                    image: registry.example.com/app:1
                    securityContext:
                      procMount: Unmasked
                """, version: .v(34)),
        ],
        failing: [
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: sandbox
                spec:
                  hostUsers: false
                  containers:
                  - name: app
                    image: registry.example.com/app:1
                    securityContext:
                      procMount: Unmasked
                """,
                expected: #"procMount (container "app" must not set securityContext.procMount to "Unmasked")"#),
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
                      initContainers:
                      - name: init
                        image: busybox:1.36
                        securityContext: {procMount: Unmasked}
                      containers:
                      - name: buildkit
                        image: moby/buildkit:v0.15.2
                        securityContext: {procMount: Unmasked}
                """, version: .v(36),
                expected: #"procMount (containers "init", "buildkit" must not set securityContext.procMount to "Unmasked")"#),
        ],
        fixes: [
            FixExample(
                before: """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: builder
                spec:
                  securityContext:
                    runAsNonRoot: true
                    seccompProfile: {type: RuntimeDefault}
                  containers:
                  - name: buildkit
                    image: moby/buildkit:rootless
                    securityContext:
                      allowPrivilegeEscalation: false
                      capabilities: {drop: [ALL]}
                      procMount: Unmasked
                """,
                after: """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: builder
                spec:
                  securityContext:
                    runAsNonRoot: true
                    seccompProfile: {type: RuntimeDefault}
                  containers:
                  - name: buildkit
                    image: moby/buildkit:rootless
                    securityContext:
                      allowPrivilegeEscalation: false
                      capabilities: {drop: [ALL]}
                      procMount: Default
                """, optIn: ["procMount_restricted"]),
        ])

    public static func evaluate(_ pod: PodView, version: PolicyVersion) -> CheckViolation? {
        ProcMountCheck.unrelaxed(pod, checkID: description.id)
    }
}
