/// Changes that reach text other places share through an anchor: who uses the anchored node,
/// whether all of them asked for the change, and moving keys that merging mappings lack into
/// the anchored mapping they merge (`- <<: *worker`), so it is written once.
extension EditPlanner {
    /// True when a change to `shared` (or to text inside it) may be made: every alias of it
    /// asked for the same change or cannot see it, and so did the place it is defined, unless
    /// that place is a template nothing else reads (`x-defaults:`).
    func everyUserAsks(_ group: [Located], shared: Node) -> Bool {
        var users = Set<Node.ID>()
        var direct = false
        for item in group {
            if let via = item.via, via.resolved === shared { users.insert(via.id) } else { direct = true }
        }
        let aliases = index.aliases[shared.id] ?? []
        let everyAlias = aliases.allSatisfy { alias in
            users.contains(alias.id) || overridesLocally(alias, group[0].operation, shared: shared)
        }
        // The place the anchor is defined uses the value too (a container, a pod's field, a
        // custom resource), so it must ask for the same change as every alias.
        return everyAlias && (direct || index.isTemplate(shared))
    }

    /// `alias` is the value of a merge key (`<<: *worker`) in a mapping that has, as its own
    /// keys, every key through which `operation` reaches into `shared`: own keys win over
    /// merged ones, so that mapping does not see the change (YAML 1.1 merge, as Kubernetes
    /// reads it). A container with its own `securityContext` is not changed by one added to
    /// the container it merges.
    func overridesLocally(_ alias: Node, _ operation: EditOperation, shared: Node) -> Bool {
        guard let parent = index.parent(of: alias), parent.key.isMergeKey else { return false }
        let target = operation.target
        let keys: [String]
        if target === shared {
            guard case .insert(_, let entries) = operation else { return false }
            keys = entries.map(\.key)
        } else {
            guard let pair = shared.pairs.first(where: { $0.value.span.start <= target.span.start && target.span.end <= $0.value.span.end }),
                let key = pair.key.scalarValue
            else { return false }
            keys = [key]
        }
        return keys.allSatisfy { parent.mapping.ownPair($0) != nil }
    }

    /// The alias through which the intent's owner (the container that asked) reaches `node`
    /// in a shared anchor: one written inside the owner (`<<: *worker`, `securityContext: *sc`)
    /// that names the anchor. The intent's own `via` otherwise (the owner is where the anchor
    /// is defined, or the intent names no owner).
    func route(_ intent: FixIntent, to node: Node) -> Node? {
        guard let owner = intent.owner, let shared = index.sharedAncestor(of: node),
            !(shared.span.start <= owner.span.start && owner.span.end <= shared.span.end),
            let alias = index.aliases[shared.id]?.first(where: {
                owner.span.start <= $0.span.start && $0.span.end <= owner.span.end
            })
        else { return intent.via }
        return alias
    }

    /// The alias of the one anchored mapping `mapping` merges (`<<: *worker`), if it merges
    /// exactly one; nil for `<<: [*a, *b]` (which would be ambiguous to write into), for a
    /// mapping written in place after `<<`, and when `mapping` itself lies in a shared anchor
    /// that does not also hold the merged one (the change would then reach users of that
    /// outer anchor that no check here looks at).
    func singleMergedAnchor(of mapping: Node) -> Node? {
        let merges = mapping.pairs.filter { $0.key.isMergeKey }
        guard merges.count == 1, let alias = merges.first?.value, alias.isAlias, case let anchored = alias.resolved,
            anchored.isMapping, anchored !== mapping
        else { return nil }
        if let outer = index.sharedAncestor(of: mapping),
            !(outer.span.start <= anchored.span.start && anchored.span.end <= outer.span.end)
        {
            return nil
        }
        return alias
    }

    /// Keys that containers merging one anchored mapping lack in both (`- &worker` ... then
    /// `- <<: *worker` with its own `name`) go into the anchored mapping once, when every user
    /// of the anchor needs the same change; otherwise each merging mapping gets them (and a
    /// change the anchored container itself asked for is refused as before). All or nothing per
    /// anchored mapping: if some keys went into it and others into a merging container, the
    /// container's own new `securityContext` would hide the merged one.
    mutating func redirectIntoMergedAnchors() {
        var byAnchor: [Node.ID: [Int]] = [:]
        var anchors: [Node.ID] = []
        for (i, item) in located.enumerated() {
            guard let inherited = item.inherited else { continue }
            let id = inherited.operation.target.id
            if byAnchor[id] == nil { anchors.append(id) }
            byAnchor[id, default: []].append(i)
        }
        for id in anchors {
            let candidates = byAnchor[id]!
            var tentative = located
            for i in candidates {
                tentative[i].operation = located[i].inherited!.operation
                tentative[i].via = located[i].inherited!.via
            }
            let anchored = tentative[candidates[0]].operation.target
            guard let shared = index.sharedAncestor(of: anchored) else { continue }
            let accepted = candidates.allSatisfy { i in
                let signature = Self.signature(tentative[i].operation)
                let group = tentative.filter { $0.operation.target === anchored && Self.signature($0.operation) == signature }
                return everyUserAsks(group, shared: shared)
            }
            guard accepted else { continue }
            for i in candidates {
                located[i] = tentative[i]
                located[i].inherited = nil
            }
        }
    }
}
