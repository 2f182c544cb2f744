#if canImport(Glibc)
import Glibc
#endif
/// Turns intents into verified bytes for one file: plan and render per document, apply all
/// edits in one pass, verify the result. Either every planned change lands or none does.
struct TextPatcher {
    struct Outcome {
        /// The patched bytes, or the original when nothing changed or verification failed.
        var bytes: [UInt8]
        /// Intents whose change is in `bytes`.
        var done: Set<IntentKey> = []
        /// Intents that could not be carried out, with the reason.
        var refusals: [IntentKey: String] = [:]
        /// Set when the patch failed verification (an internal error: nothing was changed).
        var problem: String?
        /// The documents verification re-parsed (those holding an edit; nil when nothing changed).
        var reparsed: Verifier.Reparsed?
        /// The edits that make `bytes` (a Helm template's are applied to its unmasked text).
        var edits: [Edit] = []
    }

    /// `intents[documentIndex]` are the intents for that document.
    static func patch(_ stream: YAMLStream, intents: [Int: [FixIntent]]) -> Outcome {
        let source = stream.source
        var outcome = Outcome(bytes: source.bytes)
        var operations: [EditOperation] = []
        var edits: [Edit] = []
        var pending = Set<IntentKey>()
        if let reason = unsupportedLineBreak(in: source.bytes) {
            for intent in intents.values.joined() { outcome.refusals[IntentKey(intent)] = reason }
            return outcome
        }
        for document in stream.documents {
            guard let list = intents[document.index], !list.isEmpty else { continue }
            var planner = EditPlanner(root: document.root)
            list.forEach { planner.add($0) }
            let ops = planner.finish()
            for (intent, reason) in planner.skipped { outcome.refusals[IntentKey(intent)] = reason }
            let renderer = EditRenderer(source: source, root: document.root, operations: ops)
            var refused: [Node.ID: String] = [:]
            for (op, result) in Self.rendered(ops, renderer) {
                switch result {
                case .success(let e):
                    edits += e
                    operations.append(op)
                case .failure(let refusal):
                    refused[op.target.id] = refusal.text
                }
            }
            for (intent, target) in planner.applied {
                if let reason = refused[target.id] {
                    outcome.refusals[IntentKey(intent)] = reason
                } else {
                    pending.insert(IntentKey(intent))
                }
            }
        }
        guard !edits.isEmpty else { return outcome }
        do {
            let patch = try Patch(Self.movingInsertionsOutOfDeletedLines(edits, source: source))
            let candidate = patch.apply(to: source.bytes)
            switch Verifier.verify(original: stream, operations: operations, edits: patch.edits, patched: candidate) {
            case .failure(let failure):
                outcome.problem = failure.message
            case .success(let reparsed):
                outcome.bytes = candidate
                outcome.done = pending
                outcome.reparsed = reparsed
                outcome.edits = patch.edits
            }
        } catch {
            outcome.problem = "planned edits overlap (\(error)); nothing was changed"
        }
        return outcome
    }
}

extension TextPatcher {
    /// Every operation rendered. A mapping that loses every key while gaining others
    /// (`capabilities: {add: [NET_RAW]}` becoming `{drop: [ALL]}`) is one change made of two
    /// operations, each rendered knowing of the other (no `{}`, no separator before the new
    /// key): when either is refused, both are (found by fuzzing: the removal was refused, the
    /// insertion still took the removed key's place, and the result did not parse).
    static func rendered(_ ops: [EditOperation], _ renderer: EditRenderer) -> [(EditOperation, Result<[Edit], EditRenderer.Refusal>)] {
        var results = ops.map { ($0, renderer.render($0)) }
        let paired = renderer.emptied.intersection(renderer.filled)
        guard !paired.isEmpty else { return results }
        func isPairPart(_ op: EditOperation) -> Bool {
            guard paired.contains(op.target.id) else { return false }
            switch op {
            case .insert, .removeKeys: return true
            default: return false
            }
        }
        var refusals: [Node.ID: EditRenderer.Refusal] = [:]
        for (op, result) in results where isPairPart(op) {
            if case .failure(let refusal) = result { refusals[op.target.id] = refusal }
        }
        for i in results.indices where isPairPart(results[i].0) {
            if let refusal = refusals[(results[i].0.target).id] { results[i].1 = .failure(refusal) }
        }
        return results
    }

    /// YAML also breaks lines at a lone `\r`, NEL (U+0085), LS (U+2028) and PS (U+2029), where
    /// the editor, which finds lines and indentation by `\n`, sees none: its edits would land in
    /// the wrong place (found by fuzzing). Such files are left alone, with this reason.
    static func unsupportedLineBreak(in bytes: [UInt8]) -> String? {
        // The first of each kind, found with memchr (this scans every byte of every file the
        // fixer edits; a byte-by-byte or eight-byte loop stopped at every CRLF and accent):
        // the earliest decides the message.
        bytes.withUnsafeBufferPointer { b -> String? in
            guard let base = b.baseAddress else { return nil }
            let n = b.count
            /// The first `lead` byte from which `matches` holds (at its offset), or `n`.
            func first(_ lead: UInt8, _ matches: (Int) -> Bool) -> Int {
                var from = 0
                while from < n, let hit = memchr(base + from, Int32(lead), n - from) {
                    let i = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
                    if matches(i) { return i }
                    from = i + 1
                }
                return n
            }
            let loneCR = first(0x0D) { $0 + 1 == n || b[$0 + 1] != 0x0A }
            let nel = first(0xC2) { $0 + 1 < n && b[$0 + 1] == 0x85 }
            let separator = first(0xE2) { $0 + 2 < n && b[$0 + 1] == 0x80 && (b[$0 + 2] == 0xA8 || b[$0 + 2] == 0xA9) }
            if loneCR < min(nel, separator) {
                return "the file has a line break pss-fix does not edit around (a lone carriage return); nothing was changed"
            }
            if min(nel, separator) < n {
                return "the file has a line break pss-fix does not edit around (U+0085, U+2028 or U+2029); nothing was changed"
            }
            return nil
        }
    }

    /// A key added after a list whose last items are being removed would land inside the
    /// removed lines (`add: [SYS_ADMIN, NET_ADMIN]` loses NET_ADMIN while `drop` is added after
    /// it). Such an insertion moves to the end of the line before the removed lines, which is
    /// where the list now ends; when that line is removed too (several items in a row), on to
    /// the line before it (found by fuzzing: the move landed inside the previous removal).
    static func movingInsertionsOutOfDeletedLines(_ edits: [Edit], source: SourceText) -> [Edit] {
        // Sorted by start, so the deletion around a point is found by binary search (a stream
        // of thousands of documents has thousands of both). Deletions that overlap make the
        // patch fail anyway, so the one starting last before the point is the only candidate.
        let deletions = edits.filter { !$0.isInsertion && $0.replacement.isEmpty }.map(\.span).sorted { $0.start < $1.start }
        guard !deletions.isEmpty else { return edits }
        func deletion(around point: Int) -> Span? {
            var lo = 0
            var hi = deletions.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if deletions[mid].start < point { lo = mid + 1 } else { hi = mid }
            }
            guard lo > 0, point < deletions[lo - 1].end else { return nil }
            return deletions[lo - 1]
        }
        return edits.map { edit in
            guard edit.isInsertion else { return edit }
            var point = edit.span.start
            while let deletion = deletion(around: point), deletion.start > 0, source.bytes[deletion.start - 1] == UInt8(ascii: "\n") {
                point = deletion.start - 1
                if point > 0 && source.bytes[point - 1] == UInt8(ascii: "\r") { point -= 1 }
            }
            return point == edit.span.start ? edit : Edit(span: Span(point, point), replacement: edit.replacement, depth: edit.depth)
        }
    }
}

/// Identifies an intent across planning stages: where it starts and what it says.
struct IntentKey: Hashable {
    let base: Node.ID
    let summary: String

    init(_ intent: FixIntent) {
        base = intent.base.id
        summary = intent.summary
    }
}

extension FixIntent {
    /// The node the intent starts from (identifies the workload part it belongs to): the
    /// container that asked when the intent names one (a removal names the list, which may lie
    /// in another container that this one merges, and exceptions are per asking container).
    var base: Node {
        if let owner { return owner }
        switch action {
        case .set(let base, _, _), .include(let base, _, _): return base
        case .remove(let sequence, _): return sequence
        case .removeKeys(let mapping, _): return mapping
        }
    }
}
