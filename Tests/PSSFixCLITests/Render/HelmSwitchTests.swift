import Foundation
import Testing
@testable import PSSFixCLI

/// Keys behind a bitnami-style `enabled` switch, beyond the ChartCases: a switch that also
/// changes something outside the securityContext is never turned on, and a switch turned off
/// with `--set` (which no values file overrides) is left with advice.
@Suite struct HelmSwitchTests {
    /// A chart whose container securityContext renders only when `containerSecurityContext.enabled`;
    /// `extra` is written into the pod template's metadata under the same switch.
    func chart(extra: String = "") throws -> TempDir {
        let dir = TempDir()
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir.path + "/web/templates", withIntermediateDirectories: true)
        try "apiVersion: v2\nname: web\nversion: 1.0.0\n".write(toFile: dir.path + "/web/Chart.yaml", atomically: true, encoding: .utf8)
        try """
            # Switched on, the block renders as the container's securityContext.
            containerSecurityContext:
              enabled: true
              allowPrivilegeEscalation: false
              capabilities:
                drop: [ALL]
            podSecurityContext:
              runAsNonRoot: true
              seccompProfile:
                type: RuntimeDefault

            """.write(toFile: dir.path + "/web/values.yaml", atomically: true, encoding: .utf8)
        try """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                  {{- if .Values.containerSecurityContext.enabled }}\(extra)
                  {{- end }}
                spec:
                  securityContext: {{- toYaml .Values.podSecurityContext | nindent 8 }}
                  containers:
                  - name: web
                    image: nginx
                    {{- if .Values.containerSecurityContext.enabled }}
                    securityContext: {{- omit .Values.containerSecurityContext "enabled" | toYaml | nindent 10 }}
                    {{- end }}

            """.write(toFile: dir.path + "/web/templates/deployment.yaml", atomically: true, encoding: .utf8)
        return dir
    }

    func console(_ cwd: String) throws -> TestConsole {
        var env = ProcessInfo.processInfo.environment
        env["PSS_FIX_HELM"] = try RenderFixtures.helm()
        return TestConsole(cwd: cwd, env: env)
    }

    @Test func aSwitchTurnedOffWithSetIsLeftWithAdvice() throws {
        let dir = try chart()
        let before = try String(contentsOfFile: dir.path + "/web/values.yaml", encoding: .utf8)
        let run = try console(dir.path)
        // --set wins over every values file: no edit can turn the switch on.
        #expect(try runCLI(["--in-place", "--level", "restricted", "--set", "containerSecurityContext.enabled=false", "web"], run) == 1)
        #expect(run.errText.contains("left: Deployment/web: --set containerSecurityContext.enabled=false switches its securityContext values off, and a values file cannot turn them on"), "\(run.errText)")
        #expect(try String(contentsOfFile: dir.path + "/web/values.yaml", encoding: .utf8) == before)
        // Without it the chart passes as it is.
        let plain = try console(dir.path)
        #expect(try runCLI(["check", "--level", "restricted", "web"], plain) == 0, "\(plain.outText)")
    }

    @Test func aSwitchThatChangesMoreThanTheSecurityContextIsNotTurnedOn() throws {
        let dir = try chart(extra: "\n      annotations: {hardened: \"true\"}")
        var values = try String(contentsOfFile: dir.path + "/web/values.yaml", encoding: .utf8)
        values = values.replacingOccurrences(of: "  enabled: true\n", with: "  enabled: false\n")
        try values.write(toFile: dir.path + "/web/values.yaml", atomically: true, encoding: .utf8)
        let before = values
        let run = try console(dir.path)
        #expect(try runCLI(["--in-place", "--level", "restricted", "web"], run) == 1, "\(run.errText)")
        #expect(run.errText.contains("left: Deployment/web: its securityContext values are switched off (containerSecurityContext.enabled: false), and switching them on would also bring changes outside a securityContext: spec.template.metadata.annotations"), "\(run.errText)")
        #expect(try String(contentsOfFile: dir.path + "/web/values.yaml", encoding: .utf8) == before)
    }
}
