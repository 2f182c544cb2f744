/// Where an exception comes from.
public enum ExceptionSource: Sendable, Hashable, CustomStringConvertible {
    /// A `pss-fix/ignore` or `pss-fix/ignore.CONTAINER` annotation in the manifest; `location` is
    /// the annotation's value.
    case annotation(key: String, location: Location)
    /// Entry `exceptions[index]` of the exceptions config file; `location` is the entry's start.
    case config(index: Int, location: Location)

    public var location: Location {
        switch self {
        case .annotation(_, let location), .config(_, let location): return location
        }
    }

    public var description: String {
        switch self {
        case .annotation(let key, let location): return "annotation \(key) at \(location)"
        case .config(let index, let location): return "exceptions[\(index)] at \(location)"
        }
    }
}

/// One accepted exception: a check that may fail for a whole workload or for one container.
public struct Exemption: Sendable, Hashable {
    /// Upstream check ID, canonical spelling (`hostPathVolumes`).
    public let checkID: String
    /// The container it is limited to; nil for the whole workload.
    public let container: String?
    /// Why the exception exists, as written (trimmed).
    public let reason: String
    public let source: ExceptionSource

    public init(checkID: String, container: String?, reason: String, source: ExceptionSource) {
        self.checkID = checkID
        self.container = container
        self.reason = reason
        self.source = source
    }
}

/// A malformed exception: reported, never applied (a typo must not hide a finding).
public struct ExceptionProblem: Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public let location: Location
    /// The annotation key, for problems found in annotations.
    public let key: String?

    public init(message: String, location: Location, key: String? = nil) {
        self.message = message
        self.location = location
        self.key = key
    }

    public var description: String {
        "\(location.line):\(location.column): \(key.map { "\($0): " } ?? "")\(message)"
    }
}

/// Exception IDs: upstream's check IDs, matched case-insensitively.
enum ExceptionCheckIDs {
    /// Checks whose findings are about the pod as a whole (spec fields, volumes, sysctls): a
    /// container-scoped exception can never cover them.
    static let podLevelOnly: Set<String> = ["hostNamespaces", "hostPathVolumes", "restrictedVolumes", "sysctls"]

    /// The canonical ID for `text` (any case), or nil for an unknown ID.
    static func canonical(_ text: String) -> String? {
        let wanted = text.lowercased()
        return CheckRegistry.descriptions.first { $0.id.lowercased() == wanted }?.id
    }

    static func unknownMessage(_ text: String) -> String {
        "unknown check \(CheckFormatting.goQuote(text)); use an upstream check ID such as hostPathVolumes or allowPrivilegeEscalation (pss-fix explain lists them)"
    }

    static func podLevelMessage(_ id: String, container: String) -> String {
        "\(id) is a pod-level check; an exception for container \(CheckFormatting.goQuote(container)) cannot cover it (exempt the whole workload instead)"
    }

    /// Trims spaces, tabs and line breaks.
    static func trim<S: StringProtocol>(_ s: S) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = s.firstIndex(where: { !isSpace($0) }), let last = s.lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(s[first...last])
    }
}
