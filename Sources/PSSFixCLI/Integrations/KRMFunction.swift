import ArgumentParser
import FoundationEssentials
import PSSFixCore

/// pss-fix as a KRM function (kustomize exec and container functions, `kpt fn`): a
/// `ResourceList` comes in on stdin; the same ResourceList goes out on stdout with its `items`
/// fixed by the byte-preserving fixer and, when anything is left, a `results` list (KRM Functions
/// Specification, config.kubernetes.io/v1). Exit status follows that specification: non-zero
/// when a result has severity `error`; 2 for input the function cannot read (nothing written).
enum KRMFunction {
    /// What the `functionConfig` asks for (a ConfigMap's `data` or a `kind: PSSFix`'s `spec`).
    struct Config: Equatable {
        var level: PolicyLevel?
        var version: PolicyVersion = .latest
        var optIn: Set<String> = []
        var runAsUser: Int?
        var keepExplicit = false
        var strict = false
        /// Severity of a violation that remains after fixing: `error` fails the pipeline.
        var severity = "error"

        static let keys = ["level", "version", "policyVersion", "fix", "runAsUser", "keepExplicit", "strict", "severity"]
    }

    struct InputError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// True when `bytes` hold a single `kind: ResourceList` (the KRM function input) at the root.
    static func isResourceList(_ bytes: [UInt8]) -> Bool {
        guard let stream = try? YAMLParser.parse(SourceText(bytes), keepKind: Workload.isRelevantKind) else { return false }
        return (try? root(of: stream)) != nil
    }

    /// Runs the function over `bytes`, writing the output ResourceList to the console.
    static func run(_ bytes: [UInt8], console: Console) -> Int32 {
        switch transform(bytes) {
        case .failure(let error):
            console.err("pss-fix krm: error: \(error.description)\n")
            return 2
        case .success(let (output, results)):
            console.out(output)
            let errors = results.filter { $0.severity == "error" }
            // Orchestrators that ignore results (kustomize) show stderr when a function fails.
            for r in errors {
                let ref = Dictionary(r.resourceRef, uniquingKeysWith: { a, _ in a })
                let what = ref["kind"].map { "\($0)/\(ref["name"] ?? "<unnamed>")" + (ref["namespace"].map { " (\($0))" } ?? "") + ": " } ?? ""
                console.err("pss-fix krm: error: \(what)\(r.message)\n")
            }
            return errors.isEmpty ? 0 : 1
        }
    }

    /// The output ResourceList, and the results it carries.
    static func transform(_ bytes: [UInt8]) -> Result<([UInt8], [KRMResult]), InputError> {
        let stream: YAMLStream
        do {
            stream = try YAMLParser.parse(SourceText(bytes), keepKind: Workload.isRelevantKind)
        } catch {
            return .failure(InputError("the input is not YAML: \(error)"))
        }
        let list: Node
        let config: Config
        do {
            list = try root(of: stream)
            if let existing = list["results"], !existing.resolved.isNull {
                throw InputError("the input ResourceList already has results; pss-fix adds its own")
            }
            config = try parseConfig(list["functionConfig"]?.resolved)
        } catch let error as InputError {
            return .failure(error)
        } catch {
            return .failure(InputError("\(error)"))
        }
        let items = list["items"]?.resolved.items ?? []
        let namespaces = config.level != nil ? [] : items.enumerated().compactMap { i, item in
            NamespacePolicy(object: item.resolved, documentIndex: 0, listIndex: i)
        }
        let resolver = PolicyResolver(
            namespaces: namespaces, admission: nil, override: config.level.map { ($0, config.version) },
            fallback: (config.level ?? .restricted, config.version))
        let context = PolicyContext(resolver: resolver, exceptions: ExceptionSet(config: nil, strict: config.strict))
        var options = FixOptions(
            level: config.level ?? .restricted, version: config.version, keepExplicit: config.keepExplicit,
            optIn: config.optIn, runAsUser: config.runAsUser)
        options.rendered = true  // kustomize and kpt hand over rendered objects
        let result = ManifestFixer.fix(bytes, options: options, context: context)

        var results: [KRMResult] = []
        switch result.status {
        case .processed: break
        case .skipped(let why): results.append(KRMResult(message: "not checked: \(why)", severity: "warning"))
        case .invalid(let error): return .failure(InputError("the input is not YAML: \(error)"))
        case .internalError(let why):
            results.append(KRMResult(message: "internal error, nothing changed: \(why) (please report this with the input)", severity: "error"))
        }
        // Objects of unknown kinds with a pod template: not judged, said as a warning.
        for object in result.unjudged {
            results.append(KRMResult(
                message: "\(object.displayName): \(object.reason); declare it under workloadKinds in .pss-fix.yaml to judge it",
                severity: "warning"))
        }
        // Locate each workload in the output, for resourceRef, field and file.
        let fixedStream = try? YAMLParser.parse(SourceText(result.fixed), keepKind: Workload.isRelevantKind)
        let located = fixedStream.map { Workload.find(in: $0) } ?? []
        for (i, report) in result.workloads.enumerated() {
            let workload = located.count == result.workloads.count ? located[i] : nil
            results += Self.results(for: report, at: workload, config: config)
        }
        let output = results.isEmpty ? result.fixed : append(results, to: result.fixed, stream: fixedStream)
        return .success((output, results))
    }

    /// The root mapping of the only document, when it is a ResourceList.
    static func root(of stream: YAMLStream) throws -> Node {
        let documents = stream.documents.filter { $0.root.map { !$0.isNull } ?? false }
        guard documents.count == 1, let root = documents[0].root?.resolved, root.isMapping else {
            throw InputError("expected one ResourceList document on stdin (got \(documents.count) documents)")
        }
        guard root["kind"]?.string == "ResourceList" else {
            throw InputError("expected kind: ResourceList (config.kubernetes.io/v1) on stdin, got kind: \(root["kind"]?.string ?? "none"); for plain manifests use `pss-fix -`")
        }
        guard let items = root["items"]?.resolved, items.isSequence || items.isNull else {
            throw InputError("the ResourceList has no items list")
        }
        return root
    }

    // MARK: functionConfig

    static func parseConfig(_ node: Node?) throws -> Config {
        var config = Config()
        guard let node, !node.isNull else { return config }
        let kind = node["kind"]?.string ?? ""
        let settingsKey: String
        switch kind {
        case "ConfigMap": settingsKey = "data"
        case "PSSFix": settingsKey = "spec"
        default:
            throw InputError("functionConfig: kind \(kind.isEmpty ? "(none)" : kind) is not supported; use a ConfigMap (data) or kind: PSSFix (spec)")
        }
        guard let settings = node[settingsKey]?.resolved, !settings.isNull else { return config }
        guard settings.isMapping else { throw InputError("functionConfig.\(settingsKey) must be a mapping") }
        var fixList: [String] = []
        for pair in settings.effectivePairs {
            let key = pair.key.resolved.scalarValue ?? ""
            let value = pair.value.resolved
            func text() throws -> String {
                guard let s = value.scalarValue, !value.isNull else {
                    throw InputError("functionConfig.\(settingsKey).\(key) must be a single value")
                }
                return s
            }
            func flag() throws -> Bool {
                switch try text().lowercased() {
                case "true": return true
                case "false": return false
                default: throw InputError("functionConfig.\(settingsKey).\(key) must be true or false")
                }
            }
            switch key {
            case "level":
                let text = try text()
                guard let level = PolicyLevel(rawValue: text), level != .privileged else {
                    throw InputError("functionConfig.\(settingsKey).level must be baseline or restricted (got \(text))")
                }
                config.level = level
            case "version", "policyVersion":
                let text = try text()
                guard let version = PolicyVersion(parsing: text) else {
                    throw InputError("functionConfig.\(settingsKey).\(key) must be latest or v1.N (got \(text))")
                }
                config.version = version
            case "fix":
                fixList += value.isSequence ? value.items.compactMap { $0.resolved.scalarValue } : [try text()]
            case "runAsUser":
                let text = try text()
                guard let uid = Int(text) else { throw InputError("functionConfig.\(settingsKey).runAsUser must be a UID (got \(text))") }
                config.runAsUser = uid
            case "keepExplicit": config.keepExplicit = try flag()
            case "strict": config.strict = try flag()
            case "severity":
                let text = try text()
                guard ["error", "warning", "info"].contains(text) else {
                    throw InputError("functionConfig.\(settingsKey).severity must be error, warning or info (got \(text))")
                }
                config.severity = text
            default:
                throw InputError("functionConfig.\(settingsKey): unknown setting \"\(key)\"; known: \(Config.keys.joined(separator: ", "))")
            }
        }
        // The same rules as --fix and --run-as-user.
        var optIn = OptInOptions()
        optIn.fixList = fixList
        optIn.runAsUser = config.runAsUser
        do { try optIn.validate() } catch let error as ValidationError {
            throw InputError("functionConfig: \(error.message.replacing("--run-as-user", with: "runAsUser").replacing("--fix", with: "fix"))")
        }
        config.optIn = optIn.checks
        return config
    }

    // MARK: results

    /// One entry of the ResourceList's `results`.
    struct KRMResult {
        var message: String
        var severity: String
        var resourceRef: [(String, String)] = []
        var fieldPath: String?
        var file: (path: String, index: Int?)?
    }

    /// What remains of one workload: violations (the configured severity), exemptions (info)
    /// and unusable exception annotations (warning).
    static func results(for report: WorkloadReport, at workload: Workload?, config: Config) -> [KRMResult] {
        var base = KRMResult(message: "", severity: "")
        var ref = [("apiVersion", workload?.apiVersion ?? ""), ("kind", report.kind.rawValue)]
        if let name = report.name { ref.append(("name", name)) }
        if let namespace = report.namespace { ref.append(("namespace", namespace)) }
        base.resourceRef = ref.filter { !$0.1.isEmpty }
        var templatePrefix = ""
        if let workload {
            base.file = file(of: workload.object)
            if let path = keyPath(from: workload.object, to: workload.template) {
                templatePrefix = path.map { $0 + "." }.joined()
            }
        }
        func field(_ containers: [String]) -> String {
            if containers.count == 1, let c = workload?.pod.containers.first(where: { $0.name == containers[0] }) {
                return templatePrefix + c.path
            }
            return templatePrefix + "spec"
        }
        var out: [KRMResult] = []
        for violation in report.remaining {
            var r = base
            let left = report.manual.filter { $0.checkID == violation.checkID }.map(\.reason)
            r.message = "violates PodSecurity \"\(report.policy.label)\": \(violation.message)"
                + (left.isEmpty ? "" : "; left to a person: " + left.joined(separator: "; "))
            r.severity = config.severity
            r.fieldPath = field(violation.containers)
            out.append(r)
        }
        for exempted in report.exempted {
            var r = base
            r.message = "exempted from PodSecurity \"\(report.policy.label)\": \(exempted.violation.message): \(exempted.reason)"
            r.severity = "info"
            r.fieldPath = field(exempted.containers.isEmpty ? exempted.violation.containers : exempted.containers)
            out.append(r)
        }
        for problem in report.exceptionProblems {
            var r = base
            r.message = problem.message
            r.severity = "warning"
            r.fieldPath = "metadata.annotations"
            out.append(r)
        }
        return out
    }

    /// The file an orchestrator read the object from (`internal.config.kubernetes.io/path` and
    /// `index`, or the legacy `config.kubernetes.io/` keys).
    static func file(of object: Node) -> (path: String, index: Int?)? {
        let annotations = object["metadata"]?.resolved["annotations"]?.resolved
        func annotation(_ name: String) -> String? {
            annotations?["internal.config.kubernetes.io/\(name)"]?.string ?? annotations?["config.kubernetes.io/\(name)"]?.string
        }
        guard let path = annotation("path") else { return nil }
        return (path, annotation("index").flatMap { Int($0) })
    }

    /// The keys leading from `root` to `target` through mappings (`["spec", "template"]`).
    static func keyPath(from root: Node, to target: Node) -> [String]? {
        if root === target { return [] }
        for pair in root.resolved.pairs {
            guard let key = pair.key.scalarValue, pair.value.resolved.isMapping,
                let rest = keyPath(from: pair.value.resolved, to: target)
            else { continue }
            return [key] + rest
        }
        return nil
    }

    // MARK: output

    /// `results` added as the last key of the ResourceList: a block sequence at the root keys'
    /// indentation, or JSON members when the ResourceList is written in flow style (JSON).
    static func append(_ results: [KRMResult], to bytes: [UInt8], stream: YAMLStream?) -> [UInt8] {
        let source = SourceText(bytes)
        let newline = source.dominantLineBreak.rawValue
        guard let root = stream.flatMap({ try? Self.root(of: $0) }) else { return bytes }
        if root.collectionStyle == .flow {
            // The closing brace is the last byte of the mapping's span.
            var close = root.span.end - 1
            while close > root.span.start && bytes[close] != UInt8(ascii: "}") { close -= 1 }
            var before = close - 1
            while before > root.span.start, [UInt8(ascii: " "), 10, 13, 9].contains(bytes[before]) { before -= 1 }
            // Separators as the input writes them: `"k": v, ` or minified `"k":v,`.
            let spaced = bytes.containsSubsequence(Array("\": ".utf8))
            let (colon, comma) = spaced ? (": ", ", ") : (":", ",")
            let separator = bytes[before] == UInt8(ascii: "{") ? "" : comma
            let members = separator + quoted("results") + colon + "[" + results.map { json($0, colon, comma) }.joined(separator: comma) + "]"
            return Array(bytes[..<(before + 1)]) + Array(members.utf8) + Array(bytes[(before + 1)...])
        }
        let indent = String(repeating: " ", count: max(0, root.location.column - 1))
        var lines: [String] = [indent + "results:"]
        for r in results {
            var entry = [("message", quoted(r.message)), ("severity", r.severity)]
            var nested: [(String, [(String, String)])] = []
            if !r.resourceRef.isEmpty { nested.append(("resourceRef", r.resourceRef.map { ($0.0, scalar($0.1)) })) }
            if let path = r.fieldPath { nested.append(("field", [("path", scalar(path))])) }
            if let file = r.file { nested.append(("file", [("path", scalar(file.path))] + (file.index.map { [("index", "\($0)")] } ?? []))) }
            entry[0].0 = "- message"
            lines += entry.enumerated().map { i, kv in indent + (i == 0 ? "" : "  ") + "\(kv.0): \(kv.1)" }
            for (key, values) in nested {
                lines.append(indent + "  \(key):")
                lines += values.map { indent + "    \($0.0): \($0.1)" }
            }
        }
        let block = Array((lines.joined(separator: newline) + newline).utf8)
        // After the line where the mapping's last value ends.
        var end = root.span.end
        if end > 0 && bytes[end - 1] == 10 { return Array(bytes[..<end]) + block + Array(bytes[end...]) }
        while end < bytes.count && bytes[end] != 10 { end += 1 }
        if end == bytes.count { return bytes + Array(newline.utf8) + block }
        return Array(bytes[...end]) + block + Array(bytes[(end + 1)...])
    }

    static func json(_ r: KRMResult, _ colon: String, _ comma: String) -> String {
        func object(_ members: [(String, String)]) -> String {
            "{" + members.map { quoted($0.0) + colon + $0.1 }.joined(separator: comma) + "}"
        }
        var members = [("message", quoted(r.message)), ("severity", quoted(r.severity))]
        if !r.resourceRef.isEmpty { members.append(("resourceRef", object(r.resourceRef.map { ($0.0, quoted($0.1)) }))) }
        if let path = r.fieldPath { members.append(("field", object([("path", quoted(path))]))) }
        if let file = r.file {
            members.append(("file", object([("path", quoted(file.path))] + (file.index.map { [("index", "\($0)")] } ?? []))))
        }
        return object(members)
    }

    /// A plain scalar when it cannot be read as anything but this string, else double-quoted.
    static func scalar(_ s: String) -> String {
        let plainSafe = s.first.map { $0.isLetter } == true
            && s.unicodeScalars.allSatisfy { $0.isAlphanumeric || "._/-".unicodeScalars.contains($0) }
            && !["true", "false", "yes", "no", "on", "off", "y", "n", "null"].contains(s.lowercased())
        return plainSafe && s.allSatisfy(\.isASCII) ? s : quoted(s)
    }

    /// A double-quoted scalar: JSON's escapes are valid YAML too.
    static func quoted(_ s: String) -> String { JSONText.string(s) }
}
