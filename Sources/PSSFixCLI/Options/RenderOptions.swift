import ArgumentParser
import PSSFixCore

/// `--helm` and `--kustomize`: which renderers turn charts and kustomizations into manifests.
/// Ready for `@OptionGroup` in the commands that render (issues #20, #21); not wired yet.
public struct RenderOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The helm to render charts with (default: PSS_FIX_HELM, else helm on PATH).",
            valueName: "path"))
    public var helm: String?

    @Option(
        help: ArgumentHelp(
            "The kustomize build command: a kustomize binary (run as `kustomize build`) or kubectl (run as `kubectl kustomize`); default: kustomize on PATH, else kubectl. Only a kustomize named here runs exec KRM functions.",
            valueName: "command"))
    public var kustomize: String?

    public init() {}

    /// The renderers these options and the environment choose.
    public func tools(environment: [String: String], workingDirectory: String) -> RenderTools {
        RenderTools.resolve(helmOption: helm, kustomizeOption: kustomize, environment: environment, workingDirectory: workingDirectory)
    }
}

/// How charts are installed for rendering: `helm template RELEASE CHART --namespace NS -f … --set …`.
/// Values files and `--set` apply only when the run has a single chart (several charts are
/// configured in `.pss-fix.yaml`, so that CI and pre-commit use the same values).
public struct ChartOptions: ParsableArguments {
    @Option(name: [.customShort("f"), .customLong("values")], help: ArgumentHelp("A values file for the chart (repeatable; later files win, as with helm -f).", valueName: "file"))
    public var values: [String] = []

    @Option(name: .customLong("set"), help: ArgumentHelp("A value for the chart, as with helm --set (repeatable).", valueName: "key=value"))
    public var set: [String] = []

    @Option(help: ArgumentHelp("The release name charts are rendered with (default: release-name, as helm template).", valueName: "name"))
    public var release: String?

    @Option(help: ArgumentHelp("The namespace charts are rendered into (default: helm's, default).", valueName: "namespace"))
    public var namespace: String?

    public init() {}

    public var givesValues: Bool { !values.isEmpty || !set.isEmpty }
}
