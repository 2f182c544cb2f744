/// Restricted seccomp (psa-spec §9.2): `seccompProfile: {type: RuntimeDefault}` at pod level
/// unless every container already has a valid profile; explicit bad types (`Unconfined`)
/// become `RuntimeDefault`; `Localhost` is never touched.
public enum SeccompProfileFixer: Fixer {
    public static let checkID = "seccompProfile_restricted"

    static let podAnnotationKey = "seccomp.security.alpha.kubernetes.io/pod"

    static func isValid(_ type: String?) -> Bool { type.map(SeccompProfileRestrictedCheck.isValid) ?? false }

    public static func plan(_ pod: PodView, options: FixOptions, into plan: inout FixPlan) {
        if pod.isWindows {
            plan.leave(checkID, "Windows pod: the API server forbids seccompProfile on it; PSA exempts Windows pods from v1.25, so raise the namespace's policy version")
            return
        }
        // The API server requires a legacy seccomp annotation and the field to agree
        // (ValidatePodTemplateSpec), so never set a field that contradicts one.
        // An `unconfined` annotation is removed in the same edit that sets the field (issue 19):
        // API servers before 1.27 copy it into an empty field before admission, so it would
        // get the Pod rejected there, and it contradicts the field everywhere. Other values
        // (`localhost/…`) name a profile someone chose: a person decides.
        var removesPodAnnotation = false
        if let annotation = legacyAnnotation(pod, podAnnotationKey) {
            guard annotation == "unconfined", !options.keepExplicit else {
                plan.leave(checkID, "pod annotation \(podAnnotationKey): \(annotation) would contradict a seccompProfile field (the API server rejects the pair); remove the annotation, which PSA ignores from v1.19, then rerun")
                return
            }
            removesPodAnnotation = true
        }
        let intentsBefore = plan.intentCount
        defer {
            // Where this fixer sets a field, `unconfined` legacy annotations go in the same edit:
            // the pod's, and its containers' (old API servers copy those into the containers'
            // empty fields, which would undo the pod-level profile there).
            if plan.intentCount > intentsBefore, let annotations = pod.metadata?.mapping("annotations") {
                let doomed = LegacySeccompAnnotations.unconfined(in: pod).map(\.key)
                if !doomed.isEmpty && (removesPodAnnotation || !options.keepExplicit) {
                    plan.add(FixIntent(
                        .removeKeys(mapping: annotations, keys: doomed), checkID: checkID,
                        summary: "pod: removed legacy annotation\(doomed.count == 1 ? "" : "s") \(doomed.joined(separator: ", ")): unconfined (contradicts the seccompProfile field; API servers before 1.27 apply it)",
                        changesExplicitValue: true))
                }
            }
        }
        let podProfile = pod.securityContext?["seccompProfile"]
        let podType = pod.securityContext?.mapping("seccompProfile")?["type"]?.string
        var podCovers = isValid(podType)
        if let podProfile, !podProfile.isNull, !podCovers {
            podCovers = replaceExplicit(
                owner: "pod", base: pod.spec, current: podType, options: options, checkID: checkID, into: &plan)
        }
        var uncovered = false
        for container in pod.containers {
            guard let profile = container.securityContext?["seccompProfile"], !profile.isNull else {
                uncovered = true
                continue
            }
            let type = container.securityContext?.mapping("seccompProfile")?["type"]?.string
            if !isValid(type), let annotation = legacyAnnotation(pod, "container.seccomp.security.alpha.kubernetes.io/\(container.name)") {
                plan.leave(checkID, "\(container.label) has annotation container.seccomp.security.alpha.kubernetes.io/\(container.name): \(annotation); remove it before changing the field")
                uncovered = true
            } else if !isValid(type) {
                let fixed = replaceExplicit(
                    owner: container.label, base: container.node, current: type, options: options, checkID: checkID,
                    into: &plan)
                if !fixed { uncovered = true }
            }
        }
        if uncovered && !podCovers && (podProfile == nil || podProfile!.isNull) {
            plan.add(FixIntent(
                .set(base: pod.spec, path: ["securityContext", "seccompProfile", "type"], value: .string("RuntimeDefault")),
                checkID: checkID, summary: "pod: set securityContext.seccompProfile.type=RuntimeDefault"))
        }
    }

    /// A legacy seccomp annotation whose value would not match `RuntimeDefault`, if any.
    static func legacyAnnotation(_ pod: PodView, _ key: String) -> String? {
        guard let value = pod.annotations.first(where: { $0.key == key })?.value else { return nil }
        return value == "runtime/default" || value == "docker/default" ? nil : value
    }

    /// Replaces an explicit bad type with RuntimeDefault unless `--keep-explicit`; true when fixed.
    static func replaceExplicit(
        owner: String, base: Node, current: String?, options: FixOptions, checkID: String, into plan: inout FixPlan
    ) -> Bool {
        let shown = current.map { "\"\($0)\"" } ?? "no type"
        if options.keepExplicit {
            plan.keep(checkID, "\(owner) sets seccompProfile \(shown) explicitly; kept (--keep-explicit)")
            return false
        }
        plan.add(FixIntent(
            .set(base: base, path: ["securityContext", "seccompProfile", "type"], value: .string("RuntimeDefault")),
            checkID: checkID, summary: "\(owner): securityContext.seccompProfile.type \(shown) -> RuntimeDefault",
            changesExplicitValue: true))
        return true
    }
}

/// Baseline seccomp (v1.19+): explicit `Unconfined` (or another bad type) becomes
/// `RuntimeDefault`; nothing is added where no profile is set, since baseline allows that.
public enum SeccompProfileBaselineFixer: Fixer {
    public static let checkID = "seccompProfile_baseline"

    public static func plan(_ pod: PodView, options: FixOptions, into plan: inout FixPlan) {
        guard options.version.effectiveMinor >= 19 else {
            plan.leave(checkID, "seccomp annotations (policy before v1.19): remove the annotation or set it to runtime/default")
            return
        }
        if pod.isWindows {
            plan.leave(checkID, "Windows pod: the API server forbids seccompProfile on it")
            return
        }
        if let annotation = SeccompProfileFixer.legacyAnnotation(pod, "seccomp.security.alpha.kubernetes.io/pod") {
            plan.leave(checkID, "pod annotation seccomp.security.alpha.kubernetes.io/pod: \(annotation) must agree with the field; remove the annotation first")
            return
        }
        if let type = pod.securityContext?.mapping("seccompProfile")?["type"]?.string ?? (pod.securityContext?.mapping("seccompProfile") != nil ? "" : nil),
            !SeccompProfileFixer.isValid(type)
        {
            _ = SeccompProfileFixer.replaceExplicit(owner: "pod", base: pod.spec, current: type, options: options, checkID: checkID, into: &plan)
        }
        for container in pod.containers {
            guard let profile = container.securityContext?.mapping("seccompProfile") else { continue }
            let type = profile["type"]?.string
            if !SeccompProfileFixer.isValid(type) {
                _ = SeccompProfileFixer.replaceExplicit(
                    owner: container.label, base: container.node, current: type, options: options, checkID: checkID, into: &plan)
            }
        }
    }
}
