import Foundation
import PSSFixCore

/// Reads the script `migrate --format kubectl` prints and applies its `kubectl label` commands
/// to namespace labels, as the API server would (`--overwrite` replaces a value).
struct KubectlLabelScript {
    struct Command: Equatable {
        let namespace: String
        let labels: [(key: String, value: String)]
        static func == (a: Command, b: Command) -> Bool {
            a.namespace == b.namespace && a.labels.map { "\($0.key)=\($0.value)" } == b.labels.map { "\($0.key)=\($0.value)" }
        }
    }

    enum Problem: Error, CustomStringConvertible {
        case unexpected(String)
        case noDryRun(String)
        var description: String {
            switch self {
            case .unexpected(let line): return "not a comment or a kubectl label command: \(line)"
            case .noDryRun(let line): return "not preceded by its --dry-run=server form: \(line)"
            }
        }
    }

    let commands: [Command]

    /// Every non-comment line must be `kubectl label --overwrite namespace NAME KEY=VALUE...`
    /// right after the same command with `--dry-run=server` as a comment.
    init(_ script: String) throws {
        var commands: [Command] = []
        var previous = ""
        for line in script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            defer { previous = line }
            if line.isEmpty || line.hasPrefix("#") { continue }
            let words = line.split(separator: " ").map(String.init)
            guard words.count >= 6, Array(words[0..<4]) == ["kubectl", "label", "--overwrite", "namespace"] else {
                throw Problem.unexpected(line)
            }
            let dryRun = "# kubectl label --dry-run=server --overwrite namespace " + words[4...].joined(separator: " ")
            guard previous == dryRun else { throw Problem.noDryRun(line) }
            let labels = try words[5...].map { word -> (key: String, value: String) in
                guard let eq = word.firstIndex(of: "=") else { throw Problem.unexpected(line) }
                return (String(word[..<eq]), String(word[word.index(after: eq)...]))
            }
            commands.append(Command(namespace: words[4], labels: labels))
        }
        self.commands = commands
    }

    /// `labels` (namespace -> labels) after the commands.
    func apply(to labels: [String: [String: String]]) -> [String: [String: String]] {
        var result = labels
        for command in commands {
            for (key, value) in command.labels { result[command.namespace, default: [:]][key] = value }
        }
        return result
    }

    /// The labels of the Namespace objects of a dump.
    static func namespaceLabels(_ dump: [UInt8]) throws -> [String: [String: String]] {
        let stream = try YAMLParser.parse(SourceText(dump))
        var result: [String: [String: String]] = [:]
        for ns in NamespacePolicy.find(in: stream) {
            let meta = ServerMetadata(object: ns.object)
            result[meta.name ?? ""] = meta.labels
        }
        return result
    }

    /// A kubectl-style YAML dump with its Namespaces' labels replaced by `labels` (sorted, as
    /// kubectl writes them).
    static func relabel(_ dump: String, _ labels: [String: [String: String]]) -> String {
        var lines = dump.components(separatedBy: "\n")
        var i = 0
        while i < lines.count {
            guard lines[i] == "  kind: Namespace" else { i += 1; continue }
            // The item's labels block: `    labels:` then lines indented by 6.
            var j = i
            while j < lines.count, lines[j] != "    labels:" { j += 1 }
            var end = j + 1
            while end < lines.count, lines[end].hasPrefix("      ") { end += 1 }
            var name: String?
            for k in end..<lines.count where lines[k].hasPrefix("    name: ") {
                name = String(lines[k].dropFirst("    name: ".count))
                break
            }
            if let name, let new = labels[name] {
                lines.replaceSubrange((j + 1)..<end, with: new.sorted { $0.key < $1.key }.map { "      \($0.key): \($0.value)" })
            }
            i = j + 1
        }
        return lines.joined(separator: "\n")
    }
}
