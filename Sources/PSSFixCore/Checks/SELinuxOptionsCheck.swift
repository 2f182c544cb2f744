/// `seLinuxOptions` (baseline, v1.0+): no custom SELinux user, role or type (psa-spec §3.9).
public enum SELinuxOptionsCheck: Check {
    public static let description = CheckDescription(
        id: "seLinuxOptions",
        title: "SELinux",
        level: .baseline,
        minimumVersion: .v(0),
        summary: "seLinuxOptions may not set user or role, and type only to a standard container type.",
        rationale: """
            On SELinux-enforcing nodes the runtime labels every container `container_t`, confining it \
            away from host files and other containers. A custom `type` (such as `spc_t`, "super \
            privileged container"), `user` or `role` can lift that confinement. Pod-level and container \
            `seLinuxOptions` may only use the types `container_t`, `container_init_t` and \
            `container_kvm_t` (plus `container_engine_t` from v1.31), or leave `type` empty; `user` and \
            `role` must be empty. `level` (the MCS category) is not restricted.
            """,
        versions: [
            .init(
                since: .v(0),
                "Pod and container seLinuxOptions: type in \"\", container_t, container_init_t, container_kvm_t; "
                    + "user and role empty; level unrestricted."),
            .init(since: .v(31), "container_engine_t is also allowed."),
        ],
        fixSupport: .optIn,
        remedy: """
            With --fix seLinuxOptions, pss-fix removes user and role and any type not allowed at the target \
            version, keeping level; custom types such as spc_t are usually deliberate, so check why first.
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
                    seLinuxOptions:
                      level: "s0:c123,c456"
                  containers:
                  - name: app
                    image: nginx:1.27
                    securityContext:
                      seLinuxOptions:
                        type: container_t
                """),
            // container_engine_t is allowed from v1.31.
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
                      containers:
                      - name: podman
                        image: quay.io/podman/stable:v5
                        securityContext:
                          seLinuxOptions: {type: container_engine_t}
                """, version: .v(31)),
        ],
        failing: [
            CheckExample(
                """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata:
                  name: node-agent
                spec:
                  selector:
                    matchLabels: {app: node-agent}
                  template:
                    metadata:
                      labels: {app: node-agent}
                    spec:
                      securityContext:
                        seLinuxOptions:
                          type: spc_t
                      containers:
                      - name: agent
                        image: registry.example.com/agent:5
                        securityContext:
                          seLinuxOptions:
                            user: system_u
                            role: system_r
                            type: unconfined_t
                """,
                expected: #"seLinuxOptions (pod and container "agent" set forbidden securityContext.seLinuxOptions: types "spc_t", "unconfined_t"; user may not be set; role may not be set)"#),
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  securityContext:
                    seLinuxOptions:
                      role: system_r
                  containers:
                  - name: app
                    image: nginx:1.27
                """,
                expected: "seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: role may not be set)"),
            // Before v1.31 container_engine_t is not allowed.
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
                      containers:
                      - name: podman
                        image: quay.io/podman/stable:v5
                        securityContext:
                          seLinuxOptions: {type: container_engine_t}
                """, version: .v(30),
                expected: #"seLinuxOptions (container "podman" set forbidden securityContext.seLinuxOptions: type "container_engine_t")"#),
        ],
        fixes: [
            FixExample(
                before: """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: legacy
                spec:
                  securityContext:
                    seLinuxOptions:
                      user: system_u
                      role: system_r
                      type: spc_t
                      level: "s0:c123,c456"
                  containers:
                  - name: app
                    image: app
                """,
                after: """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: legacy
                spec:
                  securityContext:
                    seLinuxOptions:
                      level: "s0:c123,c456"
                  containers:
                  - name: app
                    image: app
                """, level: .baseline, optIn: ["seLinuxOptions"]),
        ])

    static func allowedTypes(minor: Int) -> Set<String> {
        var types: Set<String> = ["", "container_t", "container_init_t", "container_kvm_t"]
        if minor >= 31 { types.insert("container_engine_t") }
        return types
    }

    public static func evaluate(_ pod: PodView, version: PolicyVersion) -> CheckViolation? {
        let allowed = allowedTypes(minor: version.effectiveMinor)
        var badTypes: [String] = []
        var userSet = false
        var roleSet = false
        // Records what is wrong with one seLinuxOptions mapping; true when it is acceptable.
        func valid(_ options: Node) -> Bool {
            var ok = true
            let type = options.stringField("type")
            if !allowed.contains(type) {
                ok = false
                badTypes.append(type)
            }
            if !options.stringField("user").isEmpty {
                ok = false
                userSet = true
            }
            if !options.stringField("role").isEmpty {
                ok = false
                roleSet = true
            }
            return ok
        }
        let podBad = pod.securityContext?.mapping("seLinuxOptions").map { !valid($0) } ?? false
        let badContainers = pod.containers.filter { container in
            container.securityContext?.mapping("seLinuxOptions").map { !valid($0) } ?? false
        }.map(\.name)
        guard podBad || !badContainers.isEmpty else { return nil }
        var parts: [String] = []
        let types = CheckFormatting.sortedSet(badTypes)
        if !types.isEmpty {
            parts.append("\(CheckFormatting.pluralize("type", "types", types.count)) \(CheckFormatting.joinQuote(types))")
        }
        if userSet { parts.append("user may not be set") }
        if roleSet { parts.append("role may not be set") }
        let setters = CheckFormatting.setters(pod: podBad, containers: badContainers)
        return CheckViolation(
            checkID: description.id, reason: "seLinuxOptions",
            detail: "\(setters) set forbidden securityContext.seLinuxOptions: \(parts.joined(separator: "; "))",
            containers: badContainers)
    }
}
