/// `restrictedVolumes` (restricted, v1.0+): only volume types that cannot reach node or network
/// storage directly (psa-spec §3.15). Replaces `hostPathVolumes` at restricted.
public enum RestrictedVolumesCheck: Check {
    /// Sources the restricted profile accepts (`image` is not versioned upstream).
    static let allowed = [
        "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim",
        "projected", "secret",
    ]

    /// Forbidden sources in upstream's switch order; the first one present names the type.
    static let forbidden = [
        "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs", "rbd",
        "flexVolume", "cinder", "cephfs", "flocker", "fc", "azureFile", "vsphereVolume", "quobyte", "azureDisk",
        "photonPersistentDisk", "portworxVolume", "scaleIO", "storageos",
    ]

    public static let description = CheckDescription(
        id: "restrictedVolumes",
        title: "Volume Types",
        level: .restricted,
        minimumVersion: .v(0),
        overrides: [(checkID: "hostPathVolumes", since: .v(0))],
        summary: """
            Volumes must be configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, \
            projected or secret.
            """,
        rationale: """
            Besides `hostPath`, in-tree volume plugins such as `nfs`, `iscsi`, `rbd`, `gitRepo` or cloud \
            disks let a pod mount storage directly from the node or the network, bypassing the \
            PersistentVolume layer where administrators control access. The restricted profile allows \
            only `configMap`, `csi`, `downwardAPI`, `emptyDir`, `ephemeral`, `image`, \
            `persistentVolumeClaim`, `projected` and `secret`. This check replaces `hostPathVolumes` at \
            restricted, at every version.

            The API server gives a volume without any source `emptyDir: {}` before admission \
            (`SetDefaults_Volume`), and the upstream fixtures depend on that. pss-fix applies the same \
            default while evaluating, without changing the YAML: a volume with nothing but a `name` (or \
            only null values) passes as `emptyDir`. A volume whose only source is a key PSA does not \
            know is reported as type `unknown`, as upstream does.
            """,
        versions: [
            .init(
                since: .v(0),
                "Every spec.volumes entry must use an allowed source; a volume with no source counts as emptyDir, "
                    + "one with an unrecognised source is reported as \"unknown\". "
                    + "Replaces hostPathVolumes."),
        ],
        fixSupport: .manual,
        remedy: """
            pss-fix only reports restricted volume types: convert them by hand to a persistentVolumeClaim \
            backed by a PersistentVolume or StorageClass, or to a csi or ephemeral volume; replace gitRepo with \
            an initContainer that clones into an emptyDir, and hostPath scratch space with emptyDir.
            """,
        passing: [
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
                      volumes:
                      - name: config
                        configMap: {name: api-config}
                      - name: tls
                        secret: {secretName: api-tls}
                      - name: tmp
                        emptyDir: {medium: Memory}
                      - name: token
                        projected:
                          sources:
                          - serviceAccountToken: {path: token, expirationSeconds: 3600}
                """),
            // A volume without a source is defaulted to emptyDir by the API server.
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
                  volumes:
                  - name: scratch
                  - name: data
                    persistentVolumeClaim:
                      claimName: web-data
                  - name: models
                    image:
                      reference: registry.example.com/models:v3
                """),
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
                  volumes:
                  - name: content
                    nfs:
                      server: nfs.example.com
                      path: /exports/web
                """,
                expected: #"restricted volume types (volume "content" uses restricted volume type "nfs")"#),
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
                        hostPath: {path: /var/log}
                      - name: site
                        gitRepo:
                          repository: https://example.com/site.git
                      - name: containers
                        hostPath: {path: /var/lib/docker/containers}
                """,
                expected: #"restricted volume types (volumes "varlog", "site", "containers" use restricted volume types "gitRepo", "hostPath")"#),
            // A source PSA does not know (here a PersistentVolume-only type) is reported as "unknown".
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: cache
                spec:
                  containers:
                  - name: redis
                    image: redis:7
                  volumes:
                  - name: data
                    local:
                      path: /mnt/disks/ssd1
                """,
                expected: #"restricted volume types (volume "data" uses restricted volume type "unknown")"#),
        ])

    /// The reported type of a volume's source, or nil when the source is allowed.
    static func restrictedType(_ volume: Node) -> String? {
        if allowed.contains(where: volume.isSet) { return nil }
        if let type = forbidden.first(where: volume.isSet) { return type }
        // Some other key is set: a source PSA does not know, as upstream reports it.
        let keys = volume.effectivePairs.compactMap { $0.key.resolved.scalarValue }
        if keys.contains(where: { $0 != "name" && volume.isSet($0) }) { return "unknown" }
        // No source at all: the API server defaults it to `emptyDir: {}` (SetDefaults_Volume).
        return nil
    }

    public static func evaluate(_ pod: PodView, version: PolicyVersion) -> CheckViolation? {
        var badVolumes: [String] = []
        var types: [String] = []
        for volume in pod.spec.mappings("volumes") {
            guard let type = restrictedType(volume) else { continue }
            badVolumes.append(volume.stringField("name"))
            types.append(type)
        }
        guard !badVolumes.isEmpty else { return nil }
        let distinct = CheckFormatting.sortedSet(types)
        let detail = [
            CheckFormatting.pluralize("volume", "volumes", badVolumes.count),
            CheckFormatting.joinQuote(badVolumes),
            CheckFormatting.pluralize("uses", "use", badVolumes.count),
            CheckFormatting.pluralize("restricted volume type", "restricted volume types", distinct.count),
            CheckFormatting.joinQuote(distinct),
        ].joined(separator: " ")
        return CheckViolation(checkID: description.id, reason: "restricted volume types", detail: detail)
    }
}
