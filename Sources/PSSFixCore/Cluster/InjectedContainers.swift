/// A container a Pod runs that its owners did not write: added by a mutating admission webhook
/// (a service mesh's sidecar injector, a secrets agent) or by `kubectl debug`.
///
/// PSA judges Pods after the webhooks ran, so such a container counts for the Pod's verdict,
/// but changing it is for whoever runs the injector, never for the workload's owners.
public struct InjectedContainer: Sendable, Hashable {
    public let name: String
    public let kind: ContainerView.Kind
    /// Who added it, as the Pod's annotations tell (`istio (sidecar.istio.io/status)`); nil
    /// when they do not say.
    public let injector: String?

    public init(name: String, kind: ContainerView.Kind, injector: String?) {
        self.name = name
        self.kind = kind
        self.injector = injector
    }

    /// `istio (sidecar.istio.io/status)`, or `an admission webhook` when unknown.
    public var injectedBy: String { injector ?? (kind == .ephemeral ? "kubectl debug" : "an admission webhook") }
}

public enum InjectedContainers {
    /// An injector that marks the Pods it changes with an annotation.
    struct Injector: Sendable {
        let name: String
        let annotation: String
        /// The containers it adds, from the annotation's value (or always these names).
        let containers: @Sendable (String) -> [String]
    }

    static let injectors: [Injector] = [
        Injector(name: "istio", annotation: "sidecar.istio.io/status") { value in
            jsonStrings(value, key: "initContainers") + jsonStrings(value, key: "containers")
        },
        Injector(name: "linkerd", annotation: "linkerd.io/proxy-version") { _ in
            ["linkerd-init", "linkerd-network-validator", "linkerd-proxy"]
        },
        Injector(name: "vault agent", annotation: "vault.hashicorp.com/agent-inject-status") { _ in
            ["vault-agent-init", "vault-agent"]
        },
    ]

    /// The containers of `pod` its owners did not write. With the controller's `template`: every
    /// container whose name the template does not have. Without it: the containers an
    /// injector's annotation names. Ephemeral containers are never in a manifest.
    public static func find(in pod: PodView, template: PodView?) -> [InjectedContainer] {
        let annotations = Dictionary(pod.annotations.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        var named: [String: String] = [:]
        for injector in injectors {
            guard let value = annotations[injector.annotation] else { continue }
            for container in injector.containers(value) where named[container] == nil {
                named[container] = "\(injector.name) (\(injector.annotation))"
            }
        }
        let written = template.map { Set($0.containers.map(\.name)) }
        return pod.containers.compactMap { container in
            let injected: Bool
            if container.kind == .ephemeral {
                injected = true
            } else if let written {
                injected = !written.contains(container.name)
            } else {
                injected = named[container.name] != nil
            }
            guard injected else { return nil }
            return InjectedContainer(name: container.name, kind: container.kind, injector: named[container.name])
        }
    }

    /// The strings of the array under `"key":` in a JSON object (istio's status annotation):
    /// `["istio-init"]`. Malformed input gives what could be read.
    static func jsonStrings(_ json: String, key: String) -> [String] {
        let bytes = Array(json.utf8)
        let needle = Array("\"\(key)\"".utf8)
        guard needle.count <= bytes.count else { return [] }
        var i = 0
        while i + needle.count <= bytes.count {
            if Array(bytes[i..<(i + needle.count)]) == needle {
                var j = i + needle.count
                while j < bytes.count, bytes[j] == UInt8(ascii: " ") || bytes[j] == UInt8(ascii: ":") { j += 1 }
                guard j < bytes.count, bytes[j] == UInt8(ascii: "[") else { return [] }
                var result: [String] = []
                j += 1
                while j < bytes.count, bytes[j] != UInt8(ascii: "]") {
                    if bytes[j] == UInt8(ascii: "\"") {
                        var end = j + 1
                        while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
                            end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1
                        }
                        result.append(String(decoding: bytes[(j + 1)..<min(end, bytes.count)], as: UTF8.self))
                        j = end + 1
                    } else {
                        j += 1
                    }
                }
                return result
            }
            i += 1
        }
        return []
    }
}
