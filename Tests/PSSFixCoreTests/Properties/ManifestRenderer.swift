import Foundation

@testable import PSSFixCore

/// Writes a `ManifestCase` as text in its layout. The per-node choices (quotes, flow, comments,
/// where securityContext sits among its siblings) come from a small generator seeded with the
/// case's `styleSeed`, so the same case always renders to the same bytes.
struct ManifestRenderer {
    /// A YAML value before it is written. `str` may be quoted; `raw` (booleans, numbers, null)
    /// never is, since quoting would change its type.
    indirect enum Y {
        case map([(String, Y)])
        case seq([Y])
        case str(String)
        case raw(String)
        /// Nothing after `key:` (a null).
        case empty
        /// A block scalar (`|`, `>-`), written as a quoted string where flow style forbids it.
        case literal(String, [String])
        /// Written in flow style on one line wherever it is (the `.podSpec` layout).
        case forceFlow(Y)
    }

    let layout: Layout
    var style: SplitMix64
    var lines: [String] = []
    var comments: [String] = []
    /// One spelling for `,` in JSON: `", "` or `","` (compact only).
    let jsonComma: String

    static func render(_ c: ManifestCase) -> (bytes: [UInt8], comments: [String]) {
        var r = ManifestRenderer(layout: c.layout, style: SplitMix64(seed: c.styleSeed), jsonComma: c.styleSeed % 2 == 0 ? ", " : ",")
        let workload = r.workload(c)
        if c.layout.flow.isJSON {
            r.lines = c.layout.flow == .json ? r.jsonPretty(workload, col: 0).components(separatedBy: "\n") : [r.flow(workload, json: true)]
        } else {
            if c.layout.explicitStart { r.lines.append("---") }
            if c.layout.documentBefore {
                r.document(configMap("before"))
                r.lines.append("---")
            }
            if c.layout.comments && r.style.chance(0.5) { r.lines.append(r.comment()) }
            r.document(workload)
            if c.layout.documentAfter {
                r.lines.append(r.style.chance(0.5) ? "---" : "--- \(r.comment(inline: true))".trimmingCharacters(in: .whitespaces))
                r.document(configMap("after"))
            }
        }
        var text = r.lines.joined(separator: "\n")
        if c.layout.finalNewline { text += "\n" }
        if c.layout.crlf { text = text.replacingOccurrences(of: "\n", with: "\r\n") }
        return (Array(text.utf8), r.comments)
    }

    // MARK: What is written

    mutating func workload(_ c: ManifestCase) -> Y {
        var spec = podSpec(c.pod, kind: c.kind)
        if layout.flow == .podSpec { spec = .forceFlow(spec) }
        var annotations: [(String, Y)] = []
        if let a = c.pod.seccompAnnotation { annotations.append(("seccomp.security.alpha.kubernetes.io/pod", .str(a))) }
        var podMeta: [(String, Y)] = [("labels", .map([("app", .str("web"))]))]
        if !annotations.isEmpty { podMeta.append(("annotations", .map(annotations))) }
        let template: Y = .map([("metadata", .map(podMeta)), ("spec", spec)])
        let selector: Y = .map([("matchLabels", .map([("app", .str("web"))]))])
        let apiVersion: String
        var pairs: [(String, Y)] = []
        switch c.kind {
        case .pod:
            apiVersion = "v1"
            pairs = [("metadata", .map([("name", .str("web"))] + podMeta)), ("spec", spec)]
        case .podTemplate:
            apiVersion = "v1"
            pairs = [("metadata", .map([("name", .str("web"))])), ("template", template)]
        case .replicationController:
            apiVersion = "v1"
            pairs = [
                ("metadata", .map([("name", .str("web"))])),
                ("spec", .map([("replicas", .raw("2")), ("selector", .map([("app", .str("web"))])), ("template", template)])),
            ]
        case .deployment, .replicaSet, .statefulSet, .daemonSet:
            apiVersion = "apps/v1"
            var s: [(String, Y)] = c.kind == .daemonSet ? [] : [("replicas", .raw("2"))]
            if c.kind == .statefulSet { s.append(("serviceName", .str("web"))) }
            s += [("selector", selector), ("template", template)]
            pairs = [("metadata", .map([("name", .str("web")), ("namespace", .str("shop"))])), ("spec", .map(s))]
        case .job:
            apiVersion = "batch/v1"
            pairs = [("metadata", .map([("name", .str("once"))])), ("spec", .map([("backoffLimit", .raw("2")), ("template", template)]))]
        case .cronJob:
            apiVersion = "batch/v1"
            pairs = [
                ("metadata", .map([("name", .str("nightly"))])),
                ("spec", .map([
                    ("schedule", .str("*/5 * * * *")),
                    ("jobTemplate", .map([("spec", .map([("template", template)]))])),
                ])),
            ]
        default:
            // The generator picks only the built-in kinds (Workload.Kind.allCases).
            preconditionFailure("no renderer for kind \(c.kind)")
        }
        return .map([("apiVersion", .str(apiVersion)), ("kind", .str(c.kind.rawValue))] + pairs)
    }

    mutating func podSpec(_ pod: PodModel, kind: Workload.Kind) -> Y {
        var pairs: [(String, Y)] = []
        if let os = pod.os { pairs.append(("os", .map([("name", .str(os))]))) }
        if let h = pod.hostNetwork { pairs.append(("hostNetwork", .raw(String(h)))) }
        let sc = securityContext(pod.securityContext)
        if let sc, style.chance(0.5) { pairs.append(("securityContext", sc)) }
        if !pod.initContainers.isEmpty { pairs.append(("initContainers", .seq(pod.initContainers.map { container($0) }))) }
        pairs.append(("containers", .seq(pod.containers.map { container($0) })))
        if !pod.ephemeralContainers.isEmpty { pairs.append(("ephemeralContainers", .seq(pod.ephemeralContainers.map { container($0) }))) }
        if !pod.volumes.isEmpty { pairs.append(("volumes", .seq(pod.volumes.map(volume)))) }
        if kind == .job || kind == .cronJob { pairs.append(("restartPolicy", .str(kind == .job ? "Never" : "OnFailure"))) }
        if let sc, !pairs.contains(where: { $0.0 == "securityContext" }) { pairs.append(("securityContext", sc)) }
        return .map(pairs)
    }

    mutating func container(_ c: ContainerModel) -> Y {
        var pairs: [(String, Y)] = [("name", .str(c.name)), ("image", .str(c.image))]
        if c.trickyArgs { pairs.append(("args", .seq([.str("sh"), .str("-c"), .str("echo securityContext: {} # not a comment")]))) }
        if !c.ports.isEmpty {
            pairs.append(("ports", .seq(c.ports.map { p in
                .map([("containerPort", .raw(String(p.containerPort)))] + (p.hostPort.map { [("hostPort", .raw(String($0)))] } ?? []))
            })))
        }
        if let sc = securityContext(c.securityContext) {
            pairs.insert(("securityContext", sc), at: style.int(1...pairs.count))
        }
        return .map(pairs)
    }

    func volume(_ v: VolumeModel) -> Y {
        switch v {
        case .emptyDir: return .map([("name", .str("scratch")), ("emptyDir", .map([]))])
        case .hostPath: return .map([("name", .str("logs")), ("hostPath", .map([("path", .str("/var/log"))]))])
        case .configMap: return .map([("name", .str("config")), ("configMap", .map([("name", .str("settings"))]))])
        }
    }

    func securityContext(_ sc: SecurityContextModel) -> Y? {
        switch sc {
        case .absent: return nil
        case .emptyMapping: return .map([])
        case .null: return .raw("null")
        case .tilde: return .raw("~")
        case .emptyValue: return .empty
        case .fields(let f):
            var pairs: [(String, Y)] = []
            if let v = f.allowPrivilegeEscalation { pairs.append(("allowPrivilegeEscalation", .raw(String(v)))) }
            if let v = f.privileged { pairs.append(("privileged", .raw(String(v)))) }
            if let v = f.runAsNonRoot { pairs.append(("runAsNonRoot", .raw(String(v)))) }
            if let v = f.runAsUser { pairs.append(("runAsUser", .raw(String(v)))) }
            if let v = f.fsGroup { pairs.append(("fsGroup", .raw(String(v)))) }
            if let v = f.readOnlyRootFilesystem { pairs.append(("readOnlyRootFilesystem", .raw(String(v)))) }
            if let s = f.seccomp {
                var p: [(String, Y)] = s == .noType ? [] : [("type", .str(s.rawValue))]
                if s == .localhost { p.append(("localhostProfile", .str("profiles/audit.json"))) }
                pairs.append(("seccompProfile", .map(p)))
            }
            if let caps = f.capabilities {
                var p: [(String, Y)] = []
                if let add = caps.add { p.append(("add", .seq(add.map { .str($0) }))) }
                if let drop = caps.drop { p.append(("drop", .seq(drop.map { .str($0) }))) }
                pairs.append(("capabilities", .map(p)))
            }
            if f.windowsOptions { pairs.append(("windowsOptions", .map([("runAsUserName", .str("ContainerUser"))]))) }
            return .map(pairs)
        }
    }

    /// A ConfigMap whose block scalars hold text that looks like YAML keys and comments.
    static func configMap(_ name: String) -> Y {
        .map([
            ("apiVersion", .str("v1")), ("kind", .str("ConfigMap")), ("metadata", .map([("name", .str(name))])),
            ("data", .map([
                ("script", .literal("|", ["#!/bin/sh", "# securityContext: {}", "echo \"runAsNonRoot: false\"", "---", "exit 0"])),
                ("note", .literal(">-", ["folded", "securityContext:", "  privileged: true"])),
            ])),
        ])
    }

    // MARK: How it is written

    mutating func comment(inline: Bool = false) -> String {
        let phrases = ["todo", "securityContext: {}", "- name: sidecar", "runAsNonRoot: false", "keep this"]
        let text = "# c\(comments.count) \(phrases[style.int(0...(phrases.count - 1))])"
        comments.append(text)
        return text
    }

    mutating func trailing() -> String {
        layout.comments && style.chance(0.15) ? "  " + comment() : ""
    }

    mutating func commentLine(_ col: Int) {
        if layout.comments && style.chance(0.1) { lines.append(String(repeating: " ", count: col) + comment()) }
    }

    mutating func document(_ y: Y) {
        if layout.flow == .document {
            lines.append(flow(y, json: false) + trailing())
        } else if case .map(let pairs) = y {
            blockMap(pairs, col: 0)
        }
    }

    mutating func shouldFlow(_ y: Y) -> Bool {
        switch y {
        case .forceFlow: return true
        case .map(let p) where p.isEmpty: return true
        case .seq(let s) where s.isEmpty: return true
        case .map, .seq: return layout.flow == .mixed && style.chance(0.25)
        default: return false
        }
    }

    mutating func blockMap(_ pairs: [(String, Y)], col: Int, lead: String? = nil) {
        let pad = String(repeating: " ", count: col)
        for (i, (k, v)) in pairs.enumerated() {
            var prefix = pad
            if i == 0, let lead { prefix = lead } else { commentLine(col) }
            let head = prefix + key(k, json: false) + ":"
            switch v {
            case .str, .raw: lines.append(head + " " + scalar(v, json: false, inFlow: false) + trailing())
            case .empty: lines.append(head + trailing())
            case .literal(let indicator, let text):
                lines.append(head + " " + indicator)
                lines += text.map { String(repeating: " ", count: col + layout.indent) + $0 }
            case .map(let p):
                if shouldFlow(v) {
                    lines.append(head + " " + flow(v, json: false) + trailing())
                } else {
                    lines.append(head + trailing())
                    blockMap(p, col: col + layout.indent)
                }
            case .seq(let items):
                if shouldFlow(v) {
                    lines.append(head + " " + flow(v, json: false) + trailing())
                } else {
                    lines.append(head + trailing())
                    blockSeq(items, dashCol: layout.indentedSequences ? col + layout.indent : col)
                }
            case .forceFlow:
                lines.append(head + " " + flow(v, json: false) + trailing())
            }
        }
    }

    mutating func blockSeq(_ items: [Y], dashCol: Int) {
        let dash = String(repeating: " ", count: dashCol) + "- "
        for item in items {
            commentLine(dashCol)
            switch item {
            case .map(let p) where !shouldFlow(item): blockMap(p, col: dashCol + 2, lead: dash)
            case .str, .raw: lines.append(dash + scalar(item, json: false, inFlow: false) + trailing())
            default: lines.append(dash + flow(item, json: false) + trailing())
            }
        }
    }

    mutating func flow(_ y: Y, json: Bool) -> String {
        let comma = json ? jsonComma : ", "
        switch y {
        case .map(let pairs):
            return "{" + pairs.map { key($0.0, json: json) + ": " + flow($0.1, json: json) }.joined(separator: comma) + "}"
        case .seq(let items):
            return "[" + items.map { flow($0, json: json) }.joined(separator: comma) + "]"
        case .forceFlow(let inner): return flow(inner, json: json)
        case .literal(let indicator, let text):
            let value = text.joined(separator: indicator.hasPrefix(">") ? " " : "\n") + (indicator.hasSuffix("-") ? "" : "\n")
            return doubleQuoted(value)
        default: return scalar(y, json: json, inFlow: true)
        }
    }

    mutating func jsonPretty(_ y: Y, col: Int) -> String {
        let inner = String(repeating: " ", count: col + layout.indent)
        switch y {
        case .map(let pairs) where !pairs.isEmpty:
            let body = pairs.map { inner + key($0.0, json: true) + ": " + jsonPretty($0.1, col: col + layout.indent) }
            return "{\n" + body.joined(separator: ",\n") + "\n" + String(repeating: " ", count: col) + "}"
        case .seq(let items) where !items.isEmpty:
            let body = items.map { inner + jsonPretty($0, col: col + layout.indent) }
            return "[\n" + body.joined(separator: ",\n") + "\n" + String(repeating: " ", count: col) + "]"
        case .forceFlow(let y): return jsonPretty(y, col: col)
        default: return flow(y, json: true)
        }
    }

    mutating func key(_ k: String, json: Bool) -> String {
        if json { return doubleQuoted(k) }
        guard layout.quoting else { return needsQuotes(k, inFlow: true) ? doubleQuoted(k) : k }
        switch style.int(0...7) {
        case 0: return "'\(k)'"
        case 1: return doubleQuoted(k)
        default: return needsQuotes(k, inFlow: true) ? doubleQuoted(k) : k
        }
    }

    mutating func scalar(_ y: Y, json: Bool, inFlow: Bool) -> String {
        switch y {
        case .raw(let s): return json && (s == "~" || s == "null") ? "null" : s
        case .empty: return json ? "null" : ""
        case .str(let s):
            if json || needsQuotes(s, inFlow: inFlow) { return doubleQuoted(s) }
            guard layout.quoting else { return s }
            switch style.int(0...5) {
            case 0: return "'\(s)'"
            case 1: return doubleQuoted(s)
            default: return s
            }
        default: return ""
        }
    }

    func needsQuotes(_ s: String, inFlow: Bool) -> Bool {
        guard let first = s.first else { return true }
        if "*&!|>'\"%@`#,[]{}?-:".contains(first) { return true }
        if s.contains(": ") || s.contains(" #") { return true }
        return inFlow && s.contains(where: { ",[]{}".contains($0) })
    }

    func doubleQuoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}

/// SplitMix64: the per-node style choices, seeded from the case.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
}
