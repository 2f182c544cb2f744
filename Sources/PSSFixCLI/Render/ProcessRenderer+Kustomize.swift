import FoundationEssentials
import Glibc
import PSSFixCore

/// Kustomizations: built through a temporary wrapper kustomization that asks kustomize to
/// annotate every object with its origin, so the user's files are never touched. The
/// wrapper's resource must be a relative path (kustomize refuses an absolute one).
extension ProcessRenderer {
    func renderKustomization(_ source: KustomizationSource) -> RenderOutcome {
        let kustomize: KustomizeCommand
        switch tools.kustomize {
        case .success(let command): kustomize = command
        case .failure(let missing): return .notRendered(missing)
        }
        guard let directory = tree.realPath(source.directory) else {
            return .notRendered(NotRendered(.renderFailed, "\(source.directory) does not exist"))
        }
        var graph = KustomizationGraph(tree: tree)
        graph.load([directory])
        guard let kustomization = graph.nodes[directory] else {
            return .notRendered(NotRendered(.renderFailed, "\(source.directory) has no kustomization file (\(Kustomization.fileNames.joined(separator: ", ")))"))
        }
        if kustomization.isComponent {
            return .notRendered(NotRendered(.notRenderable, "\(source.directory) is a kustomize Component: it is built only as part of a kustomization that lists it under components:"))
        }
        let flags: [String]
        switch buildFlags(for: directory, graph: graph, kustomize: kustomize) {
        case .success(let more): flags = more
        case .failure(let reason): return .notRendered(reason)
        }

        let wrapper: String
        do {
            wrapper = try makeWrapper(building: directory)
        } catch {
            return .notRendered(NotRendered(.renderFailed, "cannot create a temporary kustomization: \(error)"))
        }
        defer { try? FileManager.default.removeItem(atPath: wrapper) }
        let name = kustomize.isStandalone ? "kustomize build" : "kubectl kustomize"
        switch run(name, kustomize.executable, kustomize.arguments + flags + [wrapper], workingDirectory: wrapper) {
        case .failure(let reason):
            return .notRendered(reason)
        case .success(let stdout):
            switch KustomizeOutput.parse(stdout, wrapperDirectory: wrapper) {
            case .success(let stream): return .rendered(stream)
            case .failure(let reason): return .notRendered(reason)
            }
        }
    }

    /// Flags the build needs (`--enable-helm`, exec functions), or why it cannot be done with
    /// the tools at hand.
    func buildFlags(for directory: String, graph: KustomizationGraph, kustomize: KustomizeCommand) -> Result<[String], NotRendered> {
        var flags: [String] = []
        let functions = KRMFunctionScan.uses(buildingFrom: directory, graph: graph, tree: tree)
        if !functions.isEmpty {
            // kubectl kustomize cannot run them (and with --enable-alpha-plugins it silently
            // skips exec functions): only a standalone kustomize the user named runs them.
            guard kustomize.isStandalone && kustomize.wasNamed else {
                return .failure(NotRendered(.unsupported, Self.functionsMessage(functions, directory: directory)))
            }
            flags.append("--enable-alpha-plugins")
            if functions.contains(where: { if case .exec = $0.runtime { return true } else { return false } }) {
                flags.append("--enable-exec")
            }
        }
        if graph.reached(from: directory).contains(where: \.usesHelmCharts) {
            guard case .success(let helm) = tools.helm else {
                return .failure(NotRendered(.unsupported, "\(directory) renders Helm charts (helmCharts:), which needs helm: \(RenderTools.installHelm)"))
            }
            flags += ["--enable-helm", "--helm-command", helm]
        }
        return .success(flags)
    }

    static func functionsMessage(_ uses: [KRMFunctionScan.Use], directory: String) -> String {
        let listed = uses.map { use -> String in
            switch use.runtime {
            case .exec(let path): return "\(use.file) runs the exec KRM function \(path)"
            case .container(let image): return "\(use.file) runs the container KRM function \(image)"
            case .legacyPlugin(let apiVersion, let kind): return "\(use.file) uses the legacy kustomize plugin \(apiVersion) \(kind)"
            }
        }
        return "\(directory) needs KRM functions or plugins that kubectl kustomize cannot run (with --enable-alpha-plugins it would skip them silently): "
            + listed.joined(separator: "; ")
            + ". To render it, install kustomize v5 and name it with --kustomize PATH: pss-fix then builds with --enable-alpha-plugins --enable-exec (container functions also need a container runtime)"
    }

    /// A temporary directory holding `kustomization.yaml` with `resources: [RELATIVE PATH]`
    /// and `buildMetadata: [originAnnotations, transformerAnnotations]`. Returns its real path
    /// (origins are relative to it).
    func makeWrapper(building directory: String) throws -> String {
        let base = TemporaryFolder.make("pss-fix-kustomize")
        let wrapper = tree.realPath(base) ?? base
        let relative = RenderPath.relative(from: wrapper, to: directory)
        let quoted = "\"" + relative.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
        let text = """
            # Made by pss-fix to learn where each object comes from; removed after the build.
            resources:
            - \(quoted)
            buildMetadata:
            - originAnnotations
            - transformerAnnotations

            """
        try text.write(toFile: wrapper + "/kustomization.yaml", atomically: false, encoding: .utf8)
        return wrapper
    }
}
