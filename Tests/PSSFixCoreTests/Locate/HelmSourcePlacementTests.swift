import Testing
@testable import PSSFixCore

/// Rule 1 (values) and rule 2 (the template's literal YAML) for one workload, atomically.
@Suite struct HelmSourcePlacementTests {
    static let render = """
        ---
        # Source: api/templates/pod.yaml
        apiVersion: v1
        kind: Pod
        metadata:
          name: api
        spec:
          securityContext:
            fsGroup: 2000
          containers:
          - name: api
            image: example/api:1.4

        """
    static let values = "# Pod-level settings.\npodSecurityContext:\n  fsGroup: 2000\n"

    /// The pod's securityContext comes from `podSecurityContext` (as probing would find).
    func place(template: String) -> HelmSourcePlacement.Outcome {
        let bytes = Array(Self.render.utf8)
        let stream = RenderedStream(bytes: bytes, documents: [
            RenderedDocument(span: Span(0, bytes.count), origin: .helmTemplate(source: "api/templates/pod.yaml", file: "/charts/api/templates/pod.yaml")),
        ])
        let planned = ManifestFixer.fix(bytes, options: FixOptions(level: .restricted))
        let routes = [HelmValuesLocator.Target(workload: "Pod /api", container: nil): HelmValuesLocator.Key(path: ["podSecurityContext"])]
        return HelmSourcePlacement.place(
            planned: planned, render: stream, values: Array(Self.values.utf8), routes: routes, chartDirectory: "/charts/api",
            read: { $0 == "/charts/api/templates/pod.yaml" ? Array(template.utf8) : nil })
    }

    @Test func thePodGoesIntoTheValuesTheContainerIntoTheTemplate() throws {
        let template = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: {{ .Release.Name }}
            spec:
              {{- with .Values.podSecurityContext }}
              securityContext:
                {{- toYaml . | nindent 4 }}
              {{- end }}
              containers:
              - name: api
                image: {{ .Values.image | quote }}

            """
        let outcome = place(template: template)
        #expect(outcome.fixedWorkloads == ["Pod /api"], "\(outcome.left)")
        #expect(String(decoding: outcome.values.bytes, as: UTF8.self).contains("  runAsNonRoot: true\n"))
        let edited = try #require(outcome.templates.first)
        #expect(String(decoding: edited.fixed, as: UTF8.self).contains("""
                image: {{ .Values.image | quote }}
                securityContext:
                  allowPrivilegeEscalation: false
            """))
        #expect(outcome.placedInTemplates.count == 2 && outcome.values.placed.count == 2)
    }

    /// The container's part has no place (an action writes its securityContext): the pod's part
    /// is not written to the values either.
    @Test func aWorkloadWithAnyChangeWithoutAPlaceKeepsNothing() {
        let template = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: {{ .Release.Name }}
            spec:
              {{- with .Values.podSecurityContext }}
              securityContext:
                {{- toYaml . | nindent 4 }}
              {{- end }}
              containers:
              - name: api
                image: {{ .Values.image | quote }}
                securityContext:
                  {{- toYaml .Values.hardening | nindent 6 }}

            """
        let outcome = place(template: template)
        #expect(outcome.fixedWorkloads.isEmpty)
        #expect(outcome.values.bytes == Array(Self.values.utf8), "the values keep their text")
        #expect(outcome.templates.isEmpty)
        #expect(outcome.left.count == 1)
        #expect(outcome.left.first?.contains("no values key feeds the securityContext of container \"api\"") == true, "\(outcome.left)")
        #expect(outcome.left.first?.contains("securityContext is written by an action") == true, "\(outcome.left)")
    }

    /// The values editor can be another (one that also turns a switch on): it gets the values
    /// part, and a workload with nothing planned that `valuesOnly` names (a switch is all it
    /// needs) is handed to it and fixed only when it places it.
    @Test func theValuesEditorIsPluggableAndDecidesValuesOnlyWorkloads() {
        let render = """
            ---
            # Source: api/templates/pod.yaml
            apiVersion: v1
            kind: Pod
            metadata:
              name: api
            spec:
              securityContext:
                runAsNonRoot: true
                seccompProfile: {type: RuntimeDefault}
              containers:
              - name: api
                image: example/api:1.4
                securityContext:
                  allowPrivilegeEscalation: false
                  capabilities: {drop: [ALL]}

            """
        let bytes = Array(render.utf8)
        let stream = RenderedStream(bytes: bytes, documents: [
            RenderedDocument(span: Span(0, bytes.count), origin: .helmTemplate(source: "api/templates/pod.yaml", file: "/charts/api/templates/pod.yaml")),
        ])
        let planned = ManifestFixer.fix(bytes, options: FixOptions(level: .restricted))
        #expect(planned.workloads.allSatisfy { $0.applied.isEmpty }, "nothing to plan")
        for placedByEditor in [true, false] {
            var handed: [[String]] = []
            let outcome = HelmSourcePlacement.place(
                planned: planned, render: stream, values: Array(Self.values.utf8), routes: [:], chartDirectory: "/charts/api",
                read: { _ in nil }, valuesOnly: ["Pod /api"],
                editValues: { part in
                    handed.append(part.workloads.map(\.displayName))
                    var result = HelmValuesEditor.Outcome(bytes: Array("switch: {enabled: true}\n".utf8))
                    if placedByEditor { result.placedWorkloads = ["Pod /api"] }
                    return result
                })
            #expect(handed.first == ["Pod/api"], "the values part holds the workload")
            #expect(outcome.fixedWorkloads == (placedByEditor ? ["Pod /api"] : []))
            #expect(outcome.left.isEmpty == placedByEditor, "\(outcome.left)")
        }
        let none = HelmSourcePlacement.place(planned: planned, render: stream, values: [], routes: [:], chartDirectory: "/charts/api", read: { _ in nil })
        #expect(none.fixedWorkloads.isEmpty && none.left.isEmpty, "without valuesOnly a passing workload is nobody's business")
    }
}
