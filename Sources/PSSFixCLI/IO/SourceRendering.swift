import FoundationEssentials
import Glibc
import PSSFixCore

/// Renders the plan's charts and kustomizations one after another, with the run's options
/// applied to charts, and says what each gave: a stream to judge, or why it was not checked.
struct SourceRendering {
    let renderer: ProcessRenderer
    let chartOptions: ChartOptions
    let collector: InputCollector
    /// `charts:` from `.pss-fix.yaml`, by absolute chart folder.
    var configured: [String: ExceptionConfig.ChartSettings] = [:]
    /// The config file's folder, which `charts:` paths are relative to.
    var configFolder: String?

    init(render: RenderOptions, charts: ChartOptions, console: Console, config: ContextBuilder.LoadedConfig? = nil) {
        // Tests run with an empty console environment: renderers then see the process's own.
        let environment = console.environment.isEmpty ? ProcessInfo.processInfo.environment : console.environment
        renderer = ProcessRenderer(
            tools: render.tools(environment: environment, workingDirectory: console.workingDirectory), environment: environment)
        chartOptions = charts
        collector = InputCollector(workingDirectory: console.workingDirectory)
        if let config, let file = config.path, let settings = config.config?.charts {
            let folder = URL(fileURLWithPath: collector.absolute(file)).deletingLastPathComponent().path
            configFolder = folder
            for chart in settings {
                let path = URL(fileURLWithPath: chart.path, relativeTo: URL(fileURLWithPath: folder + "/")).standardizedFileURL.path
                configured[path] = chart
            }
        }
    }

    /// `--values`/`--set` name one chart's values: with several charts they are an error.
    static func validate(_ plan: SourcePlan, charts: ChartOptions) -> String? {
        let count = plan.sources.filter { if case .helmChart = $0 { return true } else { return false } }.count
        guard charts.givesValues, count != 1 else { return nil }
        return "--values and --set apply to a single chart, and this run has \(count); configure several charts in .pss-fix.yaml (charts:)"
    }

    func render(_ source: RenderSource) -> RenderOutcome {
        guard case .helmChart(let chart) = source else { return renderer.render(source) }
        return renderer.render(.helmChart(configured(chart)))
    }

    /// The chart with the run's values, release and namespace.
    func configured(_ chart: HelmChartSource) -> HelmChartSource {
        var chart = chart
        // `.pss-fix.yaml` first (its values files relative to it), then the command line.
        if let settings = configured[chart.path], let folder = configFolder {
            chart.valuesFiles += settings.values.map {
                $0.hasPrefix("/") ? $0 : URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: folder + "/")).standardizedFileURL.path
            }
            chart.setValues += settings.set
            chart.releaseName = chart.releaseName ?? settings.release
            chart.namespace = chart.namespace ?? settings.namespace
        }
        chart.valuesFiles += chartOptions.values.map(collector.absolute)
        chart.setValues += chartOptions.set
        chart.releaseName = chart.releaseName ?? chartOptions.release
        chart.namespace = chart.namespace ?? chartOptions.namespace
        return chart
    }

    /// Renders an already configured chart as it is (probes and verification renders).
    func renderConfigured(_ chart: HelmChartSource) -> RenderOutcome { renderer.render(.helmChart(chart)) }

    /// The run's context for a source: objects of a chart that name no namespace are judged in
    /// the chart's release namespace (`--namespace`, or its `.pss-fix.yaml` entry).
    ///
    /// `stream`: the source's render. Its Namespace objects count as the inputs' Namespace
    /// manifests do (a kustomization or chart that creates its namespace with PSA labels is
    /// the usual layout, e.g. Flux's infrastructure folders): they decide the level of the
    /// render's workloads, unless a loose Namespace manifest of the same name was given or
    /// `--level` overrides everything.
    func context(_ context: PolicyContext, for source: RenderSource, stream: RenderedStream? = nil) -> PolicyContext {
        var local = context
        if case .helmChart(let chart) = source, let namespace = configured(chart).namespace {
            local.resolver.defaultNamespace = namespace
        }
        let resolver = local.resolver
        guard resolver.override == nil, let stream, stream.bytes.containsSubsequence(Array("Namespace".utf8), asWord: true),
              let parsed = try? YAMLParser.parse(SourceText(stream.bytes), keepKind: Workload.isRelevantKind)
        else { return local }
        let found = NamespacePolicy.find(in: parsed).filter { resolver.namespacePolicy(named: $0.name) == nil }
        guard !found.isEmpty else { return local }
        var widened = PolicyResolver(
            namespaces: resolver.namespaces + found, admission: resolver.admission,
            override: nil, fallback: (resolver.fallback.level, resolver.fallback.version))
        widened.defaultNamespace = resolver.defaultNamespace
        local.resolver = widened
        return local
    }

    /// How a source is named in reports.
    func display(_ source: RenderSource) -> String { collector.display(source.path) }
}
