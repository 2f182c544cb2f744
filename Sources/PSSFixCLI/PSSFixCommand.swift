import ArgumentParser
import PSSFixCore

/// `pss-fix`: bring Kubernetes manifests up to the Pod Security Standards, minimally.
public struct PSSFixCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pss-fix",
        abstract: "Check and fix Kubernetes manifests against the Pod Security Standards, changing only the bytes that must change.",
        discussion: """
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

            Exit status: 0 nothing left, 1 violations remain, 2 input or usage error.
            """,
        version: PSSFixVersion.current,
        subcommands: [Fix.self, Check.self, Migrate.self, Explain.self, KRM.self],
        defaultSubcommand: Fix.self)

    public init() {}
}
