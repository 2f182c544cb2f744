// The fuzz oracle and the regression tests for what the fuzzer found. This one file is also
// compiled into the libFuzzer target (Fuzz/Sources/PSSFixFuzz/FuzzOracle.swift is a symbolic
// link to it, built with PSS_FUZZ_TARGET defined), so a regression test checks exactly the
// properties the fuzzer checks. The oracle uses only PSSFixCore's public API.
import Synchronization

#if PSS_FUZZ_TARGET
import PSSFixCore
#else
import Testing
@testable import PSSFixCore
#endif

/// Runs one input through parse, check, fix and verify, and lists every property it breaks.
/// A crash is a crash; everything else comes back as text (empty: all is well).
enum FuzzOracle {
    /// The second fix run's options, from the input's first byte (so the fuzzer explores them
    /// along with the text): bit 0 baseline, bits 1-2 version, bit 3 keepExplicit, bit 4 every
    /// opt-in fix, bit 5 `--run-as-user`.
    static func options(firstByte: UInt8?) -> FixOptions {
        guard let b = firstByte else { return FixOptions() }
        let versions: [PolicyVersion] = [.latest, .v(21), .v(0), .v(25)]
        return FixOptions(
            level: b & 1 != 0 ? .baseline : .restricted,
            version: versions[Int(b >> 1) & 3],
            keepExplicit: b & 8 != 0,
            optIn: b & 16 != 0 ? Set(FixerRegistry.all.filter { $0.isOptIn }.map { $0.checkID }) : [],
            runAsUser: b & 32 != 0 ? 65532 : nil)
    }

    static func failures(_ bytes: [UInt8]) -> [String] {
        // Parsing must never crash, whatever the bytes; an error is a fine answer.
        _ = try? YAMLParser.parse(SourceText(bytes))
        _ = ManifestChecker.check(bytes, level: .restricted, version: .latest)
        _ = ManifestChecker.check(bytes, level: .baseline, version: .latest)

        var problems = fixProblems(bytes, FixOptions(), name: "restricted")
        let derived = options(firstByte: bytes.first)
        if !sameOptions(derived, FixOptions()) {
            problems += fixProblems(bytes, derived, name: describe(derived))
        }
        return problems
    }

    /// Fixes `bytes` with `options`; the fix must verify, re-parse, be idempotent, and (without
    /// opt-in fixes, which touch hostNetwork, ports and probes by design) stay inside
    /// securityContext subtrees.
    static func fixProblems(_ bytes: [UInt8], _ options: FixOptions, name: String) -> [String] {
        // Every document verification re-parses through its windows is also parsed whole: the
        // two trees must be the same, node for node (`ReparseWindowsCheck`).
        let differences = Differences()
        let first = ReparseWindowsCheck.observing({ if let d = $0 { differences.add(d) } }) {
            ManifestFixer.fix(bytes, options: options)
        }
        if !differences.all.isEmpty { return ["\(name): windowed re-parse differs from the whole one: \(differences.all)"] }
        if case .internalError(let message) = first.status { return ["\(name): internal error: \(message)"] }
        guard first.status == .processed, first.fixed != bytes else { return [] }
        var problems: [String] = []
        do {
            _ = try YAMLParser.parse(SourceText(first.fixed))
        } catch {
            problems.append("\(name): the fixed output does not parse: \(error)")
        }
        let second = ManifestFixer.fix(first.fixed, options: options)
        if case .internalError(let message) = second.status {
            problems.append("\(name): internal error fixing the fixed output: \(message)")
        } else if second.fixed != first.fixed {
            problems.append("\(name): not idempotent; second fix gives:\n\(String(decoding: second.fixed, as: UTF8.self))")
        }
        let lost = lostComments(old: bytes, new: first.fixed)
        if !lost.isEmpty { problems.append("\(name): comment lines lost: \(lost)") }
        if options.optIn.isEmpty {
            let outside = changesOutsideSecurityContext(old: bytes, new: first.fixed)
            if !outside.isEmpty {
                problems.append(
                    "\(name): lines changed outside securityContext: \(outside); fixed output:\n"
                        + String(decoding: first.fixed, as: UTF8.self))
            }
        }
        return problems
    }

    /// What the re-parse self-check reported (one fix at a time: the lock is for the compiler).
    final class Differences: Sendable {
        private let found = Mutex<[String]>([])
        func add(_ d: String) { found.withLock { $0.append(d) } }
        var all: [String] { found.withLock { $0 } }
    }

    static func sameOptions(_ a: FixOptions, _ b: FixOptions) -> Bool {
        a.level == b.level && a.version == b.version && a.keepExplicit == b.keepExplicit && a.optIn == b.optIn
            && a.runAsUser == b.runAsUser
    }

    static func describe(_ o: FixOptions) -> String {
        "\(o.level.rawValue) \(o.version)\(o.keepExplicit ? " keepExplicit" : "")\(o.optIn.isEmpty ? "" : " optIn")"
            + (o.runAsUser.map { " runAsUser=\($0)" } ?? "")
    }

    // MARK: - Changes outside securityContext

    /// Lines that differ once every securityContext subtree is cut out of both files. The
    /// subtrees are found by the parser: a `securityContext` key through the end of its value,
    /// plus every node an alias inside such a value names (edits land at the anchor). What is
    /// left must be the same before and after, but for added whitespace and commas (a JSON
    /// comma before a new key) and text moved between the lines of one change; lines left
    /// blank are ignored. Conservative: it may miss a change, it should not report a correct fix.
    static func changesOutsideSecurityContext(old: [UInt8], new: [UInt8]) -> [String] {
        guard let oldRanges = securityContextRanges(old), let newRanges = securityContextRanges(new) else {
            return ["(could not parse both sides)"]
        }
        // Comments are cut too: they may move (`lostComments` checks that none disappears).
        // `{ }` and `[ ]` count as `{}` and `[]`: the renderer rewrites such an empty collection
        // whole when it fills it (`{securityContext: …}`, by design), dropping the space.
        let before = collapsingEmptyBrackets(outsideText(old, cutting: oldRanges + commentRanges(old)))
        let after = collapsingEmptyBrackets(outsideText(new, cutting: newRanges + commentRanges(new)))
        let diff = LineDiff(old: before, new: after)
        func text(_ bytes: [UInt8], _ line: Range<Int>) -> String { String(decoding: bytes[line], as: UTF8.self) }
        var bad: [String] = []
        for change in diff.changes {
            // Text may move to another line of the same change (`}}` split around a new flow
            // block): the changed lines are compared as one run of text.
            let removed = change.old.flatMap { before[diff.oldLines[$0]].dropLast() }
            let added = change.new.flatMap { after[diff.newLines[$0]].dropLast() }
            if !onlyGained(removed[...], added[...]) {
                bad += change.old.map { "-" + text(before, diff.oldLines[$0]) } + change.new.map { "+" + text(after, diff.newLines[$0]) }
            }
        }
        return bad
    }

    /// Whole-line comments of `old` missing from `new` (as a multiset: a comment may move, as
    /// one below an insertion point does, but never disappear).
    /// Every comment: from a `#` outside all scalars (a `#` inside a quoted or plain scalar is
    /// text) to the end of its line. libyaml needs no space before a comment after `}` or `]`.
    static func commentRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        var scalars: [Range<Int>] = []
        func visit(_ node: Node) {
            switch node.kind {
            case .scalar: if node.span.count > 0 { scalars.append(node.span.start..<node.span.end) }
            case .mapping(let pairs, _): pairs.forEach { visit($0.key); visit($0.value) }
            case .sequence(let items, _): items.forEach(visit)
            case .alias: break
            }
        }
        guard let stream = try? YAMLParser.parse(SourceText(bytes)) else { return [] }
        stream.documents.compactMap(\.root).forEach(visit)
        var ranges: [Range<Int>] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "#"), !scalars.contains(where: { $0.contains(i) }) {
                var end = i
                while end < bytes.count && bytes[end] != 0x0A && bytes[end] != 0x0D { end += 1 }
                ranges.append(i..<end)
                i = end
            } else {
                i += 1
            }
        }
        return ranges
    }

    static func lostComments(old: [UInt8], new: [UInt8]) -> [String] {
        /// Each comment's text, counted (a comment may move, never disappear).
        func comments(_ bytes: [UInt8]) -> [String: Int] {
            var counts: [String: Int] = [:]
            let blank: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
            for range in commentRanges(bytes) {
                let text = bytes[range].reversed().drop { blank.contains($0) }.reversed()
                counts[String(decoding: text, as: UTF8.self), default: 0] += 1
            }
            return counts
        }
        // A removed item's line is kept commented out, trailing comment included
        // (`# - NET_ADMIN  # why`): a comment survives inside another one.
        let after = comments(new)
        return comments(old).filter { text, count in
            after.reduce(0) { $0 + ($1.key.contains(text) ? $1.value : 0) } < count
        }.map(\.key).sorted()
    }

    /// The text of every line with the bytes inside `ranges` and the line terminator cut out,
    /// lines left blank dropped (callers cut comments with `commentRanges`, so a whole-line
    /// comment leaves a blank line: comments may move, e.g. below text added before them, and
    /// `lostComments` checks that none disappears), each ending in `\n`. A line that merely
    /// starts with `#` inside a quoted scalar is text and stays.
    static func outsideText(_ bytes: [UInt8], cutting ranges: [Range<Int>]) -> [UInt8] {
        var inside = [Bool](repeating: false, count: bytes.count)
        for r in ranges { for i in r where i < bytes.count { inside[i] = true } }
        var out: [UInt8] = []
        for line in LineDiff.lines(of: bytes) {
            let kept = line.filter { !inside[$0] && bytes[$0] != 0x0A && bytes[$0] != 0x0D }.map { bytes[$0] }
            guard kept.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
            out += kept + [0x0A]
        }
        return out
    }

    /// `{ }` as `{}` and `[ ]` as `[]`.
    static func collapsingEmptyBrackets(_ text: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < text.count {
            if i + 2 < text.count, text[i + 1] == 0x20,
                (text[i] == UInt8(ascii: "{") && text[i + 2] == UInt8(ascii: "}")) || (text[i] == UInt8(ascii: "[") && text[i + 2] == UInt8(ascii: "]"))
            {
                out += [text[i], text[i + 2]]
                i += 3
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return out
    }

    /// Whether `newLine` is `oldLine` with only whitespace and commas added. (Greedy matching
    /// decides this exactly: matching a byte as soon as it can never loses a solution.)
    static func onlyGained(_ oldLine: ArraySlice<UInt8>, _ newLine: ArraySlice<UInt8>) -> Bool {
        var o = oldLine.startIndex
        for byte in newLine {
            if o < oldLine.endIndex && byte == oldLine[o] {
                o += 1
            } else if byte != 0x20 && byte != 0x09 && byte != UInt8(ascii: ",") {
                return false
            }
        }
        return o == oldLine.endIndex
    }

    /// Byte ranges of every securityContext key through the end of its value, and of every node
    /// an alias inside such a value names (nil when the text does not parse).
    static func securityContextRanges(_ bytes: [UInt8]) -> [Range<Int>]? {
        guard let stream = try? YAMLParser.parse(SourceText(bytes)) else { return nil }
        var ranges: [Range<Int>] = []
        var followed = Set<Node.ID>()
        func include(_ node: Node) {
            switch node.kind {
            case .alias(_, let target):
                if let target, followed.insert(target.id).inserted {
                    ranges.append(target.span.start..<target.span.end)
                    include(target)
                }
            case .mapping(let pairs, _):
                for pair in pairs {
                    include(pair.key)
                    include(pair.value)
                }
            case .sequence(let items, _):
                items.forEach(include)
            case .scalar:
                break
            }
        }
        func visit(_ node: Node) {
            switch node.kind {
            case .mapping(let pairs, _):
                for pair in pairs {
                    if pair.key.resolved.scalarValue == "securityContext" {
                        let end = withTrailingComment(max(pair.key.span.end, pair.value.span.end))
                        ranges.append(pair.key.span.start..<withCommentLines(end, deeperThan: column(pair.key.span.start)))
                        include(pair.value)
                    } else if pair.key.resolved.scalarValue == "annotations", case .mapping(let entries, _) = pair.value.kind,
                        entries.isEmpty || entries.contains(where: { isLegacySeccompKey($0.key) })
                    {
                        // The seccomp fixer removes legacy seccomp annotations where it sets the
                        // field, `{}` left when none remains. Cut: each such pair (in a flow
                        // mapping with its comma, as the remover takes it) and an empty `{}`.
                        if entries.allSatisfy({ isLegacySeccompKey($0.key) }) && (entries.isEmpty || pair.value.collectionStyle == .flow) {
                            ranges.append(pair.value.span.start..<pair.value.span.end)
                        } else if pair.value.collectionStyle == .flow {
                            let kept = entries.indices.filter { !isLegacySeccompKey(entries[$0].key) }
                            for i in entries.indices where !kept.contains(i) {
                                if let next = kept.first(where: { $0 > i }) {
                                    ranges.append(entries[i].key.span.start..<entries[next].key.span.start)
                                } else if let previous = kept.last(where: { $0 < i }) {
                                    ranges.append(entries[previous].value.span.end..<entries[i].value.span.end)
                                }
                            }
                            kept.forEach { visit(entries[$0].key); visit(entries[$0].value) }
                        } else {
                            for entry in entries where isLegacySeccompKey(entry.key) {
                                ranges.append(entry.key.span.start..<withTrailingComment(max(entry.key.span.end, entry.value.span.end)))
                            }
                            entries.filter { !isLegacySeccompKey($0.key) }.forEach { visit($0.key); visit($0.value) }
                        }
                    } else {
                        visit(pair.key)
                        visit(pair.value)
                    }
                }
            case .sequence(let items, _):
                items.forEach(visit)
            case .scalar, .alias:
                break
            }
        }
        func isLegacySeccompKey(_ key: Node) -> Bool {
            guard let k = key.resolved.scalarValue else { return false }
            return k.hasPrefix("seccomp.security.alpha.kubernetes.io/") || k.hasPrefix("container.seccomp.security.alpha.kubernetes.io/")
        }
        /// A comment after the value belongs to it (`securityContext: null  # webhook` keeps
        /// its comment when filled, which moves it).
        func withTrailingComment(_ end: Int) -> Int {
            var i = end
            while i < bytes.count && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
            guard i < bytes.count && bytes[i] == UInt8(ascii: "#") else { return end }
            while i < bytes.count && bytes[i] != 0x0A && bytes[i] != 0x0D { i += 1 }
            return i
        }
        func column(_ offset: Int) -> Int {
            var i = offset
            while i > 0 && bytes[i - 1] != 0x0A { i -= 1 }
            return offset - i
        }
        /// Comment lines right after the value, indented deeper than its key, belong to it
        /// (an emptied list keeps its items as comments there) — unless other text follows the
        /// value on its line (`}},` closing an enclosing flow mapping), which stays outside.
        func withCommentLines(_ end: Int, deeperThan keyColumn: Int) -> Int {
            var end = end
            while true {
                var i = end
                while i < bytes.count && (bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D) { i += 1 }
                guard i < bytes.count, bytes[i] == 0x0A else { return end }
                var j = i + 1
                while j < bytes.count && bytes[j] == 0x20 { j += 1 }
                guard j < bytes.count, bytes[j] == UInt8(ascii: "#"), j - (i + 1) > keyColumn else { return end }
                end = withTrailingComment(j)
            }
        }
        for document in stream.documents {
            if let root = document.root { visit(root) }
        }
        return ranges
    }
}

#if !PSS_FUZZ_TARGET
/// Inputs the fuzzer (Fuzz/) found, minimised. Each must go through the pipeline without a
/// crash and without breaking a property (see `FuzzOracle`).
@Suite struct FuzzRegressionTests {
    static let inputs: [(name: String, bytes: [UInt8])] = [
        ("empty", []),
        // A lone `\r` is a line break to libyaml but not to the editor: the fix was
        // mis-placed and verification refused it (internal error). Now refused as a manual fix.
        ("lone CR line breaks", Array("kind: Pod\nspec:\n containers:\r - s:\rp:".utf8)),
        ("lone CR before a list", Array("kind: Pod\r\nspec:\r\n  containers:\r\n  - name: a\r\n    image: x\r\n    ports:\rports:\r\n    - containerPort: 8080".utf8)),
        ("U+2028 line break", Array("kind: Pod\nspec:\n containers:\u{2028} - name: a\n".utf8)),
        // A container written as a one-pair mapping in a flow list (`[name: a]`) has no braces:
        // the key added after its last value became a new list item (internal error).
        ("brace-less flow pair", Array("kind: CronJob\nspec: {jobTemplate: {spec: {template: {spec: {containers: [{}:]}}}}}".utf8)),
        ("brace-less flow pair, named", Array("kind: Pod\nspec: {containers: [name: a]}\n".utf8)),
        // `? ` explicit keys: the key added at the key's column became part of the `?` key, so
        // the fix did not verify (internal error).
        ("explicit empty key", Array("kind: Pod\nspec:\n securityContext:\n  seccompProfile:\n   ?".utf8)),
        // Not a bug: an emptied list keeps its items as comment lines below it, which the
        // oracle must count as part of the securityContext.
        ("list emptied into comments", Array("kind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext:\n      capabilities:\n        add:\n        - NET_ADMIN  # why\n".utf8)),
        // An item removed from a flow list over several lines took the comment after it along
        // (`NET_RAW,  # ping`; the leading `#` makes the fuzzer's options baseline): refused now.
        ("comment between flow list items", Array("# x\nkind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext:\n      capabilities:\n        add: [\n          NET_RAW,  # ping\n          CHOWN\n        ]\n".utf8)),
        // ... and a comment right after the comma, with no space (libyaml starts one there).
        ("comment right after a flow comma", Array("kind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext:\n      capabilities:\n        add: [\n          NET_RAW,# ping\n          CHOWN\n        ]\n".utf8)),
        // A flow mapping losing its only key while gaining `drop`: the removal was refused (a
        // `#` in it) but the insertion still took the removed key's place: did not parse.
        ("flow mapping emptied and filled, removal refused", Array("kind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext:\n      capabilities: {add: [\"NET_RAW #x\"]}\n".utf8)),
        ("comment right after a flow comma, baseline", Array("# x\nkind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext:\n      capabilities:\n        add: [\n          NET_RAW,# ping\n          CHOWN\n        ]\n".utf8)),
        ("explicit key", Array("kind: Pod\nspec:\n  ? securityContext\n  : {}\n  containers:\n  - ? name\n    : a\n".utf8)),
        // A container that ends in a `? ` entry: libyaml puts the implied empty value at the next
        // token (`d:` at the root), so text added "after the container" landed under `d`.
        ("ends in an explicit key", Array("kind: Pod\nspec:\n containers:\n - ?\nd:".utf8)),
        ("keep-chomping scalar followed by a less-indented comment",
         Array("apiVersion: v1\nkind: Pod\nmetadata:\n  name: keep-chomp\nspec:\n  containers:\n  - na&a me: app\n    image: example/app:1.0\n    env:\n    - name: BANNER\n      value: |+\n    #   Welcome!\n\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: after\ndata:\n  k: v\n".utf8)),
        // An empty value followed by a dedent: libyaml marks it at the next token (`x` at the
        // root), so `false` and the keys added after it landed there (internal error).
        ("empty value before a dedent", Array("kind: Pod\nspec:\n  containers:\n  - name: b\n    image: x\n    securityContext:\n      allowPrivilegeEscalation:\nx: 1\n".utf8)),
        ("empty value before a dedent, fuzzed",
         Array("apiVersion: v1\nkind: Pod\nmetadata:\n  name: caps\nspec:\n  securityContext:\n    runAsNonRoot: false\n    seccompProfile:\n      type: Unconfined\n  containers:\n      - name: a\n        image: x\n        securityContext:\n            privileged: true\n            capabilities:\n                add:\n                    - NET_ADMIN\n                    - SYS_TIME\n      - name: b\n        image: x\n        securityContext:\n            allowPrivilegeEscalation:\nrt ue            capabilities:\n                add: [\"CHOWN\"]\n                drop:\n                    - \"NET_RAW\"\n".utf8)),
        // A multi-line double-quoted scalar with a line starting with `#`: text, not a comment.
        ("a '#' line inside a quoted scalar", Array("apiVer{ion: v1\nkind: Pod\n# tadata: {name: tiny}\nspec: {containers: [{fam'e: app, image: \"example/app:2.container.apparmor.piVer{ion: v1\nkind: Pod\n# ta%tes.io/0\"}]}\n".utf8)),
        // An unknown alias in a document of another kind (skipped by the selective parse)
        // passed, so the Deployment was fixed in a file a full parse rejects.
        ("unknown alias in a skipped document", Array("kind: Pod\nspec:\n  containers:\n  - name: a\n    image: b\n---\nkind: PodDisruptionBudget\nspec:\n  *aselector:\n    x: 1\n".utf8)),
        // An empty flow mapping holding a comment was rewritten whole: the comment was lost.
        ("comment inside an empty flow mapping", Array("{\n  \"kind\": \"Pod\",\n  \"spec\": {\n    \"securityContext\": {\n    #   \"runAsNonRoot\": true\n    },\n    \"containers\": [{\"name\": \"app\", \"securityContext\": {\"capabilities\": {\"drop\": [\"ALL\"]}, \"allowPrivilegeEscalation\": false}}]\n  }\n}\n".utf8)),
        ("comment inside an empty flow list", Array("kind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext:\n      capabilities:\n        drop: [\n          # none yet\n        ]\n".utf8)),
        // `{}` alone on its line inside a flow list is an item, not Helm's block value: it got
        // block text in a flow context (the patched file did not parse).
        ("empty flow mapping alone on its line in a flow list", Array("kind: Pod\nspec:\n  containers: [\n    {name: a},\n    {}\n  ]\n".utf8)),
        // An empty flow mapping or list spread over lines or padded with tabs was rewritten
        // whole: the line break and tabs between its brackets went.
        ("empty flow mapping over two lines", Array("kind: Pod\nspec: {containers: [{\n     }]}\n".utf8)),
        ("empty flow mapping padded with tabs", Array("kind: Pod\nspec: {containers: !!seq [{\t\t\t}]}\n".utf8)),
        ("empty flow list over two lines", Array("kind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext:\n      capabilities: {drop: [\n      ]}\n".utf8)),
        // A one-pair mapping in a flow list whose value ends in `}` passed for a braced one:
        // the key added after it became a new list item (internal error).
        ("brace-less flow pair whose value has braces", Array("kind: Pod\nspec: {containers: [name: {pname: z, image: y}]}\n".utf8)),
        ("braced flow mapping with anchor and tag", Array("kind: Pod\nspec: {containers: [&c !!map {name: a}]}\n".utf8)),
        // A block scalar ending the file without a line break: the break needed before added
        // text became part of its value (internal error). Refused unless `|-` drops it anyway.
        ("literal scalar at EOF without a line break", Array("kind: Pod\nspec:\n  containers:\n  - name: a\n    args:\n    - |\n      echo hi".utf8)),
        ("folded scalar at EOF without a line break", Array("kind: Pod\nspec:\n  containers:\n  - name: a\n    description: >\n      A long".utf8)),
        ("stripped scalar at EOF without a line break", Array("kind: Pod\nspec:\n  containers:\n  - name: a\n    args:\n    - |-\n      echo hi".utf8)),
        // A comment right after `}` (libyaml needs no space there) moved behind the added
        // entry: the oracle took it for part of the securityContext (false positive).
        ("comment right after a flow mapping", Array("kind: Pod\nspec:\n  containers: [\n    {name: app, x: {runAsUser: 1000}#\n} ]\n".utf8)),
        // A flow key with no colon (`{"capabilities" }`): the value was written without one.
        ("flow key without a colon", Array("{\"kind\": \"Pod\", \"spec\": {\"containers\": [{\"name\": \"app\", \"securityContext\": {\"capabilities\"   }}]}}\n".utf8)),
        ("flow key without a colon, pretty", Array("{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"Pod\",\n    \"metad`ta\": {\n        \"name\": \"json-pod\"\n    },\n    \"spec\": {\n        \"securityContext\": {\n            \"runAsNonRoot\": true\n        },\n        \"containers\": [\n            {\n                \"name\": \"app\",\n                \"image\": \"examplle/app:1.0\",\n                \"securityContext\": {\n                    \"capabilities\"   }\n            }\n        ]\n    }\n}".utf8)),
        // A multi-line flow mapping whose last value is followed by spaces: the spaces moved to
        // the end of the added lines (a change outside the edit).
        ("spaces after the last value of a multi-line flow mapping",
         Array("apiVersion: v1\nkind: Pod\nmetadata:\n  name: flow-multiline\nspec:\n  containers: [\n    {name: app, image: \"example/app:1.0\"},\n    {name: sidecar, image:null \"example/sidecar:1&0\",\n     securityCont#ext: {runAsUser: 1000} \n} ]\n  volumes: []\n".utf8)),
        ("ends in an explicit key, nested", Array("kind: Pod\nspec:\n  containers:\n  - name: a\n    env:\n    - ?\nx: 1\n".utf8)),
        // A quoted scalar whose second line starts with `#` ends a flow mapping in a multi-line
        // flow list: the oracle dropped that line as a comment, so the `}` moved past the added
        // entry looked like a new line (false positive; the fix was right).
        // Two list items removed in a row (nulls in `add`) with `drop` added after the list: the
        // insertion moved out of the last removed line landed in the one before it (internal
        // error: planned edits overlap). It now moves past every removed line.
        ("a key added after several removed list items", Array("kind: Pod\nspec:\n containers:\n  - e:\n    securityContext:\n     capabilities:\n      add:\n        - SYS_ADMIN\n        -\n        -\na:".utf8)),
        // A folded scalar ending in a line of spaces deeper than its content: that line is
        // content (a space), not a blank line; text inserted before it changed the value
        // (internal error: the verifier refused it).
        ("a block scalar ending in a line of extra spaces", Array("kind: Pod\nspec:\n containers:\n - t:\n   n: >\n    o\n     \n".utf8)),
        ("the same with an explicit indentation indicator", Array("kind: Pod\nspec:\n containers:\n - t:\n   n: |2\n     o\n      \n\n".utf8)),
        // A comment line below a flow mapping's closing `},`, indented deeper than the added
        // key: the oracle counted it, and the `},` before it, as part of the securityContext
        // (false positive).
        ("a comment below the closing brace of a container", Array("apiVersion: v1\nkind: Pod\nmetadata:\n  name: flow-multiline\nspec:\n  containers:   [  {\nname: app.0\"},\n   #  {}\n  ]\n  volumes: []\n".utf8)),
        // `{ }` filled with a securityContext is rewritten whole, by design: the oracle took the
        // dropped space for a change outside the securityContext (false positive).
        ("an empty flow mapping with a space inside", Array("apiVersion: v1\nkind: Pod\nmetadata: {naminy}\nspec: {containers: [{ }]}\n".utf8)),
        // The only pod annotation, a legacy `unconfined` seccomp one, goes where the field is
        // set (`annotations: {}` is left): the oracle took it for a change outside the
        // securityContext (false positive, found by CI's fuzz run).
        ("a legacy seccomp annotation removed", Array("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: l\nspec:\n  template:\n    metadata:\n      annotations:\n        seccomp.security.alpha.kubernetes.io/pod: unconfined\n    spec:\n      containers:\n      - name: a\n        image: x\n".utf8)),
        ("a legacy seccomp annotation among others, flow", Array("kind: Pod\nmetadata: {annotations: {a: b, container.seccomp.security.alpha.kubernetes.io/c: unconfined}}\nspec:\n  containers:\n  - name: c\n    image: x\n".utf8)),
        ("legacy seccomp annotations only, flow", Array("kind: Pod\nmetadata: {annotations: {seccomp.security.alpha.kubernetes.io/pod: unconfined, container.seccomp.security.alpha.kubernetes.io/c: unconfined}}\nspec:\n  containers:\n  - name: c\n    image: x\n".utf8)),
        ("a quoted line starting with '#' before a closing brace", Array("kind: Pod\nspec:\n containers: [\n{e\n,g: \"\n#\"},\n{e\n,\nt: {}}\n]".utf8)),
    ]

    @Test(arguments: inputs.indices)
    func fuzzFinding(_ index: Int) {
        let input = Self.inputs[index]
        let problems = FuzzOracle.failures(input.bytes)
        #expect(problems.isEmpty, "\(input.name): \(problems)")
    }

    @Test func oracleAcceptsAGoldenStyleFix() {
        let yaml = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
            spec:
              containers:
              - name: a
                image: x
              - {name: b, image: y}
            """
        #expect(FuzzOracle.failures(Array(yaml.utf8)).isEmpty)
    }

    @Test func oracleReportsAChangeOutsideSecurityContext() {
        let old = Array("a: 1\nsecurityContext:\n  x: 1\nb: 2\n".utf8)
        let new = Array("a: 1\nsecurityContext:\n  x: 2\nb: 3\n".utf8)
        #expect(FuzzOracle.changesOutsideSecurityContext(old: old, new: new) == ["-b: 2\n", "+b: 3\n"])
        let flowOld = Array("spec: {containers: [{name: a}]}\n".utf8)
        let flowNew = Array("spec: {containers: [{name: a, securityContext: {x: 1}}], securityContext: {}}\n".utf8)
        #expect(FuzzOracle.changesOutsideSecurityContext(old: flowOld, new: flowNew).isEmpty)
        let lost = Array("spec: {containers: [{securityContext: {x: 1}}], b: 2}\n".utf8)
        #expect(FuzzOracle.changesOutsideSecurityContext(old: flowNew, new: lost) == [
            "-spec: {containers: [{name: a, }], }\n", "+spec: {containers: [{}], b: 2}\n",
        ])
    }
}
#endif
