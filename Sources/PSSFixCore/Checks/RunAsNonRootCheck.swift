/// `runAsNonRoot` (restricted, v1.0+): the pod or every container must set
/// `securityContext.runAsNonRoot: true`, and nothing may set `false` (psa-spec §3.16).
public enum RunAsNonRootCheck: Check {
    public static let description = CheckDescription(
        id: "runAsNonRoot",
        title: "Running as Non-root",
        level: .restricted,
        minimumVersion: .v(0),
        summary: "The pod or every container must set securityContext.runAsNonRoot to true, and nothing may set it to false.",
        rationale: """
            With `runAsNonRoot: true` the kubelet refuses to start a container whose effective user is \
            root (UID 0), so a compromised process does not start as root even when the image's `USER` \
            is root. A pod-level `true` covers every container that leaves the field unset; otherwise \
            each init, regular and ephemeral container must set it. An explicit `false` anywhere is \
            refused, and a container-level `true` does not excuse a pod-level `false`.

            There is no Windows exemption. From v1.35 the check is skipped for pods with \
            `spec.hostUsers: false`: in a user namespace, root inside the container maps to an \
            unprivileged user on the node.
            """,
        versions: [
            .init(
                since: .v(0),
                "Pod-level runAsNonRoot: true, or true on every container; an explicit false on the pod or "
                    + "any container fails."),
            .init(since: .v(35), "Skipped when spec.hostUsers is false (user-namespace pods)."),
        ],
        fixSupport: .automatic,
        remedy: """
            pss-fix sets spec.securityContext.runAsNonRoot: true at pod level, covering every container, \
            and changes an explicit false to true (reported as a changed value; --keep-explicit leaves it). It \
            does nothing where a container's effective runAsUser is 0, since the kubelet would refuse to start \
            it: set a non-zero runAsUser first. Images whose USER is root or non-numeric will fail to start \
            under runAsNonRoot, so review the report.
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
                    runAsNonRoot: true
                    runAsUser: 101
                  containers:
                  - name: app
                    image: nginxinc/nginx-unprivileged:1.27
                """),
            CheckExample(
                """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: report
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      initContainers:
                      - name: fetch
                        image: registry.example.com/fetch:1
                        securityContext: {runAsNonRoot: true}
                      containers:
                      - name: report
                        image: registry.example.com/report:1
                        securityContext:
                          runAsNonRoot: true
                """),
            // From v1.35 user-namespace pods are exempt.
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
                """, version: .v(35)),
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
                    securityContext:
                      runAsNonRoot: true
                  - name: sidecar
                    image: registry.example.com/proxy:2
                """,
                expected: #"runAsNonRoot != true (pod or containers "migrate", "sidecar" must set securityContext.runAsNonRoot=true)"#),
            // An explicit false is reported instead of the missing values, and a container-level true
            // does not cancel a pod-level false.
            CheckExample(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: legacy
                spec:
                  selector:
                    matchLabels: {app: legacy}
                  template:
                    metadata:
                      labels: {app: legacy}
                    spec:
                      securityContext:
                        runAsNonRoot: false
                      containers:
                      - name: app
                        image: registry.example.com/legacy:7
                        securityContext:
                          runAsNonRoot: true
                      - name: agent
                        image: registry.example.com/agent:7
                        securityContext:
                          runAsNonRoot: false
                """,
                expected: #"runAsNonRoot != true (pod and container "agent" must not set securityContext.runAsNonRoot=false)"#),
            // Before v1.35 hostUsers: false does not exempt the pod.
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
                """, version: .v(34),
                expected: #"runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)"#),
            // No Windows exemption.
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
                """,
                expected: #"runAsNonRoot != true (pod or container "iis" must set securityContext.runAsNonRoot=true)"#),
        ],
        fixes: [
            FixExample(
                before: """
                apiVersion: batch/v1
                kind: CronJob
                metadata:
                  name: report
                spec:
                  schedule: "0 3 * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: OnFailure
                          securityContext:
                            runAsUser: 1000
                            seccompProfile:
                              type: RuntimeDefault
                          containers:
                          - name: report
                            image: registry.example.com/report:2
                            securityContext:
                              allowPrivilegeEscalation: false
                              capabilities:
                                drop: ["ALL"]
                """,
                after: """
                apiVersion: batch/v1
                kind: CronJob
                metadata:
                  name: report
                spec:
                  schedule: "0 3 * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: OnFailure
                          securityContext:
                            runAsUser: 1000
                            seccompProfile:
                              type: RuntimeDefault
                            runAsNonRoot: true
                          containers:
                          - name: report
                            image: registry.example.com/report:2
                            securityContext:
                              allowPrivilegeEscalation: false
                              capabilities:
                                drop: ["ALL"]
                """),
        ])

    public static func evaluate(_ pod: PodView, version: PolicyVersion) -> CheckViolation? {
        if version.effectiveMinor >= 35 && pod.hostUsers == false { return nil }
        let podValue = pod.securityContext?["runAsNonRoot"]?.bool
        var explicitlyBad: [String] = []
        var implicitlyBad: [String] = []
        for container in pod.containers {
            switch container.securityContext?["runAsNonRoot"]?.bool {
            case false?: explicitlyBad.append(container.name)
            case true?: break
            case nil: if podValue != true { implicitlyBad.append(container.name) }
            }
        }
        if podValue == false || !explicitlyBad.isEmpty {
            let setters = CheckFormatting.setters(pod: podValue == false, containers: explicitlyBad)
            return CheckViolation(
                checkID: description.id, reason: "runAsNonRoot != true",
                detail: "\(setters) must not set securityContext.runAsNonRoot=false", containers: explicitlyBad)
        }
        guard !implicitlyBad.isEmpty else { return nil }
        return CheckViolation(
            checkID: description.id, reason: "runAsNonRoot != true",
            detail: "pod or \(CheckFormatting.containers(implicitlyBad)) must set securityContext.runAsNonRoot=true",
            containers: implicitlyBad)
    }
}
