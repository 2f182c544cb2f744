import Testing
@testable import PSSFixCore

/// A patch target's label and annotation selectors, and `replacements:` field paths, read as
/// kustomize reads them (issue 21's modelling gaps).
@Suite struct KustomizeSelectorTests {
    @Test(arguments: [
        ("tier=frontend", true), ("tier==frontend", true), ("tier!=frontend", false), ("tier!=backend", true),
        ("tier in (frontend, web)", true), ("tier notin (frontend)", false), ("tier", true), ("!tier", false),
        ("!team", true), ("tier=frontend,env=prod", true), ("tier=frontend,env=dev", false),
        ("app.kubernetes.io/part-of=shop", true), ("team", false),
    ])
    func selectorsMatchTheLabels(_ text: String, _ expected: Bool) throws {
        let labels = ["tier": "frontend", "env": "prod", "app.kubernetes.io/part-of": "shop"]
        let selector = try #require(KustomizeLabelSelector(text), "\(text) parses")
        #expect(selector.matches(labels) == expected, "\(text)")
    }

    @Test(arguments: ["tier in frontend", "tier = (x)", "a b c", "tier in (a b)"])
    func unreadableSelectorsDecideNothing(_ text: String) {
        #expect(KustomizeLabelSelector(text) == nil, "\(text)")
    }

    @Test func aTargetWithALabelSelectorNeedsTheLabelsWhenKnown() {
        let target = KustomizeTarget(node("{kind: Deployment, labelSelector: tier=frontend}"))
        #expect(target.matches(kind: "Deployment", apiVersion: "apps/v1", names: ["web"], namespaces: [], labels: ["tier": "frontend"]))
        #expect(!target.matches(kind: "Deployment", apiVersion: "apps/v1", names: ["web"], namespaces: [], labels: ["tier": "backend"]))
        #expect(!target.matches(kind: "Deployment", apiVersion: "apps/v1", names: ["web"], namespaces: [], labels: [:]))
    }

    @Test func replacementFieldPathsOverlapTheFieldAboveAtOrBelowIt() {
        let replacement = KustomizeReplacement(node("""
            targets:
            - select: {kind: Deployment}
              reject: [{name: legacy}]
              fieldPaths:
              - spec.template.spec.containers.[name=app].securityContext
              - metadata.annotations.[example.com/owner]
            """))
        let field = ["spec", "template", "spec", "containers", "0", "securityContext", "runAsNonRoot"]
        #expect(replacement.writes(field, kind: "Deployment", apiVersion: "apps/v1", names: ["api"], namespaces: []))
        #expect(!replacement.writes(field, kind: "Deployment", apiVersion: "apps/v1", names: ["legacy"], namespaces: []), "rejected")
        #expect(!replacement.writes(field, kind: "StatefulSet", apiVersion: "apps/v1", names: ["api"], namespaces: []), "not selected")
        #expect(!replacement.writes(["spec", "template", "spec", "securityContext"], kind: "Deployment", apiVersion: "apps/v1",
                                    names: ["api"], namespaces: []), "another field")
        #expect(KustomizeReplacement.segments("metadata.annotations.[example.com/owner]") == ["metadata", "annotations", "example.com/owner"])
    }

    func node(_ text: String) -> Node {
        (try? YAMLParser.parse(SourceText(Array(text.utf8))))!.documents[0].root!.resolved
    }
}
