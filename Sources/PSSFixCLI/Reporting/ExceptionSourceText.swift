import PSSFixCore

/// Where an exception comes from, as a person can jump to it: `agent.yaml`'s annotation, or
/// `.pss-fix.yaml:3:3` for the exceptions file.
func describe(_ source: ExceptionSource, exceptionsFile: String?) -> String {
    switch source {
    case .annotation(let key, let location): return "annotation \(key) at \(location)"
    case .config(let index, let location):
        return "\(exceptionsFile ?? "exceptions file"):\(location.line):\(location.column), exceptions[\(index)]"
    }
}
