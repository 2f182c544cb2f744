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
