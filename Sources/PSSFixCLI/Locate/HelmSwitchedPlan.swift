import PSSFixCore

/// Keys behind bitnami-style `enabled` switches (issue 20): the fix is planned again on the
/// render with the switches its workloads need turned on, and `HelmValuesSwitch` decides per
/// workload whether what switching on brings into the render is harmless. Accepted workloads
/// are fixed from that plan (the switch and the missing fields go into the values; verification
/// then holds the new render to it); refused ones are left as they are, with what to review.
extension HelmSourceFixer {
    struct SwitchedPlan {
        /// The fix planned on the switched render, without the refused workloads.
        var planned: FileFixResult
        /// Workload (`Kind namespace/name`) → keys to switch on for it.
        var switches: [String: [HelmValuesLocator.Key]]
        /// Report lines for the workloads left as they are.
        var refused: [String] = []
        /// Workloads left as they are (`Kind namespace/name`).
        var refusedWorkloads = Set<String>()
    }

    /// Nil when no planned change goes through a switched key. `chart` is configured.
    func switchedPlan(
        _ chart: HelmChartSource, render: RenderedStream, planned: FileFixResult,
        routes: [HelmValuesLocator.Target: HelmValuesLocator.Key], replan: ([UInt8]) -> FileFixResult
    ) -> SwitchedPlan? {
        var switches: [String: [HelmValuesLocator.Key]] = [:]
        var names: [String: String] = [:]
        for workload in planned.workloads {
            let identity = workload.renderKey
            names[identity] = workload.displayName
            for intent in workload.applied {
                guard let key = routes[HelmValuesLocator.Target(workload: identity, container: intent.containerName)], key.viaSwitch,
                    !(switches[identity] ?? []).contains(key)
                else { continue }
                switches[identity, default: []].append(key)
            }
        }
        guard !switches.isEmpty else { return nil }
        var result = SwitchedPlan(planned: planned, switches: switches)
        // A switch turned off with --set (or `set:` in .pss-fix.yaml) wins over every values
        // file: no values edit can turn it on.
        for identity in switches.keys.sorted() {
            let forced = (switches[identity] ?? []).filter { chart.setValues.contains($0.setExpression("enabled", "false")) }
            guard !forced.isEmpty else { continue }
            let given = forced.map { $0.setExpression("enabled", "false") }.joined(separator: ", ")
            result.refused.append(
                "left: \(names[identity] ?? identity): --set \(given) switches its securityContext values off, and a values file cannot turn them on: drop it (from the command line or `set:` in .pss-fix.yaml), or set it to true, and run pss-fix again")
            result.refusedWorkloads.insert(identity)
            switches[identity] = nil
        }
        guard !switches.isEmpty else {
            result.switches = [:]
            result.planned = Self.dropping(result.refusedWorkloads, from: planned)
            return result
        }
        let keys = Array(Set(switches.values.flatMap { $0 })).sorted { $0.description < $1.description }
        var probe = chart
        probe.setValues += keys.map { $0.setExpression("enabled", "true") }
        result.switches = switches
        func refuseAll(_ why: String) -> SwitchedPlan {
            for identity in switches.keys.sorted() {
                result.refused.append("left: \(names[identity] ?? identity): \(why)")
                result.refusedWorkloads.insert(identity)
            }
            result.switches = [:]
            result.planned = Self.dropping(result.refusedWorkloads, from: planned)
            return result
        }
        let switchedNames = keys.map { "\($0).enabled" }.joined(separator: ", ")
        guard case .rendered(let switched) = rendering.renderConfigured(probe) else {
            return refuseAll("its securityContext values are switched off, and the chart does not render with \(switchedNames)=true")
        }
        let replanned = replan(switched.bytes)
        // What differs between two renders of the unchanged chart (generated values) is ignored.
        var volatile = Set<RenderedComparison.Difference>()
        if case .rendered(let second) = rendering.renderConfigured(chart),
            let noise = try? RenderedComparison.differences(expected: render.bytes, actual: second.bytes)
        {
            volatile = Set(noise)
        }
        guard let review = try? HelmValuesSwitch.review(
            planned: planned.fixed, switched: replanned.fixed, workloads: Set(switches.keys), volatile: volatile)
        else { return refuseAll("the render with \(switchedNames)=true does not parse") }
        if !review.elsewhere.isEmpty {
            let shown = review.elsewhere.prefix(3).joined(separator: "; ") + (review.elsewhere.count > 3 ? "; …" : "")
            return refuseAll("switching on \(switchedNames) also changes \(shown)")
        }
        for identity in switches.keys.sorted() {
            let keyNames = (switches[identity] ?? []).map(\.description)
            let report = replanned.workloads.first { $0.renderKey == identity }
            let where_ = keyNames.map { "\($0).enabled: true" }.joined(separator: " and ")
            if let fields = review.described(identity) {
                result.refused.append(
                    "left: \(names[identity] ?? identity): its securityContext values are switched off (\(keyNames.map { "\($0).enabled: false" }.joined(separator: ", "))), and switching them on would also bring \(fields), which changes how it runs: review those fields (keep, change or remove them), set \(where_), and run pss-fix again")
                result.refusedWorkloads.insert(identity)
            } else if let report, report.blocked || !report.remaining.isEmpty {
                let checks = Set((report.remaining.isEmpty ? report.before : report.remaining).map(\.checkID)).sorted()
                result.refused.append(
                    "left: \(names[identity] ?? identity): with \(where_) it would still violate \(checks.joined(separator: ", ")): a person must decide")
                result.refusedWorkloads.insert(identity)
            }
        }
        for identity in result.refusedWorkloads { result.switches[identity] = nil }
        result.planned = Self.dropping(result.refusedWorkloads, from: replanned)
        return result
    }

    /// `planned` without the changes of these workloads (they are left as they are).
    static func dropping(_ workloads: Set<String>, from planned: FileFixResult) -> FileFixResult {
        guard !workloads.isEmpty else { return planned }
        var result = FileFixResult(
            status: planned.status, original: planned.original, fixed: planned.fixed,
            workloads: planned.workloads.filter { !workloads.contains($0.renderKey) },
            labelChanges: planned.labelChanges)
        result.unjudged = planned.unjudged
        return result
    }
}
