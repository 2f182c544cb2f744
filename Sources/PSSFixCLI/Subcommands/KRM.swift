import ArgumentParser
import PSSFixCore

extension PSSFixCommand {
    /// `pss-fix krm`: run as a KRM function (kustomize, kpt).
    public struct KRM: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "krm",
            abstract: "Run as a KRM function (kustomize, kpt): fix the items of a ResourceList read from stdin.",
            discussion: """
                Reads a ResourceList (config.kubernetes.io/v1) on stdin and writes it to stdout with \
                its items fixed (the same minimal, verified edits as the fix command) and, when \
                anything is left, a results list: remaining violations (severity error, or as \
                configured), exemptions (info) and unusable exception annotations (warning), each \
                with resourceRef, field and file.

                functionConfig (optional) is a ConfigMap with data, or kind: PSSFix with spec:
                  level: baseline|restricted   judge every item at this level (default: per \
                namespace, from the Namespace items, else restricted)
                  version: latest|v1.N
                  fix: "runAsUser,privileged"  opt-in fixes, as --fix
                  runAsUser: "1000"            as --run-as-user
                  keepExplicit: "true"         as --keep-explicit
                  strict: "true"               ignore pss-fix/ignore annotations
                  severity: error|warning|info severity of remaining violations (default error)

                kustomize exec functions and kpt may run the binary without arguments: pss-fix \
                with no path and a ResourceList on stdin runs this command.

                Exit status: 0 no result with severity error, 1 some result has severity error, \
                2 the input or the functionConfig cannot be read (nothing written to stdout).
                """)

        public init() {}

        public func run() throws {
            let code = execute(console: .standard())
            if code != 0 { throw ExitCode(code) }
        }

        public func execute(console: Console) -> Int32 {
            KRMFunction.run(console.readStdin(), console: console)
        }
    }
}

extension PSSFixCommand.KRM: ConsoleRunnable {}
