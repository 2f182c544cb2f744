import PSSFixCore

/// Small `kubectl get … -o yaml` dumps for the cluster tests: a `kind: List` of objects carrying
/// server fields, written as kubectl writes them (sorted keys, lists at their key's column).
struct DumpBuilder {
    var items: [String] = []
    private var counter = 100

    /// A Pod owned by `owner` (kind, name, uid); `containers` and `initContainers` by name, each
    /// with `securityContext` text from `context` (by container name), and `podContext` at pod level.
    mutating func pod(
        _ name: String, namespace: String = "shop", owner: (kind: String, name: String, uid: String?)? = nil,
        labels: [String: String] = [:], annotations: [String: String] = [:], containers: [String] = ["app"],
        initContainers: [String] = [], ephemeral: [String] = [], context: [String: String] = [:],
        podContext: String = "{}", status: Bool = true
    ) {
        counter += 1
        var text = "- apiVersion: v1\n  kind: Pod\n  metadata:\n"
        if !annotations.isEmpty {
            text += "    annotations:\n" + annotations.sorted { $0.key < $1.key }.map { "      \($0.key): '\($0.value)'\n" }.joined()
        }
        text += "    creationTimestamp: \"2026-02-03T07:41:19Z\"\n"
        if !labels.isEmpty {
            text += "    labels:\n" + labels.sorted { $0.key < $1.key }.map { "      \($0.key): \"\($0.value)\"\n" }.joined()
        }
        text += "    managedFields:\n    - apiVersion: v1\n      fieldsType: FieldsV1\n      fieldsV1:\n        f:spec:\n          f:securityContext:\n            f:privileged: {}\n      manager: kubelet\n      operation: Update\n"
        text += "    name: \(name)\n    namespace: \(namespace)\n"
        if let owner {
            text += "    ownerReferences:\n    - apiVersion: apps/v1\n      blockOwnerDeletion: true\n      controller: true\n      kind: \(owner.kind)\n      name: \(owner.name)\n"
            if let uid = owner.uid { text += "      uid: \(uid)\n" }
        }
        text += "    resourceVersion: \"\(counter)\"\n    uid: pod-\(namespace)-\(name)\n  spec:\n"
        func list(_ key: String, _ names: [String]) -> String {
            guard !names.isEmpty else { return "" }
            return "    \(key):\n" + names.map { "    - image: example/\($0):1\n      name: \($0)\n      securityContext: \(context[$0] ?? "{}")\n" }.joined()
        }
        text += list("containers", containers) + list("ephemeralContainers", ephemeral) + list("initContainers", initContainers)
        text += "    securityContext: \(podContext)\n"
        if status {
            text += "  status:\n    containerStatuses:\n    - name: \(containers[0])\n      securityContext:\n        privileged: true\n    phase: Running\n"
        }
        items.append(text)
    }

    /// A controller (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job) with a pod template.
    mutating func controller(
        _ kind: String, _ name: String, namespace: String = "shop", uid: String, owner: (kind: String, name: String, uid: String?)? = nil,
        containers: [String] = ["app"], context: [String: String] = [:], podContext: String = "{}"
    ) {
        counter += 1
        var text = "- apiVersion: \(kind == "Job" || kind == "CronJob" ? "batch/v1" : "apps/v1")\n  kind: \(kind)\n  metadata:\n"
        text += "    name: \(name)\n    namespace: \(namespace)\n"
        if let owner {
            text += "    ownerReferences:\n    - apiVersion: apps/v1\n      controller: true\n      kind: \(owner.kind)\n      name: \(owner.name)\n"
            if let uid = owner.uid { text += "      uid: \(uid)\n" }
        }
        text += "    resourceVersion: \"\(counter)\"\n    uid: \(uid)\n  spec:\n"
        var template = "      metadata:\n        creationTimestamp: null\n      spec:\n        containers:\n"
        template += containers.map { "        - image: example/\($0):1\n          name: \($0)\n          securityContext: \(context[$0] ?? "{}")\n" }.joined()
        template += "        securityContext: \(podContext)\n"
        if kind == "CronJob" {
            text += "    jobTemplate:\n      spec:\n        template:\n" + template.split(separator: "\n").map { "    " + $0 + "\n" }.joined()
            text += "    schedule: 0 2 * * *\n"
        } else {
            text += "    template:\n" + template
        }
        text += "  status: {}\n"
        items.append(text)
    }

    mutating func namespace(_ name: String, labels: [String: String] = [:]) {
        counter += 1
        var text = "- apiVersion: v1\n  kind: Namespace\n  metadata:\n    labels:\n      kubernetes.io/metadata.name: \(name)\n"
        text += labels.sorted { $0.key < $1.key }.map { "      \($0.key): \($0.value)\n" }.joined()
        text += "    name: \(name)\n    resourceVersion: \"\(counter)\"\n    uid: ns-\(name)\n  spec:\n    finalizers:\n    - kubernetes\n  status:\n    phase: Active\n"
        items.append(text)
    }

    var text: String { "apiVersion: v1\nitems:\n" + items.joined() + "kind: List\nmetadata:\n  resourceVersion: \"\"\n" }

    var stream: YAMLStream { try! YAMLParser.parse(SourceText(text)) }

    var workloads: [Workload] { Workload.find(in: stream) }
}

/// Container and pod securityContexts that meet restricted.
enum Contexts {
    static let restrictedContainer = "{allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}"
    static let restrictedPod = "{runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}"
    static let istioInit = "{allowPrivilegeEscalation: false, capabilities: {add: [NET_ADMIN, NET_RAW], drop: [ALL]}, runAsNonRoot: false, runAsUser: 0}"
    static let istioProxy = "{allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, runAsNonRoot: true, runAsUser: 1337}"
    static let istioStatus = #"{"initContainers":["istio-init"],"containers":["istio-proxy"],"volumes":["istio-envoy"],"imagePullSecrets":null,"revision":"default"}"#
}
