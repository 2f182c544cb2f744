import Testing
@testable import PSSFixCore

/// Bitnami-style `enabled` switches: which keys have one, what switching on may bring into a
/// fixed workload (fields the fixes write, inert fields) and what makes it a person's decision,
/// and that the values edit sets the switch with the fields, comments kept.
@Suite struct HelmValuesSwitchTests {
    /// A render as the fix plans it on the original chart (switch off: no container securityContext).
    static let planned = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              securityContext:
                runAsNonRoot: true
                seccompProfile:
                  type: RuntimeDefault
              containers:
              - name: app
                image: x
                securityContext:
                  allowPrivilegeEscalation: false
                  capabilities:
                    drop: [ALL]

        """

    /// The same workload as the fix plans it with the switches on: `container` and `pod` are
    /// the lines of the two securityContexts.
    func switched(_ container: [String], pod: [String] = ["runAsNonRoot: true", "seccompProfile: {type: RuntimeDefault}"]) -> [UInt8] {
        let head = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      securityContext:\n"
        let podLines = pod.map { "        " + $0 + "\n" }.joined()
        let containers = "      containers:\n      - name: app\n        image: x\n        securityContext:\n"
        return Array((head + podLines + containers + container.map { "          " + $0 + "\n" }.joined()).utf8)
    }

    @Test func fieldsTheFixWritesAndInertFieldsAreHarmless() throws {
        let bytes = switched([
            "allowPrivilegeEscalation: false", "capabilities: {drop: [ALL, NET_RAW]}", "privileged: false",
            "readOnlyRootFilesystem: false", "seLinuxOptions: {}", "runAsNonRoot: true",
        ])
        let review = try HelmValuesSwitch.review(planned: Array(Self.planned.utf8), switched: bytes, workloads: ["Deployment /web"])
        #expect(review == HelmValuesSwitch.Review())
    }

    @Test func fieldsThatChangeHowItRunsAreNamedPerContainer() throws {
        let bytes = switched(
            ["allowPrivilegeEscalation: false", "capabilities: {drop: [ALL]}", "runAsUser: 1001", "readOnlyRootFilesystem: true"],
            pod: ["runAsNonRoot: true", "fsGroup: 1001", "seccompProfile: {type: RuntimeDefault}"])
        let review = try HelmValuesSwitch.review(planned: Array(Self.planned.utf8), switched: bytes, workloads: ["Deployment /web"])
        #expect(review.described("Deployment /web") == "pod: fsGroup=1001; container \"app\": runAsUser=1001, readOnlyRootFilesystem=true")
        #expect(review.elsewhere.isEmpty)
    }

    @Test func addedCapabilitiesAndOtherObjectsAreNotHarmless() throws {
        let bytes = switched(["allowPrivilegeEscalation: false", "capabilities: {drop: [ALL], add: [NET_ADMIN]}"])
        let review = try HelmValuesSwitch.review(planned: Array(Self.planned.utf8), switched: bytes, workloads: ["Deployment /web"])
        #expect(review.described("Deployment /web") == "container \"app\": capabilities.add=[NET_ADMIN]")
        // The same change seen for a workload the switch was not meant for.
        let other = try HelmValuesSwitch.review(planned: Array(Self.planned.utf8), switched: bytes, workloads: ["Deployment /api"])
        #expect(other.elsewhere == ["Deployment /web at spec.template.spec.containers.0.securityContext.capabilities.add"])
    }

    @Test func theHarmlessRuleItself() throws {
        func node(_ text: String) throws -> Node { try #require(try YAMLParser.parse(SourceText(Array(text.utf8))).documents.first?.root) }
        #expect(HelmValuesSwitch.isHarmless(["privileged"], try node("false")))
        #expect(!HelmValuesSwitch.isHarmless(["privileged"], try node("true")))
        #expect(HelmValuesSwitch.isHarmless(["sysctls"], try node("[]")))
        #expect(HelmValuesSwitch.isHarmless(["seccompProfile", "type"], try node("RuntimeDefault")))
        #expect(!HelmValuesSwitch.isHarmless(["seccompProfile", "type"], try node("Unconfined")))
        #expect(!HelmValuesSwitch.isHarmless(["runAsNonRoot"], try node("false")))
        #expect(!HelmValuesSwitch.isHarmless(["runAsGroup"], try node("1001")))
        #expect(!HelmValuesSwitch.isHarmless(["capabilities", "drop"], try node("[NET_RAW]")))
    }

    @Test func switchesAreFoundUnderTheirSection() {
        let values = Array("api:\n  containerSecurityContext:\n    enabled: false\n    runAsUser: 1001\n  podSecurityContext: {}\n  securityContext: {enabled: true}\n".utf8)
        #expect(HelmValuesLocator.switchState(HelmValuesLocator.Key(path: ["api", "containerSecurityContext"]), in: values) == false)
        #expect(HelmValuesLocator.switchState(HelmValuesLocator.Key(path: ["api", "podSecurityContext"]), in: values) == nil)
        #expect(HelmValuesLocator.switchState(HelmValuesLocator.Key(path: ["api", "securityContext"]), in: values) == true)
        // A subchart's own values.yaml is read under its section in the parent.
        let sub = Array("containerSecurityContext:\n  enabled: false\n".utf8)
        #expect(HelmValuesLocator.switchState(HelmValuesLocator.Key(path: ["api", "containerSecurityContext"]), in: sub, prefix: ["api"]) == false)
        #expect(HelmValuesLocator.switchState(HelmValuesLocator.Key(path: ["containerSecurityContext"]), in: sub, prefix: ["api"]) == nil)
    }

    /// The values edit: the switch is set even when the switched-on block already holds every
    /// field the container needs (no other change goes through the key), comments kept.
    @Test func theSwitchIsSetWithTheFields() throws {
        let result = ManifestFixer.fix(
            Array("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: x\n        securityContext:\n          allowPrivilegeEscalation: false\n          capabilities: {drop: [ALL]}\n".utf8),
            options: FixOptions(level: .restricted))
        let values = Array("""
            podSecurityContext:
              enabled: false  # off by default
              fsGroupChangePolicy: Always
            containerSecurityContext:
              enabled: false
              allowPrivilegeEscalation: false

            """.utf8)
        let pod = HelmValuesLocator.Key(path: ["podSecurityContext"], viaSwitch: true)
        let container = HelmValuesLocator.Key(path: ["containerSecurityContext"], viaSwitch: true)
        let routes = [
            HelmValuesLocator.Target(workload: "Deployment /web", container: nil): pod,
            HelmValuesLocator.Target(workload: "Deployment /web", container: "app"): container,
        ]
        let edited = HelmValuesEditor.edit(values: values, planned: result, routes: routes, switches: ["Deployment /web": [container]])
        #expect(String(decoding: edited.bytes, as: UTF8.self) == """
            podSecurityContext:
              enabled: true  # off by default
              fsGroupChangePolicy: Always
              runAsNonRoot: true
              seccompProfile:
                type: RuntimeDefault
            containerSecurityContext:
              enabled: true
              allowPrivilegeEscalation: false

            """)
        #expect(edited.placed.contains("containerSecurityContext: enabled=true (switched on)"))
        #expect(edited.placedWorkloads == ["Deployment /web"])
    }
}
