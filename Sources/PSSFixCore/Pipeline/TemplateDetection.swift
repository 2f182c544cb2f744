#if canImport(Glibc)
import Glibc
#endif

/// Decides whether a file with `{{` is an unrendered Go template (skipped: it is not YAML until
/// rendered) or ordinary YAML that carries `{{` as text (checked). Issue 19's rule: skipped only
/// when the file does not parse, or a `{{` opens a YAML flow collection — a mapping keyed by a
/// mapping, which is never valid Kubernetes. `{{` inside a scalar (quoted, block, mid-plain), as
/// in PrometheusRule annotations or Grafana dashboards in ConfigMaps, is text.
///
/// (Files in a Helm chart's `templates/` folder are skipped by the CLI, which knows paths.)
public enum TemplateDetection {
    /// The reason to skip `bytes`, or nil when it is to be read as YAML. `example` is the
    /// command line the reason suggests (`helm template . | pss-fix check -`).
    public static func skipReason(_ bytes: [UInt8], example: String) -> String? {
        guard containsMarkers(bytes) else { return nil }
        let stream: YAMLStream
        do {
            stream = try YAMLParser.parse(SourceText(bytes))
        } catch {
            return "an unrendered template: it has Go template markers ({{ }}) and is not valid YAML (\(error.location.line):\(error.location.column): \(error.message)); render it first, e.g. `\(example)`"
        }
        for document in stream.documents {
            if let key = document.root.flatMap(collectionKey) {
                return "an unrendered template: a Go template action ({{ … }}) at \(key.location.line):\(key.location.column) reads as a YAML flow mapping; render it first, e.g. `\(example)`"
            }
        }
        return nil
    }

    /// The first mapping key that is itself a collection (`{{ .Values.x }}` parses as a flow
    /// mapping whose key is a flow mapping), depth first.
    static func collectionKey(in node: Node) -> Node? {
        var stack = [node]
        var depth = 0
        while let next = stack.popLast() {
            depth += 1
            if depth > 1_000_000 { return nil }
            switch next.kind {
            case .mapping(let pairs, _):
                for pair in pairs {
                    if pair.key.isMapping || pair.key.isSequence { return pair.key }
                    stack.append(pair.value)
                }
            case .sequence(let items, _):
                stack.append(contentsOf: items)
            default:
                break
            }
        }
        return nil
    }

    /// `{{` anywhere in the bytes (a memchr scan: most files have none).
    public static func containsMarkers(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard var p = buffer.baseAddress else { return false }
            let end = p + buffer.count
            while p < end, let hit = memchr(p, Int32(UInt8(ascii: "{")), end - p) {
                let q = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
                if q + 1 < end && q[1] == UInt8(ascii: "{") { return true }
                p = q + 1
            }
            return false
        }
    }
}
