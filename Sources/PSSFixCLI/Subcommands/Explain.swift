import ArgumentParser
import PSSFixCore

extension PSSFixCommand {
    /// Teach what each check requires and what pss-fix does about it.
    public struct Explain: ParsableCommand, ConsoleRunnable {
        public static let configuration = CommandConfiguration(
            abstract: "Describe the Pod Security checks: what they require, per version, and what pss-fix does.",
            discussion: "Without CHECK, a table of all 19 checks. With CHECK (an upstream ID such as runAsNonRoot, case-insensitive), its description, version history, examples and remedy.")

        @Argument(help: ArgumentHelp("A check ID, e.g. allowPrivilegeEscalation.", valueName: "check"))
        var check: String?

        @OptionGroup var output: OutputOptions

        public init() {}

        public func run() throws {
            let code = execute(console: .standard())
            if code != 0 { throw ExitCode(code) }
        }

        public func execute(console: Console) -> Int32 {
            let palette = Palette(enabled: console.colorEnabled(output.color, forStdout: true))
            let checks = CheckRegistry.descriptions
            guard let check else {
                console.out(table(checks, palette: palette))
                return 0
            }
            guard let d = checks.first(where: { $0.id.lowercased() == check.lowercased() }) else {
                console.err("pss-fix: no check named \"\(check)\"; known checks: \(checks.map(\.id).joined(separator: ", "))\n")
                return 2
            }
            console.out(detail(d, palette: palette))
            return 0
        }

        func table(_ checks: [CheckDescription], palette: Palette) -> String {
            let idWidth = checks.map(\.id.count).max()! + 2
            var out = palette.bold(pad("CHECK", idWidth) + pad("LEVEL", 12) + pad("SINCE", 7) + "PSS-FIX") + "\n"
            for d in checks {
                // From the check's own fix support: `privileged`, `hostNamespaces`, `hostPorts`
                // have fixers, but only behind --fix (psa-spec §9.3).
                let fix: String
                switch d.fixSupport {
                case .automatic: fix = palette.green("fixed automatically")
                case .optIn: fix = palette.yellow("opt-in fix (--fix \(d.id))")
                case .manual: fix = palette.yellow("reported with guidance (needs a person)")
                }
                out += pad(d.id, idWidth) + pad(d.level.rawValue, 12) + pad(d.minimumVersion.description, 7) + fix + "\n"
            }
            out += "\nRun `pss-fix explain CHECK` for details.\n"
            return out
        }

        func detail(_ d: CheckDescription, palette: Palette) -> String {
            var out = palette.bold("\(d.id) — \(d.title)") + " (\(d.level.rawValue), since \(d.minimumVersion))\n\n"
            out += d.summary + "\n\n" + d.rationale + "\n\n"
            out += palette.bold("By policy version") + "\n"
            for note in d.versions { out += "  \(pad(note.since.description + "+", 8)) \(note.text)\n" }
            out += "\n" + palette.bold("What pss-fix does") + "\n  " + d.remedy + "\n"
            if let pass = d.passing.first {
                out += "\n" + palette.bold("Passes") + "\n" + indent(pass.yaml)
            }
            if let fail = d.failing.first {
                out += "\n" + palette.bold("Fails") + (fail.expected.map { " with: \($0)" } ?? "") + "\n" + indent(fail.yaml)
            }
            if let fix = d.fixes.first {
                out += "\n" + palette.bold("Fixed by pss-fix") + "\n" + indent(fix.after)
            }
            return out
        }

        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(1, n - s.count)) }

        func indent(_ yaml: String) -> String {
            yaml.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n"
        }
    }
}
