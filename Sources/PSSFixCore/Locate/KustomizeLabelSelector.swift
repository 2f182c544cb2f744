/// A Kubernetes label selector as a patch's `target:` (`labelSelector`, `annotationSelector`)
/// writes it: requirements separated by commas — `key=value`, `key==value`, `key!=value`,
/// `key in (a,b)`, `key notin (a,b)`, `key`, `!key` — all of which must hold. kustomize
/// evaluates it against the object's labels (annotations) as they are when the patch runs,
/// which `KustomizeWriterSearch` works out from the source document and the labels the
/// kustomizations built before it add.
public struct KustomizeLabelSelector: Sendable, Equatable {
    enum Requirement: Sendable, Equatable {
        case equals(String, String)
        case notEquals(String, String)
        case within(String, [String])
        case notWithin(String, [String])
        case exists(String)
        case absent(String)
    }

    let requirements: [Requirement]

    /// Nil when the text is not a selector pss-fix can read (it then decides nothing).
    public init?(_ text: String) {
        var requirements: [Requirement] = []
        for part in Self.split(text) {
            let item = Self.trim(part)
            if item.isEmpty { continue }
            guard let requirement = Self.requirement(item) else { return nil }
            requirements.append(requirement)
        }
        self.requirements = requirements
    }

    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { requirement in
            switch requirement {
            case .equals(let key, let value): return labels[key] == value
            case .notEquals(let key, let value): return labels[key] != value
            case .within(let key, let values): return labels[key].map(values.contains) ?? false
            case .notWithin(let key, let values): return labels[key].map { !values.contains($0) } ?? true
            case .exists(let key): return labels[key] != nil
            case .absent(let key): return labels[key] == nil
            }
        }
    }

    /// Splits on the commas that are not inside `( )`.
    static func split(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if character == "," && depth == 0 {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts
    }

    static func requirement(_ item: String) -> Requirement? {
        for (op, make) in [("!=", Requirement.notEquals), ("==", Requirement.equals), ("=", Requirement.equals)] as [(String, (String, String) -> Requirement)] {
            if let range = item.firstRange(of: op) {
                let key = trim(String(item[..<range.lowerBound]))
                let value = trim(String(item[range.upperBound...]))
                guard isToken(key), value.isEmpty || isToken(value) else { return nil }
                return make(key, value)
            }
        }
        let words = item.split(separator: " ", maxSplits: 1).map(String.init)
        if words.count == 2, let open = words[1].firstIndex(of: "(") {
            let rest = words[1][words[1].index(after: open)...]
            let operatorWord = trim(String(words[1][..<open]))
            guard rest.hasSuffix(")"), isToken(words[0]) else { return nil }
            let values = rest.dropLast().split(separator: ",").map { trim(String($0)) }
            guard values.allSatisfy(isToken) else { return nil }
            switch operatorWord {
            case "in": return .within(words[0], values)
            case "notin": return .notWithin(words[0], values)
            default: return nil
            }
        }
        if item.hasPrefix("!") {
            let key = trim(String(item.dropFirst()))
            return isToken(key) ? .absent(key) : nil
        }
        return isToken(item) ? .exists(item) : nil
    }

    static func trim(_ text: String) -> String {
        String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    /// Label keys and values: letters, digits, `-`, `_`, `.`, and `/` in keys.
    static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || "-_./".contains($0) }
    }
}
