import Testing
@testable import PSSFixCore

@Suite struct RenderPathTests {
    @Test func normalizeResolvesDotsAndSlashes() {
        #expect(RenderPath.normalize("/a/./b/../c//d/") == "/a/c/d")
        #expect(RenderPath.normalize("/../a") == "/a", "nothing above the root")
        #expect(RenderPath.normalize("../a/../../b") == "../../b", "a relative path keeps its leading ..")
        #expect(RenderPath.normalize("a/..") == ".")
        #expect(RenderPath.normalize("/") == "/")
    }

    /// The fast path (`isNormal`: return the path as it is) must agree with the lexical
    /// normalisation on every path, normal or not: all paths of up to four components drawn
    /// from names, `.`, `..` and empty ones, absolute and relative, with and without a
    /// trailing slash.
    @Test func fastPathAgreesWithTheLexicalNormalisation() {
        let parts = ["a", "bc", ".", "..", "", ".x", "..y", "a.b"]
        var paths: [String] = ["", "/", ".", ".."]
        for count in 1...4 {
            var combos: [[String]] = [[]]
            for _ in 0..<count { combos = combos.flatMap { c in parts.map { c + [$0] } } }
            for c in combos {
                let joined = c.joined(separator: "/")
                paths += [joined, "/" + joined, joined + "/", "/" + joined + "/"]
            }
        }
        var normal = 0
        for path in paths {
            let slow = RenderPath.lexicallyNormalized(path)
            #expect(RenderPath.normalize(path) == slow, "\(path)")
            if RenderPath.isNormal(path) {
                normal += 1
                #expect(slow == path, "\(path) is called normal but normalises to \(slow)")
            }
        }
        #expect(normal > 100, "the fast path is taken for ordinary paths")
    }

    @Test func joinResolvesAgainstTheBase() {
        #expect(RenderPath.join("/r/overlays/prod", "../../base") == "/r/base")
        #expect(RenderPath.join("/r/x", "/abs/y") == "/abs/y", "an absolute path wins")
    }

    @Test func relativeLeadsFromOneDirectoryToAnother() {
        #expect(RenderPath.relative(from: "/tmp/w", to: "/work/repo/overlay") == "../../work/repo/overlay")
        #expect(RenderPath.relative(from: "/a/b", to: "/a/b/c") == "c")
        #expect(RenderPath.relative(from: "/a/b", to: "/a/b") == ".")
        #expect(RenderPath.relative(from: "/", to: "/x") == "x")
        for (from, to) in [("/tmp/w", "/work/r/o"), ("/a/b/c", "/a/x"), ("/", "/y/z")] {
            #expect(RenderPath.join(from, RenderPath.relative(from: from, to: to)) == to, "round trip \(from) → \(to)")
        }
    }

    @Test func parentLastComponentAndInside() {
        #expect(RenderPath.parent("/a/b.yaml") == "/a")
        #expect(RenderPath.parent("/a") == "/")
        #expect(RenderPath.lastComponent("/a/b.yaml") == "b.yaml")
        #expect(RenderPath.isInside("/a/b/c", "/a/b"))
        #expect(RenderPath.isInside("/a/b", "/a/b"))
        #expect(!RenderPath.isInside("/a/bc", "/a/b"), "a sibling with a longer name is not inside")
        #expect(RenderPath.isInside("/x", "/"))
    }
}
