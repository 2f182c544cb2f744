/// `runAsUser` (restricted, v1.23+): nothing may set `runAsUser: 0` (psa-spec §3.17).
public enum RunAsUserCheck: Check {
    public static let description = CheckDescription(
        id: "runAsUser",
        title: "Running as Non-root user",
        level: .restricted,
        minimumVersion: .v(23),
        summary: "The pod and containers must not set securityContext.runAsUser to 0.",
        rationale: """
            `runAsUser: 0` asks for root explicitly. `runAsNonRoot: true` would make the kubelet refuse \
            the container at start, but the restricted profile refuses it at admission already. Unset and \
            non-zero values pass: the check does not require `runAsUser` to be set. There is no Windows \
            exemption.

            From v1.35 the check is skipped for pods with `spec.hostUsers: false`: in a user namespace \
            UID 0 in the container maps to an unprivileged UID on the node.
            """,
        versions: [
            .init(since: .v(23), "Pod and container securityContext.runAsUser must not be 0. Not checked before v1.23."),
            .init(since: .v(35), "Skipped when spec.hostUsers is false (user-namespace pods)."),
        ],
        fixSupport: .optIn,
        remedy: """
            With --fix runAsUser and --run-as-user N, pss-fix replaces runAsUser: 0 with N (removing the field is \
            not a fix, since the image's USER may be root); at v1.35+ setting hostUsers: false (user namespaces) is the \
            alternative on user-namespace-capable nodes.
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
                    runAsUser: 101
                    runAsGroup: 101
                  containers:
                  - name: app
                    image: nginxinc/nginx-unprivileged:1.27
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
                      containers:
                      - name: api
                        image: registry.example.com/api:2.1
                """),
            // Before v1.23 the check does not exist.
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: legacy
                spec:
                  securityContext:
                    runAsUser: 0
                  containers:
                  - name: app
                    image: registry.example.com/legacy:7
                """, version: .v(22)),
            // From v1.35 user-namespace pods may run as UID 0.
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: sandbox
                spec:
                  hostUsers: false
                  securityContext:
                    runAsUser: 0
                  containers:
                  - name: app
                    image: registry.example.com/app:1
                """, version: .v(35)),
        ],
        failing: [
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: legacy
                spec:
                  securityContext:
                    runAsUser: 0
                  containers:
                  - name: app
                    image: registry.example.com/legacy:7
                """,
                expected: "runAsUser=0 (pod must not set runAsUser=0)"),
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
                      securityContext:
                        runAsUser: 999
                      initContainers:
                      - name: chown-data
                        image: busybox:1.36
                        securityContext: {runAsUser: 0}
                      containers:
                      - name: postgres
                        image: postgres:16
                      - name: backup
                        image: registry.example.com/backup:2
                        securityContext:
                          runAsUser: 0
                """,
                expected: #"runAsUser=0 (containers "chown-data", "backup" must not set runAsUser=0)"#),
            // Before v1.35 hostUsers: false does not exempt the pod.
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: sandbox
                spec:
                  hostUsers: false
                  securityContext:
                    runAsUser: 0
                  containers:
                  - name: app
                    image: registry.example.com/app:1
                """, version: .v(34),
                expected: "runAsUser=0 (pod must not set runAsUser=0)"),
        ],
        fixes: [
            FixExample(
                before: """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: worker
                spec:
                  template:
                    spec:
                      securityContext:
                        runAsUser: 0
                        seccompProfile:
                          type: RuntimeDefault
                      containers:
                      - name: worker
                        image: worker
                        securityContext:
                          allowPrivilegeEscalation: false
                          capabilities:
                            drop: ["ALL"]
                """,
                after: """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: worker
                spec:
                  template:
                    spec:
                      securityContext:
                        runAsUser: 65532
                        seccompProfile:
                          type: RuntimeDefault
                        runAsNonRoot: true
                      containers:
                      - name: worker
                        image: worker
                        securityContext:
                          allowPrivilegeEscalation: false
                          capabilities:
                            drop: ["ALL"]
                """, optIn: ["runAsUser"], runAsUser: 65532),
        ])

    public static func evaluate(_ pod: PodView, version: PolicyVersion) -> CheckViolation? {
        if version.effectiveMinor >= 35 && pod.hostUsers == false { return nil }
        let podBad = pod.securityContext?["runAsUser"]?.int == 0
        let bad = pod.containers.filter { $0.securityContext?["runAsUser"]?.int == 0 }.map(\.name)
        guard podBad || !bad.isEmpty else { return nil }
        let setters = CheckFormatting.setters(pod: podBad, containers: bad)
        return CheckViolation(
            checkID: description.id, reason: "runAsUser=0", detail: "\(setters) must not set runAsUser=0", containers: bad)
    }
}
