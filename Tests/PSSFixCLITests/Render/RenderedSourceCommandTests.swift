import Foundation
import Testing
@testable import PSSFixCLI

/// `check` and the fix command on charts and kustomizations: judged as rendered, reported at
/// the templates and resources the objects come from, never as loose files; a source that does
/// not render is not checked (exit 3), never a pass.
@Suite struct RenderedSourceCommandTests {
    /// The run's environment with the helm stand-in named (the commands find kubectl on PATH).
    func console(_ cwd: String) throws -> TestConsole {
        let helm = try RenderFixtures.helm()
        _ = try RenderFixtures.kubectl()
        var environment = ProcessInfo.processInfo.environment
        environment["PSS_FIX_HELM"] = helm
        return TestConsole(cwd: cwd, env: environment)
    }

    @Test func chartsAreCheckedAsRenderedAtTheirTemplates() throws {
        let run = try console(RenderFixtures.path("helm"))
        #expect(try runCLI(["check", "."], run) == 1, "violations win over the chart that did not render")
        let out = run.outText
        #expect(out.contains("web/templates/deployment.yaml:2:1: Deployment/release-name-web: violates PodSecurity"))
        #expect(out.contains("web/templates/tests/test-connection.yaml:2:1: Pod/release-name-web-test-connection"))
        #expect(out.contains("umbrella/charts/backend/templates/deployment.yaml:2:1: Deployment/release-name-backend"), "a subchart's template")
        #expect(out.contains("broken: skipped: not rendered: helm template failed (exit 1): Error: execution error at (broken/templates/configmap.yaml:4:11): broken needs .Values.name"))
        #expect(out.contains("common: library chart: checked through the render of app"), "covered, never 'not checked'")
        #expect(!out.contains("templates/_helpers.tpl"), "templates are never loose files")
        #expect(out.contains("1 file not checked"))
        // The scaffold's Deployment through its values; its test Pod and the umbrella's Job and
        // hook Pod in their literal templates. Not the subchart's (its own files are not the
        // input's to edit) nor app's (its pod spec comes from the library's include).
        #expect(out.contains("16 of 24 findings fixable"), "values and literal templates")
        #expect(out.contains("[values: podSecurityContext, securityContext]"), "the keys that feed it")
    }

    @Test func jsonListsTheChartThatDidNotRender() throws {
        let run = try console(RenderFixtures.path("helm"))
        #expect(try runCLI(["check", "--format", "json", "broken"], run) == 3)
        let json = try #require(JSONSerialization.jsonObject(with: Data(run.out)) as? [String: Any])
        let skipped = try #require(json["skipped"] as? [[String: Any]])
        #expect(skipped.count == 1)
        #expect(skipped.first?["file"] as? String == "broken")
        #expect((skipped.first?["reason"] as? String)?.hasPrefix("not rendered: helm template failed") == true)
    }

    @Test func aFileInsideAChartIsCheckedThroughItsChart() throws {
        let run = try console(RenderFixtures.path("helm"))
        #expect(try runCLI(["check", "web/templates/deployment.yaml"], run) == 1)
        #expect(run.outText.contains("web/templates/deployment.yaml:2:1: Deployment/release-name-web"))
        #expect(run.outText.contains("web/templates/tests/test-connection.yaml"), "the chart is the unit")
    }

    @Test func withoutHelmAChartIsNotChecked() throws {
        let run = TestConsole(cwd: RenderFixtures.path("helm"))
        #expect(try runCLI(["check", "--helm", "/nonexistent/helm", "web"], run) == 3)
        #expect(run.outText.contains("web: skipped: not rendered: helm /nonexistent/helm (from --helm) is not an executable file"))
        #expect(!run.outText.contains("all pass"))
    }

    @Test func valuesNeedASingleChart() throws {
        let run = try console(RenderFixtures.path("helm"))
        #expect(try runCLI(["check", "--set", "replicaCount=2", "."], run) == 2)
        #expect(run.errText.contains("--values and --set apply to a single chart, and this run has 4"))
    }

    @Test func kustomizationRootsAreRenderedAndReportedAtTheirResources() throws {
        let run = try console(RenderFixtures.path("kustomize"))
        #expect(try runCLI(["check", "overlays", "exec-fn"], run) == 1)
        let out = run.outText
        #expect(out.contains("base/deployment.yaml:2:1: Deployment/prod-api: violates PodSecurity"), "through the overlay's namePrefix")
        #expect(out.contains("base/workers.yaml:20:1: CronJob/cleanup: violates"), "the second document of a multi-document base")
        #expect(out.contains("exec-fn: skipped: not rendered:"), "an exec KRM function is never silently skipped")
        #expect(!out.contains("patch"), "patches are never judged as whole objects")
        #expect(out.contains("21 of 21 findings fixable"), "what the fix places at the source (a new patch in each overlay: the base is not given)")
    }

    /// Given only the overlay, its base is outside the given paths: the changes go into a new
    /// patch in the overlay (the end-to-end cases are `KustomizeCaseTests`).
    @Test func theFixCommandFixesAKustomizationAtItsSource() throws {
        let run = try console(RenderFixtures.path("kustomize"))
        #expect(try runCLI(["--diff", "overlays/staging"], run) == 0)
        #expect(run.outText.contains("--- /dev/null\n+++ b/overlays/staging/pss-fix-patch.yaml\n"), "a new file")
        #expect(run.outText.contains("+++ b/overlays/staging/kustomization.yaml\n"))
        #expect(!run.outText.contains("base/"), "the base is outside the given paths")
        #expect(run.errText.contains("overlays/staging: fixed in overlays/staging/pss-fix-patch.yaml (new patch): Deployment/api: pod: set securityContext.runAsNonRoot=true"))
        #expect(!run.errText.contains("violates PodSecurity"), "nothing is left")
    }

    /// Objects of a chart land in its release namespace: that namespace's labels set their level.
    @Test func aChartIsJudgedInItsReleaseNamespace() throws {
        let dir = TempDir()
        try FileManager.default.copyItem(atPath: RenderFixtures.path("helm/web"), toPath: dir.path + "/web")
        dir.write("namespaces.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: tools\n  labels:\n    pod-security.kubernetes.io/enforce: baseline\n")
        let inTools = try console(dir.path)
        #expect(try runCLI(["check", "--namespace", "tools", "."], inTools) == 0, "baseline: the scaffold passes")
        #expect(inTools.outText.contains("2 workloads checked against their namespace's policy"))
        let elsewhere = try console(dir.path)
        #expect(try runCLI(["check", "--namespace", "apps", "."], elsewhere) == 1, "no labels: restricted")
    }

    /// Given one template of a chart (as pre-commit passes it), the fix edits no other template:
    /// the test Pod's literal template is left, with the reason; given the chart, it is edited.
    @Test func onlyTemplatesInsideThePathsGivenAreEdited() throws {
        let dir = TempDir()
        try FileManager.default.copyItem(atPath: RenderFixtures.packageRoot + "/ChartCases/scaffold/web", toPath: dir.path + "/web")
        let one = try console(dir.path)
        _ = try runCLI(["--diff", "web/templates/deployment.yaml"], one)
        #expect(!one.outText.contains("test-connection.yaml"), "\(one.outText)")
        #expect(one.errText.contains("its template web/templates/tests/test-connection.yaml is not inside the paths given"), "\(one.errText)")
        let chart = try console(dir.path)
        _ = try runCLI(["--diff", "web"], chart)
        #expect(chart.outText.contains("+++ b/web/templates/tests/test-connection.yaml"), "\(chart.outText)")
    }

    /// With --partial a workload that still needs a person gets its automatic fixes in the
    /// template and stays reported as violating (hostPort).
    @Test func aPartlyFixedWorkloadStillViolates() throws {
        let dir = TempDir()
        dir.write("a/Chart.yaml", "apiVersion: v2\nname: a\nversion: 0.1.0\n")
        dir.write("a/templates/pod.yaml", """
            apiVersion: v1
            kind: Pod
            metadata:
              name: {{ .Release.Name }}-a
            spec:
              containers:
              - name: a
                image: a
                ports:
                - containerPort: 80
                  hostPort: 8080

            """)
        let run = try console(dir.path)
        #expect(try runCLI(["--diff", "--partial", "a"], run) == 1)
        #expect(run.outText.contains("+      allowPrivilegeEscalation: false"), "\(run.outText)")
        #expect(run.errText.contains("1 workload still violates"), "\(run.errText)")
        #expect(run.errText.contains("hostPort"), "\(run.errText)")
    }
}
