/// `hostPathVolumes` (baseline, v1.0+): no `hostPath` volumes (psa-spec §3.4). Replaced at
/// restricted by `restrictedVolumes` at every version.
public enum HostPathVolumesCheck: Check {
    public static let description = CheckDescription(
        id: "hostPathVolumes",
        title: "HostPath Volumes",
        level: .baseline,
        minimumVersion: .v(0),
        summary: "Pods may not use hostPath volumes.",
        rationale: """
            A `hostPath` volume mounts a file or directory of the node into the pod. Depending on the \
            path it exposes credentials (kubelet keys, service-account tokens of other pods), the \
            container runtime socket or the whole node filesystem, and a writable mount can be used to \
            escape to the node.

            At the restricted level `restrictedVolumes` replaces this check at every version, so \
            `hostPath` is then reported as a restricted volume type.
            """,
        versions: [
            .init(since: .v(0), "Every entry of spec.volumes with a hostPath source fails. Replaced by restrictedVolumes at restricted."),
        ],
        fixSupport: .manual,
        remedy: """
            pss-fix only reports hostPath volumes: replace them by hand with emptyDir for scratch or cache \
            data, a PersistentVolumeClaim or CSI volume for data, or a configMap or secret for \
            configuration; node agents belong in an exempt or privileged namespace.
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
                    volumeMounts:
                    - {name: cache, mountPath: /var/cache/nginx}
                  volumes:
                  - name: cache
                    emptyDir: {}
                """),
            CheckExample(
                """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata:
                  name: db
                spec:
                  serviceName: db
                  selector:
                    matchLabels: {app: db}
                  template:
                    metadata:
                      labels: {app: db}
                    spec:
                      containers:
                      - name: postgres
                        image: postgres:16
                      volumes:
                      - name: data
                        persistentVolumeClaim:
                          claimName: db-data
                      - name: scratch
                        hostPath: null
                """),
        ],
        failing: [
            CheckExample(
                """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata:
                  name: log-shipper
                spec:
                  selector:
                    matchLabels: {app: log-shipper}
                  template:
                    metadata:
                      labels: {app: log-shipper}
                    spec:
                      containers:
                      - name: fluent-bit
                        image: fluent/fluent-bit:3.1
                      volumes:
                      - name: varlog
                        hostPath:
                          path: /var/log
                      - name: config
                        configMap:
                          name: fluent-bit
                      - name: machine-id
                        hostPath: {path: /etc/machine-id, type: File}
                """,
                expected: #"hostPath volumes (volumes "varlog", "machine-id")"#),
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: docker-builder
                spec:
                  containers:
                  - name: docker
                    image: docker:27-cli
                  volumes:
                  - name: docker-sock
                    hostPath:
                      path: /var/run/docker.sock
                      type: Socket
                """,
                expected: #"hostPath volumes (volume "docker-sock")"#),
        ])

    public static func evaluate(_ pod: PodView, version: PolicyVersion) -> CheckViolation? {
        let bad = pod.spec.mappings("volumes").filter { $0.isSet("hostPath") }.map { $0.stringField("name") }
        guard !bad.isEmpty else { return nil }
        return CheckViolation(
            checkID: description.id, reason: "hostPath volumes",
            detail: "\(CheckFormatting.pluralize("volume", "volumes", bad.count)) \(CheckFormatting.joinQuote(bad))")
    }
}
