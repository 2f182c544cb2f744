import Testing
@testable import PSSFixCore

/// Runs the four restricted fixers directly (no evaluator), patches, and returns the text.
func applyCoreFixers(_ yaml: String, keepExplicit: Bool = false) throws -> (String, TextPatcher.Outcome) {
    let stream = try YAMLParser.parse(SourceText(yaml))
    var intents: [Int: [FixIntent]] = [:]
    let options = FixOptions(keepExplicit: keepExplicit)
    for workload in Workload.find(in: stream) {
        var plan = FixPlan()
        AllowPrivilegeEscalationFixer.plan(workload.pod, options: options, into: &plan)
        CapabilitiesRestrictedFixer.plan(workload.pod, options: options, into: &plan)
        RunAsNonRootFixer.plan(workload.pod, options: options, into: &plan)
        SeccompProfileFixer.plan(workload.pod, options: options, into: &plan)
        intents[workload.documentIndex, default: []] += plan.intents
    }
    let outcome = TextPatcher.patch(stream, intents: intents)
    return (String(decoding: outcome.bytes, as: UTF8.self), outcome)
}

@Suite struct EditingTests {
    @Test func blockDeploymentGetsOneBlockPerContainer() throws {
        let input = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  containers:
                  - name: app
                    image: nginx
                    # trailing comment in container
                  - name: side
                    image: busybox
                    securityContext:
                      runAsUser: 1000
              # comment at spec level

            """
        let (out, outcome) = try applyCoreFixers(input)
        #expect(outcome.problem == nil)
        #expect(out == """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  containers:
                  - name: app
                    image: nginx
                    # trailing comment in container
                    securityContext:
                      allowPrivilegeEscalation: false
                      capabilities:
                        drop:
                        - ALL
                  - name: side
                    image: busybox
                    securityContext:
                      runAsUser: 1000
                      allowPrivilegeEscalation: false
                      capabilities:
                        drop:
                        - ALL
                  securityContext:
                    runAsNonRoot: true
                    seccompProfile:
                      type: RuntimeDefault
              # comment at spec level

            """)
    }
}
