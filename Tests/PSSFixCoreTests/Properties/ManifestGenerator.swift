import Foundation
import PropertyBased
import Testing

@testable import PSSFixCore

/// A generated workload manifest: what it means (`kind`, `pod`) and how it is written
/// (`layout`, plus `styleSeed` for the per-node choices: which keys are quoted, which
/// collections are flow, where comments go). Rendering is a pure function of this value, so a
/// failing case is reproduced from its description (printed on failure) or its seed.
struct ManifestCase: Sendable, Equatable {
    var kind: Workload.Kind
    var pod: PodModel
    var layout: Layout
    var styleSeed: UInt64

    /// The text and the comment tokens it holds (each comment carries a unique `cN` token).
    var rendered: (bytes: [UInt8], comments: [String]) { ManifestRenderer.render(self) }
}

/// How the file is laid out. Each field is one style dimension.
struct Layout: Sendable, Equatable {
    /// Spaces per block level: 2, 3 or 4.
    var indent = 2
    /// `key:\n  - item` (true) or the indentless `key:\n- item` (false).
    var indentedSequences = false
    /// Block or flow collections, and at which level (see `FlowMode`).
    var flow = FlowMode.block
    /// Keys and string values plain, 'single' or "double" quoted (chosen per node).
    var quoting = false
    /// Line comments before keys and list items, trailing comments after values.
    var comments = false
    /// CRLF line breaks instead of LF.
    var crlf = false
    /// The file ends with a line break.
    var finalNewline = true
    /// A ConfigMap with block scalars before / after the workload, separated by `---`.
    var documentBefore = false
    var documentAfter = false
    /// The first document starts with an explicit `---`.
    var explicitStart = false
}

enum FlowMode: String, Sendable, Equatable, CaseIterable {
    /// Every non-empty collection in block style.
    case block
    /// Any collection may be flow (`{a: b}` / `[a, b]`) on its line, with everything below it.
    case mixed
    /// The whole pod spec on one line in flow style.
    case podSpec
    /// The whole document on one line in flow style (YAML keys, plain scalars).
    case document
    /// JSON, pretty-printed over many lines.
    case json
    /// JSON on one line.
    case jsonCompact

    var isJSON: Bool { self == .json || self == .jsonCompact }
}

/// A pod spec's content as far as the checks are concerned.
struct PodModel: Sendable, Equatable {
    /// `spec.os.name`.
    var os: String?
    var hostNetwork: Bool?
    var securityContext = SecurityContextModel.absent
    var containers: [ContainerModel] = []
    var initContainers: [ContainerModel] = []
    var ephemeralContainers: [ContainerModel] = []
    var volumes: [VolumeModel] = []
    /// `seccomp.security.alpha.kubernetes.io/pod` on the pod template (legacy, must agree with the fields).
    var seccompAnnotation: String?

    var isWindows: Bool { os == "windows" }
    var allContainers: [ContainerModel] { initContainers + containers + ephemeralContainers }
}

struct ContainerModel: Sendable, Equatable {
    var name: String
    var image: String
    var securityContext = SecurityContextModel.absent
    var ports: [PortModel] = []
    /// `args` whose text mentions `securityContext: {}` and `#` (neither a key nor a comment).
    var trickyArgs = false
}

struct PortModel: Sendable, Equatable {
    var containerPort: Int
    var hostPort: Int?
}

enum VolumeModel: String, Sendable, Equatable {
    case emptyDir, hostPath, configMap
}

/// An existing securityContext, pod or container level.
enum SecurityContextModel: Sendable, Equatable {
    /// No `securityContext` key.
    case absent
    /// `securityContext: {}`.
    case emptyMapping
    /// `securityContext: null`, `securityContext: ~`, or `securityContext:` with nothing after it.
    case null, tilde, emptyValue
    case fields(SecurityFields)

    var fields: SecurityFields? { if case .fields(let f) = self { return f } else { return nil } }
}

struct SecurityFields: Sendable, Equatable {
    var allowPrivilegeEscalation: Bool?
    var privileged: Bool?
    var runAsNonRoot: Bool?
    var runAsUser: Int?
    var seccomp: SeccompModel?
    var capabilities: CapabilitiesModel?
    var readOnlyRootFilesystem: Bool?
    /// `windowsOptions: {runAsUserName: ContainerUser}`.
    var windowsOptions = false
    /// Pod level only.
    var fsGroup: Int?

    var addsSysAdmin: Bool { capabilities?.add?.contains { $0 == "SYS_ADMIN" || $0 == "CAP_SYS_ADMIN" } ?? false }
}

enum SeccompModel: String, Sendable, Equatable {
    case runtimeDefault = "RuntimeDefault", unconfined = "Unconfined", localhost = "Localhost"
    /// `seccompProfile: {}`: a profile without a type.
    case noType = ""

    var isValid: Bool { self == .runtimeDefault || self == .localhost }
}

struct CapabilitiesModel: Sendable, Equatable {
    var add: [String]?
    var drop: [String]?
}

// MARK: - Generation

enum ManifestGen {
    /// Every manifest the properties run on, with a shrinker that simplifies one dimension at a time.
    static let manifests: Generator<ManifestCase, [ManifestCase]> = Generator(
        run: { rng in generate(&rng) },
        shrink: { shrinkCandidates($0) })

    static func generate(_ rng: inout any SeededRandomNumberGenerator) -> ManifestCase {
        var r = Picker(rng: rng)
        defer { rng = r.rng }
        let kind = r.pick(Workload.Kind.allCases)
        var layout = Layout()
        layout.indent = r.pick([2, 2, 3, 4])
        layout.indentedSequences = r.chance(0.5)
        layout.flow = r.weighted([(.block, 5), (.mixed, 5), (.podSpec, 1), (.document, 1), (.json, 1), (.jsonCompact, 1)])
        layout.quoting = r.chance(0.4)
        layout.comments = !layout.flow.isJSON && r.chance(0.6)
        layout.crlf = r.chance(0.25)
        layout.finalNewline = r.chance(0.8)
        layout.documentBefore = !layout.flow.isJSON && r.chance(0.2)
        layout.documentAfter = !layout.flow.isJSON && r.chance(0.2)
        layout.explicitStart = !layout.flow.isJSON && r.chance(0.2)

        var pod = PodModel()
        pod.os = r.weighted([(nil, 8), ("linux", 1), ("windows", 1)])
        pod.hostNetwork = r.weighted([(nil, 6), (false, 1), (true, 1)])
        pod.volumes = r.chance(0.3) ? [r.pick([.emptyDir, .hostPath, .configMap])] + (r.chance(0.3) ? [.emptyDir] : []) : []
        if !pod.isWindows && r.chance(0.1) { pod.seccompAnnotation = r.pick(["runtime/default", "unconfined"]) }
        pod.securityContext = securityContext(&r, pod: pod, podLevel: true)
        let names = ["app", "side", "log"]
        for i in 0..<r.int(1...3) { pod.containers.append(container(&r, name: names[i], pod: pod)) }
        if r.chance(0.3) { pod.initContainers.append(container(&r, name: "setup", pod: pod)) }
        // Ephemeral containers exist only on Pods (the API rejects them in templates).
        if kind == .pod && r.chance(0.2) { pod.ephemeralContainers.append(container(&r, name: "debug", pod: pod)) }
        var c = ManifestCase(kind: kind, pod: pod, layout: layout, styleSeed: r.next())
        c.pod = apiValid(c.pod)
        return c
    }

    static func container(_ r: inout Picker, name: String, pod: PodModel) -> ContainerModel {
        var c = ContainerModel(name: name, image: r.pick(["nginx:1.27", "busybox", "registry.example.com/app:2"]))
        c.securityContext = securityContext(&r, pod: pod, podLevel: false)
        if r.chance(0.3) { c.ports = [PortModel(containerPort: 8080, hostPort: r.chance(0.3) ? 8080 : nil)] }
        c.trickyArgs = r.chance(0.15)
        return c
    }

    /// Absent, the empty forms, or a random mix of compliant and non-compliant fields. Windows
    /// pods only get what the API allows on them (runAsNonRoot, windowsOptions).
    static func securityContext(_ r: inout Picker, pod: PodModel, podLevel: Bool) -> SecurityContextModel {
        switch r.int(0...9) {
        case 0, 1: return .absent
        case 2: return .emptyMapping
        case 3: return r.pick([.null, .tilde, .emptyValue])
        default: break
        }
        var f = SecurityFields()
        f.runAsNonRoot = r.weighted([(nil, 3), (true, 1), (false, 1)])
        if pod.os != "linux" { f.windowsOptions = r.chance(pod.isWindows ? 0.5 : 0.05) }
        guard !pod.isWindows else { return .fields(f) }
        f.runAsUser = r.weighted([(nil, 4), (0, 1), (1000, 1), (65532, 1)])
        // Annotation and field must agree; leave the field out rather than write a contradiction.
        if pod.seccompAnnotation == nil {
            f.seccomp = r.weighted([(nil, 4), (.runtimeDefault, 2), (.unconfined, 2), (.localhost, 1), (.noType, 1)])
        }
        if podLevel {
            f.fsGroup = r.weighted([(nil, 3), (2000, 1)])
            return .fields(f)
        }
        f.allowPrivilegeEscalation = r.weighted([(nil, 3), (true, 1), (false, 2)])
        f.privileged = r.weighted([(nil, 6), (false, 1), (true, 1)])
        f.readOnlyRootFilesystem = r.weighted([(nil, 3), (true, 1)])
        if r.chance(0.5) {
            let lists: [[String]?] = [nil, nil, [], ["ALL"], ["NET_RAW"], ["ALL", "NET_RAW"]]
            let adds: [[String]?] = [nil, nil, [], ["NET_BIND_SERVICE"], ["NET_ADMIN", "SYS_TIME"], ["CHOWN"], ["SYS_ADMIN"], ["NET_BIND_SERVICE", "NET_RAW"]]
            f.capabilities = CapabilitiesModel(add: r.pick(adds), drop: r.pick(lists))
        }
        return .fields(f)
    }

    /// Drops combinations the API server would reject in the input itself, so that every
    /// API-invalid pair in an output is one the fixer made.
    static func apiValid(_ pod: PodModel) -> PodModel {
        var pod = pod
        let podUID = pod.securityContext.fields?.runAsUser
        let podNonRoot = pod.securityContext.fields?.runAsNonRoot
        func fix(_ c: inout ContainerModel) {
            guard var f = c.securityContext.fields else { return }
            if f.allowPrivilegeEscalation == false && (f.privileged == true || f.addsSysAdmin) { f.allowPrivilegeEscalation = nil }
            if (f.runAsUser ?? podUID) == 0 && (f.runAsNonRoot ?? podNonRoot) == true { f.runAsNonRoot = false }
            c.securityContext = .fields(f)
        }
        for i in pod.containers.indices { fix(&pod.containers[i]) }
        for i in pod.initContainers.indices { fix(&pod.initContainers[i]) }
        for i in pod.ephemeralContainers.indices { fix(&pod.ephemeralContainers[i]) }
        if podUID == 0 && podNonRoot == true, var f = pod.securityContext.fields {
            f.runAsNonRoot = false
            pod.securityContext = .fields(f)
        }
        return pod
    }

    /// Simpler variants, one dimension at a time (never the input itself).
    static func shrinkCandidates(_ c: ManifestCase) -> [ManifestCase] {
        var out: [ManifestCase] = []
        func add(_ change: (inout ManifestCase) -> Void) {
            var v = c
            change(&v)
            v.pod = apiValid(v.pod)
            if v != c && !out.contains(v) { out.append(v) }
        }
        add { $0.kind = .pod }
        add { $0.layout.documentBefore = false }
        add { $0.layout.documentAfter = false }
        add { $0.layout.comments = false }
        add { $0.layout.quoting = false }
        add { $0.layout.crlf = false }
        add { $0.layout.finalNewline = true }
        add { $0.layout.explicitStart = false }
        add { $0.layout.flow = .block }
        add { $0.layout.indent = 2 }
        add { $0.layout.indentedSequences = false }
        add { $0.pod.volumes = [] }
        add { $0.pod.hostNetwork = nil }
        add { $0.pod.seccompAnnotation = nil }
        add { $0.pod.initContainers = [] }
        add { $0.pod.ephemeralContainers = [] }
        for i in c.pod.containers.indices where c.pod.containers.count > 1 { add { $0.pod.containers.remove(at: i) } }
        for sc in shrink(c.pod.securityContext) { add { $0.pod.securityContext = sc } }
        for i in c.pod.containers.indices {
            add { $0.pod.containers[i].ports = [] }
            add { $0.pod.containers[i].trickyArgs = false }
            for sc in shrink(c.pod.containers[i].securityContext) { add { $0.pod.containers[i].securityContext = sc } }
        }
        for i in c.pod.initContainers.indices {
            for sc in shrink(c.pod.initContainers[i].securityContext) { add { $0.pod.initContainers[i].securityContext = sc } }
        }
        return out
    }

    /// A securityContext with one thing less.
    static func shrink(_ sc: SecurityContextModel) -> [SecurityContextModel] {
        guard case .fields(let f) = sc else { return sc == .absent ? [] : [.absent] }
        var out: [SecurityContextModel] = [.absent]
        func without(_ change: (inout SecurityFields) -> Void) {
            var g = f
            change(&g)
            if g != f { out.append(.fields(g)) }
        }
        without { $0.allowPrivilegeEscalation = nil }
        without { $0.privileged = nil }
        without { $0.runAsNonRoot = nil }
        without { $0.runAsUser = nil }
        without { $0.seccomp = nil }
        without { $0.capabilities = nil }
        without { $0.capabilities?.add = nil }
        without { $0.capabilities?.drop = nil }
        without { $0.readOnlyRootFilesystem = nil }
        without { $0.windowsOptions = false }
        without { $0.fsGroup = nil }
        return out
    }
}

/// Random choices from the property library's seeded generator (reproducible from its seed).
struct Picker {
    var rng: any SeededRandomNumberGenerator

    mutating func next() -> UInt64 { rng.next() }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    mutating func pick<T>(_ options: [T]) -> T { options[int(0...(options.count - 1))] }

    mutating func weighted<T>(_ options: [(T, Int)]) -> T {
        var roll = int(0...(options.reduce(0) { $0 + $1.1 } - 1))
        for (value, weight) in options {
            if roll < weight { return value }
            roll -= weight
        }
        return options[options.count - 1].0
    }
}

extension ManifestCase: CustomTestStringConvertible, CustomStringConvertible {
    var description: String {
        let text = String(decoding: rendered.bytes, as: UTF8.self)
            .replacingOccurrences(of: "\r", with: "\\r")
        return "\(kind.rawValue), styleSeed \(styleSeed), \(layout)\n--- manifest (\\r shown where the file has CR) ---\n\(text)\n--- end ---"
    }

    var testDescription: String { description }
}

extension Layout: CustomStringConvertible {
    var description: String {
        "indent \(indent), \(indentedSequences ? "indented" : "indentless") lists, \(flow.rawValue), quoting \(quoting), "
            + "comments \(comments), \(crlf ? "CRLF" : "LF"), final newline \(finalNewline), "
            + "documents before/after \(documentBefore)/\(documentAfter), explicit start \(explicitStart)"
    }
}
