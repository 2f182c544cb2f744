import Testing

@testable import PSSFixCore

/// Containers that merge one anchored mapping (`- <<: *worker`): a change every user of the
/// anchor needs is written once, into the anchored mapping; otherwise each merging container
/// gets its own and the anchor is left alone (the planner's rule in
/// `EditPlanner+SharedAnchors.swift`).
@Suite struct MergedAnchorTests {
    static func fix(_ text: String, _ options: FixOptions = FixOptions()) throws -> (result: FileFixResult, text: String, workloads: [Workload]) {
        let result = ManifestFixer.fix(Array(text.utf8), options: options)
        let stream = try YAMLParser.parse(SourceText(result.fixed))
        return (result, String(decoding: result.fixed, as: UTF8.self), Workload.find(in: stream))
    }

    /// The planner's own placement of each change: --partial, because these workloads keep a
    /// violation a person must decide (the atomic default would leave them unchanged).
    static var partial: FixOptions {
        var options = FixOptions()
        options.partial = true
        return options
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// The API-validity rules on what each container reads (merges included).
    static func apiValid(_ workloads: [Workload]) -> Bool {
        workloads.allSatisfy { workload in
            workload.pod.containers.allSatisfy { container in
                let escalation = container.securityContext?["allowPrivilegeEscalation"]?.bool
                let windowsField = workload.pod.isWindows && container.securityContext?["capabilities"] != nil
                return !(escalation == false && (container.isPrivileged || container.addsSysAdmin)) && !windowsField
            }
        }
    }

    @Test func siblingThatOverridesOnlyItsNameSharesTheAnchoredChange() throws {
        let input = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: workers
            spec:
              containers:
              - &worker
                name: worker
                image: app:1
              - <<: *worker
                name: worker-2

            """
        let (result, text, workloads) = try Self.fix(input)
        #expect(result.status == .processed)
        #expect(text.contains("""
              - &worker
                name: worker
                image: app:1
                securityContext:
                  allowPrivilegeEscalation: false
                  capabilities:
                    drop:
                    - ALL
              - <<: *worker
                name: worker-2
              securityContext:

            """), "\(text)")
        #expect(Self.count("allowPrivilegeEscalation", in: text) == 1)
        #expect(result.workloads.allSatisfy { $0.remaining.isEmpty && $0.manual.isEmpty }, "\(result.workloads.map(\.manual))")
        // Both containers read the change (worker-2 through the merge).
        #expect(workloads[0].pod.containers.map { $0.securityContext?["allowPrivilegeEscalation"]?.bool } == [false, false])
        #expect(Self.apiValid(workloads))
        #expect(try Self.fix(text).text == text)
    }

    @Test func defaultsUnderAnExtensionKeyAreChangedOnce() throws {
        let input = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
            x-defaults: &defaults
              image: app:1
            spec:
              containers:
              - <<: *defaults
                name: a
              - <<: *defaults
                name: b

            """
        let (result, text, workloads) = try Self.fix(input)
        #expect(result.status == .processed)
        #expect(text.hasPrefix("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
            x-defaults: &defaults
              image: app:1
              securityContext:
                allowPrivilegeEscalation: false
                capabilities:
                  drop:
                  - ALL
            spec:
              containers:
              - <<: *defaults
                name: a
              - <<: *defaults
                name: b

            """), "\(text)")
        #expect(result.workloads.allSatisfy { $0.remaining.isEmpty })
        #expect(Self.apiValid(workloads))
    }

    /// A container's own `securityContext` wins over the merged one: it is edited in place,
    /// and it does not stop the others from sharing the anchored change.
    @Test func aLocalSecurityContextIsEditedInPlace() throws {
        let input = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
            spec:
              containers:
              - &c
                name: a
                image: app:1
              - <<: *c
                name: b
              - <<: *c
                name: c
                securityContext: {readOnlyRootFilesystem: true}

            """
        let (result, text, workloads) = try Self.fix(input)
        #expect(result.status == .processed)
        #expect(text.contains("    securityContext: {readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}\n"), "\(text)")
        #expect(Self.count("allowPrivilegeEscalation", in: text) == 2)
        #expect(workloads[0].pod.containers.map { $0.securityContext?["allowPrivilegeEscalation"]?.bool } == [false, false, false])
        #expect(result.workloads.allSatisfy { $0.remaining.isEmpty })
    }

    /// The anchored container is privileged and the sibling is not: the sibling needs
    /// `allowPrivilegeEscalation: false`, the anchored one must never get it (the API server
    /// rejects the pair). The sibling gets its own change, as before.
    @Test func anAnchoredContainerThatMustNotChangeKeepsTheOldBehaviour() throws {
        let input = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
            spec:
              containers:
              - &c
                name: a
                image: app:1
                securityContext: {privileged: true}
              - <<: *c
                name: b
                securityContext: {privileged: false}

            """
        let (result, text, workloads) = try Self.fix(input, Self.partial)
        #expect(result.status == .processed)
        #expect(text.contains("    securityContext: {privileged: false, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}\n"), "\(text)")
        #expect(text.contains("    securityContext: {privileged: true, capabilities: {drop: [ALL]}}\n"), "\(text)")
        #expect(Self.apiValid(workloads))
    }

    /// Defaults defined in a custom resource are a real object: writing into them would change
    /// that resource, so each merging container gets its own change.
    @Test func anchorDefinedInACustomResourceIsLeftAlone() throws {
        let input = """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: example.com/v1
              kind: Thing
              metadata: {name: t}
              spec:
                box: &box
                  image: app:1
            - apiVersion: v1
              kind: Pod
              metadata: {name: p}
              spec:
                containers:
                - <<: *box
                  name: a
                - <<: *box
                  name: b

            """
        let (result, text, _) = try Self.fix(input)
        #expect(result.status == .processed)
        #expect(text.contains("    box: &box\n      image: app:1\n- apiVersion: v1\n"), "\(text)")
        #expect(Self.count("allowPrivilegeEscalation", in: text) == 2)
        #expect(result.workloads.allSatisfy { $0.remaining.isEmpty })
    }

    /// A Windows pod merging the same defaults must not get Linux-only fields through them.
    @Test func aWindowsUserOfTheDefaultsKeepsThemUnchanged() throws {
        let input = """
            apiVersion: v1
            kind: List
            x-defaults: &d
              image: app:1
            items:
            - apiVersion: v1
              kind: Pod
              metadata: {name: lin}
              spec:
                containers:
                - <<: *d
                  name: a
            - apiVersion: v1
              kind: Pod
              metadata: {name: win}
              spec:
                os: {name: windows}
                containers:
                - <<: *d
                  name: b

            """
        let (result, text, workloads) = try Self.fix(input)
        #expect(result.status == .processed)
        #expect(text.hasPrefix("apiVersion: v1\nkind: List\nx-defaults: &d\n  image: app:1\nitems:\n"), "\(text)")
        #expect(Self.apiValid(workloads))
        #expect(result.workloads.allSatisfy { $0.remaining.isEmpty })
    }

    /// Any other alias of the anchored container (here a plain `- *worker` copy in another
    /// pod that is exempt) keeps the anchored text unchanged.
    @Test func anAliasThatDoesNotAskKeepsTheAnchorUnchanged() throws {
        let input = """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Pod
              metadata: {name: a}
              spec:
                containers:
                - &worker
                  name: worker
                  image: app:1
                - <<: *worker
                  name: worker-2
            - apiVersion: v1
              kind: Pod
              metadata:
                name: b
                annotations:
                  pss-fix/ignore: "allowPrivilegeEscalation, capabilities_restricted: legacy"
              spec:
                containers:
                - *worker

            """
        let (result, text, _) = try Self.fix(input, Self.partial)
        #expect(result.status == .processed)
        #expect(text.contains("    - &worker\n      name: worker\n      image: app:1\n    - <<: *worker\n      name: worker-2\n      securityContext:\n"), "\(text)")
        #expect(Self.count("allowPrivilegeEscalation: false", in: text) == 1)
        // The anchored container's own change was refused, with the reason.
        #expect(result.workloads[0].manual.contains { $0.reason.contains("anchor &worker") }, "\(result.workloads[0].manual)")
    }

    /// A capability both containers add through the anchor is removed once, from the anchored
    /// list: the sibling's removal names the same list, reached through its merge.
    @Test func aCapabilityAddedThroughTheAnchorIsRemovedOnce() throws {
        let input = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
            spec:
              containers:
              - &worker
                name: worker
                image: app:1
                securityContext:
                  capabilities:
                    add: [NET_RAW]
              - <<: *worker
                name: worker-2

            """
        let (result, text, workloads) = try Self.fix(input)
        #expect(result.status == .processed)
        #expect(text.contains("    securityContext:\n      capabilities:\n        drop:\n        - ALL\n      allowPrivilegeEscalation: false\n  - <<: *worker\n    name: worker-2\n"), "\(text)")
        #expect(result.workloads.allSatisfy { $0.remaining.isEmpty && $0.manual.isEmpty }, "\(result.workloads.map(\.manual))")
        #expect(workloads[0].pod.containers.allSatisfy { $0.addedCapabilities.isEmpty })
        // Defaults under an extension key: the same, with nothing defined on a container.
        let (fromDefaults, defaultsText, _) = try Self.fix(input.replacingOccurrences(of: "  - &worker\n    name: worker\n", with: "  - <<: *worker\n    name: worker\n")
            .replacingOccurrences(of: "spec:\n  containers:\n", with: "x-defaults: &worker\n  image: app:1\n  securityContext:\n    capabilities:\n      add: [NET_RAW]\nspec:\n  containers:\n")
            .replacingOccurrences(of: "    image: app:1\n    securityContext:\n      capabilities:\n        add: [NET_RAW]\n", with: ""))
        #expect(fromDefaults.status == .processed)
        #expect(defaultsText.contains("x-defaults: &worker\n  image: app:1\n  securityContext:\n    capabilities:\n      drop:\n      - ALL\n    allowPrivilegeEscalation: false\nspec:\n"), "\(defaultsText)")
        #expect(fromDefaults.workloads.allSatisfy { $0.remaining.isEmpty })
    }

    /// A sibling that must keep the capability (an exception covers it) keeps the anchored list
    /// as it is: both removals are refused with the anchor's reason.
    @Test func aCapabilityAnExemptSiblingKeepsStays() throws {
        let input = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
              annotations:
                pss-fix/ignore.worker-2: "capabilities_restricted: ping checks"
            spec:
              containers:
              - &worker
                name: worker
                image: app:1
                securityContext:
                  capabilities:
                    add: [NET_RAW]
              - <<: *worker
                name: worker-2

            """
        let (result, text, _) = try Self.fix(input)
        #expect(result.status == .processed)
        #expect(text.contains("        add: [NET_RAW]\n"), "\(text)")
        #expect(result.workloads[0].manual.contains { $0.reason.contains("anchor &worker") }, "\(result.workloads[0].manual)")
    }

    /// `<<: [*a, *b]` merges two anchors: which one to write into is not clear, so the merging
    /// container gets its own change.
    @Test func severalMergedAnchorsAreNotWrittenInto() throws {
        let input = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
            x-image: &image
              image: app:1
            x-pull: &pull
              imagePullPolicy: Always
            spec:
              containers:
              - <<: [*image, *pull]
                name: a

            """
        let (result, text, _) = try Self.fix(input)
        #expect(result.status == .processed)
        #expect(text.contains("x-image: &image\n  image: app:1\nx-pull: &pull\n  imagePullPolicy: Always\nspec:\n"), "\(text)")
        #expect(text.contains("  - <<: [*image, *pull]\n    name: a\n    securityContext:\n      allowPrivilegeEscalation: false\n"), "\(text)")
    }
}
