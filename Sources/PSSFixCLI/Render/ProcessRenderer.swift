import FoundationEssentials
import Glibc
import PSSFixCore

/// The `Renderer` that runs the real tools: plain files are read, charts go through
/// `helm template`, kustomizations through `kubectl kustomize` or `kustomize build`.
public struct ProcessRenderer: Renderer {
    public let tools: RenderTools
    /// Seconds one render may take before it is stopped.
    public let timeout: Double
    /// The environment renderers run in (PATH, HOME, KUBECONFIG…).
    public let environment: [String: String]
    let tree: any FileTree

    public init(tools: RenderTools, timeout: Double = 300,
                environment: [String: String] = ProcessInfo.processInfo.environment, tree: any FileTree = DiskFileTree()) {
        self.tools = tools
        self.timeout = timeout
        self.environment = environment
        self.tree = tree
    }

    public func render(_ source: RenderSource) -> RenderOutcome {
        switch source {
        case .file(let path): return renderFile(path)
        case .helmChart(let chart): return renderChart(chart)
        case .kustomization(let kustomization): return renderKustomization(kustomization)
        }
    }

    /// A plain file renders to itself: one origin for all of its bytes.
    func renderFile(_ path: String) -> RenderOutcome {
        guard let bytes = tree.contents(of: path) else {
            return .notRendered(NotRendered(.renderFailed, "cannot read \(path)"))
        }
        return .rendered(RenderedStream(bytes: bytes, documents: [RenderedDocument(span: Span(0, bytes.count), origin: .file(path))]))
    }

    /// Runs a renderer; a failure to start, a time-out or a non-zero exit becomes the reason
    /// the source was not rendered.
    func run(_ name: String, _ executable: String, _ arguments: [String],
             workingDirectory: String? = nil) -> Result<[UInt8], NotRendered> {
        let output: ProcessRunner.Output
        do {
            output = try ProcessRunner(timeout: timeout).run(executable, arguments, environment: environment,
                                                             workingDirectory: workingDirectory)
        } catch {
            return .failure(NotRendered(.rendererMissing, "\(name) (\(executable)) could not be started: \(error)"))
        }
        if output.timedOut {
            return .failure(NotRendered(.timedOut, "\(name) did not finish within \(Int(timeout)) s and was stopped"))
        }
        guard output.status == 0 else {
            return .failure(NotRendered(.renderFailed, "\(name) failed (exit \(output.status)): \(Self.errorLines(output.stderrText))"))
        }
        return .success(output.stdout)
    }

    /// The lines of a renderer's stderr worth showing: from the first error line on (helm and
    /// kustomize print warnings and logs first), at most five, with kubectl's log prefix
    /// (`E1203 03:32:58.68 744 run.go:72] "command failed" err="…"`) reduced to the message.
    static func errorLines(_ stderr: String) -> String {
        let lines = stderr.split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        let first = lines.firstIndex { $0.hasPrefix("Error") || $0.contains("err=") || $0.hasPrefix("error") } ?? 0
        let shown = lines.dropFirst(first).prefix(5).map(Self.withoutLogPrefix).joined(separator: "\n")
        return shown.isEmpty ? "(nothing on stderr)" : shown
    }

    static func withoutLogPrefix(_ line: String) -> String {
        guard line.first.map({ "EWIF".contains($0) }) == true, let err = line.firstRange(of: " err=\"") else { return line }
        var message = String(line[err.upperBound...])
        if message.hasSuffix("\"") { message.removeLast() }
        return message.replacing("\\\"", with: "\"")
    }
}
