import FoundationEssentials
import PSSFixCore

/// `--format json`: `{"findings": [...], "exempted": [...], "errors": [...], ..., "summary": {...}}`,
/// written finding by finding.
struct JSONCheckReporter: CheckWriter {
    let exceptionsFile: String?

    var separator: String { ",\n" }

    func header() -> String { "{\n  \"schemaVersion\": \(JSONSchema.version),\n  \"findings\": [\n" }

    func render(_ entry: CheckFileEntry) -> CheckChunk {
        var chunk = CheckChunk()
        if let error = entry.error {
            chunk.deferred["errors"] = [JSONText.object([
                ("file", JSONText.string(entry.path)), ("line", error.location.map { String($0.line) } ?? "null"),
                ("column", error.location.map { String($0.column) } ?? "null"), ("message", JSONText.string(error.message)),
            ], indent: 4)]
        }
        guard let result = entry.result else { return chunk }
        if let reason = result.skipped {
            chunk.deferred["skipped"] = [JSONText.object([("file", JSONText.string(entry.path)), ("reason", JSONText.string(reason))], indent: 4)]
        }
        if !result.warnings.isEmpty {
            chunk.deferred["warnings"] = result.warnings.map { w in
                JSONText.object([
                    ("file", JSONText.string(entry.path)), ("line", String(w.location.line)), ("column", String(w.location.column)),
                    ("kind", JSONText.string(w.workload.kind)), ("name", JSONText.optional(w.workload.name)),
                    ("namespace", JSONText.optional(w.workload.namespace)), ("message", JSONText.string(w.message)),
                ], indent: 4)
            }
        }
        if !result.unjudged.isEmpty {
            chunk.deferred["unjudged"] = result.unjudged.map { o in
                JSONText.object([
                    ("file", JSONText.string(entry.path)), ("line", String(o.location.line)), ("column", String(o.location.column)),
                    ("document", String(o.documentIndex + 1)), ("apiVersion", JSONText.string(o.apiVersion)),
                    ("kind", JSONText.string(o.kind)), ("name", JSONText.optional(o.name)),
                    ("namespace", JSONText.optional(o.namespace)), ("reason", JSONText.string(o.reason)),
                    ("config", JSONText.string(o.configLines)),
                ], indent: 4)
            }
        }
        if !result.exceptionProblems.isEmpty {
            // An exception that cannot be used (an unknown check, no reason): its finding stays
            // a finding, and the reader learns why.
            chunk.deferred["exceptionProblems"] = result.exceptionProblems.map { problem in
                JSONText.object([
                    ("file", JSONText.string(entry.path)), ("line", String(problem.location.line)),
                    ("column", String(problem.location.column)), ("annotation", JSONText.optional(problem.key)),
                    ("message", JSONText.string(problem.message)),
                ], indent: 4)
            }
        }
        chunk.stream = result.findings.map { f in
            var o = JSONObjectWriter(indent: 4)
            o.string("file", entry.path)
            o.int("line", f.workload.location.line)
            o.int("column", f.workload.location.column)
            o.int("document", f.workload.documentIndex + 1)
            o.string("kind", f.workload.kind)
            o.optional("name", f.workload.name)
            o.optional("namespace", f.workload.namespace)
            o.string("level", f.level.rawValue)
            o.string("version", f.version.description)
            o.string("check", f.violation.checkID)
            o.string("reason", f.violation.reason)
            o.string("detail", f.violation.detail)
            o.strings("containers", f.violation.containers)
            o.bool("fixable", f.fixable)
            if !f.valuesKeys.isEmpty { o.strings("valuesKeys", f.valuesKeys) }
            if let replicas = f.workload.replicas {
                o.int("replicas", replicas)
                o.int("pods", f.pods ?? replicas)
                o.optional("injectedBy", f.injectedBy)
            }
            return o.finish()
        }
        chunk.deferred["exempted"] = result.exempted.map { e in
            JSONText.object([
                ("file", JSONText.string(entry.path)), ("line", String(e.workload.location.line)),
                ("column", String(e.workload.location.column)), ("kind", JSONText.string(e.workload.kind)),
                ("name", JSONText.optional(e.workload.name)), ("namespace", JSONText.optional(e.workload.namespace)),
                ("check", JSONText.string(e.exempted.violation.checkID)), ("reason", JSONText.string(e.exempted.violation.reason)),
                ("detail", JSONText.string(e.exempted.violation.detail)), ("containers", JSONText.array(e.exempted.containers)),
                ("exception", JSONText.string(e.exempted.reason)),
                ("exceptionSource", JSONText.string(describe(e.exempted.source, exceptionsFile: exceptionsFile))),
            ], indent: 4)
        }
        return chunk
    }

    func footer(_ t: CheckTotals, deferred: [String: [String]]) -> String {
        func list(_ key: String) -> String {
            let items = deferred[key] ?? []
            return items.isEmpty ? "[]" : "[\n" + items.joined(separator: ",\n") + "\n  ]"
        }
        let byCheck = t.countsByCheck.map { "    \(JSONText.string($0.check)): \($0.count)" }.joined(separator: ",\n")
        let summary = JSONText.object([
            ("files", String(t.files)), ("workloads", String(t.workloads)), ("violating", String(t.violating)),
            ("findings", String(t.findings)), ("fixable", String(t.fixable)), ("exempted", String(t.exempted)),
            ("errors", String(t.errors)), ("skipped", String(t.skipped)), ("unjudged", String(t.unjudged)),
            ("input", t.clusterPods == nil ? "\"manifests\"" : "\"cluster\""), ("pods", t.clusterPods.map(String.init) ?? "null"),
            ("byCheck", byCheck.isEmpty ? "{}" : "{\n" + byCheck + "\n    }"),
        ], indent: 2)
        return "\n  ],\n  \"exempted\": \(list("exempted")),\n  \"errors\": \(list("errors")),\n  \"skipped\": \(list("skipped")),\n  \"unjudged\": \(list("unjudged")),\n  \"warnings\": \(list("warnings")),\n  \"exceptionProblems\": \(list("exceptionProblems")),\n  \"summary\": "
            + summary.dropFirst(2) + "\n}\n"
    }

    /// Foundation's encoder, for small whole documents (migrate's JSON, SARIF's rules).
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
