import Foundation
import Testing
@testable import PSSFixCLI
@testable import PSSFixCore

/// The fixtures and the real renderers the render tests run. A missing renderer makes the
/// test FAIL with what to install: a render test that is skipped proves nothing.
enum RenderFixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().standardizedFileURL.path
    static let root = packageRoot + "/RenderCases"

    static func path(_ relative: String) -> String { root + "/" + relative }

    struct MissingRenderer: Error, CustomStringConvertible {
        let description: String
    }

    /// The helm stand-in: `PSS_FIX_HELM`, else `.build/helm-venv/bin/helm` in the package.
    static func helm() throws -> String {
        if let named = ProcessInfo.processInfo.environment["PSS_FIX_HELM"], !named.isEmpty {
            guard ExecutableLocator.isExecutableFile(named) else {
                throw MissingRenderer(description: "PSS_FIX_HELM=\(named) is not an executable file; run Tests/Support/helm/setup.sh and export what it prints")
            }
            return named
        }
        let local = packageRoot + "/.build/helm-venv/bin/helm"
        guard ExecutableLocator.isExecutableFile(local) else {
            throw MissingRenderer(description: "the helm stand-in is missing: run Tests/Support/helm/setup.sh (python3 with venv; it pip-installs helm-python-sdk==0.2.2 into .build/helm-venv), or set PSS_FIX_HELM to a helm binary")
        }
        return local
    }

    /// `kubectl` (kustomize v5.5 built in), found on PATH.
    static func kubectl() throws -> String {
        guard let path = ExecutableLocator(environment: ProcessInfo.processInfo.environment, workingDirectory: packageRoot).find("kubectl") else {
            throw MissingRenderer(description: "kubectl is missing: apt-get install kubectl (its kustomize v5.5 renders the kustomize fixtures)")
        }
        return path
    }

    /// Both renderers, kustomize pinned to kubectl so that a standalone kustomize on PATH
    /// cannot change what the tests see.
    static func tools() throws -> RenderTools {
        RenderTools(helm: .success(try helm()), kustomize: .success(KustomizeCommand(executable: try kubectl(), given: [], wasNamed: true)))
    }

    static func renderer(_ tools: RenderTools? = nil) throws -> ProcessRenderer {
        ProcessRenderer(tools: try tools ?? Self.tools(), timeout: 120)
    }

    /// Runs a program directly (for comparisons with what the renderer returns).
    static func run(_ executable: String, _ arguments: [String]) throws -> ProcessRunner.Output {
        try ProcessRunner(timeout: 120).run(executable, arguments, environment: ProcessInfo.processInfo.environment)
    }
}

extension RenderOutcome {
    /// The stream, or a test failure that shows why there is none.
    func requireStream(sourceLocation: SourceLocation = #_sourceLocation) throws -> RenderedStream {
        switch self {
        case .rendered(let stream): return stream
        case .notRendered(let reason):
            throw RenderFixtures.MissingRenderer(description: "not rendered (\(reason.cause)): \(reason.message)")
        }
    }
}

extension RenderedStream {
    var text: String { String(decoding: bytes, as: UTF8.self) }

    func text(of document: RenderedDocument) -> String {
        String(decoding: bytes[document.span.start..<document.span.end], as: UTF8.self)
    }

    /// `kind/name` of every document, parsed from the stream.
    func names() throws -> [String] {
        try YAMLParser.parse(SourceText(bytes)).documents.map {
            "\($0.root?["kind"]?.string ?? "?")/\($0.root?["metadata"]?["name"]?.string ?? "?")"
        }
    }
}
