/// A Kubernetes object that carries a pod template (or is a Pod), located in its file.
///
/// Extraction follows PSA's `DefaultPodSpecExtractor` (psa-spec §5.2): the pod's metadata and
/// spec come from `metadata`/`spec` for Pods, `template` for PodTemplates, `spec.template` for
/// controllers and `spec.jobTemplate.spec.template` for CronJobs.
public struct Workload: Sendable {
    /// A kind of object that carries a pod template: the built-in Kubernetes kinds (matched by
    /// kind alone, whatever the group: OpenKruise's Advanced StatefulSet and DaemonSet are
    /// `apps.kruise.io` StatefulSet/DaemonSet with the same layout), the custom kinds pss-fix
    /// knows (Argo Rollout, OpenKruise CloneSet), and those declared in `.pss-fix.yaml`
    /// (`workloadKinds:`), matched by API group and kind.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        /// The API group the object's apiVersion must name; nil matches any group.
        public let group: String?
        /// Keys from the object to the mapping that holds the pod's `metadata` and `spec`.
        public let templatePath: [String]

        public init(_ name: String, group: String? = nil, templatePath: [String]) {
            rawValue = name
            self.group = group
            self.templatePath = templatePath
        }

        /// A built-in Kubernetes kind by name.
        public init?(rawValue: String) {
            guard let kind = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
            self = kind
        }

        public var description: String { rawValue }

        public static let pod = Kind("Pod", templatePath: [])
        public static let podTemplate = Kind("PodTemplate", templatePath: ["template"])
        public static let replicationController = Kind("ReplicationController", templatePath: ["spec", "template"])
        public static let replicaSet = Kind("ReplicaSet", templatePath: ["spec", "template"])
        public static let deployment = Kind("Deployment", templatePath: ["spec", "template"])
        public static let statefulSet = Kind("StatefulSet", templatePath: ["spec", "template"])
        public static let daemonSet = Kind("DaemonSet", templatePath: ["spec", "template"])
        public static let job = Kind("Job", templatePath: ["spec", "template"])
        public static let cronJob = Kind("CronJob", templatePath: ["spec", "jobTemplate", "spec", "template"])
        /// Argo Rollouts (`argoproj.io/v1alpha1`); a Rollout with `workloadRef` has no template.
        public static let rollout = Kind("Rollout", group: "argoproj.io", templatePath: ["spec", "template"])
        /// OpenKruise CloneSet (`apps.kruise.io/v1alpha1`).
        public static let cloneSet = Kind("CloneSet", group: "apps.kruise.io", templatePath: ["spec", "template"])

        /// The built-in Kubernetes kinds (PSA's `DefaultPodSpecExtractor`).
        public static let allCases: [Kind] = [
            .pod, .podTemplate, .replicationController, .replicaSet, .deployment, .statefulSet, .daemonSet, .job, .cronJob,
        ]
    }

    public let kind: Kind
    public let apiVersion: String?
    public let name: String?
    public let namespace: String?
    /// Index of the document in its stream.
    public let documentIndex: Int
    /// Position inside a `kind: List` (`items[N]`), if it came from one.
    public let listIndex: Int?
    /// The object's own mapping (document root or list item).
    public let object: Node
    /// The mapping holding the pod's `metadata` and `spec` (the object itself for a Pod).
    public let template: Node
    public let pod: PodView

    /// Where to point a person: the object's `kind` key, else the object start.
    public var location: Location {
        object.resolved.ownPair("kind")?.key.location ?? object.location
    }

    /// `Kind/name`, as reports print it.
    public var displayName: String { "\(kind.rawValue)/\(name ?? "<unnamed>")" }
}

extension Workload {
    /// Kinds whose documents pss-fix reads in full: every kind but the common Kubernetes kinds
    /// that never carry a pod template (their documents need no tree beyond their first keys).
    /// Unknown kinds are read, so that custom workload kinds are judged and unknown ones that
    /// carry `spec.template.spec.containers` are reported as not judged, never passed over.
    @Sendable public static func isRelevantKind(_ kind: String) -> Bool {
        !WorkloadKinds.neverWorkloads.contains(kind)
    }

    /// `kind: List`, and the `ResourceList` that KRM functions (kustomize, kpt) read and write:
    /// both carry objects in `items`. (A ResourceList's `functionConfig` is configuration, not
    /// an object to judge.)
    public static func isListKind(_ kind: String) -> Bool { kind == "List" || kind == "ResourceList" }

    /// Keys whose values no PSA check, workload lookup or exception reads: `check` does not build
    /// trees for them (see `YAMLParser.parse(_:keepKind:skipValuesOf:)`). (`labels` matter only
    /// on Namespaces, which the Namespace pre-pass and `migrate` parse in full.)
    public static let keysChecksNeverRead: Set<String> = [
        "env", "envFrom", "args", "command", "resources", "volumeMounts", "volumeDevices", "selector", "labels",
        "affinity", "tolerations", "nodeSelector", "topologySpreadConstraints", "dnsConfig", "imagePullSecrets",
        "volumeClaimTemplates", "strategy", "updateStrategy", "data", "stringData", "binaryData", "status",
        "managedFields", "readinessGates", "resourceClaims", "schedulingGates",
    ]

    /// Every workload in a parsed stream, in document order (list items in item order).
    public static func find(in stream: YAMLStream, kinds: WorkloadKinds = .builtIn) -> [Workload] {
        objects(in: stream).compactMap { make($0.object, documentIndex: $0.documentIndex, listIndex: $0.listIndex, kinds: kinds) }
    }

    /// Every object that may be a workload: document roots, and the items of a List or
    /// ResourceList (instead of the list itself).
    static func objects(in stream: YAMLStream) -> [(object: Node, documentIndex: Int, listIndex: Int?)] {
        var result: [(object: Node, documentIndex: Int, listIndex: Int?)] = []
        for document in stream.documents {
            guard let root = document.root?.resolved, root.isMapping else { continue }
            if let kind = root["kind"]?.string, isListKind(kind), let items = root["items"]?.resolved, items.isSequence {
                for (i, item) in items.items.enumerated() { result.append((item.resolved, document.index, i)) }
            } else {
                result.append((root, document.index, nil))
            }
        }
        return result
    }

    static func make(_ object: Node, documentIndex: Int, listIndex: Int?, kinds: WorkloadKinds = .builtIn) -> Workload? {
        guard object.isMapping, let kindName = object["kind"]?.string,
            let kind = kinds.kind(named: kindName, apiVersion: object["apiVersion"]?.string)
        else {
            return nil
        }
        var template: Node? = object
        var via: Node?
        for key in kind.templatePath {
            let entry = template?[key]
            if entry?.isAlias == true { via = entry }
            template = entry?.resolved
        }
        guard let template, template.isMapping, let specEntry = template["spec"], case let spec = specEntry.resolved,
            spec.isMapping
        else {
            return nil
        }
        if specEntry.isAlias { via = specEntry }
        let metadata = object["metadata"]?.resolved
        return Workload(
            kind: kind, apiVersion: object["apiVersion"]?.string,
            name: metadata?["name"]?.string, namespace: metadata?["namespace"]?.string,
            documentIndex: documentIndex, listIndex: listIndex, object: object, template: template,
            pod: PodView(metadata: template["metadata"]?.resolved, spec: spec, via: via))
    }
}
