/// What a fixer wants changed, said in terms of the manifest's meaning (paths under a node),
/// not of its text. The edit planner finds where the text must change and how.
public struct FixIntent: Sendable {
    public enum Action: Sendable {
        /// The value at `path` under the mapping `base` must be `value`; missing mappings on the
        /// way are created, an existing different scalar is replaced.
        case set(base: Node, path: [String], value: NewValue)
        /// The sequence at `path` under `base` must contain `item` (created when missing).
        case include(base: Node, path: [String], item: NewValue)
        /// These items must leave `sequence`.
        case remove(sequence: Node, items: [Node])
        /// These keys must leave `mapping` (`hostPort`, `seLinuxOptions.user`, a probe's `host`).
        case removeKeys(mapping: Node, keys: [String])
    }

    public var action: Action { storage.action }
    public var checkID: String { storage.checkID }
    /// What the change does, for the report: `container "app": set securityContext.allowPrivilegeEscalation=false`.
    public var summary: String { storage.summary }
    /// True when the fix overwrites or removes something the author wrote explicitly.
    public var changesExplicitValue: Bool { storage.changesExplicitValue }
    /// The alias the workload reached `base` through, if any (set by the pipeline).
    public internal(set) var via: Node? {
        get { storage.via }
        set {
            makeUnique()
            storage.via = newValue
        }
    }
    /// The container the change is in (its name), nil for the pod (set by the pipeline): where
    /// a fix made on a render goes back to its source.
    public internal(set) var containerName: String? {
        get { storage.containerName }
        set {
            makeUnique()
            storage.containerName = newValue
        }
    }
    /// The container that asked, when the action names a node inside what it reads rather than
    /// the container itself (`.remove` names the `add` list, which a container may read
    /// through `<<: *worker` from another one): the planner tells the users of an anchor apart
    /// by it.
    public var owner: Node? { storage.owner }

    public init(_ action: Action, checkID: String, summary: String, changesExplicitValue: Bool = false, owner: Node? = nil) {
        storage = Storage(
            action: action, checkID: checkID, summary: summary, changesExplicitValue: changesExplicitValue,
            via: nil, containerName: nil, owner: owner)
    }

    /// The fields, boxed and copied on write: an intent is copied a score of times between its
    /// fixer and the report (plans, filters, the planner's groups, the summary), and a copy of
    /// the fields themselves changed eight reference counts (nodes' trees, strings, the value),
    /// each an atomic operation: a tenth of the retains and releases of `--diff`.
    private var storage: Storage

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    /// Written only through `makeUnique` (no other intent shares it then): safe to send.
    private final class Storage: @unchecked Sendable {
        let action: Action
        let checkID: String
        let summary: String
        let changesExplicitValue: Bool
        var via: Node?
        var containerName: String?
        let owner: Node?

        init(action: Action, checkID: String, summary: String, changesExplicitValue: Bool, via: Node?, containerName: String?, owner: Node?) {
            self.action = action
            self.checkID = checkID
            self.summary = summary
            self.changesExplicitValue = changesExplicitValue
            self.via = via
            self.containerName = containerName
            self.owner = owner
        }

        func copy() -> Storage {
            Storage(
                action: action, checkID: checkID, summary: summary, changesExplicitValue: changesExplicitValue, via: via,
                containerName: containerName, owner: owner)
        }
    }
}

/// A violation a fixer deliberately leaves to a person, and why.
public struct ManualAction: Sendable, Equatable {
    public let checkID: String
    public let reason: String
    /// False for a value kept on purpose (`--keep-explicit`): the user chose to keep that
    /// violation, so it does not stop the workload's other fixes (the atomic rule, issue 19).
    public let blocks: Bool

    public init(checkID: String, reason: String, blocks: Bool = true) {
        self.checkID = checkID
        self.reason = reason
        self.blocks = blocks
    }
}
