/// Which kinds of object are workloads in this run: the built-in Kubernetes kinds, the custom
/// kinds pss-fix knows, and those declared in `.pss-fix.yaml` under `workloadKinds:`. An object
/// of another kind that carries `spec.template.spec.containers` is reported as not judged
/// (`UnjudgedObject`), never silently passed.
public struct WorkloadKinds: Sendable, Hashable {
    /// Kinds beyond the built-in Kubernetes ones, matched by group and kind.
    public var custom: [Workload.Kind]

    public init(custom: [Workload.Kind]) {
        self.custom = custom
    }

    /// Built-in Kubernetes kinds plus Argo Rollout and OpenKruise CloneSet.
    public static let builtIn = WorkloadKinds(custom: [.rollout, .cloneSet])

    /// Adds kinds declared in the config (after the built-in ones, so a declaration cannot
    /// change how a Deployment is read).
    public func adding(_ declared: [Workload.Kind]) -> WorkloadKinds {
        WorkloadKinds(custom: custom + declared.filter { !custom.contains($0) })
    }

    /// The kind of an object with this `kind` and `apiVersion`, if it is a workload.
    public func kind(named name: String, apiVersion: String?) -> Workload.Kind? {
        let group = Self.group(of: apiVersion)
        if let match = custom.first(where: { $0.rawValue == name && $0.group == group }) { return match }
        return Workload.Kind(rawValue: name)
    }

    /// `apps` for `apps/v1`, `""` for the core group (`v1`).
    public static func group(of apiVersion: String?) -> String {
        guard let apiVersion, let slash = apiVersion.lastIndex(of: "/") else { return "" }
        return String(apiVersion[..<slash])
    }

    /// Common Kubernetes kinds that never carry a pod template: their documents are not read in
    /// full (the parse stops at their `kind`), which keeps big streams cheap.
    static let neverWorkloads: Set<String> = [
        "ConfigMap", "Secret", "Service", "ServiceAccount", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding",
        "CustomResourceDefinition", "Ingress", "IngressClass", "NetworkPolicy", "PersistentVolume",
        "PersistentVolumeClaim", "StorageClass", "PodDisruptionBudget", "HorizontalPodAutoscaler", "LimitRange",
        "ResourceQuota", "Endpoints", "EndpointSlice", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
        "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "PriorityClass", "APIService", "Lease", "Event",
        "CSIDriver", "CSINode", "VolumeAttachment", "RuntimeClass", "PodSecurityPolicy", "ControllerRevision",
        "CertificateSigningRequest", "ServiceMonitor", "PodMonitor", "PrometheusRule", "Certificate", "Issuer",
        "ClusterIssuer", "VerticalPodAutoscaler", "Gateway", "HTTPRoute", "GatewayClass",
    ]
}

/// An object of an unknown kind that carries a pod template (`spec.template.spec.containers`):
/// PSA will judge the Pods its controller creates, pss-fix cannot judge it without knowing the
/// kind, and says so in every format.
public struct UnjudgedObject: Sendable, Hashable {
    public let apiVersion: String
    public let kind: String
    public let name: String?
    public let namespace: String?
    public let location: Location
    public let documentIndex: Int

    /// `Kind/name`.
    public var displayName: String { "\(kind)/\(name ?? "<unnamed>")" }

    /// The `.pss-fix.yaml` lines that would make pss-fix judge it.
    public var configLines: String {
        "workloadKinds:\n- apiVersion: \(apiVersion)\n  kind: \(kind)\n  podTemplate: spec.template"
    }

    public var reason: String { "not judged: unknown workload kind \(apiVersion) \(kind)" }

    /// Every such object in a parsed stream.
    public static func find(in stream: YAMLStream, kinds: WorkloadKinds) -> [UnjudgedObject] {
        Workload.objects(in: stream).compactMap { entry in
            let object = entry.object
            guard let kind = object["kind"]?.string, kinds.kind(named: kind, apiVersion: object["apiVersion"]?.string) == nil,
                kind != "Namespace", !Workload.isListKind(kind),
                object.mapping("spec")?.mapping("template")?.mapping("spec")?.sequence("containers") != nil
            else { return nil }
            let metadata = object.mapping("metadata")
            return UnjudgedObject(
                apiVersion: object["apiVersion"]?.string ?? "", kind: kind, name: metadata?["name"]?.string,
                namespace: metadata?["namespace"]?.string,
                location: object.resolved.ownPair("kind")?.key.location ?? object.location, documentIndex: entry.documentIndex)
        }
    }
}
