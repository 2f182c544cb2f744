import FoundationEssentials
import Glibc
import PSSFixCore

/// The renderers pss-fix will run, chosen once per run.
///
/// helm: `--helm PATH`, else `PSS_FIX_HELM`, else `helm` on PATH.
/// kustomize: `--kustomize CMD`, else `kustomize` on PATH, else `kubectl kustomize`.
public struct RenderTools: Sendable {
    /// The helm executable, or why there is none.
    public let helm: Result<String, NotRendered>
    public let kustomize: Result<KustomizeCommand, NotRendered>

    public init(helm: Result<String, NotRendered>, kustomize: Result<KustomizeCommand, NotRendered>) {
        self.helm = helm
        self.kustomize = kustomize
    }

    static let installHelm = "install Helm 3 (the `helm` command) or name it with --helm PATH or PSS_FIX_HELM"
    static let installKustomize = "install kubectl (it has kustomize built in) or kustomize, or name one with --kustomize CMD"

    /// `helmOption`, `kustomizeOption`: the command-line values, if given.
    public static func resolve(helmOption: String?, kustomizeOption: String?, environment: [String: String],
                               workingDirectory: String) -> RenderTools {
        let locator = ExecutableLocator(environment: environment, workingDirectory: workingDirectory)
        return RenderTools(helm: resolveHelm(helmOption, environment: environment, locator: locator),
                           kustomize: resolveKustomize(kustomizeOption, locator: locator))
    }

    static func resolveHelm(_ option: String?, environment: [String: String], locator: ExecutableLocator) -> Result<String, NotRendered> {
        let named: (value: String, from: String)? = option.map { ($0, "--helm") }
            ?? environment["PSS_FIX_HELM"].flatMap { $0.isEmpty ? nil : ($0, "PSS_FIX_HELM") }
        if let named {
            guard let path = locator.find(named.value) else {
                return .failure(NotRendered(.rendererMissing, "helm \(named.value) (from \(named.from)) is not an executable file: \(installHelm)"))
            }
            return .success(path)
        }
        guard let path = locator.find("helm") else {
            return .failure(NotRendered(.rendererMissing, "helm is not installed: \(installHelm)"))
        }
        return .success(path)
    }

    static func resolveKustomize(_ option: String?, locator: ExecutableLocator) -> Result<KustomizeCommand, NotRendered> {
        if let option {
            let words = option.split(separator: " ").map(String.init)
            guard let first = words.first, let path = locator.find(first) else {
                return .failure(NotRendered(.rendererMissing, "kustomize command \(option) (from --kustomize) is not an executable file: \(installKustomize)"))
            }
            return .success(KustomizeCommand(executable: path, given: Array(words.dropFirst()), wasNamed: true))
        }
        if let path = locator.find("kustomize") {
            return .success(KustomizeCommand(executable: path, given: [], wasNamed: false))
        }
        if let path = locator.find("kubectl") {
            return .success(KustomizeCommand(executable: path, given: [], wasNamed: false))
        }
        return .failure(NotRendered(.rendererMissing, "kustomize is not installed: \(installKustomize)"))
    }
}

/// How to run a kustomize build: `kubectl kustomize DIR` or `kustomize build DIR`.
public struct KustomizeCommand: Sendable, Equatable {
    public let executable: String
    /// What comes before the flags and the directory (`kustomize`, or `build`).
    public let arguments: [String]
    /// A standalone kustomize, which can run exec and container KRM functions.
    public let isStandalone: Bool
    /// Named with --kustomize: only then are exec functions run (they run arbitrary programs).
    public let wasNamed: Bool

    /// `given`: words after the program in --kustomize (`kubectl kustomize` → `kustomize`).
    public init(executable: String, given: [String], wasNamed: Bool) {
        self.executable = executable
        self.isStandalone = RenderPath.lastComponent(executable) != "kubectl"
        self.arguments = given.isEmpty ? [isStandalone ? "build" : "kustomize"] : given
        self.wasNamed = wasNamed
    }
}
