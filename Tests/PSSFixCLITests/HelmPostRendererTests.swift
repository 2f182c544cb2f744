import Foundation
import Testing
@testable import PSSFixCLI

/// What `helm template ./shop` prints for a small chart: documents led by `---` and a
/// `# Source:` comment, Helm's `{}` for empty values on their own line, indented sequences,
/// kinds that are not workloads, and a node agent whose host network pss-fix must leave alone.
let helmRendered = """
    ---
    # Source: shop/templates/serviceaccount.yaml
    apiVersion: v1
    kind: ServiceAccount
    metadata:
      name: shop
      labels:
        helm.sh/chart: shop-1.2.0
        app.kubernetes.io/managed-by: Helm
    ---
    # Source: shop/templates/service.yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: shop-web
    spec:
      type: ClusterIP
      ports:
        - port: 80
          targetPort: http
          protocol: TCP
          name: http
      selector:
        app.kubernetes.io/name: shop
    ---
    # Source: shop/templates/deployment.yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: shop-web
      labels:
        app.kubernetes.io/name: shop
    spec:
      replicas: 2
      selector:
        matchLabels:
          app.kubernetes.io/name: shop
      template:
        metadata:
          labels:
            app.kubernetes.io/name: shop
        spec:
          serviceAccountName: shop
          securityContext:
            {}
          containers:
            - name: web
              securityContext:
                {}
              image: "nginx:1.27"
              imagePullPolicy: IfNotPresent
              ports:
                - name: http
                  containerPort: 80
                  protocol: TCP
    ---
    # Source: shop/templates/cronjob.yaml
    apiVersion: batch/v1
    kind: CronJob
    metadata:
      name: shop-cleanup
    spec:
      schedule: "0 3 * * *"
      jobTemplate:
        spec:
          template:
            spec:
              restartPolicy: OnFailure
              containers:
                - name: cleanup
                  image: "busybox:1.36"
                  args: ["sh", "-c", "rm -rf /cache/*"]
    ---
    # Source: shop/templates/node-agent.yaml
    apiVersion: apps/v1
    kind: DaemonSet
    metadata:
      name: shop-node-agent
    spec:
      selector:
        matchLabels:
          app.kubernetes.io/name: shop-node-agent
      template:
        metadata:
          labels:
            app.kubernetes.io/name: shop-node-agent
        spec:
          hostNetwork: true
          containers:
            - name: agent
              image: "agent:2.0"
              securityContext:
                runAsUser: 1000

    """

/// The same stream after pss-fix: Helm's `{}` lines become blocks at their indentation, new
/// blocks go last in their mapping with the chart's indented `- ` style, the ServiceAccount and
/// Service are untouched, and the DaemonSet is left as it was: its `hostNetwork: true` (an
/// opt-in fix only) keeps it from restricted, so the automatic fixes would gain nothing (the
/// atomic rule).
let helmFixed = """
    ---
    # Source: shop/templates/serviceaccount.yaml
    apiVersion: v1
    kind: ServiceAccount
    metadata:
      name: shop
      labels:
        helm.sh/chart: shop-1.2.0
        app.kubernetes.io/managed-by: Helm
    ---
    # Source: shop/templates/service.yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: shop-web
    spec:
      type: ClusterIP
      ports:
        - port: 80
          targetPort: http
          protocol: TCP
          name: http
      selector:
        app.kubernetes.io/name: shop
    ---
    # Source: shop/templates/deployment.yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: shop-web
      labels:
        app.kubernetes.io/name: shop
    spec:
      replicas: 2
      selector:
        matchLabels:
          app.kubernetes.io/name: shop
      template:
        metadata:
          labels:
            app.kubernetes.io/name: shop
        spec:
          serviceAccountName: shop
          securityContext:
            runAsNonRoot: true
            seccompProfile:
              type: RuntimeDefault
          containers:
            - name: web
              securityContext:
                allowPrivilegeEscalation: false
                capabilities:
                  drop:
                    - ALL
              image: "nginx:1.27"
              imagePullPolicy: IfNotPresent
              ports:
                - name: http
                  containerPort: 80
                  protocol: TCP
    ---
    # Source: shop/templates/cronjob.yaml
    apiVersion: batch/v1
    kind: CronJob
    metadata:
      name: shop-cleanup
    spec:
      schedule: "0 3 * * *"
      jobTemplate:
        spec:
          template:
            spec:
              restartPolicy: OnFailure
              containers:
                - name: cleanup
                  image: "busybox:1.36"
                  args: ["sh", "-c", "rm -rf /cache/*"]
                  securityContext:
                    allowPrivilegeEscalation: false
                    capabilities:
                      drop:
                        - ALL
              securityContext:
                runAsNonRoot: true
                seccompProfile:
                  type: RuntimeDefault
    ---
    # Source: shop/templates/node-agent.yaml
    apiVersion: apps/v1
    kind: DaemonSet
    metadata:
      name: shop-node-agent
    spec:
      selector:
        matchLabels:
          app.kubernetes.io/name: shop-node-agent
      template:
        metadata:
          labels:
            app.kubernetes.io/name: shop-node-agent
        spec:
          hostNetwork: true
          containers:
            - name: agent
              image: "agent:2.0"
              securityContext:
                runAsUser: 1000

    """

/// `helm template ./shop --post-renderer pss-fix`: Helm runs pss-fix with no arguments (or with
/// its `--post-renderer-args`), the rendered stream on stdin, and aborts on a non-zero exit.
@Suite struct HelmPostRendererTests {
    @Test func noArgumentsReadsStdinWritesOnlyTheFixedStreamAndExitsZero() throws {
        let run = TestConsole(stdin: Array(helmRendered.utf8))
        let code = try runCLI([], run)
        #expect(code == 0, "the DaemonSet's hostNetwork remains, but Helm must not abort")
        #expect(run.outText == helmFixed)
        // What remains is on stderr, which Helm shows only when the post-renderer fails.
        #expect(run.errText.contains("DaemonSet/shop-node-agent"))
        #expect(run.errText.contains("still violates PodSecurity \"restricted:latest\": host namespaces (hostNetwork=true)"))
        #expect(run.errText.contains("unchanged: it would still violate PodSecurity \"restricted:latest\""))
        #expect(run.errText.contains("3 workloads, 8 fixes in 1 file, 1 workload still violates restricted:latest, 1 left unchanged as blocked"))
    }

    @Test func theFixedStreamIsStable() throws {
        let run = TestConsole(stdin: Array(helmFixed.utf8))
        #expect(try runCLI([], run) == 0)
        #expect(run.outText == helmFixed)
    }

    @Test func postRendererArgsAreOptionsAndStillReadStdin() throws {
        // --post-renderer-args=--level --post-renderer-args=baseline: nothing to fix at baseline
        // (host namespaces have only an opt-in fix), so the stream passes through byte for byte.
        let run = TestConsole(stdin: Array(helmRendered.utf8))
        #expect(try runCLI(["--level", "baseline"], run) == 0)
        #expect(run.outText == helmRendered)
        #expect(run.errText.contains("still violates PodSecurity \"baseline:latest\": host namespaces (hostNetwork=true)"))

        let optIn = TestConsole(stdin: Array(helmRendered.utf8))
        #expect(try runCLI(["--fix", "hostNamespaces"], optIn) == 0)
        #expect(optIn.outText.contains("      hostNetwork: false\n"), "the opt-in fix turns the host network off")
        #expect(optIn.errText.contains("0 workloads still violate restricted:latest"))
    }

    @Test func anExplicitDashKeepsTheGate() throws {
        // --post-renderer-args=- : the same output, but remaining violations fail the release.
        let run = TestConsole(stdin: Array(helmRendered.utf8))
        #expect(try runCLI(["-"], run) == 1)
        #expect(run.outText == helmFixed)
    }

    @Test func exitZeroWorksWithAnyInput() throws {
        let run = TestConsole(stdin: Array(helmRendered.utf8))
        #expect(try runCLI(["--exit-zero", "-"], run) == 0)
        #expect(run.outText == helmFixed)

        let dir = TempDir()
        dir.write("node-agent.yaml", helmRendered)
        let diff = TestConsole(cwd: dir.path)
        #expect(try runCLI(["--diff", "--exit-zero", "node-agent.yaml"], diff) == 0)
        #expect(diff.outText.hasPrefix("diff --git a/node-agent.yaml b/node-agent.yaml\n"))
    }

    @Test func malformedInputStillFailsWithNothingOnStdout() throws {
        let run = TestConsole(stdin: Array("---\n# Source: shop/templates/x.yaml\nkind: Pod\nspec: [\n".utf8))
        #expect(try runCLI([], run) == 2)
        #expect(run.out.isEmpty, "Helm must not install half a stream")
        #expect(run.errText.contains("error:"))
    }

    @Test func inPlaceAndDiffStillNeedAPath() {
        #expect(throws: (any Error).self) { try PSSFixCommand.parseAsRoot(["--in-place"]) }
        #expect(throws: (any Error).self) { try PSSFixCommand.parseAsRoot(["--diff"]) }
        #expect(throws: (any Error).self) { try PSSFixCommand.parseAsRoot(["check"]) }
    }

    /// Rendered output may still hold `{{` as text (Prometheus rules, alert templates in a
    /// ConfigMap). On stdin that is not a template marker: the stream is fixed and the ConfigMap
    /// passes through byte for byte. On disk too: `{{` inside a string is text, so the file is
    /// checked and fixed (only unparseable files and `{{` opening a flow mapping are skipped).
    @Test func goTemplateTextInRenderedDataIsJustText() throws {
        let rules = """
            ---
            # Source: shop/templates/rules.yaml
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: shop-rules
            data:
              rules.yaml: |
                summary: "{{ $labels.instance }} is down"

            """
        let run = TestConsole(stdin: Array((helmRendered + rules).utf8))
        #expect(try runCLI([], run) == 0)
        #expect(run.outText == helmFixed + rules)
        #expect(!run.errText.contains("skipped"))

        let dir = TempDir()
        dir.write("deployment.yaml", helmRendered + rules)
        let onDisk = TestConsole(cwd: dir.path)
        #expect(try runCLI(["deployment.yaml"], onDisk) == 1, "the DaemonSet still violates restricted")
        #expect(onDisk.outText == helmFixed + rules)
        #expect(!onDisk.errText.contains("skipped"))
    }

    /// The real binary, as Helm starts it: no arguments, stdin a pipe.
    @Test func theBinaryWorksAsAPostRenderer() throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("pss-fix").path
        try #require(FileManager.default.isExecutableFile(atPath: binary), "swift test builds pss-fix next to the tests: \(binary)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = []
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(helmRendered.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        _ = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: out, as: UTF8.self) == helmFixed)
    }
}
