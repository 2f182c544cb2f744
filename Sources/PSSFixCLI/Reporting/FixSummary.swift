import PSSFixCore

/// The human summary of a fix run, written to stderr: per workload what was fixed, what was
/// left for a person and why, and what PSA would still say; then one totals line.
struct FixSummary {
    let palette: Palette
    let policyLabel: String
    var exceptionsFile: String?

    private(set) var files = 0
    private(set) var changedFiles = 0
    private(set) var workloads = 0
    private(set) var fixes = 0
    private(set) var violating = 0
    private(set) var blocked = 0
    private(set) var skipped = 0
    private(set) var errors = 0

    init(palette: Palette, policyLabel: String) {
        self.palette = palette
        self.policyLabel = policyLabel
    }

    /// Counts one file's result into the totals.
    mutating func count(_ result: FileFixResult) {
        files += 1
        switch result.status {
        case .invalid, .internalError: errors += 1
        case .skipped: skipped += 1
        case .processed: break
        }
        if case .invalid = result.status { return }
        if result.changed { changedFiles += 1 }
        for w in result.workloads {
            workloads += 1
            fixes += w.applied.count
            if !w.remaining.isEmpty { violating += 1 }
            if w.blocked { blocked += 1 }
        }
    }

    /// Counts the workloads of one batch of a big stream (`BatchedDiff`); `countBatchedFile`
    /// then counts the file once.
    mutating func countWorkloads(of batch: FileFixResult) {
        for w in batch.workloads {
            workloads += 1
            fixes += w.applied.count
            if !w.remaining.isEmpty { violating += 1 }
            if w.blocked { blocked += 1 }
        }
    }

    mutating func countBatchedFile(changed: Bool) {
        files += 1
        if changed { changedFiles += 1 }
    }

    /// Adds the counts of a summary made elsewhere (a worker's tally of a batched file).
    mutating func add(_ other: FixSummary) {
        files += other.files
        changedFiles += other.changedFiles
        workloads += other.workloads
        fixes += other.fixes
        violating += other.violating
        blocked += other.blocked
        skipped += other.skipped
        errors += other.errors
    }

    /// Counts a rendered source's file as check reports it (no fixes are made there).
    mutating func count(_ entry: CheckFileEntry) {
        files += 1
        if entry.error != nil { errors += 1 }
        guard let result = entry.result else { return }
        if result.skipped != nil { skipped += 1 }
        workloads += result.workloads.count
        violating += Set(result.findings.map(\.workload)).count
    }

    /// A chart or kustomization: its files as reported, its fixes and the files they changed.
    mutating func count(_ source: RenderedSourceFix.Result) {
        files += source.files
        workloads += source.workloads
        violating += source.violating
        fixes += source.fixes
        changedFiles += source.changes.count
        if source.failed { errors += 1 }
        if source.notChecked { skipped += 1 }
    }

    /// The lines for one file (empty when there is nothing to say about it). Pure, so that the
    /// workers make them and the in-order emission only writes them.
    func lines(for path: String, _ result: FileFixResult, verbose: Bool) -> String {
        var out = ""
        switch result.status {
        case .invalid(let error):
            return "\(palette.bold("\(path):\(error.location.line):\(error.location.column):")) \(palette.red("error:")) \(error.message)\n"
        case .skipped(let why):
            return "\(palette.bold("\(path):")) \(palette.yellow("skipped:")) \(why)\n"
        case .internalError(let why):
            out += "\(palette.bold("\(path):")) \(palette.red("internal error:")) \(why) (please report this with the file)\n"
        case .processed:
            break
        }
        for object in result.unjudged {
            out += "\(palette.bold("\(path):\(object.location.line):\(object.location.column):")) \(object.displayName): \(palette.yellow(object.reason)); to judge it, add to .pss-fix.yaml:\n"
                + object.configLines.split(separator: "\n").map { "    \($0)\n" }.joined()
        }
        guard verbose else { return out }
        // The per-workload lines, most of the summary, are written as bytes (`ReportText`).
        var text = ReportText(capacity: 4096)
        for w in result.workloads {
            guard !w.applied.isEmpty || !w.manual.isEmpty || w.blocked || !w.warnings.isEmpty || !w.remaining.isEmpty || !w.exempted.isEmpty
                || !w.exceptionProblems.isEmpty
            else { continue }
            var place = ReportText(capacity: path.utf8.count + 16)
            place.add(path, w.location)
            text.add(palette.bold(place.string))
            text.add(" ")
            text.add(w.displayName)
            if let ns = w.namespace {
                text.add(" (")
                text.add(ns)
                text.add(")")
            }
            text.add("\n")
            if w.blocked {
                text.add("  \(palette.yellow("unchanged:")) it would still violate PodSecurity \"\(w.policy.label)\" after the automatic fixes; resolve what is left, or use --partial to apply them anyway\n")
            }
            for intent in Self.groupedByOwner(w.applied) {
                text.add("  ")
                text.add(intent.changesExplicitValue ? palette.yellow("changed") : palette.green("fixed"))
                text.add(" [")
                text.add(intent.checkID)
                text.add("] ")
                text.add(intent.summary)
                text.add("\n")
            }
            for action in w.manual {
                text.add("  ")
                text.add(palette.yellow(action.blocks ? "left" : "kept"))
                text.add(" [")
                text.add(action.checkID)
                text.add("] ")
                text.add(action.reason)
                text.add("\n")
            }
            for intent in Self.groupedByOwner(w.pending) {
                text.add("  ")
                text.add(palette.yellow("would fix"))
                text.add(" [")
                text.add(intent.checkID)
                text.add("] ")
                text.add(intent.summary)
                text.add("\n")
            }
            for e in w.exempted {
                let who = e.containers.isEmpty ? "" : " for \(e.containers.map { "\"\($0)\"" }.joined(separator: ", "))"
                text.add("  \(palette.yellow("exempted")) [\(e.violation.checkID)]\(who): \(e.reason) (\(describe(e.source, exceptionsFile: exceptionsFile)))\n")
            }
            for warning in w.warnings {
                text.add("  \(palette.yellow("warning")) \(warning)\n")
            }
            for problem in w.exceptionProblems {
                text.add("  \(palette.yellow("warning")) \(path):\(problem.location.line):\(problem.location.column): \(problem.message)\n")
            }
            if !w.remaining.isEmpty {
                text.add("  \(palette.red("still")) violates PodSecurity \"\(w.policy.label)\": \(Evaluator.forbiddenDetail(w.remaining))\n")
            }
        }
        out += text.string
        return out
    }

    func totals() -> String {
        var parts = ["\(files) file\(files == 1 ? "" : "s")", "\(workloads) workload\(workloads == 1 ? "" : "s")"]
        parts.append("\(fixes) fix\(fixes == 1 ? "" : "es") in \(changedFiles) file\(changedFiles == 1 ? "" : "s")")
        let still = "\(violating) workload\(violating == 1 ? "" : "s") still violate\(violating == 1 ? "s" : "") \(policyLabel)"
        parts.append(violating > 0 ? palette.red(still) : palette.green(still))
        if blocked > 0 { parts.append(palette.yellow("\(blocked) left unchanged as blocked (--partial to fix them anyway)")) }
        if errors > 0 { parts.append(palette.red("\(errors) error\(errors == 1 ? "" : "s")")) }
        if skipped > 0 { parts.append(palette.yellow("\(skipped) file\(skipped == 1 ? "" : "s") not checked")) }
        return "pss-fix: " + parts.joined(separator: ", ") + "\n"
    }

    /// Changes grouped by what they change (`container "app"`, `pod`), owners in the order they
    /// first appear and each owner's changes in check order: easier to scan with many containers.
    static func groupedByOwner(_ intents: [FixIntent]) -> [FixIntent] {
        if intents.count < 2 { return intents }
        // Each owner is worked out once (the sort compares many times), as the bytes before
        // the summary's first `:` when that `:` has ASCII on both sides (then it is a
        // character of its own; `firstIndex(of:)` walks the summary by grapheme, which was 40 %
        // of the fix summary's cost); owners are few, so they are told apart by a look through
        // those seen so far, with no dictionary and no String made per intent.
        var owners: [[UInt8]] = []
        var rank: [Int] = []
        rank.reserveCapacity(intents.count)
        for intent in intents {
            var summary = intent.summary
            let byByte: [UInt8]? = summary.withUTF8 { b in
                guard let i = b.firstIndex(of: UInt8(ascii: ":")) else { return [] }  // no `:` byte, no `:`
                guard (i == 0 || b[i - 1] < 0x80) && (i + 1 == b.count || b[i + 1] < 0x80) else { return nil }
                return Array(b[..<i])
            }
            let name = byByte ?? Array((summary.firstIndex(of: ":").map { String(summary[..<$0]) } ?? "").utf8)
            if let r = owners.firstIndex(of: name) {
                rank.append(r)
            } else {
                owners.append(name)
                rank.append(owners.count - 1)
            }
        }
        return intents.indices.sorted { a, b in rank[a] != rank[b] ? rank[a] < rank[b] : a < b }.map { intents[$0] }
    }
}
