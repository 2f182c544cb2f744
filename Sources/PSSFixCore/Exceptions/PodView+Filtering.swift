extension PodView {
    /// The same pod without the containers named in `names`, for judging a check on the other
    /// containers only. Nothing is edited and no stored property of `PodView` is set directly:
    /// the view is built with the public `init(metadata:spec:)` from synthetic nodes that share
    /// the original children (the spec with those containers left out of `initContainers`,
    /// `containers` and `ephemeralContainers`; the metadata without their container-keyed
    /// annotations `container.apparmor.security.beta.kubernetes.io/NAME` and
    /// `container.seccomp.security.alpha.kubernetes.io/NAME`). Synthetic nodes keep the spans of
    /// the nodes they stand for, so they must never be edited; the view is for evaluation only.
    public func removingContainers(named names: Set<String>) -> PodView {
        guard !names.isEmpty else { return self }
        let newSpec = Self.replacing(in: spec) { key, value in
            guard ContainerView.Kind(rawValue: key) != nil else { return nil }
            let list = value.resolved
            guard list.isSequence else { return nil }
            let kept = list.items.filter { item in
                let node = item.resolved
                guard node.isMapping else { return true }
                return !names.contains(node["name"]?.string ?? "")
            }
            guard kept.count != list.items.count else { return nil }
            return NodeTree.synthetic(isMapping: false, children: kept, style: list.collectionStyle ?? .block, like: list)
        }
        var newMetadata = metadata
        if let metadata {
            newMetadata = Self.replacing(in: metadata) { key, value in
                guard key == "annotations", case let annotations = value.resolved, annotations.isMapping else { return nil }
                let pairs = annotations.effectivePairs
                let kept = pairs.filter { pair in
                    guard let key = pair.key.string else { return true }
                    return !Self.containerAnnotationPrefixes.contains { prefix in
                        key.hasPrefix(prefix) && names.contains(String(key.dropFirst(prefix.count)))
                    }
                }
                guard kept.count != pairs.count else { return nil }
                return NodeTree.synthetic(
                    isMapping: true, children: kept.flatMap { [$0.key, $0.value] }, style: annotations.collectionStyle ?? .block,
                    like: annotations)
            }
        }
        return PodView(metadata: newMetadata, spec: newSpec)
    }

    static let containerAnnotationPrefixes = [
        AppArmorProfileCheck.annotationPrefix, SeccompProfileBaselineCheck.containerAnnotationPrefix,
    ]

    /// `mapping` with some values replaced (`replace` returns nil to keep one), merge keys
    /// expanded; the mapping itself when nothing changes.
    private static func replacing(in mapping: Node, _ replace: (String, Node) -> Node?) -> Node {
        let mapping = mapping.resolved
        var changed = false
        let pairs = mapping.effectivePairs.map { pair -> Node.Pair in
            guard let key = pair.key.resolved.scalarValue, let value = replace(key, pair.value) else { return pair }
            changed = true
            return Node.Pair(key: pair.key, value: value)
        }
        guard changed else { return mapping }
        return NodeTree.synthetic(
            isMapping: true, children: pairs.flatMap { [$0.key, $0.value] }, style: mapping.collectionStyle ?? .block, like: mapping)
    }
}
