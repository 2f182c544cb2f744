import Foundation
import Testing
@testable import PSSFixCLI
@testable import PSSFixCore

/// Discovery over the fixtures on disk, with the input walk pss-fix uses for loose files.
@Suite struct DiscoveryOnDiskTests {
    let discovery = RenderDiscovery(tree: DiskFileTree())

    func plan(_ relatives: [String]) -> RenderPlan {
        let paths = relatives.map(RenderFixtures.path)
        let walked = InputCollector(workingDirectory: RenderFixtures.root).collect(paths).files.compactMap(\.realPath)
        return discovery.plan(paths: paths, manifestFiles: walked)
    }

    func relative(_ path: String) -> String { String(path.dropFirst(RenderFixtures.root.count + 1)) }

    /// `listing` (one readdir, d_type) says what `children` and `entry` say, one stat each:
    /// symlinks to directories are not directories, hidden names are listed.
    @Test func listingAgreesWithChildrenAndEntries() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pss-fix-listing-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for sub in ["b", "a/c", ".hidden"] { try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true) }
        for file in ["z.yaml", "a/x.yaml", ".env"] { FileManager.default.createFile(atPath: dir + "/" + file, contents: Data("x".utf8)) }
        try FileManager.default.createSymbolicLink(atPath: dir + "/link-to-b", withDestinationPath: dir + "/b")
        try FileManager.default.createSymbolicLink(atPath: dir + "/link-to-z", withDestinationPath: dir + "/z.yaml")
        let tree = DiskFileTree()
        for directory in [dir, dir + "/a"] {
            let expected = tree.children(of: directory).map { ($0, tree.entry(at: directory + "/" + $0) == .directory) }
            let listing = tree.listing(of: directory)
            #expect(listing.map(\.name) == expected.map(\.0))
            #expect(listing.map(\.isDirectory) == expected.map(\.1))
        }
        #expect(tree.listing(of: dir).filter(\.isDirectory).map(\.name) == [".hidden", "a", "b"])
    }

    /// The input walk lists files in byte order of their paths (`a-b/x` before `a.yaml` before
    /// `a/b.yaml`, upper case before lower, multi-byte names last), hidden ones and symlinks
    /// left out, whichever order the file system returns them in.
    @Test func theInputWalkListsFilesInByteOrder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pss-fix-walk-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = ["z.yaml", "a.yaml", "a-b/x.yaml", "a/b.yaml", "a/c/d.yml", "B.json", "é.yaml", "a/.hidden.yaml", ".h/x.yaml", "a/notes.txt"]
        for file in files {
            try FileManager.default.createDirectory(atPath: dir + "/" + RenderPath.parent(file), withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: dir + "/" + file, contents: Data("x".utf8))
        }
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.yaml", withDestinationPath: dir + "/z.yaml")
        let walked = InputCollector(workingDirectory: dir).collect(["."]).files.map(\.displayPath)
        #expect(walked == ["B.json", "a-b/x.yaml", "a.yaml", "a/b.yaml", "a/c/d.yml", "z.yaml", "é.yaml"])
    }

    @Test func chartsAreFoundAndLibraryChartsCoveredByTheirDependents() {
        let plan = plan(["helm"])
        #expect(plan.entries.map { relative($0.source.path) } == ["helm/app", "helm/broken", "helm/umbrella", "helm/web"])
        #expect(plan.libraryCoverage == [RenderFixtures.path("helm/common"): [RenderFixtures.path("helm/app")]])
        #expect(plan.entries[0].claimedDirectories == [RenderFixtures.path("helm/app"), RenderFixtures.path("helm/common")])
        #expect(plan.looseFiles.isEmpty, "templates and values files belong to their charts: \(plan.looseFiles)")
        #expect(plan.unrendered.isEmpty)
    }

    @Test func kustomizationRootsOwnEverythingTheyRead() throws {
        let plan = plan(["kustomize"])
        #expect(plan.entries.map { relative($0.source.path) } == [
            "kustomize/exec-fn", "kustomize/overlays/prod", "kustomize/overlays/staging", "kustomize/with-chart",
        ], "base is built by the overlays, the component by prod, and the chart under with-chart by with-chart")
        #expect(plan.looseFiles.isEmpty, "\(plan.looseFiles)")
        #expect(plan.unrendered.isEmpty)
        #expect(plan.problems.isEmpty)
        let prod = try #require(plan.entries.first { $0.source.path == RenderFixtures.path("kustomize/overlays/prod") })
        #expect(prod.claimedFiles.map(relative) == [
            "kustomize/base/deployment.yaml", "kustomize/base/kustomization.yaml", "kustomize/base/workers.yaml",
            "kustomize/components/restricted/kustomization.yaml", "kustomize/components/restricted/run-as-non-root.yaml",
            "kustomize/overlays/prod/kustomization.yaml", "kustomize/overlays/prod/security-patch.yaml",
        ])
        let staging = try #require(plan.entries.first { $0.source.path == RenderFixtures.path("kustomize/overlays/staging") })
        #expect(staging.claims(RenderFixtures.path("kustomize/overlays/staging/replicas-patch.yaml")))
        let withChart = try #require(plan.entries.last)
        #expect(withChart.claimedDirectories == [RenderFixtures.path("kustomize/with-chart/charts/tiny")])
    }

    @Test func aSingleBaseFileResolvesToEveryOverlayThatBuildsIt() {
        // Scanned from the repository's top level (this package), so both overlays are found.
        let plan = plan(["kustomize/base/workers.yaml"])
        #expect(plan.entries.map { relative($0.source.path) } == ["kustomize/overlays/prod", "kustomize/overlays/staging"])
        #expect(plan.looseFiles.isEmpty)
    }

    @Test func filesInsideChartsAndPackagedChartsResolveToCharts() {
        #expect(plan(["helm/umbrella/charts/backend/templates/deployment.yaml"]).entries.map { relative($0.source.path) } == ["helm/umbrella"])
        let library = plan(["helm/common/templates/_deployment.tpl"])
        #expect(library.entries.map { relative($0.source.path) } == ["helm/app"], "a library chart resolves to the charts using it")
    }

    @Test func everyPlannedSourceRendersOrSaysWhyNot() throws {
        let plan = plan(["helm", "kustomize"])
        let renderer = try RenderFixtures.renderer()
        var outcomes: [String: String] = [:]
        for entry in plan.entries {
            switch renderer.render(entry.source) {
            case .rendered(let stream): outcomes[relative(entry.source.path)] = "\(stream.documents.count) documents"
            case .notRendered(let reason): outcomes[relative(entry.source.path)] = "\(reason.cause)"
            }
        }
        #expect(outcomes == [
            "helm/app": "1 documents", "helm/broken": "renderFailed", "helm/umbrella": "5 documents", "helm/web": "4 documents",
            "kustomize/exec-fn": "unsupported", "kustomize/overlays/prod": "3 documents",
            "kustomize/overlays/staging": "3 documents", "kustomize/with-chart": "1 documents",
        ])
    }
}
