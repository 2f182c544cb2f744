import Foundation
import Testing

@testable import PSSFixCore

/// Every combination of the layouts people write (indent width, list style, flow or block
/// securityContext, comments, CRLF, final newline, multi-document) through the fixer: no
/// internal error, no refusal, the result passes restricted, and a second run changes nothing.
@Suite struct StyleMatrixTests {
    struct Style: CustomStringConvertible, Sendable {
        let indent: Int
        let indentedLists: Bool
        let securityContext: Int  // 0 none, 1 block, 2 flow, 3 {}, 4 null
        let comments: Bool
        let crlf: Bool
        let finalNewline: Bool
        let secondDocument: Bool

        var description: String {
            "indent \(indent) lists \(indentedLists ? "indented" : "indentless") sc \(securityContext) comments \(comments) crlf \(crlf) eol \(finalNewline) doc2 \(secondDocument)"
        }
    }

    static let styles: [Style] = {
        var all: [Style] = []
        for indent in [2, 4] {
            for indentedLists in [false, true] {
                for sc in 0...4 {
                    for comments in [false, true] {
                        for crlf in [false, true] {
                            for eol in [false, true] {
                                all.append(Style(
                                    indent: indent, indentedLists: indentedLists, securityContext: sc, comments: comments,
                                    crlf: crlf, finalNewline: eol, secondDocument: (indent + sc) % 2 == 0))
                            }
                        }
                    }
                }
            }
        }
        return all
    }()

    static func manifest(_ s: Style) -> String {
        let p = String(repeating: " ", count: s.indent)
        let dash = s.indentedLists ? p + "- " : "- "
        let item = s.indentedLists ? p + "  " : "  "
        var lines = [
            "apiVersion: apps/v1", "kind: Deployment", "metadata:", "\(p)name: web\(s.comments ? "  # the web tier" : "")",
            "spec:", "\(p)template:", "\(p)\(p)spec:",
        ]
        if s.comments { lines.append("\(p)\(p)\(p)# containers below") }
        lines.append("\(p)\(p)\(p)containers:")
        let base = "\(p)\(p)\(p)"
        lines.append("\(base)\(dash)name: app")
        lines.append("\(base)\(item)image: nginx")
        switch s.securityContext {
        case 1: lines += ["\(base)\(item)securityContext:", "\(base)\(item)\(p)readOnlyRootFilesystem: true"]
        case 2: lines.append("\(base)\(item)securityContext: {readOnlyRootFilesystem: true}")
        case 3: lines.append("\(base)\(item)securityContext: {}")
        case 4: lines.append("\(base)\(item)securityContext:\(s.comments ? "  # todo" : "")")
        default: break
        }
        if s.comments { lines.append("\(base)\(item)# - name: sidecar") }
        lines.append("\(base)\(dash)name: side")
        lines.append("\(base)\(item)image: busybox")
        lines.append("\(base)\(item)args: [\"sleep\", \"infinity\"]")
        var text = lines.joined(separator: "\n")
        if s.secondDocument { text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\(p)name: cfg\n---\n" + text }
        if s.finalNewline { text += "\n" }
        if s.crlf { text = text.replacingOccurrences(of: "\n", with: "\r\n") }
        return text
    }

    @Test(arguments: styles)
    func fixesEveryLayout(_ style: Style) throws {
        let input = Array(Self.manifest(style).utf8)
        let options = FixOptions()
        let result = ManifestFixer.fix(input, options: options)
        #expect(result.status == .processed, "\(style): \(result.status)")
        #expect(result.workloads.allSatisfy { $0.manual.isEmpty }, "\(style): \(result.workloads.flatMap(\.manual))")
        #expect(result.remainingCount == 0, "\(style): \(result.workloads.flatMap(\.remaining))")
        #expect(ManifestFixer.fix(result.fixed, options: options).fixed == result.fixed, "\(style): not idempotent")
        let text = String(decoding: result.fixed, as: UTF8.self)
        #expect(!text.contains("\t"))
        #expect(text.hasSuffix("\n") == style.finalNewline || text.hasSuffix("\r\n") == style.finalNewline)
        if style.crlf { #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "\(style): a bare LF in a CRLF file") }
        if style.comments {
            for comment in ["# the web tier", "# containers below", "# - name: sidecar"] { #expect(text.contains(comment)) }
        }
    }
}
