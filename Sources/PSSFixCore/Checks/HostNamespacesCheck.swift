/// `hostNamespaces` (baseline, v1.0+): pods may not share the node's network, PID or IPC
/// namespace (psa-spec §3.3).
public enum HostNamespacesCheck: Check {
    public static let description = CheckDescription(
        id: "hostNamespaces",
        title: "Host Namespaces",
        level: .baseline,
        minimumVersion: .v(0),
        summary: "spec.hostNetwork, spec.hostPID and spec.hostIPC must be unset or false.",
        rationale: """
            Sharing the node's namespaces removes an isolation layer: `hostNetwork` exposes the node's \
            interfaces and lets the pod bind node ports and reach services on localhost, `hostPID` shows \
            (and with enough privilege lets the pod signal or ptrace) every process on the node, and \
            `hostIPC` shares System V IPC and POSIX shared memory with them.

            The API server defaults `hostPort` to `containerPort` for every port of a `hostNetwork` pod, \
            so a real cluster additionally reports `hostPort` for such pods. pss-fix evaluates the YAML as \
            written and does not apply that default: the pod is refused for `host namespaces` either way, \
            and once `hostNetwork` is removed the defaulted ports disappear too (see `hostPorts`).
            """,
        versions: [.init(since: .v(0), "spec.hostNetwork, spec.hostPID and spec.hostIPC must not be true.")],
        fixSupport: .optIn,
        remedy: """
            With --fix hostNamespaces, pss-fix sets the offending fields to false and, after removing \
            hostNetwork, drops hostPort values equal to containerPort; node agents and host-network ingress \
            controllers usually belong in an exempt or privileged namespace instead.
            """,
        passing: [
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  hostNetwork: false
                  containers:
                  - name: app
                    image: nginx:1.27
                    ports:
                    - containerPort: 8080
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
                      shareProcessNamespace: true
                      containers:
                      - name: api
                        image: registry.example.com/api:2.1
                """),
        ],
        failing: [
            CheckExample(
                """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata:
                  name: node-exporter
                spec:
                  selector:
                    matchLabels: {app: node-exporter}
                  template:
                    metadata:
                      labels: {app: node-exporter}
                    spec:
                      hostPID: true
                      hostNetwork: true
                      containers:
                      - name: node-exporter
                        image: quay.io/prometheus/node-exporter:v1.8.2
                """,
                expected: "host namespaces (hostNetwork=true, hostPID=true)"),
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: shm-reader
                spec:
                  hostIPC: true
                  containers:
                  - name: reader
                    image: registry.example.com/shm-reader:1
                """,
                expected: "host namespaces (hostIPC=true)"),
        ],
        fixes: [
            FixExample(
                before: """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: net-debug
                spec:
                  hostNetwork: true
                  hostPID: false
                  containers:
                  - name: app
                    image: app
                    ports:
                    - containerPort: 8080
                      hostPort: 8080
                """,
                after: """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: net-debug
                spec:
                  hostNetwork: false
                  hostPID: false
                  containers:
                  - name: app
                    image: app
                    ports:
                    - containerPort: 8080
                """, level: .baseline, optIn: ["hostNamespaces"]),
        ])

    public static func evaluate(_ pod: PodView, version: PolicyVersion) -> CheckViolation? {
        // Fixed order, whatever the order in the YAML.
        let set = ["hostNetwork", "hostPID", "hostIPC"].filter { pod.spec[$0]?.bool == true }
        guard !set.isEmpty else { return nil }
        return CheckViolation(
            checkID: description.id, reason: "host namespaces",
            detail: set.map { "\($0)=true" }.joined(separator: ", "))
    }
}
