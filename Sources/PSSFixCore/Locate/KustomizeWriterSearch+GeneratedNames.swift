extension KustomizeWriterSearch {
    /// The name a generated object (a chart under `helmCharts:`) had when `kustomization` made
    /// it: the rendered name without the `namePrefix`/`nameSuffix` of every kustomization on the
    /// way from the root down to it. A patch names such an object by that name (kustomize keeps
    /// it as the object's original name); the rendered one matches nothing when the root itself
    /// adds a prefix.
    public func generatedName(_ renderedName: String, madeIn kustomization: String) -> String {
        let chain = graph.reached(from: root).filter { claimsOf($0.directory).contains(kustomization) }
        // Outermost first: the root's prefix is the first on the name.
        let ordered = chain.sorted { graph.reached(from: $0.directory).count > graph.reached(from: $1.directory).count }
        var name = Substring(renderedName)
        for k in ordered {
            guard let layout = layout(k.directory) else { continue }
            if !layout.namePrefix.isEmpty, name.hasPrefix(layout.namePrefix) { name = name.dropFirst(layout.namePrefix.count) }
            if !layout.nameSuffix.isEmpty, name.hasSuffix(layout.nameSuffix) { name = name.dropLast(layout.nameSuffix.count) }
        }
        return name.isEmpty ? renderedName : String(name)
    }
}
