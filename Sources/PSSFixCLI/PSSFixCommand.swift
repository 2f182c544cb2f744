import ArgumentParser
import PSSFixCore

/// `pss-fix`: bring Kubernetes manifests up to the Pod Security Standards, minimally.
public struct PSSFixCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pss-fix",
        abstract: "Check and fix Kubernetes manifests against the Pod Security Standards, changing only the bytes that must change.",
        usage: """
            pss-fix [--diff | --in-place] [<options>] <path> ...
              pss-fix <subcommand> [<options>] ...
            """,
        discussion: """
            Without a subcommand pss-fix fixes (`pss-fix fix --help` lists every option):
            it prints the fixed manifest of one FILE (or - for stdin), shows a diff
            with --diff, or rewrites the files with --in-place. Common options:
              --level baseline|restricted  judge everything at this level (default:
                                           the namespace's labels, else restricted)
              --policy-version latest|v1.N as in the enforce-version label
              --fix CHECK,...              also apply these opt-in fixes
              --keep-explicit              keep explicit non-compliant values
              --partial                    also fix workloads that stay violating
              --exclude GLOB               leave these paths out (repeatable)
              --config FILE                exceptions and settings (.pss-fix.yaml)

            Examples:
              pss-fix deploy.yaml              print the fixed manifest
              pss-fix --diff k8s/              preview every change as a diff
              pss-fix --in-place k8s/          apply the fixes to the files
              pss-fix check k8s/               report, e.g. as a CI gate
              pss-fix migrate k8s/             plan a move to restricted
              pss-fix explain runAsNonRoot     what a check requires
              helm template ./chart --post-renderer pss-fix
                                               fix a chart's output as Helm renders it
              pss-fix krm < resource-list.yaml run as a KRM function (kustomize, kpt)

            Exit status: 0 nothing left, 1 violations remain, 2 input or usage error, \
            3 some input was not checked (e.g. an unrendered template); when several apply, \
            the first in the order 2, 1, 3.
            """,
        version: PSSFixVersion.current,
        subcommands: [Fix.self, Check.self, Migrate.self, Explain.self, KRM.self],
        defaultSubcommand: Fix.self)

    public init() {}
}
