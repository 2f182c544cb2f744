import PSSFixCore

/// `--format sarif`: SARIF 2.1.0 for code scanning, streamed. One rule per check ID (with its
/// description and help), one result per finding located at the workload's `kind:` line;
/// exempted findings are results with `suppressions`; unreadable files are notifications.
struct SARIFReporter: CheckWriter {
    let exceptionsFile: String?
    static let docs = "https://kubernetes.io/docs/concepts/security/pod-security-standards/"

    var separator: String { ",\n" }

    func header() -> String {
        let rules = CheckRegistry.descriptions.map { d in
            JSONText.object([
                ("id", JSONText.string(d.id)), ("name", JSONText.string(d.title)),
                ("shortDescription", "{\"text\": \(JSONText.string(d.summary))}"),
                ("fullDescription", "{\"text\": \(JSONText.string(d.rationale))}"),
                ("help", "{\"text\": \(JSONText.string(d.remedy)), \"markdown\": \(JSONText.string("\(d.summary)\n\n\(d.rationale)\n\n**pss-fix:** \(d.remedy)"))}"),
                ("helpUri", JSONText.string(Self.docs)),
                ("defaultConfiguration", "{\"level\": \"error\"}"),
                ("properties", "{\"tags\": \(JSONText.array(["security", "kubernetes", "pod-security", d.level.rawValue])), \"fixable\": \(JSONText.string(d.fixSupport.rawValue))}"),
            ], indent: 12)
        }
        return """
            {
              "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
              "version": "2.1.0",
              "runs": [
                {
                  "tool": {
                    "driver": {
                      "name": "pss-fix",
                      "semanticVersion": "\(PSSFixVersion.current)",
                      "informationUri": "\(Self.docs)",
                      "rules": [
            \(rules.joined(separator: ",\n"))
                      ]
                    }
                  },
                  "columnKind": "unicodeCodePoints",
                  "results": [

            """
    }

    static let ruleIndex: [String: Int] = Dictionary(
        uniqueKeysWithValues: CheckRegistry.descriptions.enumerated().map { ($1.id, $0) })

    func render(_ entry: CheckFileEntry) -> CheckChunk {
        var chunk = CheckChunk()
        if let error = entry.error {
            chunk.deferred["notifications"] = [JSONText.object([
                ("level", "\"error\""), ("message", "{\"text\": \(JSONText.string(error.message))}"),
                ("locations", "[\(location(entry.path, error.location ?? Location(line: 1, column: 1)))]"),
            ], indent: 12)]
        }
        guard let result = entry.result else { return chunk }
        if let reason = result.skipped {
            chunk.deferred["notifications", default: []].append(JSONText.object([
                ("level", "\"warning\""), ("message", "{\"text\": \(JSONText.string("not checked: " + reason))}"),
                ("locations", "[\(location(entry.path, Location(line: 1, column: 1)))]"),
            ], indent: 12))
        }
        for w in result.warnings {
            chunk.deferred["notifications", default: []].append(JSONText.object([
                ("level", "\"warning\""), ("message", "{\"text\": \(JSONText.string("\(w.workload.displayName): \(w.message)"))}"),
                ("locations", "[\(location(entry.path, w.location))]"),
            ], indent: 12))
        }
        for o in result.unjudged {
            chunk.deferred["notifications", default: []].append(JSONText.object([
                ("level", "\"warning\""),
                ("message", "{\"text\": \(JSONText.string("\(o.displayName): \(o.reason); to judge it, add to .pss-fix.yaml:\n\(o.configLines)"))}"),
                ("locations", "[\(location(entry.path, o.location))]"),
            ], indent: 12))
        }
        for problem in result.exceptionProblems {
            chunk.deferred["notifications", default: []].append(JSONText.object([
                ("level", "\"warning\""), ("message", "{\"text\": \(JSONText.string(problem.message))}"),
                ("locations", "[\(location(entry.path, problem.location))]"),
            ], indent: 12))
        }
        if let cluster = result.cluster {
            chunk.deferred["notifications", default: []].append(JSONText.object([
                ("level", "\"note\""),
                ("message", "{\"text\": \(JSONText.string("a live cluster: \(cluster.pods) Pods reported as \(cluster.workloads) workloads; fixes go to the workloads' manifests"))}"),
                ("locations", "[\(location(entry.path, Location(line: 1, column: 1)))]"),
            ], indent: 12))
        }
        for f in result.findings {
            let text = "\(f.workload.displayName)\(f.workload.namespace.map { " (\($0))" } ?? "")\(TextCheckReporter.pods(f.workload)): violates PodSecurity \"\(f.level.rawValue):\(f.version)\": \(f.violation.message)"
            chunk.stream.append(resultObject(
                f.violation.checkID, text, entry.path, f.workload, containers: f.violation.containers, fixable: f.fixable,
                suppression: nil))
        }
        for e in result.exempted {
            let text = "\(e.workload.displayName): violates PodSecurity \"\(e.level.rawValue):\(e.version)\": \(e.exempted.violation.message)"
            var kind = "external"
            if case .annotation = e.exempted.source { kind = "inSource" }
            let justification = "\(e.exempted.reason) (\(describe(e.exempted.source, exceptionsFile: exceptionsFile)))"
            chunk.stream.append(resultObject(
                e.exempted.violation.checkID, text, entry.path, e.workload, containers: e.exempted.containers, fixable: false,
                suppression: "[{\"kind\": \"\(kind)\", \"justification\": \(JSONText.string(justification))}]"))
        }
        return chunk
    }

    func resultObject(
        _ ruleId: String, _ text: String, _ path: String, _ w: WorkloadIdentity, containers: [String], fixable: Bool,
        suppression: String?
    ) -> String {
        var pairs: [(String, String)] = [
            ("ruleId", JSONText.string(ruleId)), ("ruleIndex", String(Self.ruleIndex[ruleId] ?? 0)), ("level", "\"error\""),
            ("message", "{\"text\": \(JSONText.string(text))}"), ("locations", "[\(location(path, w.location))]"),
            ("properties", "{\"kind\": \(JSONText.string(w.kind)), \"name\": \(JSONText.optional(w.name)), \"namespace\": \(JSONText.optional(w.namespace)), \"containers\": \(JSONText.array(containers)), \"fixable\": \(fixable)\(w.replicas.map { ", \"replicas\": \($0)" } ?? "")}"),
        ]
        if let suppression { pairs.append(("suppressions", suppression)) }
        return JSONText.object(pairs, indent: 8)
    }

    func location(_ path: String, _ location: Location) -> String {
        var uri = path.split(separator: "/").map { Self.percentEncode(String($0)) }.joined(separator: "/")
        if path.hasPrefix("/") { uri = "file:///" + uri }  // outside the working directory: absolute
        return "{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \(JSONText.string(uri))}, \"region\": {\"startLine\": \(max(1, location.line)), \"startColumn\": \(max(1, location.column))}}}"
    }

    func footer(_ t: CheckTotals, deferred: [String: [String]]) -> String {
        let notes = deferred["notifications"] ?? []
        let list = notes.isEmpty ? "[]" : "[\n" + notes.joined(separator: ",\n") + "\n          ]"
        return """

                  ],
                  "invocations": [
                    {
                      "executionSuccessful": \(t.errors == 0),
                      "toolExecutionNotifications": \(list)
                    }
                  ]
                }
              ]
            }

            """
    }

    /// URI path segments: keep unreserved characters, escape the rest.
    static func percentEncode(_ segment: String) -> String {
        var out = ""
        for byte in segment.utf8 {
            let c = Character(UnicodeScalar(byte))
            if c.isASCII && (c.isLetter || c.isNumber || "-._~".contains(c)) {
                out.append(c)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}

/// The tool's version, reported in SARIF.
public enum PSSFixVersion {
    public static let current = "0.2.0"
}
