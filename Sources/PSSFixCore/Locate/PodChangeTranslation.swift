/// Turns a `PodFieldChange` into a `FixIntent` on another file's tree, for the byte-exact
/// engine: an object that describes the same pod (a base resource, a strategic-merge patch,
/// the render itself), or the `value` of a JSON 6902 operation that writes the field.
public enum PodChangeTranslation {
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The mapping a scope names in an object whose pod template sits at `templatePath`.
    static func scopeNode(_ scope: PodFieldChange.Scope, in object: Node, templatePath: [String]) -> Node? {
        var template: Node? = object.resolved
        for key in templatePath { template = template?[key]?.resolved }
        guard let template, template.isMapping else { return nil }
        switch scope {
        case .pod: return template["spec"]?.resolved
        case .podMetadata: return template["metadata"]?.resolved
        case .container(let list, let name):
            return template["spec"]?[list]?.resolved.items.map(\.resolved).first { $0["name"]?.string == name }
        }
    }

    /// The intent that makes `change` in `object` (a whole object or a strategic-merge patch
    /// of the same kind).
    public static func intent(_ change: PodFieldChange, inObject object: Node, templatePath: [String]) -> Result<FixIntent, Refusal> {
        guard let scope = scopeNode(change.scope, in: object, templatePath: templatePath), scope.isMapping else {
            // Not in the document: a patch or transformer added it (a sidecar), so its fields
            // cannot be written beside it there.
            let added = { if case .container = change.scope { return " (a patch or transformer adds it)" } else { return "" } }()
            return .failure(Refusal(description: "the \(change.scope) is not written there\(added)"))
        }
        return intent(change, base: scope, path: change.path)
    }

    /// The intent that makes `change` inside the `value` of a JSON 6902 operation whose path
    /// (`opTokens`) leads to the field (`fieldTokens`) or above it.
    public static func intent(_ change: PodFieldChange, inOperation op: Node, opTokens: [String], fieldTokens: [String]) -> Result<FixIntent, Refusal> {
        guard fieldTokens.starts(with: opTokens), op["value"] != nil else {
            return .failure(Refusal(description: "the operation does not write the field"))
        }
        let remaining = Array(fieldTokens.dropFirst(opTokens.count))
        // A numeric token indexes a list in the value (a container): walk to the item after
        // the last one, so that the rest is a plain key path.
        guard let last = remaining.lastIndex(where: { Int($0) != nil }) else {
            return intent(change, base: op, path: ["value"] + remaining)
        }
        var node: Node? = op["value"]?.resolved
        for token in remaining[...last] {
            if let i = Int(token) {
                node = node.flatMap { $0.isSequence && i < $0.items.count ? $0.items[i].resolved : nil }
            } else {
                node = node?[token]?.resolved
            }
        }
        guard let base = node, base.isMapping else {
            return .failure(Refusal(description: "the operation's value has no \(remaining[...last].joined(separator: "/"))"))
        }
        return intent(change, base: base, path: Array(remaining[(last + 1)...]))
    }

    /// `change`'s action from `base` along `path` (which ends at the value, the list or the
    /// mapping the action names).
    static func intent(_ change: PodFieldChange, base: Node, path: [String]) -> Result<FixIntent, Refusal> {
        let explicit: Bool
        switch change.action {
        case .set(let value):
            explicit = walk(base, path).map { !$0.isNull } ?? false
            return .success(FixIntent(.set(base: base, path: path, value: value), checkID: change.checkID,
                                      summary: change.summary, changesExplicitValue: explicit))
        case .include(let item):
            return .success(FixIntent(.include(base: base, path: path, item: item), checkID: change.checkID, summary: change.summary))
        case .remove(let names):
            guard let list = walk(base, path), list.isSequence else {
                return .failure(Refusal(description: "\(path.joined(separator: ".")) is not a list there"))
            }
            let doomed = list.items.filter { names.contains($0.resolved.string ?? "") }
            guard Set(doomed.compactMap(\.string)) == Set(names) else {
                return .failure(Refusal(description: "\(path.joined(separator: ".")) there does not list \(names.joined(separator: ", "))"))
            }
            return .success(FixIntent(.remove(sequence: list, items: doomed), checkID: change.checkID, summary: change.summary,
                                      changesExplicitValue: true))
        case .removeKeys(let keys):
            guard let mapping = walk(base, path), mapping.isMapping else {
                return .failure(Refusal(description: "\(path.joined(separator: ".")) is not a mapping there"))
            }
            return .success(FixIntent(.removeKeys(mapping: mapping, keys: keys), checkID: change.checkID, summary: change.summary,
                                      changesExplicitValue: true))
        }
    }

    static func walk(_ node: Node, _ path: [String]) -> Node? {
        var current: Node? = node.resolved
        for key in path { current = current?[key]?.resolved }
        return current
    }
}
