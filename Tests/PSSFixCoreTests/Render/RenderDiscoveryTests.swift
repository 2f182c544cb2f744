import Testing
@testable import PSSFixCore

/// Discovery over trees held in memory: the rules, one at a time (the fixtures on disk are
/// covered by PSSFixCLITests/Render/DiscoveryOnDiskTests).
@Suite struct RenderDiscoveryTests {
    static let repo = InMemoryFileTree([
        "/repo/.git/HEAD": "ref: refs/heads/main\n",
        "/repo/apps/base/kustomization.yaml": "resources: [deploy.yaml, multi.yaml]\n",
        "/repo/apps/base/deploy.yaml": "kind: Deployment\n",
        "/repo/apps/base/multi.yaml": "kind: Deployment\n---\nkind: CronJob\n",
        "/repo/apps/prod/kustomization.yaml": "resources: [../base]\npatchesStrategicMerge: [smp.yaml]\ncomponents: [../../components/sec]\n",
        "/repo/apps/prod/smp.yaml": "kind: Deployment\n",
        "/repo/apps/dev/kustomization.yaml": "resources: [../base]\n",
        "/repo/components/sec/kustomization.yaml": "kind: Component\npatches: [{path: p.yaml}]\n",
        "/repo/components/sec/p.yaml": "kind: Deployment\n",
        "/repo/components/unused/kustomization.yaml": "kind: Component\npatches: [{path: q.yaml}]\n",
        "/repo/components/unused/q.yaml": "kind: Deployment\n",
        "/repo/plain/pod.yaml": "kind: Pod\n",
        "/repo/charts/web/Chart.yaml": "name: web\n",
        "/repo/charts/web/values.yaml": "a: 1\n",
        "/repo/charts/web/templates/deploy.yaml": "kind: Deployment\n",
        "/repo/charts/web/charts/db/Chart.yaml": "name: db\n",
        "/repo/charts/web/charts/db/templates/sts.yaml": "kind: StatefulSet\n",
        "/repo/charts/lib/Chart.yaml": "name: lib\ntype: library\n",
        "/repo/charts/lib/templates/_x.tpl": "",
        "/repo/charts/uses-lib/Chart.yaml": "name: uses-lib\ndependencies:\n- name: lib\n  repository: file://../lib\n",
        "/repo/charts/lonely-lib/Chart.yaml": "name: lonely-lib\ntype: library\n",
    ])
    let discovery = RenderDiscovery(tree: RenderDiscoveryTests.repo)

    func sources(_ plan: RenderPlan) -> [String] { plan.entries.map { "\($0.source.kindName) \($0.source.path)" } }

    /// Loose files come out sorted and without repeats whatever order the walk gives them in
    /// (in order, shuffled, repeated, non-ASCII names): the one-pass check for an ordered input
    /// and the sort must agree.
    @Test func looseFilesAreSortedAndDistinctInEveryInputOrder() {
        let tree = InMemoryFileTree([
            "/r/a.yaml": "", "/r/a-b/x.yaml": "", "/r/a/b.yaml": "", "/r/B.yaml": "", "/r/é.yaml": "", "/r/e\u{301}x.yaml": "",
        ])
        let files = ["/r/B.yaml", "/r/a-b/x.yaml", "/r/a.yaml", "/r/a/b.yaml", "/r/e\u{301}x.yaml", "/r/é.yaml"]
        let expected = Set(files).sorted()
        let discovery = RenderDiscovery(tree: tree)
        for input in [expected, files, files.reversed(), expected + expected, [expected[0], expected[0]] + expected.dropFirst()] {
            #expect(discovery.plan(paths: ["/r"], manifestFiles: input).looseFiles == expected, "\(input)")
        }
    }

    @Test func aWalkedTreeGivesChartsAndRootsAndOnlyUnownedFilesAreLoose() {
        let manifests = Self.repo.files.keys.filter { $0.hasSuffix(".yaml") && !$0.contains("/.git/") }
        let plan = discovery.plan(paths: ["/repo"], manifestFiles: Array(manifests))
        #expect(sources(plan) == [
            "kustomization /repo/apps/dev", "kustomization /repo/apps/prod",
            "chart /repo/charts/uses-lib", "chart /repo/charts/web",
        ], "base is built by the overlays; components, subcharts and library charts are not rendered alone")
        #expect(plan.looseFiles == ["/repo/plain/pod.yaml"])
        #expect(plan.libraryCoverage == ["/repo/charts/lib": ["/repo/charts/uses-lib"]])
        #expect(plan.unrendered.map(\.path) == ["/repo/charts/lonely-lib", "/repo/components/unused"])
        #expect(plan.unrendered.allSatisfy { $0.reason.cause == .notRenderable })
        let prod = plan.entries.first { $0.source.path == "/repo/apps/prod" }!
        #expect(prod.claimedFiles == [
            "/repo/apps/base/deploy.yaml", "/repo/apps/base/kustomization.yaml", "/repo/apps/base/multi.yaml",
            "/repo/apps/prod/kustomization.yaml", "/repo/apps/prod/smp.yaml",
            "/repo/components/sec/kustomization.yaml", "/repo/components/sec/p.yaml",
        ])
        #expect(plan.owners(of: "/repo/apps/base/multi.yaml").map(\.source.path) == ["/repo/apps/dev", "/repo/apps/prod"])
        #expect(plan.owners(of: "/repo/charts/web/charts/db/templates/sts.yaml").map(\.source.path) == ["/repo/charts/web"])
    }

    @Test func aSingleFileResolvesToTheRootsThatReadIt() {
        let plan = discovery.plan(paths: ["/repo/apps/base/multi.yaml"], manifestFiles: ["/repo/apps/base/multi.yaml"])
        #expect(sources(plan) == ["kustomization /repo/apps/dev", "kustomization /repo/apps/prod"])
        #expect(plan.looseFiles.isEmpty)
        let patch = discovery.plan(paths: ["/repo/components/sec/p.yaml"], manifestFiles: [])
        #expect(sources(patch) == ["kustomization /repo/apps/prod"], "through the component prod builds")
        let kustomizationFile = discovery.plan(paths: ["/repo/apps/base/kustomization.yaml"], manifestFiles: [])
        #expect(sources(kustomizationFile) == ["kustomization /repo/apps/dev", "kustomization /repo/apps/prod"])
    }

    @Test func aFileNoRootReadsIsLooseUnlessAnUnusedComponentOwnsIt() {
        let plain = discovery.plan(paths: ["/repo/plain/pod.yaml"], manifestFiles: ["/repo/plain/pod.yaml"])
        #expect(plain.entries.isEmpty)
        #expect(plain.looseFiles == ["/repo/plain/pod.yaml"])
        let unused = discovery.plan(paths: ["/repo/components/unused/q.yaml"], manifestFiles: ["/repo/components/unused/q.yaml"])
        #expect(unused.entries.isEmpty)
        #expect(unused.looseFiles.isEmpty, "a component's patch is not a manifest to judge alone")
        #expect(unused.unrendered.map(\.path) == ["/repo/components/unused"])
    }

    @Test func aBaseNamedAloneIsARoot() {
        let plan = discovery.plan(paths: ["/repo/apps/base"], manifestFiles: [])
        #expect(sources(plan) == ["kustomization /repo/apps/base"])
    }

    @Test func pathsInsideChartsResolveToTheOutermostChart() {
        for path in ["/repo/charts/web/templates/deploy.yaml", "/repo/charts/web/charts/db/templates/sts.yaml",
                     "/repo/charts/web/charts/db", "/repo/charts/web/values.yaml"] {
            #expect(sources(discovery.plan(paths: [path], manifestFiles: [])) == ["chart /repo/charts/web"], "\(path)")
        }
    }

    @Test func aLibraryChartNamedAloneIsCoveredByItsDependentsInTheRepository() {
        let plan = discovery.plan(paths: ["/repo/charts/lib/templates/_x.tpl"], manifestFiles: [])
        #expect(sources(plan) == ["chart /repo/charts/uses-lib"])
        #expect(plan.libraryCoverage == ["/repo/charts/lib": ["/repo/charts/uses-lib"]])
        #expect(plan.entries[0].claimedDirectories == ["/repo/charts/lib", "/repo/charts/uses-lib"])
        let lonely = discovery.plan(paths: ["/repo/charts/lonely-lib"], manifestFiles: [])
        #expect(lonely.entries.isEmpty)
        #expect(lonely.unrendered.first?.reason.message.contains("library chart") == true)
    }

    @Test func aPackagedChartIsAChartThatOwnsOnlyItself() {
        let tree = InMemoryFileTree(["/d/web-1.0.0.tgz": "binary"])
        let plan = RenderDiscovery(tree: tree).plan(paths: ["/d/web-1.0.0.tgz"], manifestFiles: [])
        #expect(plan.entries == [RenderPlan.Entry(source: .helmChart(HelmChartSource(path: "/d/web-1.0.0.tgz")),
                                                  claimedFiles: ["/d/web-1.0.0.tgz"], claimedDirectories: [])])
    }

    @Test func chartsAKustomizationRendersBelongToIt() {
        let tree = InMemoryFileTree([
            "/k/kustomization.yaml": "helmCharts:\n- name: tiny\n",
            "/k/charts/tiny/Chart.yaml": "name: tiny\n",
            "/k/charts/tiny/templates/d.yaml": "kind: Deployment\n",
        ])
        let plan = RenderDiscovery(tree: tree).plan(paths: ["/k"], manifestFiles: ["/k/charts/tiny/templates/d.yaml"])
        #expect(plan.entries.map(\.source) == [.kustomization(KustomizationSource(directory: "/k"))])
        #expect(plan.looseFiles.isEmpty)
    }

    @Test func brokenReferencesAreReportedAsProblems() {
        let tree = InMemoryFileTree(["/k/kustomization.yaml": "resources: [gone.yaml]\n"])
        let plan = RenderDiscovery(tree: tree).plan(paths: ["/k"], manifestFiles: [])
        #expect(plan.problems == [RenderPlan.Problem(path: "/k/kustomization.yaml", message: "/k/kustomization.yaml: gone.yaml does not exist")])
    }

    @Test func symlinkedSubchartsCountAsDependencies() {
        let tree = InMemoryFileTree([
            "/h/lib/Chart.yaml": "name: lib\ntype: library\n",
            "/h/app/Chart.yaml": "name: app\n",
        ], links: ["/h/app/charts/lib": "../../lib"])
        let plan = RenderDiscovery(tree: tree).plan(paths: ["/h"], manifestFiles: [])
        #expect(plan.libraryCoverage == ["/h/lib": ["/h/app"]])
    }
}

extension RenderSource {
    var kindName: String {
        switch self {
        case .file: return "file"
        case .helmChart: return "chart"
        case .kustomization: return "kustomization"
        }
    }
}
