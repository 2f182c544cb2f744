import Foundation
import Testing
@testable import PSSFixCLI
@testable import PSSFixCore

/// The Helm 4 post-renderer plugin (`Integrations/helm-plugin/plugin.yaml`): its manifest is a
/// `postrenderer/v1` subprocess plugin, and the command it declares, run as Helm 4's subprocess
/// runtime runs it (the platform command's words and args, `${HELM_PLUGIN_DIR}` expanded, the
/// `--post-renderer-args` appended, the program looked up on PATH, the rendered manifests on
/// stdin, stdout read back), prints the fixed stream. No Helm 4 binary is reachable from
/// these machines, but helm-python-sdk bundles Helm's v4 library: its install action runs the
/// installed plugin for real (`Tests/Support/helm/post-render.py`).
@Suite struct HelmPluginTests {
    static let folder = RenderFixtures.packageRoot + "/Integrations/helm-plugin"

    struct Manifest {
        let fields: [String: String]
        /// The platform command for linux: its words (Helm splits `command` on spaces) and `args`.
        let command: [String]
    }

    static func manifest() throws -> Manifest {
        let bytes = try #require(FileManager.default.contents(atPath: folder + "/plugin.yaml"))
        let root = try #require(try YAMLParser.parse(SourceText(Array(bytes))).documents.first?.root?.resolved)
        var fields: [String: String] = [:]
        for pair in root.pairs { if let key = pair.key.scalarValue, let value = pair.value.string { fields[key] = value } }
        let commands = root["runtimeConfig"]?["platformCommand"]?.resolved.items ?? []
        let linux = try #require(commands.first { ($0["os"]?.string ?? "linux") == "linux" && ($0["arch"]?.string ?? "amd64") == "amd64" })
        let words = (linux["command"]?.string ?? "").split(separator: " ").map(String.init)
        let args = linux["args"]?.resolved.items.compactMap(\.string) ?? []
        return Manifest(fields: fields, command: words + args)
    }

    /// Runs the plugin's command as Helm 4 does: `${HELM_PLUGIN_DIR}` and `${HELM_PLUGIN_NAME}`
    /// expanded, `extra` appended, PATH lookup (the built pss-fix first on PATH).
    func runPlugin(_ extra: [String], stdin: [UInt8]) throws -> (code: Int32, out: [UInt8], err: String) {
        let manifest = try Self.manifest()
        let expanded = manifest.command.map {
            $0.replacingOccurrences(of: "${HELM_PLUGIN_DIR}", with: Self.folder)
                .replacingOccurrences(of: "${HELM_PLUGIN_NAME}", with: manifest.fields["name"] ?? "")
        }
        let binary = BinaryExitCodeTests.binary
        try #require(FileManager.default.isExecutableFile(atPath: binary), "swift test builds the pss-fix binary")
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = (binary as NSString).deletingLastPathComponent + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env["HELM_PLUGIN_DIR"] = Self.folder
        env["HELM_PLUGIN_NAME"] = manifest.fields["name"]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")  // PATH lookup, as Go's exec.Command
        process.arguments = expanded + extra
        process.environment = env
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        input.fileHandleForWriting.write(Data(stdin))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, Array(out), String(decoding: err, as: UTF8.self))
    }

    @Test func theManifestIsAHelm4PostRendererPlugin() throws {
        let manifest = try Self.manifest()
        #expect(manifest.fields["apiVersion"] == "v1")
        #expect(manifest.fields["type"] == "postrenderer/v1")
        #expect(manifest.fields["runtime"] == "subprocess")
        #expect(manifest.fields["name"] == "pss-fix", "the name users pass to --post-renderer, as with Helm 3")
        #expect(manifest.fields["version"] == PSSFixVersion.current, "released with the binary")
        #expect(manifest.command.first == "pss-fix")
    }

    /// The `helm create` scaffold rendered by the helm stand-in, through the plugin's command.
    @Test func itsCommandFixesARenderedChart() throws {
        let helm = try RenderFixtures.helm()
        let render = Process()
        render.executableURL = URL(fileURLWithPath: helm)
        render.arguments = ["template", "web", RenderFixtures.packageRoot + "/ChartCases/scaffold/web"]
        let rendered = Pipe()
        render.standardOutput = rendered
        try render.run()
        let stream = Array(rendered.fileHandleForReading.readDataToEndOfFile())
        render.waitUntilExit()
        try #require(render.terminationStatus == 0)

        let (code, out, err) = try runPlugin([], stdin: stream)
        #expect(code == 0, "\(err)")
        let fixed = String(decoding: out, as: UTF8.self)
        #expect(fixed.contains("# Source: web/templates/deployment.yaml"), "the stream comes back whole")
        let check = TestConsole(stdin: out)
        #expect(try runCLI(["check", "--level", "restricted", "-"], check) == 0, "\(check.outText)")
        #expect(err.contains("fixes"), "the summary goes to stderr: \(err)")
    }

    /// Helm 4 itself (its library's install action, client dry run): the plugin folder installed
    /// under HELM_PLUGINS is found by name and run; `-` as a post-renderer arg makes a workload
    /// pss-fix cannot fix fail the install, as the README says.
    @Test func helm4RunsTheInstalledPlugin() throws {
        let python = RenderFixtures.packageRoot + "/.build/helm-venv/bin/python3"
        try #require(FileManager.default.isExecutableFile(atPath: python), "run Tests/Support/helm/setup.sh (Helm's v4 library in .build/helm-venv)")
        let plugins = TempDir()
        // As `helm plugin install Integrations/helm-plugin` leaves it: a link named after the
        // folder; Helm finds the plugin by the name in its plugin.yaml.
        try FileManager.default.createSymbolicLink(atPath: plugins.path + "/helm-plugin", withDestinationPath: Self.folder)
        func install(_ chart: String, _ args: [String]) throws -> (code: Int32, out: String, err: String) {
            var env = ProcessInfo.processInfo.environment
            env["HELM_PLUGINS"] = plugins.path
            env["PATH"] = (BinaryExitCodeTests.binary as NSString).deletingLastPathComponent + ":" + (env["PATH"] ?? "/usr/bin:/bin")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [RenderFixtures.packageRoot + "/Tests/Support/helm/post-render.py", RenderFixtures.packageRoot + "/ChartCases/" + chart, "pss-fix"] + args
            process.environment = env
            let output = Pipe(), error = Pipe()
            process.standardOutput = output
            process.standardError = error
            try process.run()
            let out = output.fileHandleForReading.readDataToEndOfFile()
            let err = error.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
        }
        let fixed = try install("scaffold/web", [])
        #expect(fixed.code == 0, "\(fixed.err)")
        #expect(fixed.out.contains("        securityContext:\n          allowPrivilegeEscalation: false\n"), "\(fixed.out)")
        let check = TestConsole(stdin: Array(fixed.out.utf8))
        #expect(try runCLI(["check", "--level", "restricted", "-"], check) == 0, "\(check.outText)")
        // hostNetwork: true stays (a person's decision): passes without `-`, fails with it.
        #expect(try install("needs-person/web", []).code == 0)
        let strict = try install("needs-person/web", ["-"])
        #expect(strict.code == 1)
        #expect(strict.err.contains("plugin \"pss-fix\" exited with error"), "\(strict.err)")
    }

    /// `--post-renderer-args` are appended: options keep the post-renderer mode (exit 0 with a
    /// violation it cannot fix), `-` restores exit 1 so that Helm refuses the release.
    @Test func postRendererArgsAreAppended() throws {
        let stream = Array(helmRendered.utf8)
        let relaxed = try runPlugin(["--level", "restricted"], stdin: stream)
        #expect(relaxed.code == 0, "\(relaxed.err)")
        #expect(relaxed.err.contains("host namespaces (hostNetwork=true)"), "\(relaxed.err)")
        #expect(!relaxed.out.isEmpty)
        let strict = try runPlugin(["-"], stdin: stream)
        #expect(strict.code == 1, "\(strict.err)")
    }
}
