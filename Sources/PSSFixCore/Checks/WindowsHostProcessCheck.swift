/// `windowsHostProcess` (baseline, v1.0+): no Windows HostProcess containers (psa-spec §3.12).
public enum WindowsHostProcessCheck: Check {
    public static let description = CheckDescription(
        id: "windowsHostProcess",
        title: "HostProcess",
        level: .baseline,
        minimumVersion: .v(0),
        summary: "windowsOptions.hostProcess must not be true on the pod or any container.",
        rationale: """
            Windows HostProcess containers run directly on the node as a host process with access to \
            the host network and filesystem: they are node administrators by design. The pod-level and \
            container-level `securityContext.windowsOptions.hostProcess` must be unset or `false`. The \
            check applies to every pod, whatever `spec.os.name` says.

            A real HostProcess pod must also set `hostNetwork: true`, so it fails `hostNamespaces` as well.
            """,
        versions: [.init(since: .v(0), "Pod and container securityContext.windowsOptions.hostProcess must not be true.")],
        fixSupport: .manual,
        remedy: """
            pss-fix only reports HostProcess pods: there is no meaningful pod-level fix, so run them in an \
            exempt or privileged namespace.
            """,
        passing: [
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: iis
                spec:
                  os: {name: windows}
                  securityContext:
                    windowsOptions:
                      runAsUserName: ContainerUser
                  containers:
                  - name: iis
                    image: mcr.microsoft.com/windows/servercore/iis
                """),
            CheckExample(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: win-api
                spec:
                  selector:
                    matchLabels: {app: win-api}
                  template:
                    metadata:
                      labels: {app: win-api}
                    spec:
                      os: {name: windows}
                      containers:
                      - name: api
                        image: registry.example.com/win-api:1
                        securityContext:
                          windowsOptions: {hostProcess: false}
                """),
        ],
        failing: [
            CheckExample(
                """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata:
                  name: csi-proxy
                spec:
                  selector:
                    matchLabels: {app: csi-proxy}
                  template:
                    metadata:
                      labels: {app: csi-proxy}
                    spec:
                      os: {name: windows}
                      hostNetwork: true
                      securityContext:
                        windowsOptions:
                          hostProcess: true
                          runAsUserName: "NT AUTHORITY\\\\SYSTEM"
                      containers:
                      - name: csi-proxy
                        image: ghcr.io/kubernetes-sigs/sig-windows/csi-proxy:v1.1.2
                """,
                expected: "hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)"),
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: node-setup
                spec:
                  hostNetwork: true
                  initContainers:
                  - name: install
                    image: registry.example.com/win-installer:1
                    securityContext:
                      windowsOptions: {hostProcess: true}
                  containers:
                  - name: agent
                    image: registry.example.com/win-agent:1
                    securityContext:
                      windowsOptions: {hostProcess: true}
                """,
                expected: #"hostProcess (containers "install", "agent" must not set securityContext.windowsOptions.hostProcess=true)"#),
        ])

    static func hostProcess(_ securityContext: Node?) -> Bool {
        securityContext?.mapping("windowsOptions")?["hostProcess"]?.bool == true
    }

    public static func evaluate(_ pod: PodView, version: PolicyVersion) -> CheckViolation? {
        let podSet = hostProcess(pod.securityContext)
        let bad = pod.containers.filter { hostProcess($0.securityContext) }.map(\.name)
        guard podSet || !bad.isEmpty else { return nil }
        let setters = CheckFormatting.setters(pod: podSet, containers: bad)
        return CheckViolation(
            checkID: description.id, reason: "hostProcess",
            detail: "\(setters) must not set securityContext.windowsOptions.hostProcess=true", containers: bad)
    }
}
