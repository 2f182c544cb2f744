/// The parts of an object's `metadata` that say what it is on the server and who owns it.
public struct ServerMetadata: Sendable, Hashable {
    /// One entry of `metadata.ownerReferences`.
    public struct OwnerReference: Sendable, Hashable {
        public let apiVersion: String?
        public let kind: String
        public let name: String
        public let uid: String?
        /// `controller: true`: the owner that manages this object (at most one).
        public let controller: Bool

        public init(apiVersion: String? = nil, kind: String, name: String, uid: String? = nil, controller: Bool = true) {
            self.apiVersion = apiVersion
            self.kind = kind
            self.name = name
            self.uid = uid
            self.controller = controller
        }
    }

    public let kind: String
    public let name: String?
    public let namespace: String?
    public let uid: String?
    public let ownerReferences: [OwnerReference]
    public let labels: [String: String]
    public let annotations: [String: String]

    /// The managing owner: the reference with `controller: true`, else the only reference.
    public var controller: OwnerReference? {
        ownerReferences.first { $0.controller } ?? (ownerReferences.count == 1 ? ownerReferences[0] : nil)
    }

    public init(
        kind: String, name: String?, namespace: String?, uid: String? = nil, ownerReferences: [OwnerReference] = [],
        labels: [String: String] = [:], annotations: [String: String] = [:]
    ) {
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.uid = uid
        self.ownerReferences = ownerReferences
        self.labels = labels
        self.annotations = annotations
    }

    /// Reads an object's metadata (entries of the wrong type are passed over).
    public init(object: Node) {
        let object = object.resolved
        let metadata = object.mapping("metadata")
        kind = object["kind"]?.string ?? ""
        name = metadata?["name"]?.string
        namespace = metadata?["namespace"]?.string
        uid = metadata?["uid"]?.string
        ownerReferences = (metadata?.sequence("ownerReferences")?.items ?? []).compactMap { item in
            let ref = item.resolved
            guard ref.isMapping, let kind = ref["kind"]?.string, let name = ref["name"]?.string else { return nil }
            return OwnerReference(
                apiVersion: ref["apiVersion"]?.string, kind: kind, name: name, uid: ref["uid"]?.string,
                controller: ref["controller"]?.bool ?? false)
        }
        labels = Self.strings(metadata?.mapping("labels"))
        annotations = Self.strings(metadata?.mapping("annotations"))
    }

    private static func strings(_ map: Node?) -> [String: String] {
        var result: [String: String] = [:]
        for pair in map?.effectivePairs ?? [] {
            guard let key = pair.key.string, let value = pair.value.resolved.scalarValue else { continue }
            if result[key] == nil { result[key] = value }
        }
        return result
    }
}
