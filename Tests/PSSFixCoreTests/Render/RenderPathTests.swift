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
