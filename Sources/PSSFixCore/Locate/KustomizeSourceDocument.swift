/// Finds the document a rendered object comes from in its resource file. kustomize's origin
/// names the file only, and the rendered name carries every prefix and suffix on the way, so a
/// document of the same kind is matched by its name: the same name, else the longest name the
/// rendered one contains (`prod-api-v2` is `api-v2`, not `api`).
public enum KustomizeSourceDocument {
    public struct Found: Sendable, Equatable {
        public let document: Int
        public let name: String
        public let namespace: String?
    }

    public static func find(kind: String, apiVersion: String, renderedName: String, in file: String, tree: any FileTree) -> Found? {
        var best: Found?
        for (index, root) in tree.yamlDocuments(of: file).enumerated() {
            guard let root = root?.resolved, root.isMapping, root["kind"]?.string == kind,
                  let name = root["metadata"]?["name"]?.string, renderedName.contains(name)
            else { continue }
            if let written = root["apiVersion"]?.string, WorkloadKinds.group(of: written) != WorkloadKinds.group(of: apiVersion) {
                continue
            }
            let found = Found(document: index, name: name, namespace: root["metadata"]?["namespace"]?.string)
            if name == renderedName { return found }
            if name.count > (best?.name.count ?? -1) { best = found }
        }
        return best
    }
}
