/// `appArmorProfile` (baseline, v1.0+): AppArmor may not be disabled or set to an arbitrary
/// profile, through fields or the deprecated annotations (psa-spec §3.1).
public enum AppArmorProfileCheck: Check {
    static let annotationPrefix = "container.apparmor.security.beta.kubernetes.io/"

    public static let description = CheckDescription(
        id: "appArmorProfile",
        title: "AppArmor",
        level: .baseline,
        minimumVersion: .v(0),
        summary: "AppArmor profiles may only be RuntimeDefault or Localhost; Unconfined and other values are forbidden.",
        rationale: """
            On nodes with AppArmor, the runtime's default profile confines every container. The baseline \
            profile forbids switching it off or to an unvetted profile. It checks \
            `securityContext.appArmorProfile.type` on the pod and on every container (only \
            `RuntimeDefault` and `Localhost` are allowed; a present profile with an empty type fails), and \
            every annotation whose key starts with `container.apparmor.security.beta.kubernetes.io/` \
            (values `""`, `runtime/default` and `localhost/<profile>` are allowed; `unconfined` and \
            anything else fail). The container name after the prefix is not checked.

            Fields and annotations are checked at every policy version, even though the field only \
            exists in the API from Kubernetes 1.30.
            """,
        versions: [
            .init(
                since: .v(0),
                "Pod and container appArmorProfile.type fields and container.apparmor.security.beta.kubernetes.io/* "
                    + "annotations, at every version."),
        ],
        fixSupport: .optIn,
        remedy: """
            With --fix appArmorProfile, pss-fix sets an Unconfined field type to RuntimeDefault and replaces an \
            unconfined annotation; unknown annotation values are left for a human to choose a profile.
            """,
        passing: [
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                  annotations:
                    container.apparmor.security.beta.kubernetes.io/app: runtime/default
                    container.apparmor.security.beta.kubernetes.io/sidecar: localhost/k8s-proxy
                spec:
                  containers:
                  - name: app
                    image: nginx:1.27
                  - name: sidecar
                    image: registry.example.com/proxy:2
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
                      securityContext:
                        appArmorProfile:
                          type: RuntimeDefault
                      containers:
                      - name: api
                        image: registry.example.com/api:2.1
                        securityContext:
                          appArmorProfile:
                            type: Localhost
                            localhostProfile: k8s-api
                """),
        ],
        failing: [
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: debug
                spec:
                  securityContext:
                    appArmorProfile:
                      type: Unconfined
                  containers:
                  - name: shell
                    image: busybox:1.36
                """,
                expected: #"forbidden AppArmor profile (pod must not set AppArmor profile type to "Unconfined")"#),
            // Annotations on the pod template are checked, with their values double-quoted in the message.
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
                      annotations:
                        container.apparmor.security.beta.kubernetes.io/agent: unconfined
                    spec:
                      containers:
                      - name: agent
                        image: registry.example.com/agent:5
                        securityContext:
                          appArmorProfile: {type: Unconfined}
                """,
                expected: #"forbidden AppArmor profiles (container "agent" and annotation must not set AppArmor profile type to "Unconfined", "container.apparmor.security.beta.kubernetes.io/agent="unconfined"")"#),
            // The field is checked even at versions older than the API field itself.
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: legacy
                  annotations:
                    container.apparmor.security.beta.kubernetes.io/app: my-profile
                spec:
                  containers:
                  - name: app
                    image: nginx:1.27
                    securityContext:
                      appArmorProfile:
                        type: Unconfined
                """, version: .v(10),
                expected: #"forbidden AppArmor profiles (container "app" and annotation must not set AppArmor profile type to "Unconfined", "container.apparmor.security.beta.kubernetes.io/app="my-profile"")"#),
        ],
        fixes: [
            FixExample(
                before: """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: legacy-apparmor
                  annotations:
                    container.apparmor.security.beta.kubernetes.io/app: unconfined
                spec:
                  containers:
                  - name: app
                    image: app
                """,
                after: """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: legacy-apparmor
                  annotations:
                    container.apparmor.security.beta.kubernetes.io/app: runtime/default
                spec:
                  containers:
                  - name: app
                    image: app
                """, level: .baseline, optIn: ["appArmorProfile"]),
        ])

    static func allowedType(_ type: String) -> Bool { type == "RuntimeDefault" || type == "Localhost" }

    static func allowedAnnotation(_ value: String) -> Bool {
        value.isEmpty || value == "runtime/default" || value.hasPrefix("localhost/")
    }

    public static func evaluate(_ pod: PodView, version: PolicyVersion) -> CheckViolation? {
        var badTypes: [String] = []
        var podBad = false
        if let profile = pod.securityContext?.mapping("appArmorProfile"), case let type = profile.stringField("type"),
            !allowedType(type)
        {
            podBad = true
            badTypes.append(type)
        }
        var badContainers: [String] = []
        for container in pod.containers {
            guard let profile = container.securityContext?.mapping("appArmorProfile") else { continue }
            let type = profile.stringField("type")
            if !allowedType(type) {
                badContainers.append(container.name)
                badTypes.append(type)
            }
        }
        // Annotations are a Go map upstream: one entry per key (the first, as `Node[key]` reads it).
        var seen = Set<String>()
        let badAnnotations = pod.annotations
            .filter { seen.insert($0.key).inserted && $0.key.hasPrefix(annotationPrefix) && !allowedAnnotation($0.value) }
            .map { CheckFormatting.keyEqualsQuoted($0.key, $0.value) }
            .sorted(by: CheckFormatting.byteOrder)
        guard podBad || !badContainers.isEmpty || !badAnnotations.isEmpty else { return nil }
        let values = CheckFormatting.sortedSet(badTypes) + badAnnotations
        let annotationSetter = badAnnotations.isEmpty
            ? nil : CheckFormatting.pluralize("annotation", "annotations", badAnnotations.count)
        let setters = CheckFormatting.setters(pod: podBad, containers: badContainers, extra: annotationSetter)
        return CheckViolation(
            checkID: description.id,
            reason: CheckFormatting.pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", values.count),
            detail: "\(setters) must not set AppArmor profile type to \(CheckFormatting.joinQuote(values))",
            containers: badContainers)
    }
}
