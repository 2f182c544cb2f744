import Testing
@testable import PSSFixCore

/// Masking a Helm template's actions and editing its literal YAML (issue 20, rule 2). Each
/// editor test plans the fix on a render written by hand (what helm prints for the template)
/// and places it into the template.
@Suite struct HelmTemplateEditorTests {
    // MARK: Masking

    @Test func maskingKeepsEveryOffsetAndOnlyTouchesActions() {
        let template = """
            metadata:
              name: {{ include "x.fullname" . }}-web
              labels:
                {{- include "x.labels" . | nindent 4 }}
            {{- /* a comment with }} inside */}}
            data:
              quoted: "{{ printf "}}" }}"

            """
        let mask = HelmTemplateMask(Array(template.utf8))
        #expect(mask.problem == nil)
        #expect(mask.masked.count == mask.original.count)
        let text = String(decoding: mask.masked, as: UTF8.self)
        func filled(_ action: String, _ byte: Character) -> String { String(repeating: byte, count: action.utf8.count) }
        #expect(text.contains("  name: \(filled("{{ include \"x.fullname\" . }}", "x"))-web\n"), "inline: part of the scalar\n\(text)")
        #expect(text.contains("\n    \(filled("{{- include \"x.labels\" . | nindent 4 }}", "#"))\n"), "alone on its line: a comment\n\(text)")
        #expect(text.contains("quoted: \"\(filled("{{ printf \"}}\" }}", "x"))\""), "a `}}` inside an action's string does not end it\n\(text)")
        #expect(mask.actions.map(\.role) == [.output, .output, .silent, .output])
        #expect(mask.actions[1].level == 4 && mask.actions[1].ownLine && mask.actions[1].trimsLeft)
        #expect(mask.actions[0].level == nil && !mask.actions[0].ownLine)
        // Outside the actions every byte is the template's.
        for (i, byte) in mask.original.enumerated() where !mask.actions.contains(where: { $0.span.start <= i && i < $0.span.end }) {
            #expect(mask.masked[i] == byte)
        }
    }

    @Test func branchesAreTrackedPerByte() {
        let template = "a: 1\n{{- if .x }}\nb: 2\n{{- else }}\nb: 3\n{{- end }}\n{{- range .y }}\nc: 4\n{{- end }}\nd: 5\n"
        let mask = HelmTemplateMask(Array(template.utf8))
        func at(_ text: String) -> HelmTemplateMask.Context {
            let offset = template.utf8.count - template.split(separator: text, maxSplits: 1).last!.utf8.count
            return mask.context(at: offset)
        }
        #expect(at("a: 1").frames.isEmpty)
        #expect(at("b: 2").frames.count == 1)
        #expect(at("b: 2") != at("b: 3"), "if and else are different branches")
        #expect(at("c: 4").repeatsOrDefines)
        #expect(at("d: 5") == at("a: 1"))
        #expect(HelmTemplateMask(Array("{{ if .x }}\na: 1\n".utf8)).problem != nil, "a block without its end")
    }

    // MARK: Editing

    /// The fix planned on `render` placed into `template`.
    func place(render: String, template: String) throws -> HelmTemplateEditor.Outcome {
        let bytes = Array(render.utf8)
        let planned = ManifestFixer.fix(bytes, options: FixOptions(level: .restricted))
        let workloads = Workload.find(in: try YAMLParser.parse(SourceText(bytes)))
        var requests: [HelmTemplateEditor.Request] = []
        for report in planned.workloads where !report.applied.isEmpty {
            let workload = try #require(workloads.first { $0.documentIndex == report.documentIndex })
            let changes = try PodFieldChange.changes(report.applied, of: workload).get()
            requests.append(HelmTemplateEditor.Request(identity: report.displayName, workload: workload, changes: changes, renderedFromFile: workloads))
        }
        try #require(!requests.isEmpty, "the render needs a fix")
        return HelmTemplateEditor.edit(template: Array(template.utf8), requests: requests)
    }

    static let pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: rel-web-test
        spec:
          containers:
          - name: wget
            image: busybox
            args: ['rel-web:80']
          restartPolicy: Never

        """

    @Test func literalPodSpecAndContainerGetTheFieldsActionsUntouched() throws {
        let template = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: "{{ include "web.fullname" . }}-test"
              labels:
                {{- include "web.labels" . | nindent 4 }}
            spec:
              containers:
              - name: wget
                image: busybox
                args: ['{{ include "web.fullname" . }}:{{ .Values.port }}']
              restartPolicy: Never

            """
        let outcome = try place(render: Self.pod, template: template)
        #expect(outcome.refused.isEmpty, "\(outcome.refused)")
        #expect(String(decoding: outcome.bytes, as: UTF8.self) == """
            apiVersion: v1
            kind: Pod
            metadata:
              name: "{{ include "web.fullname" . }}-test"
              labels:
                {{- include "web.labels" . | nindent 4 }}
            spec:
              containers:
              - name: wget
                image: busybox
                args: ['{{ include "web.fullname" . }}:{{ .Values.port }}']
                securityContext:
                  allowPrivilegeEscalation: false
                  capabilities:
                    drop:
                    - ALL
              restartPolicy: Never
              securityContext:
                runAsNonRoot: true
                seccompProfile:
                  type: RuntimeDefault

            """)
        #expect(outcome.placed["Pod/rel-web-test"]?.count == 4)
    }

    /// The pod spec ends with `{{- with }}` blocks and the container with a value an action
    /// prints: the new keys go before the block and after the printed lines.
    @Test func newKeysLeaveTrailingBlocksAndPrintedValuesWhole() throws {
        let template = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: {{ .Release.Name }}-web-test
            spec:
              containers:
              - name: wget
                image: busybox
                args: ['{{ .Release.Name }}-web:80']
                resources:
            {{ toYaml .Values.resources | indent 6 }}
              restartPolicy: Never
            {{- with .Values.tolerations }}
              tolerations:
                {{- toYaml . | nindent 4 }}
            {{- end }}

            """
        let render = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: rel-web-test
            spec:
              containers:
              - name: wget
                image: busybox
                args: ['rel-web:80']
                resources: {}
              restartPolicy: Never

            """
        let outcome = try place(render: render, template: template)
        #expect(outcome.refused.isEmpty, "\(outcome.refused)")
        let text = String(decoding: outcome.bytes, as: UTF8.self)
        #expect(text.contains("""
            {{ toYaml .Values.resources | indent 6 }}
                securityContext:
                  allowPrivilegeEscalation: false
            """), "\(text)")
        #expect(text.contains("""
              restartPolicy: Never
              securityContext:
                runAsNonRoot: true
                seccompProfile:
                  type: RuntimeDefault
            {{- with .Values.tolerations }}
            """), "\(text)")
    }

    @Test func whatAnActionWritesIsRefused() throws {
        let cases: [(template: String, reason: String)] = [
            // The container's securityContext comes from values through toYaml.
            ("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: rel-web-test
            spec:
              containers:
              - name: wget
                image: busybox
                args: ['rel-web:80']
                securityContext:
                  {{- toYaml .Values.sc | nindent 6 }}
              restartPolicy: Never

            """, "securityContext is written by an action"),
            // Containers an include adds before the literal one: its position may shift.
            ("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: rel-web-test
            spec:
              containers:
                {{- include "sidecars" . | nindent 4 }}
                - name: wget
                  image: busybox
                  args: ['rel-web:80']
              restartPolicy: Never

            """, "may print containers"),
            // With the list written at the keys' column, printed items could as well be keys.
            ("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: rel-web-test
            spec:
              containers:
              - name: wget
                image: busybox
                args: ['rel-web:80']
              {{- include "sidecars" . | nindent 2 }}
              restartPolicy: Never

            """, "may print keys of the pod"),
            // The document is repeated by a range.
            ("""
            {{- range .Values.tests }}
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: rel-web-{{ . }}
            spec:
              containers:
              - name: wget
                image: busybox
                args: ['rel-web:80']
              restartPolicy: Never
            {{- end }}

            """, "{{ range }}"),
            // The pod spec's keys may come from an include.
            ("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: rel-web-test
            spec:
              containers:
              - name: wget
                image: busybox
                args: ['rel-web:80']
              {{- include "podExtras" . | nindent 2 }}
              restartPolicy: Never

            """, "may print"),
            // Another container name than the render's.
            ("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: rel-web-test
            spec:
              containers:
              - name: curl
                image: busybox
              restartPolicy: Never

            """, "not the rendered ones"),
            // A `-}}` would eat the new lines' break.
            ("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: rel-web-test
            spec:
              restartPolicy: Never
              containers:
              - name: wget
                image: busybox
                args: ['rel-web:80']
                {{- /* trims */ -}}

            """, "trim"),
        ]
        for (template, reason) in cases {
            let outcome = try place(render: Self.pod, template: template)
            #expect(outcome.bytes == Array(template.utf8), "nothing changes:\n\(template)")
            let refused = outcome.refused["Pod/rel-web-test"] ?? ""
            #expect(refused.contains(reason), "\(refused)\n\(template)")
        }
    }

    /// Containers printed after the literal ones leave its position alone, and a key's value
    /// printed at the key's column (`volumeMounts:` then a list) is that key's.
    @Test func actionsPrintingAfterTheLiteralItemsOrAKeysListAreFine() throws {
        let template = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: rel-web-test
            spec:
              containers:
                - name: wget
                  image: busybox
                  args: ['rel-web:80']
                  {{- if .Values.mounts }}
                  volumeMounts:
            {{ toYaml .Values.mounts | indent 6 }}
                  {{- end }}
                {{- with .Values.extraContainers }}
                {{- toYaml . | nindent 4 }}
                {{- end }}
              restartPolicy: Never

            """
        let outcome = try place(render: Self.pod, template: template)
        #expect(outcome.refused.isEmpty, "\(outcome.refused)")
        // Before the `{{- if }}` block that ends the container (another branch).
        #expect(String(decoding: outcome.bytes, as: UTF8.self).contains("""
                  args: ['rel-web:80']
                  securityContext:
                    allowPrivilegeEscalation: false
                    capabilities:
                      drop:
                        - ALL
                  {{- if .Values.mounts }}
            """), "\(String(decoding: outcome.bytes, as: UTF8.self))")
    }

    /// The pod spec's first key is conditional: the spec itself is not (its `spec:` key decides).
    @Test func aPodSpecStartingWithABlockIsEdited() throws {
        let template = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: rel-web-test
            spec:
              {{- with .Values.pullSecrets }}
              imagePullSecrets:
                {{- toYaml . | nindent 4 }}
              {{- end }}
              containers:
              - name: wget
                image: busybox
                args: ['rel-web:80']
              restartPolicy: Never

            """
        let outcome = try place(render: Self.pod, template: template)
        #expect(outcome.refused.isEmpty, "\(outcome.refused)")
        #expect(String(decoding: outcome.bytes, as: UTF8.self).hasSuffix("""
              restartPolicy: Never
              securityContext:
                runAsNonRoot: true
                seccompProfile:
                  type: RuntimeDefault

            """))
    }

    @Test func aLiteralInAnotherBranchThanTheWorkloadIsNotEdited() throws {
        let template = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: rel-web-test
            spec:
              containers:
              - name: wget
                image: busybox
                args: ['rel-web:80']
                {{- if .Values.hardened }}
                securityContext:
                  runAsUser: 1000
                {{- end }}
              restartPolicy: Never

            """
        let outcome = try place(render: Self.pod, template: template)
        #expect(outcome.bytes == Array(template.utf8))
        #expect(outcome.refused["Pod/rel-web-test"]?.contains("branch") == true, "\(outcome.refused)")
    }
}
