/// Pod Security Standards levels (psa-spec §1.1).
public enum PolicyLevel: String, Sendable, CaseIterable, Comparable {
    case privileged, baseline, restricted

    var rank: Int {
        switch self {
        case .privileged: return 0
        case .baseline: return 1
        case .restricted: return 2
        }
    }

    public static func < (a: PolicyLevel, b: PolicyLevel) -> Bool { a.rank < b.rank }
}

/// A policy version: `latest` or `v1.N` (psa-spec §1.2).
public struct PolicyVersion: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The minor number; nil means `latest`.
    public let minor: Int?

    public static let latest = PolicyVersion(minor: nil)

    /// The newest version any check defines rules for; `latest` and anything newer mean this.
    public static let newest = PolicyVersion.v(37)

    public static func v(_ minor: Int) -> PolicyVersion { PolicyVersion(minor: minor) }

    public init(minor: Int?) { self.minor = minor }

    /// Parses `latest` or `v1.N` exactly as `ParseVersion` does (`v1.05`, `1.25`, `v1.25.0` are invalid).
    public init?(parsing text: String) {
        if text == "latest" {
            self.minor = nil
            return
        }
        guard text.hasPrefix("v1."), case let digits = text.dropFirst(3), !digits.isEmpty,
            digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits == "0" || !digits.hasPrefix("0"),
            let n = Int(digits)
        else { return nil }
        self.minor = n
    }

    /// The version rules are evaluated at: `latest` and anything newer than `newest` clamp to it.
    public var clamped: PolicyVersion {
        guard let minor, minor <= PolicyVersion.newest.minor! else { return .newest }
        return PolicyVersion(minor: minor)
    }

    /// Minor number after clamping (`latest` -> 37).
    public var effectiveMinor: Int { clamped.minor! }

    public static func < (a: PolicyVersion, b: PolicyVersion) -> Bool {
        switch (a.minor, b.minor) {
        case (nil, _): return false
        case (_, nil): return true
        case (let x?, let y?): return x < y
        }
    }

    public var description: String { minor.map { "v1.\($0)" } ?? "latest" }
}
