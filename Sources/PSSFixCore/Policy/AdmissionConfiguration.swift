/// The PodSecurity admission plugin's configuration (psa-spec §6): cluster-wide defaults for
/// namespaces without labels, and exemptions.
///
/// `parse(_:)` reads either form the kube-apiserver accepts through
/// `--admission-control-config-file`:
/// - an `AdmissionConfiguration` (`apiserver.config.k8s.io/v1`; also `v1alpha1` and the legacy
///   `apiserver.k8s.io/v1alpha1`) whose `plugins[]` entry `name: PodSecurity` has an inline
///   `configuration` (a `path:` to another file is reported as an error: pass that file instead);
/// - a bare `PodSecurityConfiguration` (`pod-security.admission.config.k8s.io/v1`, `v1beta1` or
///   `v1alpha1`, which share their fields).
///
/// Like upstream's strict decoder, unknown fields, wrong types, invalid levels or versions and
/// invalid or duplicate exemptions are errors with the location to fix.
public struct AdmissionConfiguration: Sendable, Hashable {
    public struct Exemptions: Sendable, Hashable {
        /// Exact namespace names.
        public var namespaces: [String]
        /// Exact `spec.runtimeClassName` values.
        public var runtimeClasses: [String]
        /// Exact authenticated usernames. pss-fix cannot know who applies a manifest, so these are
        /// only validated and kept for reporting.
        public var usernames: [String]

        public init(namespaces: [String] = [], runtimeClasses: [String] = [], usernames: [String] = []) {
            self.namespaces = namespaces
            self.runtimeClasses = runtimeClasses
            self.usernames = usernames
        }
    }

    /// Why a configuration file was rejected.
    public struct Error: Swift.Error, Sendable, Hashable, CustomStringConvertible {
        public let message: String
        public let location: Location

        public init(message: String, location: Location) {
            self.message = message
            self.location = location
        }

        public var description: String { "\(location.line):\(location.column): \(message)" }
    }

    /// The policy for namespaces without Pod Security labels; each field defaults to
    /// `privileged` / `latest` when omitted.
    public var defaults: PolicyModes
    public var exemptions: Exemptions

    public init(defaults: PolicyModes = .privileged, exemptions: Exemptions = Exemptions()) {
        self.defaults = defaults
        self.exemptions = exemptions
    }

    /// Exemption matching is exact string membership; an empty name never matches (psa-spec §6).
    public func isExempt(namespace: String?) -> Bool {
        guard let namespace, !namespace.isEmpty else { return false }
        return exemptions.namespaces.contains(namespace)
    }

    /// See `isExempt(namespace:)`.
    public func isExempt(runtimeClass: String?) -> Bool {
        guard let runtimeClass, !runtimeClass.isEmpty else { return false }
        return exemptions.runtimeClasses.contains(runtimeClass)
    }

    static let admissionAPIVersions = ["apiserver.config.k8s.io/v1", "apiserver.config.k8s.io/v1alpha1", "apiserver.k8s.io/v1alpha1"]
    static let podSecurityAPIVersions = [
        "pod-security.admission.config.k8s.io/v1", "pod-security.admission.config.k8s.io/v1beta1",
        "pod-security.admission.config.k8s.io/v1alpha1",
    ]

    public static func parse(_ bytes: [UInt8]) throws(AdmissionConfiguration.Error) -> AdmissionConfiguration {
        let stream: YAMLStream
        do {
            stream = try YAMLParser.parse(SourceText(bytes))
        } catch {
            throw Error(message: error.message, location: error.location)
        }
        let roots = stream.documents.compactMap { $0.root }.filter { !$0.resolved.isNull }
        guard let root = roots.first else {
            throw Error(
                message: "empty file: expected an AdmissionConfiguration or a PodSecurityConfiguration",
                location: Location(line: 1, column: 1))
        }
        if roots.count > 1 {
            throw Error(
                message: "expected one document, found \(roots.count); the API server reads a single configuration",
                location: roots[1].location)
        }
        let object = try mapping(root, what: "the configuration")
        let apiVersion = try string(object, "apiVersion", required: true)
        let kind = try string(object, "kind", required: true)
        switch kind?.value {
        case "AdmissionConfiguration":
            guard let apiVersion, admissionAPIVersions.contains(apiVersion.value) else {
                throw Error(
                    message: "AdmissionConfiguration must have apiVersion \(admissionAPIVersions[0]), got \(quoted(apiVersion?.value))",
                    location: apiVersion?.location ?? object.location)
            }
            return try parseAdmission(object)
        case "PodSecurityConfiguration":
            return try parsePodSecurity(object, what: "PodSecurityConfiguration")
        default:
            throw Error(
                message: "kind must be AdmissionConfiguration or PodSecurityConfiguration, got \(quoted(kind?.value))",
                location: kind?.location ?? object.location)
        }
    }

    private static func parseAdmission(_ object: Node) throws(Error) -> AdmissionConfiguration {
        try checkKeys(object, allowed: ["apiVersion", "kind", "plugins"], in: "AdmissionConfiguration")
        guard let pluginsNode = object["plugins"], !pluginsNode.resolved.isNull else { return AdmissionConfiguration() }
        let plugins = try sequence(pluginsNode, what: "plugins")
        var found: (config: AdmissionConfiguration, location: Location)?
        for (i, item) in plugins.items.enumerated() {
            let path = "plugins[\(i)]"
            let plugin = try mapping(item, what: path)
            try checkKeys(plugin, allowed: ["name", "path", "configuration"], in: path)
            guard let name = try string(plugin, "name", required: true), !name.value.isEmpty else {
                throw Error(message: "\(path).name must not be empty", location: plugin.location)
            }
            guard name.value == "PodSecurity" else { continue }
            if let previous = found {
                throw Error(
                    message: "duplicate PodSecurity plugin (first at \(previous.location))", location: name.location)
            }
            if let pathValue = try string(plugin, "path", required: false), !pathValue.value.isEmpty {
                throw Error(
                    message: "\(path).path: pss-fix reads inline configurations only; pass \(quoted(pathValue.value)) itself as the admission configuration",
                    location: pathValue.location)
            }
            let config: AdmissionConfiguration
            if let configuration = plugin["configuration"], !configuration.resolved.isNull {
                let inner = try mapping(configuration, what: "\(path).configuration")
                let kind = try string(inner, "kind", required: true)
                guard kind?.value == "PodSecurityConfiguration" else {
                    throw Error(
                        message: "\(path).configuration.kind must be PodSecurityConfiguration, got \(quoted(kind?.value))",
                        location: kind?.location ?? inner.location)
                }
                config = try parsePodSecurity(inner, what: "\(path).configuration")
            } else {
                config = AdmissionConfiguration()
            }
            found = (config, name.location)
        }
        return found?.config ?? AdmissionConfiguration()
    }

    private static func parsePodSecurity(_ object: Node, what: String) throws(Error) -> AdmissionConfiguration {
        let apiVersion = try string(object, "apiVersion", required: true)
        guard let apiVersion, podSecurityAPIVersions.contains(apiVersion.value) else {
            throw Error(
                message: "\(what).apiVersion must be one of \(podSecurityAPIVersions.joined(separator: ", ")), got \(quoted(apiVersion?.value))",
                location: apiVersion?.location ?? object.location)
        }
        try checkKeys(object, allowed: ["apiVersion", "kind", "defaults", "exemptions"], in: what)
        var result = AdmissionConfiguration()
        if let defaultsNode = object["defaults"], !defaultsNode.resolved.isNull {
            let defaults = try mapping(defaultsNode, what: "\(what).defaults")
            let keys = PolicyMode.allCases.flatMap { [$0.rawValue, "\($0.rawValue)-version"] }
            try checkKeys(defaults, allowed: keys, in: "\(what).defaults")
            for mode in PolicyMode.allCases {
                var level = PolicyLevel.privileged
                var version = PolicyVersion.latest
                if let value = try string(defaults, mode.rawValue, required: false) {
                    guard let parsed = PolicyLevel(rawValue: value.value) else {
                        throw Error(
                            message: "\(what).defaults.\(mode.rawValue): Invalid value: \(quoted(value.value)): \(LabelProblem.levelMessage)",
                            location: value.location)
                    }
                    level = parsed
                }
                let versionKey = "\(mode.rawValue)-version"
                if let value = try string(defaults, versionKey, required: false) {
                    guard let parsed = PolicyVersion(parsing: value.value) else {
                        throw Error(
                            message: "\(what).defaults.\(versionKey): Invalid value: \(quoted(value.value)): \(LabelProblem.versionMessage)",
                            location: value.location)
                    }
                    version = parsed
                }
                result.defaults[mode] = PolicySetting(level: level, version: version)
            }
        }
        if let exemptionsNode = object["exemptions"], !exemptionsNode.resolved.isNull {
            let exemptions = try mapping(exemptionsNode, what: "\(what).exemptions")
            try checkKeys(exemptions, allowed: ["usernames", "runtimeClasses", "namespaces"], in: "\(what).exemptions")
            result.exemptions.namespaces = try names(exemptions, "namespaces", in: what) { name in
                isDNS1123Label(name) ? nil : "a valid namespace name must be a lowercase RFC 1123 label (at most 63 characters of a-z, 0-9 and '-', starting and ending with a letter or digit)"
            }
            result.exemptions.runtimeClasses = try names(exemptions, "runtimeClasses", in: what) { name in
                isDNS1123Subdomain(name) ? nil : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (at most 253 characters)"
            }
            result.exemptions.usernames = try names(exemptions, "usernames", in: what) { name in
                name.isEmpty ? "must be non-empty" : nil
            }
        }
        return result
    }

    /// A list of exemption names: strings, each valid, no duplicates.
    private static func names(
        _ parent: Node, _ key: String, in what: String, validate: (String) -> String?
    ) throws(Error) -> [String] {
        guard let node = parent[key], !node.resolved.isNull else { return [] }
        let list = try sequence(node, what: "\(what).exemptions.\(key)")
        var result: [String] = []
        var seen: [String: Int] = [:]
        for (i, item) in list.items.enumerated() {
            let path = "\(what).exemptions.\(key)[\(i)]"
            let value = try scalarString(item, what: path)
            if let message = validate(value) {
                throw Error(message: "\(path): Invalid value: \(quoted(value)): \(message)", location: item.location)
            }
            if let first = seen[value] {
                throw Error(message: "\(path): Duplicate value: \(quoted(value)) (also at index \(first))", location: item.location)
            }
            seen[value] = i
            result.append(value)
        }
        return result
    }

    // MARK: - Strict reading helpers

    private static func quoted(_ value: String?) -> String {
        value.map { CheckFormatting.goQuote($0) } ?? "nothing"
    }

    private static func mapping(_ node: Node, what: String) throws(Error) -> Node {
        let resolved = node.resolved
        guard resolved.isMapping else {
            throw Error(message: "\(what) must be a mapping", location: node.location)
        }
        return resolved
    }

    private static func sequence(_ node: Node, what: String) throws(Error) -> Node {
        let resolved = node.resolved
        guard resolved.isSequence else {
            throw Error(message: "\(what) must be a list", location: node.location)
        }
        return resolved
    }

    private static func scalarString(_ node: Node, what: String) throws(Error) -> String {
        let resolved = node.resolved
        guard case .scalar(let value, let style) = resolved.kind, !resolved.isNull else {
            throw Error(message: "\(what) must be a string", location: node.location)
        }
        // A plain `true` or `1.25` is a bool or a number to the API server's decoder, not a string.
        if style == .plain, resolved.tag == nil, resolved.bool != nil || looksNumeric(value) {
            throw Error(message: "\(what) must be a string; quote \(value)", location: node.location)
        }
        return value
    }

    /// The string under `key` and where it is written; nil when absent or null (unless required).
    private static func string(
        _ object: Node, _ key: String, required: Bool
    ) throws(Error) -> (value: String, location: Location)? {
        guard let node = object[key], !node.resolved.isNull else {
            if required { throw Error(message: "missing \(key)", location: object.location) }
            return nil
        }
        return (try scalarString(node, what: key), node.location)
    }

    /// An int or float to a YAML 1.1 decoder (`1`, `1.25`, `-3e2`, `0x1F`).
    private static func looksNumeric(_ value: String) -> Bool {
        guard value.contains(where: \.isNumber) else { return false }
        if value.hasPrefix("0x") || value.hasPrefix("0o") { return Int(value.dropFirst(2), radix: value.hasPrefix("0x") ? 16 : 8) != nil }
        let allowed = Set("0123456789.+-eE_")
        return value.allSatisfy { allowed.contains($0) } && Double(value.filter { $0 != "_" }) != nil
    }

    private static func checkKeys(_ object: Node, allowed: [String], in what: String) throws(Error) {
        for pair in object.effectivePairs {
            guard let key = pair.key.resolved.scalarValue else {
                throw Error(message: "\(what): keys must be strings", location: pair.key.location)
            }
            if !allowed.contains(key) {
                throw Error(
                    message: "\(what): unknown field \(quoted(key)) (expected one of \(allowed.joined(separator: ", ")))",
                    location: pair.key.location)
            }
        }
    }

    public static func isDNS1123Label(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        guard !bytes.isEmpty, bytes.count <= 63 else { return false }
        let alnum: (UInt8) -> Bool = { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }
        guard alnum(bytes.first!), alnum(bytes.last!) else { return false }
        return bytes.allSatisfy { alnum($0) || $0 == UInt8(ascii: "-") }
    }

    static func isDNS1123Subdomain(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 253 else { return false }
        return s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            // Subdomain labels follow the label grammar but are not limited to 63 characters on their own.
            let bytes = Array(label.utf8)
            let alnum: (UInt8) -> Bool = { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }
            guard let first = bytes.first, let last = bytes.last, alnum(first), alnum(last) else { return false }
            return bytes.allSatisfy { alnum($0) || $0 == UInt8(ascii: "-") }
        }
    }
}
