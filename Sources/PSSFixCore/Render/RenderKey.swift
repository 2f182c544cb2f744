/// `Deployment shop/web`: how a workload is matched between two renders of one source, and
/// between a fix's plan, its placement in the source and the report (a render's document order
/// and line numbers change when its source changes; kind, namespace and name do not).
public enum RenderKey {
    public static func of(kind: String, namespace: String?, name: String?) -> String {
        "\(kind) \(namespace ?? "")/\(name ?? "")"
    }
}

extension Workload {
    public var renderKey: String { RenderKey.of(kind: kind.rawValue, namespace: namespace, name: name) }
}

extension WorkloadReport {
    public var renderKey: String { RenderKey.of(kind: kind.rawValue, namespace: namespace, name: name) }
}

extension WorkloadIdentity {
    public var renderKey: String { RenderKey.of(kind: kind, namespace: namespace, name: name) }
}
