import FoundationEssentials
import Glibc

/// `--exclude GLOB` and `exclude:` in `.pss-fix.yaml`: paths taken out of a run on purpose.
/// Excluded files are not "skipped" (nothing is reported for them): the user chose.
///
/// A pattern without `/` matches any one component of the path (`vendor`, `*.json`,
/// `templates`); a pattern with `/` matches the path from its start, or a folder the path lies
/// in (`charts/legacy`, `deploy/*/secrets.yaml`); `*` and `?` stay within a component and `**`
/// crosses folders (`**/generated/*.yaml`).
struct PathExclusion: Sendable {
    struct Rule: Sendable {
        let pattern: String
        /// Paths are matched relative to this folder (absolute), or as displayed when nil.
        let base: String?
    }

    var rules: [Rule] = []

    var isEmpty: Bool { rules.isEmpty }

    func excludes(_ file: InputFile) -> Bool {
        guard !rules.isEmpty, let real = file.realPath else { return false }
        for rule in rules {
            var path = file.displayPath
            if let base = rule.base {
                let prefix = base.hasSuffix("/") ? base : base + "/"
                if real.hasPrefix(prefix) { path = String(real.dropFirst(prefix.count)) }
            }
            if Self.matches(rule.pattern, path) { return true }
        }
        return false
    }

    static func matches(_ rawPattern: String, _ path: String) -> Bool {
        var pattern = rawPattern
        while pattern.hasPrefix("./") { pattern.removeFirst(2) }
        if pattern.hasSuffix("/") { pattern.removeLast() }
        guard !pattern.isEmpty else { return false }
        let components = path.split(separator: "/").map(String.init)
        if !pattern.contains("/") {
            return components.contains { fnmatch(pattern, $0, 0) == 0 }
        }
        if pattern.hasPrefix("/") { pattern.removeFirst() }
        // The path itself or any folder it lies in.
        var prefixes: [String] = []
        var current = ""
        for component in components {
            current = current.isEmpty ? component : current + "/" + component
            prefixes.append(current)
        }
        if pattern.contains("**") {
            // `**` crosses folders: without FNM_PATHNAME `*` matches `/` too; `**/` may also be empty.
            let collapsed = pattern.replacing("**/", with: "")
            return prefixes.contains { fnmatch(pattern, $0, 0) == 0 || fnmatch(collapsed, $0, FNM_PATHNAME) == 0 }
        }
        return prefixes.contains { fnmatch(pattern, $0, FNM_PATHNAME) == 0 }
    }
}
