import Foundation

@testable import PSSFixCore

/// The properties every fix of a generated manifest must have. Each returns the problems it
/// found (empty when it holds), named after the property, so one failing case can show all.
enum FixProperties {
    /// Checks whose fixer runs without `--fix` (FixerRegistry's non-opt-in fixers).
    static let automaticChecks = Set(FixerRegistry.all.filter { !$0.isOptIn }.map { $0.checkID })

    /// All properties of fixing `c` with `options`.
    static func problems(_ c: ManifestCase, options: FixOptions) -> [String] {
        let (input, comments) = c.rendered
        guard let inputStream = try? YAMLParser.parse(SourceText(input)) else { return ["generator: the input does not parse"] }
        // (0) The generator wrote what its model says, and nothing the API server would reject.
        let model = generatorProblems(c, input, inputStream)
        guard model.isEmpty else { return model }
        let result = ManifestFixer.fix(input, options: options)
        // (1) Generated manifests are valid and template-free: anything but processed is a bug.
        guard result.status == .processed else { return ["status: \(result.status)"] }
        let output = result.fixed
        // (2) The output re-parses.
        guard let outputStream = try? YAMLParser.parse(SourceText(output)) else { return ["reparse: the output does not parse"] }
        var found: [String] = []
        found += leftForPerson(c, result, options: options)
        found += changeScope(old: input, oldStream: inputStream, new: output, newStream: outputStream)
        found += kept(comments: comments, input: input, output: output)
        // (5) Idempotent (an unchanged file trivially is: the fixer is a function of its bytes).
        if output != input {
            let again = ManifestFixer.fix(output, options: options)
            if again.status != .processed || again.fixed != output { found.append("idempotence: a second fix changed the output") }
        }
        found += apiInvalidPairs(input: input, inputStream, output: output, outputStream)
        if options.keepExplicit { found += explicitValuesKept(c, outputStream) }
        return found
    }

    static func generatorProblems(_ c: ManifestCase, _ input: [UInt8], _ stream: YAMLStream) -> [String] {
        let workloads = Workload.find(in: stream)
        guard workloads.count == 1, let workload = workloads.first else { return ["generator: \(workloads.count) workloads"] }
        var found: [String] = []
        if workload.kind != c.kind { found.append("generator: kind \(workload.kind.rawValue)") }
        if workload.pod.containers.map(\.name) != c.pod.allContainers.map(\.name) { found.append("generator: containers differ") }
        if workload.pod.isWindows != c.pod.isWindows { found.append("generator: os differs") }
        if !(APIValidity.problems(in: input) + moreAPIProblems(stream)).isEmpty { found.append("generator: an API-invalid input") }
        return found
    }

    // MARK: (3) Nothing automatic left, unless a person has to decide

    /// Automatic checks a person must decide for this pod, from the generated model alone
    /// (restricted or baseline at the latest version):
    /// - allowPrivilegeEscalation: a container that is privileged or adds SYS_ADMIN (the API
    ///   server rejects `false` there); with --keep-explicit also an explicit `true`.
    /// - capabilities_restricted / _baseline: a container adding SYS_ADMIN (kept unless
    ///   `--fix capabilities_*`); with --keep-explicit also any other add the level forbids.
    /// - runAsNonRoot: a container whose effective runAsUser is 0 (the kubelet refuses
    ///   `runAsNonRoot: true` there); with --keep-explicit also an explicit `false`.
    /// - seccompProfile_restricted: with --keep-explicit, a legacy pod annotation other than
    ///   runtime/default (it must agree with the field; without --keep-explicit an `unconfined`
    ///   one is removed in the same edit), or an explicit Unconfined or type-less profile.
    /// - seccompProfile_baseline: with --keep-explicit, an explicit Unconfined or type-less profile.
    /// At restricted the baseline capabilities and seccomp checks are replaced by their
    /// restricted versions (PSA overrides), so only those can be left.
    /// Windows pods are exempt from the Linux-only restricted checks from v1.25, so nothing is
    /// left for those checks there.
    static func expectedLeft(_ c: ManifestCase, options: FixOptions) -> Set<String> {
        let pod = c.pod
        let restricted = options.level == .restricted
        let linuxChecks = restricted && !(pod.isWindows && options.version.effectiveMinor >= 25)
        let keep = options.keepExplicit
        let podFields = pod.securityContext.fields
        var left: Set<String> = []
        func explicitBadSeccomp(_ f: SecurityFields?) -> Bool { f?.seccomp.map { !$0.isValid } ?? false }
        for container in pod.allContainers {
            let f = container.securityContext.fields
            let adds = f?.capabilities?.add ?? []
            if linuxChecks && f?.allowPrivilegeEscalation != false {
                if f?.privileged == true || f?.addsSysAdmin == true || (keep && f?.allowPrivilegeEscalation == true) {
                    left.insert("allowPrivilegeEscalation")
                }
            }
            let sysAdmin = f?.addsSysAdmin ?? false
            if linuxChecks && (sysAdmin || (keep && adds.contains { $0 != "NET_BIND_SERVICE" })) {
                left.insert("capabilities_restricted")
            }
            if !restricted && (sysAdmin || (keep && adds.contains { !CapabilitiesBaselineCheck.allowed.contains($0) })) {
                left.insert("capabilities_baseline")
            }
            if restricted && (f?.runAsUser ?? podFields?.runAsUser) == 0 { left.insert("runAsNonRoot") }
        }
        if restricted && keep && !left.contains("runAsNonRoot")
            && (podFields?.runAsNonRoot == false || pod.allContainers.contains { $0.securityContext.fields?.runAsNonRoot == false })
        {
            left.insert("runAsNonRoot")
        }
        let badSeccomp = explicitBadSeccomp(podFields) || pod.allContainers.contains { explicitBadSeccomp($0.securityContext.fields) }
        // An `unconfined` legacy annotation is removed with the field it contradicts (issue 19),
        // except with --keep-explicit; other values would be left (none are generated).
        let annotationBlocks = pod.seccompAnnotation.map { $0 != "runtime/default" && ($0 != "unconfined" || keep) } ?? false
        if linuxChecks && (annotationBlocks || (keep && badSeccomp)) {
            left.insert("seccompProfile_restricted")
        }
        if !restricted && keep && badSeccomp { left.insert("seccompProfile_baseline") }
        return left
    }

    static func leftForPerson(_ c: ManifestCase, _ result: FileFixResult, options: FixOptions) -> [String] {
        guard result.workloads.count == 1, let workload = result.workloads.first else {
            return ["left: expected one workload, found \(result.workloads.count)"]
        }
        var found: [String] = []
        let manual = Set(workload.manual.map(\.checkID)).intersection(automaticChecks)
        let expected = expectedLeft(c, options: options)
        if manual != expected {
            found.append("left: fixer left \(manual.sorted()) for a person, the model expects \(expected.sorted()): \(workload.manual.map(\.reason))")
        }
        for action in workload.manual where action.reason.isEmpty { found.append("left: \(action.checkID) without a reason") }
        let after = ManifestChecker.check(result.fixed, level: options.level, version: options.version)
        for finding in after.findings where automaticChecks.contains(finding.violation.checkID) {
            if !manual.contains(finding.violation.checkID) {
                found.append("left: \(finding.violation.checkID) still violated and not left for a person: \(finding.violation.message)")
            }
            // `fixable` is judged with default options: a value --keep-explicit kept is fixable by design.
            if finding.fixable && !options.keepExplicit { found.append("left: \(finding.violation.checkID) still fixable after fixing") }
        }
        let reported = workload.remaining.map(\.checkID)
        if reported != after.findings.map(\.violation.checkID) {
            found.append("left: fixer reports remaining \(reported), check says \(after.findings.map(\.violation.checkID))")
        }
        return found
    }

    // MARK: (4) Changes stay inside securityContext; comments and line endings kept

    /// The fix changed only `securityContext` subtrees (a key with its value, the rest of its
    /// last line and the comment lines indented under it, as `subtreeEnd` draws them):
    /// (a) outside them the text is the same apart from separators (whitespace, commas);
    /// (b) outside them the YAML structure is the same;
    /// (c) every changed line (`LineDiff`) touches one, counting the separators before it on the
    ///     lines above (the JSON comma before a new key) and after it on its last line, or holds
    ///     only closing brackets; an old line may also just give way to new lines that touch one
    ///     (a one-line flow mapping that gained a securityContext).
    static func changeScope(old: [UInt8], oldStream: YAMLStream, new: [UInt8], newStream: YAMLStream) -> [String] {
        let oldRegions = securityContextRegions(old, oldStream)
        let newRegions = securityContextRegions(new, newStream)
        var found: [String] = []
        let oldRest = outside(old, oldRegions), newRest = outside(new, newRegions)
        if oldRest != newRest {
            let at = zip(oldRest, newRest).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(oldRest.count, newRest.count)
            func context(_ r: [UInt8]) -> String { String(decoding: r[max(0, at - 30)..<min(r.count, at + 30)], as: UTF8.self).debugDescription }
            found.append("scope: text outside securityContext changed: was \(context(oldRest)), is \(context(newRest))")
        }
        if oldStream.documents.map({ shape($0.root) }) != newStream.documents.map({ shape($0.root) }) {
            found.append("scope: YAML structure outside securityContext changed")
        }
        let diff = LineDiff(old: old, new: new)
        let oldNear = oldRegions.map { near($0, old) }, newNear = newRegions.map { near($0, new) }
        // A line of closing brackets may pair up with another one in the line diff (JSON `}`).
        func touches(_ line: Range<Int>, _ regions: [Range<Int>], _ bytes: [UInt8]) -> Bool {
            regions.contains { $0.overlaps(line) } || bytes[line].allSatisfy { isSeparator($0) || $0 == UInt8(ascii: "}") || $0 == UInt8(ascii: "]") }
        }
        func text(_ bytes: [UInt8], _ line: Range<Int>) -> String { String(decoding: bytes[line], as: UTF8.self).debugDescription }
        for change in diff.changes {
            let grew = change.new.contains { touches(diff.newLines[$0], newNear, new) }
            for i in change.new where !touches(diff.newLines[i], newNear, new) {
                found.append("scope: line \(i + 1) \(text(new, diff.newLines[i])) changed outside securityContext")
            }
            for i in change.old where !grew && !touches(diff.oldLines[i], oldNear, old) {
                found.append("scope: old line \(i + 1) \(text(old, diff.oldLines[i])) changed outside securityContext")
            }
        }
        return found
    }

    /// Byte ranges of each `securityContext` subtree.
    static func securityContextRegions(_ bytes: [UInt8], _ stream: YAMLStream) -> [Range<Int>] {
        var regions: [Range<Int>] = []
        func walk(_ node: Node) {
            switch node.kind {
            case .mapping(let pairs, _):
                for pair in pairs {
                    if pair.key.scalarValue == "securityContext" || isLegacySeccompAnnotations(pair) {
                        regions.append(pair.key.span.start..<subtreeEnd(pair, bytes))
                    }
                    walk(pair.value)
                }
            case .sequence(let items, _): items.forEach(walk)
            default: break
            }
        }
        stream.documents.compactMap(\.root).forEach(walk)
        return regions
    }

    /// Where a `key: value` pair's text ends: after its value, a trailing comment on that line,
    /// and the blank or comment lines below indented deeper than the key (a removed list item
    /// is commented out there, by design).
    static func subtreeEnd(_ pair: Node.Pair, _ bytes: [UInt8]) -> Int {
        let keyColumn = pair.key.span.start - ((bytes[..<pair.key.span.start].lastIndex(of: 0x0A) ?? -1) + 1)
        func lineEnd(_ from: Int) -> Int {
            var i = from
            while i < bytes.count && bytes[i] != 0x0A && bytes[i] != 0x0D { i += 1 }
            return i
        }
        var end = max(pair.key.span.end, pair.value.span.end)
        var after = end
        while after < bytes.count && bytes[after] == 0x20 { after += 1 }
        if after < bytes.count && bytes[after] == UInt8(ascii: "#") { end = lineEnd(after) }
        // Only a block value's last line can be followed by lines that still belong to it.
        guard lineEnd(end) == end else { return end }
        while end < bytes.count {
            let next = (bytes[end...].firstIndex(of: 0x0A) ?? bytes.count - 1) + 1
            var first = next
            while first < bytes.count && bytes[first] == 0x20 { first += 1 }
            let blank = first >= bytes.count || bytes[first] == 0x0A || bytes[first] == 0x0D
            guard next < bytes.count, blank || (bytes[first] == UInt8(ascii: "#") && first - next > keyColumn) else { break }
            end = lineEnd(next)
        }
        return end
    }

    static func isSeparator(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x2C }

    /// The bytes outside `regions`, separators left out.
    static func outside(_ bytes: [UInt8], _ regions: [Range<Int>]) -> [UInt8] {
        var out: [UInt8] = []
        var cursor = 0
        for region in regions.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if region.lowerBound > cursor { out += bytes[cursor..<region.lowerBound].filter { !isSeparator($0) } }
            cursor = max(cursor, region.upperBound)
        }
        out += bytes[cursor...].filter { !isSeparator($0) }
        return out
    }

    /// A region with the separators before it (across lines) and after it on its last line.
    static func near(_ region: Range<Int>, _ bytes: [UInt8]) -> Range<Int> {
        var start = region.lowerBound, end = region.upperBound
        while start > 0 && isSeparator(bytes[start - 1]) { start -= 1 }
        while end < bytes.count && (bytes[end] == 0x20 || bytes[end] == 0x2C) { end += 1 }
        return start..<end
    }

    /// The structure of a node with every `securityContext` pair left out.
    /// `annotations` holding a legacy seccomp annotation, or emptied (`{}`) by its removal: the
    /// seccomp fix may remove an `unconfined` one in the same edit (issue 19).
    static func isLegacySeccompAnnotations(_ pair: Node.Pair) -> Bool {
        guard pair.key.scalarValue == "annotations" else { return false }
        let value = pair.value.resolved
        return value["seccomp.security.alpha.kubernetes.io/pod"] != nil || (value.isMapping && value.pairs.isEmpty)
    }

    static func shape(_ node: Node?) -> String {
        guard let node else { return "" }
        switch node.kind {
        case .scalar(let value, let style): return (style == .plain ? "=" : "'") + value
        case .alias(let name, _): return "*" + name
        case .sequence(let items, _): return "[" + items.map(shape).joined(separator: ",") + "]"
        case .mapping(let pairs, _):
            let kept = pairs.filter { $0.key.scalarValue != "securityContext" && !isLegacySeccompAnnotations($0) }
            return "{" + kept.map { shape($0.key) + ":" + shape($0.value) }.joined(separator: ",") + "}"
        }
    }

    /// Every comment of the input is in the output exactly as often; no line break changes kind.
    static func kept(comments: [String], input: [UInt8], output: [UInt8]) -> [String] {
        var found: [String] = []
        for comment in comments where occurrences(comment, output) != occurrences(comment, input) {
            found.append("comments: \(comment.debugDescription) appears \(occurrences(comment, output))x, was \(occurrences(comment, input))x")
        }
        let crlf = input.contains(0x0D)
        for (i, b) in output.enumerated() where b == 0x0A && (i > 0 && output[i - 1] == 0x0D) != crlf {
            found.append(crlf ? "line endings: bare LF at byte \(i) in a CRLF file" : "line endings: CR added at byte \(i - 1)")
            break
        }
        if (input.last == 0x0A) != (output.last == 0x0A) { found.append("line endings: final newline changed") }
        return found
    }

    static func occurrences(_ needle: String, _ haystack: [UInt8]) -> Int {
        let n = Array(needle.utf8)
        var count = 0
        var i = 0
        while let at = haystack[i...].firstIndex(of: n[0]), at + n.count <= haystack.count {
            if haystack[at..<(at + n.count)].elementsEqual(n) {
                count += 1
                i = at + n.count
            } else {
                i = at + 1
            }
        }
        return count
    }

    // MARK: (6) Never an API-invalid pair

    /// Fields the API server forbids on `spec.os.name: windows` pods (validateWindows).
    static let linuxOnlyPodFields = ["seLinuxOptions", "seccompProfile", "appArmorProfile", "fsGroup", "fsGroupChangePolicy", "sysctls", "runAsUser", "runAsGroup", "supplementalGroups"]
    static let linuxOnlyContainerFields = ["seLinuxOptions", "seccompProfile", "appArmorProfile", "capabilities", "readOnlyRootFilesystem", "privileged", "allowPrivilegeEscalation", "procMount", "runAsUser", "runAsGroup"]

    /// The conformance suite's API rules (privileged or CAP_SYS_ADMIN with
    /// allowPrivilegeEscalation=false, runAsNonRoot with UID 0), plus the plain `SYS_ADMIN`
    /// spelling and Linux-only fields on Windows pods; only what the fix introduced counts.
    static func apiInvalidPairs(input: [UInt8], _ inputStream: YAMLStream, output: [UInt8], _ outputStream: YAMLStream) -> [String] {
        let after = APIValidity.problems(in: output) + moreAPIProblems(outputStream)
        if after.isEmpty { return [] }  // the common case: no need to parse the input again
        let before = APIValidity.problems(in: input) + moreAPIProblems(inputStream)
        return Set(after).subtracting(before).sorted().map { "api: \($0)" }
    }

    static func moreAPIProblems(_ stream: YAMLStream) -> [String] {
        var found: [String] = []
        for workload in Workload.find(in: stream) {
            let pod = workload.pod
            for c in pod.containers where c.securityContext?["allowPrivilegeEscalation"]?.bool == false && c.addsSysAdmin {
                found.append("\(c.name): allowPrivilegeEscalation=false with SYS_ADMIN")
            }
            guard pod.isWindows else { continue }
            for field in linuxOnlyPodFields where pod.securityContext?[field] != nil { found.append("windows pod: securityContext.\(field)") }
            for c in pod.containers {
                for field in linuxOnlyContainerFields where c.securityContext?[field] != nil {
                    found.append("windows pod: \(c.name) securityContext.\(field)")
                }
            }
        }
        return found
    }

    // MARK: --keep-explicit

    /// With --keep-explicit, every value the input set explicitly reads the same in the output.
    static func explicitValuesKept(_ c: ManifestCase, _ output: YAMLStream) -> [String] {
        guard let pod = Workload.find(in: output).first?.pod else {
            return ["keep-explicit: no workload in the output"]
        }
        var found: [String] = []
        func compare(_ owner: String, _ model: SecurityFields?, _ sc: Node?) {
            guard let f = model else { return }
            if let v = f.allowPrivilegeEscalation, sc?["allowPrivilegeEscalation"]?.bool != v { found.append("keep-explicit: \(owner) allowPrivilegeEscalation") }
            if let v = f.runAsNonRoot, sc?["runAsNonRoot"]?.bool != v { found.append("keep-explicit: \(owner) runAsNonRoot") }
            if let v = f.seccomp, (sc?.mapping("seccompProfile")?["type"]?.string ?? "") != v.rawValue { found.append("keep-explicit: \(owner) seccompProfile") }
            if let v = f.capabilities?.add, sc?.mapping("capabilities")?.strings("add") != v { found.append("keep-explicit: \(owner) capabilities.add") }
        }
        compare("pod", c.pod.securityContext.fields, pod.securityContext)
        let models = c.pod.allContainers
        guard models.count == pod.containers.count else { return ["keep-explicit: container count changed"] }
        for (model, view) in zip(models, pod.containers) { compare(view.label, model.securityContext.fields, view.securityContext) }
        return found
    }
}

