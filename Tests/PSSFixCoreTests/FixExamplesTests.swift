import Testing

@testable import PSSFixCore

/// Every check's fix examples, byte for byte, in the same variants as the check examples:
/// as written, CRLF, after a multi-byte comment line, and as the 2nd document of a stream.
@Suite struct FixExamplesTests {
    static let fixable = CheckRegistry.descriptions.filter { !$0.fixes.isEmpty }

    @Test func everyFixableCheckHasFixExamples() {
        for fixer in FixerRegistry.all {
            let d = CheckRegistry.descriptions.first { $0.id == fixer.checkID }
            #expect(d != nil, "fixer for unknown check \(fixer.checkID)")
            #expect(!(d?.fixes.isEmpty ?? true), "\(fixer.checkID) has a fixer but no fix examples")
            if fixer.isOptIn {
                #expect(d?.fixes.allSatisfy { $0.optIn.contains(fixer.checkID) } == true, "opt-in examples name their --fix")
            }
        }
    }

    enum Variant: String, CaseIterable {
        case asWritten, crlf, multiBytePrefix, secondDocument

        func apply(_ text: String) -> String {
            switch self {
            case .asWritten: return text
            case .crlf: return text.replacingOccurrences(of: "\n", with: "\r\n")
            case .multiBytePrefix: return "# 日本語 👨‍👩‍👧 ünïcödé\n" + text
            case .secondDocument:
                return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {a: \"1\"}\n---\n" + text + "# trailing comment\n"
            }
        }
    }

    @Test(arguments: fixable.map(\.id), Variant.allCases)
    func fixExamples(_ id: String, _ variant: Variant) {
        let d = CheckRegistry.descriptions.first { $0.id == id }!
        for example in d.fixes {
            // One fixer's own change, as documented: --partial, so that a workload the example
            // leaves violating other checks is still changed (the atomic rule has golden cases).
            var options = FixOptions(
                level: example.level, version: example.version, optIn: example.optIn, runAsUser: example.runAsUser)
            options.partial = true
            let before = Array(variant.apply(example.before + "\n").utf8)
            let after = Array(variant.apply(example.after + "\n").utf8)
            let result = ManifestFixer.fix(before, options: options)
            let where_ = "\(example.file.split(separator: "/").last!):\(example.line) [\(variant)]"
            #expect(result.status == .processed, "\(where_): \(result.status)")
            #expect(String(decoding: result.fixed, as: UTF8.self) == String(decoding: after, as: UTF8.self), "\(where_)")
            #expect(result.fixed == after, "\(where_): bytes differ")
            #expect(result.workloads.flatMap(\.applied).contains { $0.checkID == id }, "\(where_): no \(id) fix reported")
            let again = ManifestFixer.fix(after, options: options)
            #expect(again.fixed == after, "\(where_): fixing the result again changed it")
        }
    }
}
