/// `capabilities_restricted` (restricted, v1.22+): every container drops `ALL` and adds at most
/// `NET_BIND_SERVICE` (psa-spec §3.14). Replaces `capabilities_baseline` at restricted.
public enum CapabilitiesRestrictedCheck: Check {
    public static let description = CheckDescription(
        id: "capabilities_restricted",
        title: "Capabilities (restricted)",
        level: .restricted,
        minimumVersion: .v(22),
        overrides: [(checkID: "capabilities_baseline", since: .v(22))],
        summary: "Every container must drop ALL capabilities and may add back only NET_BIND_SERVICE.",
        rationale: """
            Container runtimes grant a default set of Linux capabilities (`CHOWN`, `SETUID`, `NET_RAW` \
            and others). The restricted profile removes them all: `securityContext.capabilities.drop` must \
            contain the exact string `ALL`, and `add` may hold only `NET_BIND_SERVICE`, so a non-root \
            process can still bind ports below 1024. Dropping every capability by name does not count, \
            and names are case-sensitive with no `CAP_` prefix stripping.

            From v1.22 this check replaces `capabilities_baseline` at the restricted level. From v1.25 \
            pods with `spec.os.name: windows` are exempt, and because the baseline check is overridden \
            they then get no capability check at all.
            """,
        versions: [
            .init(
                since: .v(22),
                "Every init, regular and ephemeral container must have \"ALL\" in capabilities.drop, and "
                    + "capabilities.add may contain only NET_BIND_SERVICE. Replaces capabilities_baseline; "
                    + "before v1.22 restricted uses the baseline rule and drop: [ALL] is not required."),
            .init(since: .v(25), "Pods with spec.os.name: windows are exempt."),
        ],
        fixSupport: .automatic,
        remedy: """
            pss-fix adds "ALL" to securityContext.capabilities.drop on every container (keeping \
            existing entries and their style) and removes every capabilities.add entry other than \
            NET_BIND_SERVICE, naming each removed capability in the report. SYS_ADMIN/CAP_SYS_ADMIN stays for a \
            person to decide; Windows pods are never given capabilities.
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
                      capabilities:
                        drop: ["ALL"]
                        add: ["NET_BIND_SERVICE"]
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
                      initContainers:
                      - name: wait-for-db
                        image: busybox:1.36
                        securityContext:
                          capabilities:
                            drop:
                            - NET_RAW
                            - ALL
                      containers:
                      - name: api
                        image: registry.example.com/api:2.1
                        securityContext:
                          capabilities: {drop: [ALL]}
                """),
            // Before v1.22 restricted does not require drop: [ALL].
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
                """, version: .v(21)),
            // From v1.25 Windows pods are exempt.
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
                expected: #"unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])"#),
            CheckExample(
                """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata:
                  name: vpn
                spec:
                  selector:
                    matchLabels: {app: vpn}
                  template:
                    metadata:
                      labels: {app: vpn}
                    spec:
                      initContainers:
                      - name: sysctl
                        image: busybox:1.36
                        securityContext:
                          capabilities:
                            drop: [all]
                      containers:
                      - name: wireguard
                        image: registry.example.com/wireguard:1.0
                        securityContext:
                          capabilities:
                            drop: [ALL]
                            add: [NET_ADMIN, NET_BIND_SERVICE, CHOWN]
                      - name: exporter
                        image: registry.example.com/wg-exporter:0.3
                        securityContext:
                          capabilities:
                            add: [SYS_PTRACE]
                """,
                expected: #"unrestricted capabilities (containers "sysctl", "exporter" must set securityContext.capabilities.drop=["ALL"]; containers "wireguard", "exporter" must not include "CHOWN", "NET_ADMIN", "SYS_PTRACE" in securityContext.capabilities.add)"#),
            // Before v1.25 Windows pods must drop ALL too.
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
                """, version: .v(24),
                expected: #"unrestricted capabilities (container "iis" must set securityContext.capabilities.drop=["ALL"])"#),
        ],
        fixes: [
            FixExample(
                before: """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: proxy
                spec:
                  template:
                    spec:
                      securityContext:
                        runAsNonRoot: true
                        seccompProfile:
                          type: RuntimeDefault
                      containers:
                        - name: proxy
                          image: haproxy
                          securityContext:
                            allowPrivilegeEscalation: false
                            capabilities:
                              add:
                                - NET_BIND_SERVICE
                                - NET_RAW
                              drop:
                                - MKNOD
                """,
                after: """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: proxy
                spec:
                  template:
                    spec:
                      securityContext:
                        runAsNonRoot: true
                        seccompProfile:
                          type: RuntimeDefault
                      containers:
                        - name: proxy
                          image: haproxy
                          securityContext:
                            allowPrivilegeEscalation: false
                            capabilities:
                              add:
                                - NET_BIND_SERVICE
                              drop:
                                - MKNOD
                                - ALL
                """),
        ])

    public static func evaluate(_ pod: PodView, version: PolicyVersion) -> CheckViolation? {
        if version.effectiveMinor >= 25 && pod.isWindows { return nil }
        var missingDropAll: [String] = []
        var addingForbidden: [String] = []
        var forbidden: [String] = []
        var mentioned: [String] = []
        for container in pod.containers {
            guard let caps = container.securityContext?.mapping("capabilities") else {
                missingDropAll.append(container.name)
                mentioned.append(container.name)
                continue
            }
            // Exact strings: "all" or "CAP_ALL" do not count as dropping everything.
            let missing = !caps.stringItems("drop").contains("ALL")
            let bad = caps.stringItems("add").filter { $0 != "NET_BIND_SERVICE" }
            if missing { missingDropAll.append(container.name) }
            if !bad.isEmpty {
                addingForbidden.append(container.name)
                forbidden += bad
            }
            if missing || !bad.isEmpty { mentioned.append(container.name) }
        }
        var parts: [String] = []
        if !missingDropAll.isEmpty {
            parts.append(#"\#(CheckFormatting.containers(missingDropAll)) must set securityContext.capabilities.drop=["ALL"]"#)
        }
        if !addingForbidden.isEmpty {
            let caps = CheckFormatting.joinQuote(CheckFormatting.sortedSet(forbidden))
            parts.append("\(CheckFormatting.containers(addingForbidden)) must not include \(caps) in securityContext.capabilities.add")
        }
        guard !parts.isEmpty else { return nil }
        return CheckViolation(
            checkID: description.id, reason: "unrestricted capabilities", detail: parts.joined(separator: "; "),
            containers: mentioned)
    }
}
