/// The legacy seccomp annotations (`seccomp.security.alpha.kubernetes.io/pod`,
/// `container.seccomp.security.alpha.kubernetes.io/NAME`). PSA ignores them from policy v1.19
/// on, but API servers before 1.27 copy them into empty fields before admission, so an
/// `unconfined` one still gets the Pod rejected there. pss-fix reports each as a warning (not a
/// PSA finding) at every policy version, and removes it where it sets the field it contradicts.
public enum LegacySeccompAnnotations {
    public struct Found: Sendable {
        public let key: String
        public let location: Location

        public var warning: String {
            "legacy annotation \(key): unconfined: API servers before 1.27 copy it into an empty seccompProfile field, which restricted rejects; remove it (pss-fix removes it where it sets the field)"
        }
    }

    /// `unconfined` legacy annotations of the pod and of its containers.
    public static func unconfined(in pod: PodView) -> [Found] {
        guard let annotations = pod.metadata?.mapping("annotations") else { return [] }
        let names = Set(pod.containers.map(\.name))
        return annotations.effectivePairs.compactMap { pair in
            guard let key = pair.key.string, pair.value.string == "unconfined" else { return nil }
            let prefix = "container.seccomp.security.alpha.kubernetes.io/"
            let relevant = key == "seccomp.security.alpha.kubernetes.io/pod" || (key.hasPrefix(prefix) && names.contains(String(key.dropFirst(prefix.count))))
            return relevant ? Found(key: key, location: pair.key.location) : nil
        }
    }
}
