import ArgumentParser
import PSSFixCore

public enum ColorChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
    case auto, always, never
}

extension PolicyLevel: ExpressibleByArgument {
    public static var allValueStrings: [String] { ["baseline", "restricted"] }
}

extension PolicyVersion: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
    public static var defaultCompletionKind: CompletionKind { .list(["latest"] + (0...37).reversed().map { "v1.\($0)" }) }
}

/// `--level` and `--version`: which Pod Security Standard to judge by.
public struct PolicyOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Pod Security level to enforce: baseline or restricted.", valueName: "level"))
    public var level: PolicyLevel = .restricted

    @Option(
        name: .customLong("version"),
        help: ArgumentHelp(
            "Policy version, as in the pod-security.kubernetes.io/enforce-version label: latest or v1.N (e.g. v1.25). Rules differ by version: no seccomp requirement below v1.19, no drop ALL below v1.22.",
            valueName: "version"))
    public var version: PolicyVersion = .latest

    public init() {}

    /// `restricted:latest`, as PSA labels it (unclamped).
    public var label: String { "\(level.rawValue):\(version)" }
}

/// Output options shared by every command.
public struct OutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Colour: auto (terminal and NO_COLOR unset), always, never.", valueName: "when"))
    public var color: ColorChoice = .auto

    @Flag(name: .shortAndLong, help: "Print only errors on stderr, no per-file summary.")
    public var quiet = false

    public init() {}
}
