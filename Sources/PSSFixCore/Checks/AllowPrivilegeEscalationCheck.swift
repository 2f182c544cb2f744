/// `allowPrivilegeEscalation` (restricted, v1.8+): every container must explicitly set
/// `securityContext.allowPrivilegeEscalation: false` (psa-spec §3.13).
public enum AllowPrivilegeEscalationCheck: Check {
    public static let description = CheckDescription(
        id: "allowPrivilegeEscalation",
        title: "Privilege Escalation",
        level: .restricted,
        minimumVersion: .v(8),
        summary: "Every container must set securityContext.allowPrivilegeEscalation to false.",
        rationale: """
            `allowPrivilegeEscalation` controls the Linux `no_new_privs` flag. While escalation is \
            allowed, a process can gain more privileges than its parent, for example through setuid \
            binaries such as `sudo` or file capabilities. The restricted profile requires the field to \
            be **explicitly** `false`: an unset field, or a container without a `securityContext`, \
            fails, because the runtime default allows escalation.

            Init, regular and ephemeral containers are all checked. From policy v1.25, pods with \
            `spec.os.name: windows` are exempt: the field is Linux-only and API validation rejects it \
            on Windows pods.
            """,
        versions: [
            .init(
                since: .v(8),
                "Every init, regular and ephemeral container must set allowPrivilegeEscalation: false; "
                    + "unset, true or a missing securityContext fail. Not checked before v1.8."),
            .init(since: .v(25), "Pods with spec.os.name: windows are exempt."),
        ],
        fixSupport: .automatic,
        remedy: """
            pss-fix sets allowPrivilegeEscalation: false on every container and init container where it \
            is unset or true (an explicit true is reported as a changed value; --keep-explicit leaves it). \
            It never does so on a container that is privileged or adds SYS_ADMIN/CAP_SYS_ADMIN, which the \
            API server would reject, nor on Windows pods: those are reported for a person.
            """,
        passing: [
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
                    securityContext:
                      allowPrivilegeEscalation: false
                  containers:
                  - name: app
                    image: nginx:1.27
                    securityContext:
                      allowPrivilegeEscalation: false
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
                        securityContext: {allowPrivilegeEscalation: false, runAsNonRoot: true}
                """),
            // Before v1.8 the check does not exist.
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: legacy
                spec:
                  containers:
                  - name: app
                    image: nginx:1.27
                """, version: .v(7)),
            // From v1.25 Windows pods are exempt.
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: iis
                spec:
                  os:
                    name: windows
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
                  containers:
                  - name: app
                    image: nginx:1.27
                """,
                expected: #"allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)"#),
            CheckExample(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: worker
                spec:
                  selector:
                    matchLabels: {app: worker}
                  template:
                    metadata:
                      labels: {app: worker}
                    spec:
                      initContainers:
                      - name: setup
                        image: busybox:1.36
                        securityContext:
                          allowPrivilegeEscalation: true
                      containers:
                      - name: worker
                        image: registry.example.com/worker:3
                        securityContext:
                          allowPrivilegeEscalation: false
                      - name: metrics
                        image: registry.example.com/exporter:1
                        securityContext: {}
                """,
                expected: #"allowPrivilegeEscalation != false (containers "setup", "metrics" must set securityContext.allowPrivilegeEscalation=false)"#),
            // Before v1.25 Windows pods get the Linux rule too.
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: iis
                spec:
                  os:
                    name: windows
                  containers:
                  - name: iis
                    image: mcr.microsoft.com/windows/servercore/iis
                """, version: .v(24),
                expected: #"allowPrivilegeEscalation != false (container "iis" must set securityContext.allowPrivilegeEscalation=false)"#),
        ],
        fixes: [
            FixExample(
                before: """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  securityContext:
                    runAsNonRoot: true
                    seccompProfile: {type: RuntimeDefault}
                  containers:
                  - name: app
                    image: nginx
                    securityContext:
                      capabilities: {drop: [ALL]}
                  - name: sidecar
                    image: envoy
                    securityContext:
                      allowPrivilegeEscalation: true   # copied from an old chart
                      capabilities: {drop: [ALL]}
                """,
                after: """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  securityContext:
                    runAsNonRoot: true
                    seccompProfile: {type: RuntimeDefault}
                  containers:
                  - name: app
                    image: nginx
                    securityContext:
                      capabilities: {drop: [ALL]}
                      allowPrivilegeEscalation: false
                  - name: sidecar
                    image: envoy
                    securityContext:
                      allowPrivilegeEscalation: false   # copied from an old chart
                      capabilities: {drop: [ALL]}
                """),
        ])

    public static func evaluate(_ pod: PodView, version: PolicyVersion) -> CheckViolation? {
        if version.effectiveMinor >= 25 && pod.isWindows { return nil }
        // Only an explicit `false` passes; a quoted "false" is a string, not a bool, and fails too.
        let bad = pod.containers.filter { $0.securityContext?["allowPrivilegeEscalation"]?.bool != false }.map(\.name)
        guard !bad.isEmpty else { return nil }
        return CheckViolation(
            checkID: description.id, reason: "allowPrivilegeEscalation != false",
            detail: "\(CheckFormatting.containers(bad)) must set securityContext.allowPrivilegeEscalation=false",
            containers: bad)
    }
}
