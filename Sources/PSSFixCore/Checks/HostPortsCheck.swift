/// `hostPorts` (baseline, v1.0+): containers may not bind ports on the node (psa-spec §3.5).
public enum HostPortsCheck: Check {
    public static let description = CheckDescription(
        id: "hostPorts",
        title: "Host Ports",
        level: .baseline,
        minimumVersion: .v(0),
        summary: "Container ports must not set hostPort (0 or unset is fine).",
        rationale: """
            A `hostPort` binds the port on the node's own IP address. That bypasses network policies \
            and Services, limits scheduling to one such pod per node and port, and makes the pod \
            reachable from wherever the node is. `containerPort` alone is fine.

            The API server defaults `hostPort` to `containerPort` for pods with `hostNetwork: true`; \
            the upstream fixtures never depend on it, and pss-fix does not apply that default. It \
            reports only ports written in the manifest: such a pod is already refused by \
            `hostNamespaces`, and removing `hostNetwork` removes the defaulted ports as well.
            """,
        versions: [.init(since: .v(0), "ports[*].hostPort of every init, regular and ephemeral container must be 0 or unset.")],
        fixSupport: .optIn,
        remedy: """
            With --fix hostPorts, pss-fix removes hostPort and keeps containerPort; expose the pod through a \
            Service (NodePort or LoadBalancer) instead.
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
                    ports:
                    - containerPort: 8080
                      name: http
                    - containerPort: 9090
                      hostPort: 0
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
                        ports: [{containerPort: 8443, protocol: TCP}]
                """),
        ],
        failing: [
            CheckExample(
                """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata:
                  name: ingress
                spec:
                  selector:
                    matchLabels: {app: ingress}
                  template:
                    metadata:
                      labels: {app: ingress}
                    spec:
                      containers:
                      - name: controller
                        image: registry.k8s.io/ingress-nginx/controller:v1.11.2
                        ports:
                        - {containerPort: 80, hostPort: 80}
                        - {containerPort: 443, hostPort: 443}
                """,
                expected: #"hostPort (container "controller" uses hostPorts 443, 80)"#),
            // Ports are de-duplicated and sorted as strings, so 10000 comes before 8080.
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: agents
                spec:
                  initContainers:
                  - name: probe
                    image: busybox:1.36
                    ports:
                    - containerPort: 8080
                      hostPort: 8080
                  containers:
                  - name: agent
                    image: registry.example.com/agent:5
                    ports:
                    - containerPort: 10000
                      hostPort: 10000
                    - containerPort: 8080
                      hostPort: 8080
                """,
                expected: #"hostPort (containers "probe", "agent" use hostPorts 10000, 8080)"#),
        ],
        fixes: [
            FixExample(
                before: """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata:
                  name: edge
                spec:
                  template:
                    spec:
                      containers:
                      - name: proxy
                        image: envoy
                        ports:
                        - containerPort: 8080
                          hostPort: 80
                        - containerPort: 9901
                """,
                after: """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata:
                  name: edge
                spec:
                  template:
                    spec:
                      containers:
                      - name: proxy
                        image: envoy
                        ports:
                        - containerPort: 8080
                        - containerPort: 9901
                """, level: .baseline, optIn: ["hostPorts"]),
        ])

    public static func evaluate(_ pod: PodView, version: PolicyVersion) -> CheckViolation? {
        var badContainers: [String] = []
        var ports: [String] = []
        for container in pod.containers {
            let hostPorts = container.node.mappings("ports").compactMap { $0["hostPort"]?.int }.filter { $0 != 0 }
            if !hostPorts.isEmpty {
                badContainers.append(container.name)
                ports += hostPorts.map(String.init)
            }
        }
        guard !badContainers.isEmpty else { return nil }
        let distinct = CheckFormatting.sortedSet(ports)
        let detail = [
            CheckFormatting.containers(badContainers),
            CheckFormatting.pluralize("uses", "use", badContainers.count),
            CheckFormatting.pluralize("hostPort", "hostPorts", distinct.count),
            distinct.joined(separator: ", "),
        ].joined(separator: " ")
        return CheckViolation(checkID: description.id, reason: "hostPort", detail: detail, containers: badContainers)
    }
}
