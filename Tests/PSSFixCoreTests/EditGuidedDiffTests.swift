import PropertyBased
import Testing

@testable import PSSFixCore

/// `--diff` diffs only the lines a fix's edits touch (`LineDiff(old:new:edits:)`). Its diffs
/// must be the bytes of the whole-file diff, for every fix: otherwise a diff would depend on
/// which way it was made.
@Suite struct EditGuidedDiffTests {
    /// The edit-guided and whole-file diffs of every fix `fixes` makes; how many were made
    /// from the edits (the others fell back) and the files whose diffs differ.
    /// The line starts a fix hands over are checked too: they must be the files' own.
    static func compare(_ fixes: [FileFixResult]) -> (guided: Int, changed: Int, differing: [String]) {
        var guided = 0
        var changed = 0
        var withLines = 0
        var differing: [String] = []
        for (i, result) in fixes.enumerated() where result.changed {
            changed += 1
            #expect(!result.edits.isEmpty, "a changed file without its edits")
            let starts = result.lineStarts.map { (old: $0.original, new: $0.fixed) }
            if let starts {
                withLines += 1
                #expect(LineDiff.lines(starts: starts.old, count: result.original.count) == LineDiff.lines(of: result.original))
                #expect(LineDiff.lines(starts: starts.new, count: result.fixed.count) == LineDiff.lines(of: result.fixed))
            }
            if LineDiff(old: result.original, new: result.fixed, edits: result.edits) != nil { guided += 1 }
            let whole = UnifiedDiff.make(old: result.original, new: result.fixed, path: "f.yaml")
            let fromEdits = UnifiedDiff.make(old: result.original, new: result.fixed, path: "f.yaml", edits: result.edits)
            let withStarts = UnifiedDiff.make(old: result.original, new: result.fixed, path: "f.yaml", edits: result.edits, lineStarts: starts)
            if whole != fromEdits || whole != withStarts { differing.append("fix #\(i)") }
        }
        // Every fix of a plain manifest has them (templates are parsed masked, so do not).
        #expect(withLines > changed * 9 / 10, "\(withLines) of \(changed) fixes with line starts")
        return (guided, changed, differing)
    }

    @Test func repositoryFilesDiffAlikeEitherWay() throws {
        let files = try ReparseWindowsTests.repositoryFiles()
        #expect(files.count > 700, "the repository's YAML files were not found")
        var fixes: [FileFixResult] = []
        for options in ReparseWindowsTests.optionSets {
            for (_, bytes) in files { fixes.append(ManifestFixer.fix(bytes, options: options)) }
        }
        let (guided, changed, differing) = Self.compare(fixes)
        print("edit-guided diff, repository files: \(guided) of \(changed) fixes diffed from their edits")
        #expect(differing.isEmpty, "\(differing.prefix(10))")
        // Most fixes take the edits (the rest have a changed line equal to a neighbour).
        #expect(guided > changed / 2, "\(guided) of \(changed)")
    }

    @Test func generatedManifestsDiffAlikeEitherWay() {
        var rng: any SeededRandomNumberGenerator = Xoshiro(seed: (12, 3, 2026, 23))
        var fixes: [FileFixResult] = []
        for i in 0..<2_000 {
            let bytes = ManifestRenderer.render(ManifestGen.generate(&rng)).bytes
            fixes.append(ManifestFixer.fix(bytes, options: ReparseWindowsTests.optionSets[i % ReparseWindowsTests.optionSets.count]))
        }
        let (guided, changed, differing) = Self.compare(fixes)
        print("edit-guided diff, generated manifests: \(guided) of \(changed) fixes diffed from their edits")
        #expect(differing.isEmpty, "\(differing.prefix(10))")
        #expect(guided > changed / 2, "\(guided) of \(changed)")
    }

    /// Edits that do not make the new bytes are not trusted: the whole file is diffed.
    @Test func editsThatDoNotMakeTheNewBytesFallBack() {
        let old = Array("a: 1\nb: 2\nc: 3\n".utf8)
        let new = Array("a: 1\nb: 5\nc: 3\n".utf8)
        let right = [Edit(span: Span(8, 9), text: "5")]
        let wrong = [Edit(span: Span(2, 3), text: "5")]
        #expect(LineDiff(old: old, new: new, edits: right) != nil)
        #expect(LineDiff(old: old, new: new, edits: wrong) == nil)
        #expect(LineDiff(old: old, new: new, edits: []) == nil)
        let expected = UnifiedDiff.make(old: old, new: new, path: "f.yaml")
        #expect(UnifiedDiff.make(old: old, new: new, path: "f.yaml", edits: wrong) == expected)
        #expect(UnifiedDiff.make(old: old, new: new, path: "f.yaml", edits: right) == expected)
    }

    /// Windows are whole lines on both sides: an insertion at a line start whose text does not
    /// end a line joins the line after it; edits whose windows touch are diffed together.
    @Test func windowsAreWholeLines() {
        let old = Array("a: 1\nb: 2\nc: 3\nd: 4\n".utf8)
        let edits = [Edit(span: Span(5, 5), text: "x: 0, "), Edit(span: Span(13, 14), text: "9")]
        let new = (try! Patch(edits)).apply(to: old)
        let windows = LineDiff.windows(old: old, new: new, edits: (try! Patch(edits)).edits)
        #expect(windows == [LineDiff.Window(old: 5..<10, new: 5..<16), LineDiff.Window(old: 10..<15, new: 16..<21)])
        let diff = LineDiff(old: old, new: new, edits: edits)
        #expect(diff?.changes == LineDiff(old: old, new: new).changes)
    }
}
