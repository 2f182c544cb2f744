import ArgumentParser
import FoundationEssentials
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

/// `--level` and `--policy-version`: which Pod Security Standard to judge by.
public struct PolicyOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Judge every workload at this level (baseline or restricted). Without it, each workload is judged at its namespace's level: the strictest of the enforce, audit and warn labels of the Namespace manifests given (or --admission-config defaults), and restricted for namespaces that declare nothing.",
            valueName: "level"))
    public var level: PolicyLevel?

    @Option(
        name: .customLong("policy-version"),
        help: ArgumentHelp(
            "Policy version, as in the pod-security.kubernetes.io/enforce-version label: latest or v1.N (e.g. v1.25). Rules differ by version: no seccomp requirement below v1.19, no drop ALL below v1.22.",
            valueName: "version"))
    public var version: PolicyVersion?

    public init() {}

    /// An explicit `--level` overrides namespace labels.
    public var override: (level: PolicyLevel, version: PolicyVersion)? { level.map { ($0, version ?? .latest) } }

    /// Level and version for namespaces that declare nothing.
    public var fallback: (level: PolicyLevel, version: PolicyVersion) { (level ?? .restricted, version ?? .latest) }

    /// `restricted:latest` when one policy applies to all, else a description.
    public var label: String { override.map { "\($0.level.rawValue):\($0.version)" } ?? "their namespace's policy" }
}

/// Where namespace policies and exceptions come from.
public struct ContextOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "An AdmissionConfiguration (or PodSecurityConfiguration) file: its defaults apply to namespaces without labels, its namespace and runtimeClass exemptions are honoured.",
            valueName: "file"))
    public var admissionConfig: String?

    @Option(
        help: ArgumentHelp(
            "Exceptions file (default: .pss-fix.yaml in the working directory or in a directory given): exempt workloads or containers from named checks, with a reason, for manifests you cannot edit.",
            valueName: "file"))
    public var config: String?

    @Flag(help: "Ignore in-manifest exception annotations (pss-fix/ignore...); the exceptions file still applies.")
    public var strict = false

    public init() {}
}

/// Output options shared by every command.
public struct OutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Colour: auto (terminal and NO_COLOR unset), always, never.", valueName: "when"))
    public var color: ColorChoice = .auto

    @Flag(name: .shortAndLong, help: "Print only errors on stderr, no per-file summary.")
    public var quiet = false

    public init() {}
}

/// `--fix CHECK,...` and `--run-as-user UID`: the opt-in fixes of psa-spec §9.3.
public struct OptInOptions: ParsableArguments {
    @Option(
        name: .customLong("fix"),
        help: ArgumentHelp(
            "Also apply opt-in fixes for these checks (comma-separated or repeated): privileged, hostNamespaces, hostPorts, hostProbesAndHostLifecycle, procMount, procMount_restricted, seLinuxOptions, sysctls, appArmorProfile, runAsUser, capabilities_restricted (also removes SYS_ADMIN). Each change is reported with its run-time risk.",
            valueName: "checks"))
    var fixList: [String] = []

    @Option(help: ArgumentHelp("Non-zero UID for --fix runAsUser: replaces runAsUser: 0, and is set at pod level where no UID is set (so runAsNonRoot can be enforced).", valueName: "uid"))
    public var runAsUser: Int?

    public init() {}

    /// The named checks, split on commas.
    public var checks: Set<String> {
        Set(fixList.flatMap { $0.split(separator: ",") }.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty })
    }

    public func validate() throws {
        let known = Set(FixerRegistry.optInIDs)
        for name in checks where !known.contains(name) {
            if ["hostPathVolumes", "restrictedVolumes", "windowsHostProcess"].contains(name) {
                throw ValidationError("\(name) has no automatic fix, even opt-in: \(HumanActions.advice(for: name))")
            }
            throw ValidationError("--fix: unknown check \"\(name)\"; choose from \(known.sorted().joined(separator: ", "))")
        }
        if let uid = runAsUser, uid <= 0 { throw ValidationError("--run-as-user must be a non-zero UID (got \(uid)).") }
        if runAsUser != nil && !checks.contains("runAsUser") {
            throw ValidationError("--run-as-user goes with --fix runAsUser.")
        }
    }
}

/// The files and directories a command reads.
public struct InputPaths: ParsableArguments {
    @Argument(help: ArgumentHelp("Files or directories (walked for *.yaml, *.yml, *.json); - reads stdin.", valueName: "path"))
    public var paths: [String] = []

    public init() {}

    public func validate() throws {
        if paths.isEmpty { throw ValidationError("Give at least one file or directory, or - for stdin.") }
    }
}

/// `--exclude GLOB`: paths left out on purpose (also `exclude:` in `.pss-fix.yaml`).
public struct SelectionOptions: ParsableArguments {
    @Option(
        name: .customLong("exclude"),
        help: ArgumentHelp(
            "Leave out paths matching GLOB (repeatable): a pattern without / matches any path component (vendor, *.json), one with / matches from the start or a folder (deploy/legacy), ** crosses folders. Excluded files are not reported as skipped.",
            valueName: "glob"))
    public var exclude: [String] = []

    public init() {}
}
