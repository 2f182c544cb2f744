import Testing
@testable import PSSFixCore

@Suite struct InjectedContainersTests {
    @Test func containersMissingFromTheTemplateAreInjected() {
        var dump = DumpBuilder()
        dump.controller("Deployment", "web", uid: "d", containers: ["web"])
        dump.pod(
            "web-1", owner: ("Deployment", "web", "d"), annotations: ["sidecar.istio.io/status": Contexts.istioStatus],
            containers: ["web", "istio-proxy", "metrics-agent"], initContainers: ["istio-init"], ephemeral: ["debugger-x"])
        let w = dump.workloads
        let found = InjectedContainers.find(in: w[1].pod, template: w[0].pod)
        #expect(found.map(\.name) == ["istio-init", "istio-proxy", "metrics-agent", "debugger-x"])
        #expect(found.map(\.injectedBy) == [
            "istio (sidecar.istio.io/status)", "istio (sidecar.istio.io/status)", "an admission webhook", "kubectl debug",
        ])
        #expect(found.map(\.kind) == [.initContainer, .container, .container, .ephemeral])
    }

    @Test func withoutATemplateTheAnnotationsTell() {
        var dump = DumpBuilder()
        dump.pod("web-1", annotations: ["sidecar.istio.io/status": Contexts.istioStatus], containers: ["web", "istio-proxy"], initContainers: ["istio-init"])
        dump.pod("api-1", annotations: ["linkerd.io/proxy-version": "stable-2.14.10"], containers: ["api", "linkerd-proxy"], initContainers: ["linkerd-init"])
        dump.pod("plain", containers: ["app", "sidecar"])
        let w = dump.workloads
        #expect(InjectedContainers.find(in: w[0].pod, template: nil).map(\.name) == ["istio-init", "istio-proxy"])
        #expect(InjectedContainers.find(in: w[1].pod, template: nil).map(\.injectedBy) == ["linkerd (linkerd.io/proxy-version)", "linkerd (linkerd.io/proxy-version)"])
        #expect(InjectedContainers.find(in: w[2].pod, template: nil).isEmpty, "a sidecar nobody claims is the owners'")
    }

    @Test func istioStatusIsReadAsJSON() {
        #expect(InjectedContainers.jsonStrings(Contexts.istioStatus, key: "initContainers") == ["istio-init"])
        #expect(InjectedContainers.jsonStrings(Contexts.istioStatus, key: "containers") == ["istio-proxy"])
        #expect(InjectedContainers.jsonStrings(#"{"containers": ["a", "b\"c"]}"#, key: "containers") == ["a", #"b\"c"#])
        #expect(InjectedContainers.jsonStrings(#"{"containers":null}"#, key: "containers").isEmpty)
        #expect(InjectedContainers.jsonStrings("not json", key: "containers").isEmpty)
    }
}
