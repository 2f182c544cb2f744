import Testing
@testable import PSSFixCore

/// Keys a template reads that the values do not define become probe candidates.
@Suite struct HelmTemplateValueReferencesTests {
    @Test func keysNamedLikeASecurityContextAreFoundOnceInOrder() {
        let template = """
            {{- with .Values.podSecurityContext }}
            securityContext: {{- toYaml . | nindent 8 }}
            {{- end }}
            {{- toYaml .Values.api.containerSecurityContext | nindent 12 }}
            {{- if .Values.podSecurityContext.enabled }}{{ end }}
            image: {{ .Values.image }}
            x: {{ $.Values.securityContext }}
            y: {{ .Values.securityContextExtra }}
            """
        let keys = HelmTemplateValueReferences.keys(in: [Array(template.utf8)], known: [HelmValuesLocator.Key(path: ["securityContext"])])
        #expect(keys.map(\.description) == ["podSecurityContext", "api.containerSecurityContext"],
                "a key already known, a field under a key and a longer name are not candidates")
    }

    @Test func theNumberOfProbesIsBounded() {
        let template = (0..<20).map { "{{ .Values.c\($0).securityContext }}" }.joined(separator: "\n")
        #expect(HelmTemplateValueReferences.keys(in: [Array(template.utf8)], known: [], limit: 5).count == 5)
    }
}
