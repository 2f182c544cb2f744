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

    public let action: Action
    public let checkID: String
    /// What the change does, for the report: `container "app": set securityContext.allowPrivilegeEscalation=false`.
    public let summary: String
    /// True when the fix overwrites or removes something the author wrote explicitly.
    public let changesExplicitValue: Bool
    /// The alias the workload reached `base` through, if any (set by the pipeline).
    public internal(set) var via: Node?
    /// The container the change is in (its name), nil for the pod (set by the pipeline): where
    /// a fix made on a render goes back to its source.
    public internal(set) var containerName: String?
    /// The container that asked, when the action names a node inside what it reads rather than
    /// the container itself (`.remove` names the `add` list, which a container may read
    /// through `<<: *worker` from another one): the planner tells the users of an anchor apart
    /// by it.
    public let owner: Node?

    public init(_ action: Action, checkID: String, summary: String, changesExplicitValue: Bool = false, owner: Node? = nil) {
        self.action = action
        self.checkID = checkID
        self.summary = summary
        self.changesExplicitValue = changesExplicitValue
        self.owner = owner
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
