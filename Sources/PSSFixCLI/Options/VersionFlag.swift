import PSSFixCore

/// `--version` prints the tool's version wherever it appears (`pss-fix check --version` too).
/// The policy version used to be `--version v1.N`; it is `--policy-version` now, and an old
/// script's `--version v1.25` must not print the tool's version and pass: it exits 2 with a
/// pointer to the new name (kept for at least one release; CHANGELOG 0.3.0).
public enum VersionFlag {
    public enum Outcome: Equatable {
        /// Print the tool's version and exit 0.
        case printVersion
        /// A renamed use: print the message on stderr and exit 2.
        case renamed(String)
    }

    /// What `arguments` (without the program name) ask of `--version`, or nil for a normal run.
    public static func inspect(_ arguments: [String]) -> Outcome? {
        var i = 0
        var found = false
        while i < arguments.count {
            let argument = arguments[i]
            if argument == "--" { break }
            if argument.hasPrefix("--version=") {
                let value = String(argument.dropFirst("--version=".count))
                return .renamed(message(value))
            }
            if argument == "--version" {
                if i + 1 < arguments.count, looksLikePolicyVersion(arguments[i + 1]) {
                    return .renamed(message(arguments[i + 1]))
                }
                found = true
            }
            i += 1
        }
        return found ? .printVersion : nil
    }

    static func looksLikePolicyVersion(_ text: String) -> Bool {
        text == "latest" || PolicyVersion(parsing: text) != nil || text.hasPrefix("v1.") || text.hasPrefix("1.")
    }

    static func message(_ value: String) -> String {
        "pss-fix: error: --version \(value): renamed: use --policy-version \(value) (--version alone prints the tool's version)"
    }
}
