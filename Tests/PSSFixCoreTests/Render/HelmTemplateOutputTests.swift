import Testing
@testable import PSSFixCore

/// `helm template` output as helm prints it, parsed without running helm.
@Suite struct HelmTemplateOutputTests {
    let output = """
        ---
        # Source: web/templates/serviceaccount.yaml
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: web
        ---
        # Source: web/charts/db/templates/statefulset.yaml
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: web-db
        ---
        # Source: web/templates/jobs.yaml
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate

        """

    @Test func everyManifestIsADocumentWithItsSourceAsOrigin() throws {
        let bytes = Array(output.utf8)
        let stream = HelmTemplateOutput.parse(bytes, chart: nil)
        #expect(stream.bytes == bytes, "helm output is judged as printed")
        #expect(stream.documents.map(\.origin) == [
            .helmTemplate(source: "web/templates/serviceaccount.yaml", file: nil),
            .helmTemplate(source: "web/charts/db/templates/statefulset.yaml", file: nil),
            .helmTemplate(source: "web/templates/jobs.yaml", file: nil),
        ])
        // The spans tile the stream and match libyaml's documents one to one.
        #expect(stream.documents.first?.span.start == 0)
        #expect(stream.documents.last?.span.end == bytes.count)
        for (a, b) in zip(stream.documents, stream.documents.dropFirst()) { #expect(a.span.end == b.span.start) }
        let parsed = try YAMLParser.parse(SourceText(bytes))
        #expect(parsed.documents.count == stream.documents.count)
        for document in parsed.documents {
            let name = document.root?["metadata"]?["name"]?.string
            let origin = stream.document(containing: document.span.start)?.origin
            #expect(origin == stream.documents[document.index].origin, "\(name ?? "?")")
        }
    }

    @Test func originsNameTheFilesOnDiskThroughSubchartNamesAndAliases() {
        let tree = InMemoryFileTree([
            "/c/web/Chart.yaml": "name: web\ndependencies:\n- name: postgres\n  alias: db\n",
            "/c/web/templates/serviceaccount.yaml": "",
            "/c/web/charts/postgresql-12/Chart.yaml": "name: postgres\n",
            "/c/web/charts/postgresql-12/templates/statefulset.yaml": "",
        ])
        let layout = HelmChartLayout(chartDirectory: "/c/web", tree: tree)
        let stream = HelmTemplateOutput.parse(Array(output.utf8), chart: layout)
        #expect(stream.documents.map(\.origin.file) == [
            "/c/web/templates/serviceaccount.yaml",
            "/c/web/charts/postgresql-12/templates/statefulset.yaml",  // alias db → postgres → its directory
            nil,  // jobs.yaml is not on disk
        ])
        #expect(layout?.file(forSource: "other/templates/serviceaccount.yaml") == nil, "another chart's path is not this chart's file")
    }

    @Test func textBeforeTheFirstSeparatorAndManifestsWithoutSourceKeepEveryByte() {
        let text = "a note a plugin printed\n---\nkind: A\n---\n# Source: c/templates/b.yaml\r\nkind: B\r\n"
        let stream = HelmTemplateOutput.parse(Array(text.utf8), chart: nil)
        #expect(stream.documents.map(\.origin) == [.unknown, .unknown, .helmTemplate(source: "c/templates/b.yaml", file: nil)],
                "CRLF is not part of the path")
        #expect(stream.documents.map(\.span) == [Span(0, 24), Span(24, 36), Span(36, text.utf8.count)])
    }

    @Test func emptyOutputHasNoDocuments() {
        #expect(HelmTemplateOutput.parse(Array("\n".utf8), chart: nil).documents.isEmpty)
    }
}
