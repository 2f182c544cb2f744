import PSSFixCore

/// Charts: `helm template [RELEASE] CHART [--namespace NS] [-f FILE]... [--set EXPR]...`.
extension ProcessRenderer {
    func renderChart(_ chart: HelmChartSource) -> RenderOutcome {
        let helm: String
        switch tools.helm {
        case .success(let path): helm = path
        case .failure(let missing): return .notRendered(missing)
        }
        switch run("helm template", helm, Self.helmArguments(chart)) {
        case .failure(let reason):
            return .notRendered(reason)
        case .success(let stdout):
            let layout = chart.isArchive ? nil : HelmChartLayout(chartDirectory: chart.path, tree: tree)
            return .rendered(HelmTemplateOutput.parse(stdout, chart: layout))
        }
    }

    static func helmArguments(_ chart: HelmChartSource) -> [String] {
        var arguments = ["template"]
        if let release = chart.releaseName { arguments.append(release) }
        arguments.append(chart.path)
        if let namespace = chart.namespace { arguments += ["--namespace", namespace] }
        for file in chart.valuesFiles { arguments += ["--values", file] }
        for expression in chart.setValues { arguments += ["--set", expression] }
        return arguments
    }
}
