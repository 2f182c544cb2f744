import Foundation
import Testing
@testable import PSSFixCLI

/// A ResourceList as kustomize hands it to an exec function: items annotated with the file they
/// came from, and the transformer's ConfigMap as functionConfig.
let krmInput = #"""
    apiVersion: config.kubernetes.io/v1
    kind: ResourceList
    items:
    - apiVersion: v1
      kind: Service
      metadata:
        name: web
        annotations:
          config.kubernetes.io/index: '0'
          internal.config.kubernetes.io/path: 'web.yaml'
      spec:
        ports:
        - port: 80
    - apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: shop
        annotations:
          config.kubernetes.io/index: '1'
          internal.config.kubernetes.io/path: 'web.yaml'
      spec:
        template:
          spec:
            securityContext:
              runAsUser: 0
            containers:
            - name: web
              image: nginx # pinned by digest in prod
    - apiVersion: apps/v1
      kind: DaemonSet
      metadata:
        name: agent
        namespace: monitoring
        annotations:
          config.kubernetes.io/index: '0'
          internal.config.kubernetes.io/path: 'agent.yaml'
      spec:
        template:
          spec:
            containers:
            - name: agent
              image: agent
              securityContext:
                privileged: true
    functionConfig:
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: pss-fix
      data:
        level: restricted
        version: v1.30
        fix: runAsUser
        runAsUser: "1000"

    """#

/// Items fixed in place (runAsUser 0 replaced by the configured UID, the comment kept), the
/// privileged DaemonSet left with two errors pointing at its container, its file and index.
let krmOutput = #"""
    apiVersion: config.kubernetes.io/v1
    kind: ResourceList
    items:
    - apiVersion: v1
      kind: Service
      metadata:
        name: web
        annotations:
          config.kubernetes.io/index: '0'
          internal.config.kubernetes.io/path: 'web.yaml'
      spec:
        ports:
        - port: 80
    - apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: shop
        annotations:
          config.kubernetes.io/index: '1'
          internal.config.kubernetes.io/path: 'web.yaml'
      spec:
        template:
          spec:
            securityContext:
              runAsUser: 1000
              runAsNonRoot: true
              seccompProfile:
                type: RuntimeDefault
            containers:
            - name: web
              image: nginx # pinned by digest in prod
              securityContext:
                allowPrivilegeEscalation: false
                capabilities:
                  drop:
                  - ALL
    - apiVersion: apps/v1
      kind: DaemonSet
      metadata:
        name: agent
        namespace: monitoring
        annotations:
          config.kubernetes.io/index: '0'
          internal.config.kubernetes.io/path: 'agent.yaml'
      spec:
        template:
          spec:
            containers:
            - name: agent
              image: agent
              securityContext:
                privileged: true
    functionConfig:
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: pss-fix
      data:
        level: restricted
        version: v1.30
        fix: runAsUser
        runAsUser: "1000"
    results:
    - message: "violates PodSecurity \"restricted:v1.30\": privileged (container \"agent\" must not set securityContext.privileged=true); left to a person: privileged containers belong in a privileged or exempt namespace; if it does not need it, set privileged: false (opt in: --fix privileged)"
      severity: error
      resourceRef:
        apiVersion: apps/v1
        kind: DaemonSet
        name: agent
        namespace: monitoring
      field:
        path: "spec.template.spec.containers[0]"
      file:
        path: agent.yaml
        index: 0
    - message: "violates PodSecurity \"restricted:v1.30\": allowPrivilegeEscalation != false (container \"agent\" must set securityContext.allowPrivilegeEscalation=false); left to a person: container \"agent\" is privileged: the API server rejects allowPrivilegeEscalation=false with it; drop the privilege first"
      severity: error
      resourceRef:
        apiVersion: apps/v1
        kind: DaemonSet
        name: agent
        namespace: monitoring
      field:
        path: "spec.template.spec.containers[0]"
      file:
        path: agent.yaml
        index: 0
    - message: "violates PodSecurity \"restricted:v1.30\": unrestricted capabilities (container \"agent\" must set securityContext.capabilities.drop=[\"ALL\"])"
      severity: error
      resourceRef:
        apiVersion: apps/v1
        kind: DaemonSet
        name: agent
        namespace: monitoring
      field:
        path: "spec.template.spec.containers[0]"
      file:
        path: agent.yaml
        index: 0
    - message: "violates PodSecurity \"restricted:v1.30\": runAsNonRoot != true (pod or container \"agent\" must set securityContext.runAsNonRoot=true)"
      severity: error
      resourceRef:
        apiVersion: apps/v1
        kind: DaemonSet
        name: agent
        namespace: monitoring
      field:
        path: "spec.template.spec.containers[0]"
      file:
        path: agent.yaml
        index: 0
    - message: "violates PodSecurity \"restricted:v1.30\": seccompProfile (pod or container \"agent\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")"
      severity: error
      resourceRef:
        apiVersion: apps/v1
        kind: DaemonSet
        name: agent
        namespace: monitoring
      field:
        path: "spec.template.spec.containers[0]"
      file:
        path: agent.yaml
        index: 0

    """#

@Suite struct KRMFunctionTests {
    @Test func fixesItemsAndReportsWhatRemainsAsResults() throws {
        let run = TestConsole(stdin: Array(krmInput.utf8))
        #expect(try runCLI(["krm"], run) == 1, "results with severity error: non-zero, as the KRM spec asks")
        #expect(run.outText == krmOutput)
        // kustomize ignores results and shows only stderr when a function fails: the errors again.
        #expect(run.errText == """
            pss-fix krm: error: DaemonSet/agent (monitoring): violates PodSecurity "restricted:v1.30": privileged (container "agent" must not set securityContext.privileged=true); left to a person: privileged containers belong in a privileged or exempt namespace; if it does not need it, set privileged: false (opt in: --fix privileged)
            pss-fix krm: error: DaemonSet/agent (monitoring): violates PodSecurity "restricted:v1.30": allowPrivilegeEscalation != false (container "agent" must set securityContext.allowPrivilegeEscalation=false); left to a person: container "agent" is privileged: the API server rejects allowPrivilegeEscalation=false with it; drop the privilege first
            pss-fix krm: error: DaemonSet/agent (monitoring): violates PodSecurity "restricted:v1.30": unrestricted capabilities (container "agent" must set securityContext.capabilities.drop=["ALL"])
            pss-fix krm: error: DaemonSet/agent (monitoring): violates PodSecurity "restricted:v1.30": runAsNonRoot != true (pod or container "agent" must set securityContext.runAsNonRoot=true)
            pss-fix krm: error: DaemonSet/agent (monitoring): violates PodSecurity "restricted:v1.30": seccompProfile (pod or container "agent" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")

            """)
    }

    @Test func theBareBinaryRunsAsTheFunction() throws {
        // kustomize's `exec: path:` passes no arguments.
        let run = TestConsole(stdin: Array(krmInput.utf8))
        #expect(try runCLI([], run) == 1)
        #expect(run.outText == krmOutput)
    }

    @Test func namespaceLevelsExemptionsAndAConfiguredSeverity() throws {
        let input = #"""
            apiVersion: config.kubernetes.io/v1
            kind: ResourceList
            items:
            - apiVersion: v1
              kind: Namespace
              metadata:
                name: monitoring
                labels:
                  pod-security.kubernetes.io/enforce: baseline
            - apiVersion: v1
              kind: Pod
              metadata:
                name: exporter
                namespace: monitoring
                annotations:
                  pss-fix/ignore: "hostNamespaces: node exporter reads host network statistics"
              spec:
                hostNetwork: true
                containers:
                - name: exporter
                  image: exporter
            - apiVersion: v1
              kind: Pod
              metadata:
                name: web
              spec:
                containers:
                - name: web
                  image: nginx
                  securityContext:
                    privileged: true
            functionConfig:
              apiVersion: pss-fix/v1alpha1
              kind: PSSFix
              metadata:
                name: pss-fix
              spec:
                severity: warning

            """#
        // The exporter is judged at its namespace's baseline (nothing to add there; its host
        // network is exempted, listed as info); the Pod without a namespace at restricted, where
        // its privileged container blocks it: left unchanged (the atomic rule), every violation
        // a result.
        let expected = #"""
            apiVersion: config.kubernetes.io/v1
            kind: ResourceList
            items:
            - apiVersion: v1
              kind: Namespace
              metadata:
                name: monitoring
                labels:
                  pod-security.kubernetes.io/enforce: baseline
            - apiVersion: v1
              kind: Pod
              metadata:
                name: exporter
                namespace: monitoring
                annotations:
                  pss-fix/ignore: "hostNamespaces: node exporter reads host network statistics"
              spec:
                hostNetwork: true
                containers:
                - name: exporter
                  image: exporter
            - apiVersion: v1
              kind: Pod
              metadata:
                name: web
              spec:
                containers:
                - name: web
                  image: nginx
                  securityContext:
                    privileged: true
            functionConfig:
              apiVersion: pss-fix/v1alpha1
              kind: PSSFix
              metadata:
                name: pss-fix
              spec:
                severity: warning
            results:
            - message: "exempted from PodSecurity \"baseline:latest\": host namespaces (hostNetwork=true): node exporter reads host network statistics"
              severity: info
              resourceRef:
                apiVersion: v1
                kind: Pod
                name: exporter
                namespace: monitoring
              field:
                path: spec
            - message: "violates PodSecurity \"restricted:latest\": privileged (container \"web\" must not set securityContext.privileged=true); left to a person: privileged containers belong in a privileged or exempt namespace; if it does not need it, set privileged: false (opt in: --fix privileged)"
              severity: warning
              resourceRef:
                apiVersion: v1
                kind: Pod
                name: web
              field:
                path: "spec.containers[0]"
            - message: "violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container \"web\" must set securityContext.allowPrivilegeEscalation=false); left to a person: container \"web\" is privileged: the API server rejects allowPrivilegeEscalation=false with it; drop the privilege first"
              severity: warning
              resourceRef:
                apiVersion: v1
                kind: Pod
                name: web
              field:
                path: "spec.containers[0]"
            - message: "violates PodSecurity \"restricted:latest\": unrestricted capabilities (container \"web\" must set securityContext.capabilities.drop=[\"ALL\"])"
              severity: warning
              resourceRef:
                apiVersion: v1
                kind: Pod
                name: web
              field:
                path: "spec.containers[0]"
            - message: "violates PodSecurity \"restricted:latest\": runAsNonRoot != true (pod or container \"web\" must set securityContext.runAsNonRoot=true)"
              severity: warning
              resourceRef:
                apiVersion: v1
                kind: Pod
                name: web
              field:
                path: "spec.containers[0]"
            - message: "violates PodSecurity \"restricted:latest\": seccompProfile (pod or container \"web\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")"
              severity: warning
              resourceRef:
                apiVersion: v1
                kind: Pod
                name: web
              field:
                path: "spec.containers[0]"

            """#
        let run = TestConsole(stdin: Array(input.utf8))
        #expect(try runCLI(["krm"], run) == 0, "no result has severity error")
        #expect(run.outText == expected)
        #expect(run.errText == "", "nothing failed: results only")
    }

    @Test func aCompliantListComesBackByteForByteWithoutResults() throws {
        let input = """
            apiVersion: config.kubernetes.io/v1
            kind: ResourceList
            items:
            - apiVersion: v1
              kind: Pod
              metadata: {name: ok}
              spec:
                securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
                containers:
                - name: app
                  image: nginx
                  securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
            """
        let run = TestConsole(stdin: Array(input.utf8))
        #expect(try runCLI(["krm"], run) == 0)
        #expect(run.outText == input)
    }

    @Test func aJSONResourceListGetsJSONResults() throws {
        let input = #"{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "annotations": {"internal.config.kubernetes.io/path": "p.json"}}, "spec": {"hostPID": true, "containers": [{"name": "a", "image": "x"}]}}]}"#
        let expected = #"{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "annotations": {"internal.config.kubernetes.io/path": "p.json"}}, "spec": {"hostPID": true, "containers": [{"name": "a", "image": "x"}]}}], "results": [{"message": "violates PodSecurity \"restricted:latest\": host namespaces (hostPID=true); left to a person: node agents need host namespaces (exempt their namespace); otherwise set hostNetwork/hostPID/hostIPC to false (opt in: --fix hostNamespaces)", "severity": "error", "resourceRef": {"apiVersion": "v1", "kind": "Pod", "name": "p"}, "field": {"path": "spec"}, "file": {"path": "p.json"}}, {"message": "violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container \"a\" must set securityContext.allowPrivilegeEscalation=false)", "severity": "error", "resourceRef": {"apiVersion": "v1", "kind": "Pod", "name": "p"}, "field": {"path": "spec.containers[0]"}, "file": {"path": "p.json"}}, {"message": "violates PodSecurity \"restricted:latest\": unrestricted capabilities (container \"a\" must set securityContext.capabilities.drop=[\"ALL\"])", "severity": "error", "resourceRef": {"apiVersion": "v1", "kind": "Pod", "name": "p"}, "field": {"path": "spec.containers[0]"}, "file": {"path": "p.json"}}, {"message": "violates PodSecurity \"restricted:latest\": runAsNonRoot != true (pod or container \"a\" must set securityContext.runAsNonRoot=true)", "severity": "error", "resourceRef": {"apiVersion": "v1", "kind": "Pod", "name": "p"}, "field": {"path": "spec.containers[0]"}, "file": {"path": "p.json"}}, {"message": "violates PodSecurity \"restricted:latest\": seccompProfile (pod or container \"a\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")", "severity": "error", "resourceRef": {"apiVersion": "v1", "kind": "Pod", "name": "p"}, "field": {"path": "spec.containers[0]"}, "file": {"path": "p.json"}}]}"#
        let run = TestConsole(stdin: Array(input.utf8))
        #expect(try runCLI(["krm"], run) == 1)
        #expect(run.outText == expected)
        let parsed = try JSONSerialization.jsonObject(with: Data(run.out)) as? [String: Any]
        #expect((parsed?["results"] as? [Any])?.count == 5, "still valid JSON: the hostPID Pod is left unchanged, each violation a result")
    }

    @Test(arguments: [
        ("levl: baseline", #"functionConfig.data: unknown setting "levl"; known: level, version, policyVersion, fix, runAsUser, keepExplicit, strict, severity"#),
        ("fix: bogus", #"functionConfig: fix: unknown check "bogus"; choose from"#),
        ("level: privileged", "functionConfig.data.level must be baseline or restricted (got privileged)"),
        ("version: 1.30", "functionConfig.data.version must be latest or v1.N (got 1.30)"),
        (#"runAsUser: "1000""#, "functionConfig: runAsUser goes with fix runAsUser."),
        ("severity: fatal", "functionConfig.data.severity must be error, warning or info (got fatal)"),
    ])
    func aBadFunctionConfigExitsTwoWithNothingOnStdout(setting: String, message: String) throws {
        let input = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  data:\n    \(setting)\n"
        let run = TestConsole(stdin: Array(input.utf8))
        #expect(try runCLI(["krm"], run) == 2)
        #expect(run.out.isEmpty)
        #expect(run.errText.hasPrefix("pss-fix krm: error: " + message))
    }

    @Test func inputThatIsNotAResourceListIsRefused() throws {
        let list = TestConsole(stdin: Array("apiVersion: v1\nkind: List\nitems: []\n".utf8))
        #expect(try runCLI(["krm"], list) == 2)
        #expect(list.errText.contains("got kind: List; for plain manifests use `pss-fix -`"))

        let again = TestConsole(stdin: Array(krmOutput.utf8))
        #expect(try runCLI(["krm"], again) == 2, "a ResourceList that already carries results")
        #expect(again.out.isEmpty)

        let other = TestConsole(stdin: Array("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig: {kind: Secret}\n".utf8))
        #expect(try runCLI(["krm"], other) == 2)
        #expect(other.errText.contains("functionConfig: kind Secret is not supported"))
    }

    @Test func plainManifestsWithoutArgumentsAreNotTakenForAResourceList() throws {
        // A ConfigMap that merely mentions ResourceList is an ordinary stream for the filter.
        let input = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: notes}\ndata: {text: \"kind: ResourceList\"}\n"
        let run = TestConsole(stdin: Array(input.utf8))
        #expect(try runCLI([], run) == 0)
        #expect(run.outText == input)
        #expect(run.errText.contains("pss-fix: 1 file, 0 workloads"))
    }
}
