/// `hostProbesAndHostLifecycle` (baseline, v1.34+): probes and lifecycle handlers may not name a
/// `host` (psa-spec §3.6).
public enum HostProbesAndHostLifecycleCheck: Check {
    public static let description = CheckDescription(
        id: "hostProbesAndHostLifecycle",
        title: "Probe and Lifecycle Hosts",
        level: .baseline,
        minimumVersion: .v(34),
        summary: "httpGet and tcpSocket probes and lifecycle handlers must not set host.",
        rationale: """
            The kubelet runs `httpGet` and `tcpSocket` probes and lifecycle handlers from the node. With \
            `host` set, a pod can make the kubelet connect to an arbitrary address (a node-local service, \
            a cloud metadata endpoint, another tenant), a server-side request forgery. Without `host` the \
            kubelet targets the pod's own IP.

            Liveness, readiness and startup probes and the postStart and preStop handlers of every \
            init, regular and ephemeral container are checked. Any non-empty host fails, including \
            `localhost` and `127.0.0.1`. exec and gRPC probes have no host and are not examined. \
            Container names and hosts are reported sorted, unlike most checks.
            """,
        versions: [
            .init(
                since: .v(34),
                "httpGet.host and tcpSocket.host of livenessProbe, readinessProbe, startupProbe, "
                    + "lifecycle.postStart and lifecycle.preStop must be empty. Not checked before v1.34."),
        ],
        fixSupport: .optIn,
        remedy: """
            With --fix hostProbesAndHostLifecycle, pss-fix deletes host so the probe targets the pod IP; if the \
            application listens only on 127.0.0.1, switch to an exec or gRPC probe instead.
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
                    livenessProbe:
                      httpGet:
                        path: /healthz
                        port: 8080
                    readinessProbe:
                      tcpSocket:
                        port: 8080
                        host: ""
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
                        startupProbe:
                          grpc: {port: 9090}
                        lifecycle:
                          preStop:
                            exec:
                              command: ["/bin/sh", "-c", "sleep 5"]
                """),
            // Before v1.34 the check does not exist.
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
                    livenessProbe:
                      httpGet: {host: 127.0.0.1, path: /healthz, port: 8080}
                """, version: .v(33)),
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
                    livenessProbe:
                      httpGet: {host: 127.0.0.1, path: /healthz, port: 8080}
                """, version: .v(34),
                expected: #"probe or lifecycle host (container "app" uses probe or lifecycle host "127.0.0.1")"#),
            // Names and hosts are sorted and de-duplicated.
            CheckExample(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: shop
                spec:
                  selector:
                    matchLabels: {app: shop}
                  template:
                    metadata:
                      labels: {app: shop}
                    spec:
                      containers:
                      - name: web
                        image: registry.example.com/shop-web:4
                        readinessProbe:
                          tcpSocket: {host: localhost, port: 8080}
                        lifecycle:
                          postStart:
                            httpGet: {host: metadata.internal, path: /register, port: 80}
                      - name: cache
                        image: redis:7
                        livenessProbe:
                          tcpSocket: {host: localhost, port: 6379}
                """,
                expected: #"probe or lifecycle host (containers "cache", "web" use probe or lifecycle hosts "localhost", "metadata.internal")"#),
        ],
        fixes: [
            FixExample(
                before: """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: api
                spec:
                  containers:
                  - name: api
                    image: api
                    readinessProbe:
                      httpGet:
                        host: 127.0.0.1
                        path: /ready
                        port: 8080
                """,
                after: """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: api
                spec:
                  containers:
                  - name: api
                    image: api
                    readinessProbe:
                      httpGet:
                        path: /ready
                        port: 8080
                """, level: .baseline, optIn: ["hostProbesAndHostLifecycle"]),
        ])

    static let probes = ["livenessProbe", "readinessProbe", "startupProbe"]
    static let handlers = ["postStart", "preStop"]
    static let actions = ["httpGet", "tcpSocket"]

    /// Non-empty `httpGet.host` and `tcpSocket.host` of one probe or handler.
    /// Appends the hosts a probe or handler names (loops, not flatMap: this runs for every
    /// container of every workload, and almost always finds nothing).
    static func hosts(of handler: Node?, into found: inout [String]) {
        guard let handler else { return }
        for action in actions {
            if let host = handler.mapping(action)?.stringField("host"), !host.isEmpty { found.append(host) }
        }
    }

    public static func evaluate(_ pod: PodView, version: PolicyVersion) -> CheckViolation? {
        var badContainers: [String] = []
        var hosts: [String] = []
        for container in pod.containers {
            var found: [String] = []
            for probe in probes { Self.hosts(of: container.node.mapping(probe), into: &found) }
            if let lifecycle = container.node.mapping("lifecycle") {
                for handler in handlers { Self.hosts(of: lifecycle.mapping(handler), into: &found) }
            }
            if !found.isEmpty {
                badContainers.append(container.name)
                hosts += found
            }
        }
        guard !badContainers.isEmpty else { return nil }
        // Upstream collects both into sets, so names are sorted here, unlike other checks.
        let names = CheckFormatting.sortedSet(badContainers)
        let distinct = CheckFormatting.sortedSet(hosts)
        let detail = [
            CheckFormatting.containers(names),
            CheckFormatting.pluralize("uses", "use", names.count),
            CheckFormatting.pluralize("probe or lifecycle host", "probe or lifecycle hosts", distinct.count),
            CheckFormatting.joinQuote(distinct),
        ].joined(separator: " ")
        return CheckViolation(checkID: description.id, reason: "probe or lifecycle host", detail: detail, containers: names)
    }
}
