/// `privileged` (baseline, v1.0+): no privileged containers (psa-spec §3.7).
public enum PrivilegedCheck: Check {
    public static let description = CheckDescription(
        id: "privileged",
        title: "Privileged Containers",
        level: .baseline,
        minimumVersion: .v(0),
        summary: "Containers must not set securityContext.privileged to true.",
        rationale: """
            A privileged container gets every capability, all host devices, no seccomp or AppArmor \
            confinement and writable `/sys`: it is root on the node in all but name. Init, regular and \
            ephemeral containers are checked.

            API validation also refuses `allowPrivilegeEscalation: false` on a privileged container, so \
            at restricted a privileged container fails `allowPrivilegeEscalation` too, and that fix has to \
            wait until this one is made.
            """,
        versions: [.init(since: .v(0), "securityContext.privileged of every init, regular and ephemeral container must be unset or false.")],
        fixSupport: .optIn,
        remedy: """
            With --fix privileged, pss-fix sets privileged: false, which unblocks the allowPrivilegeEscalation \
            fix; CSI node plugins, CNI and device plugins that genuinely need it belong in a privileged namespace.
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
                      privileged: false
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
                        securityContext:
                          readOnlyRootFilesystem: true
                """),
        ],
        failing: [
            CheckExample(
                """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata:
                  name: csi-node
                spec:
                  selector:
                    matchLabels: {app: csi-node}
                  template:
                    metadata:
                      labels: {app: csi-node}
                    spec:
                      containers:
                      - name: registrar
                        image: registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.11.1
                      - name: driver
                        image: registry.example.com/csi-driver:1.9
                        securityContext:
                          privileged: true
                """,
                expected: #"privileged (container "driver" must not set securityContext.privileged=true)"#),
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: dind
                spec:
                  initContainers:
                  - name: setup
                    image: busybox:1.36
                    securityContext: {privileged: true}
                  containers:
                  - name: docker
                    image: docker:27-dind
                    securityContext:
                      # YAML 1.1 "yes" is a boolean to Kubernetes' decoder.
                      privileged: yes
                """,
                expected: #"privileged (containers "setup", "docker" must not set securityContext.privileged=true)"#),
        ],
        fixes: [
            FixExample(
                before: """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: tools
                spec:
                  securityContext:
                    runAsNonRoot: true
                    seccompProfile: {type: RuntimeDefault}
                  containers:
                  - name: tools
                    image: registry.example.com/tools:1
                    securityContext:
                      privileged: true   # copied from a debugging session
                      capabilities: {drop: [ALL]}
                """,
                after: """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: tools
                spec:
                  securityContext:
                    runAsNonRoot: true
                    seccompProfile: {type: RuntimeDefault}
                  containers:
                  - name: tools
                    image: registry.example.com/tools:1
                    securityContext:
                      privileged: false   # copied from a debugging session
                      capabilities: {drop: [ALL]}
                      allowPrivilegeEscalation: false
                """, optIn: ["privileged"]),
        ])

    public static func evaluate(_ pod: PodView, version: PolicyVersion) -> CheckViolation? {
        let bad = pod.containers.filter { $0.securityContext?["privileged"]?.bool == true }.map(\.name)
        guard !bad.isEmpty else { return nil }
        return CheckViolation(
            checkID: description.id, reason: "privileged",
            detail: "\(CheckFormatting.containers(bad)) must not set securityContext.privileged=true", containers: bad)
    }
}
