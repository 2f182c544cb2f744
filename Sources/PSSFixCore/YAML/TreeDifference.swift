/// The first way two documents differ as parsed trees (kind, style, span, location, tag,
/// anchor, value, children), or nil: how windowed re-parsing is checked against a whole one.
enum TreeDifference {
    static func first(_ a: Document, _ b: Document) -> String? {
        if a.index != b.index || a.span != b.span || a.explicitStart != b.explicitStart || a.explicitEnd != b.explicitEnd
            || a.partial != b.partial
        {
            return "document \(a.index + 1): span \(a.span) vs \(b.span), explicit \(a.explicitStart)/\(a.explicitEnd) vs "
                + "\(b.explicitStart)/\(b.explicitEnd), partial \(a.partial) vs \(b.partial)"
        }
        switch (a.root, b.root) {
        case (nil, nil): return nil
        case (let x?, let y?): return first(x, y, path: "document \(a.index + 1) ")
        default: return "document \(a.index + 1): one root missing"
        }
    }

    static func first(_ x: Node, _ y: Node, path: String) -> String? {
        let r = x.record, s = y.record
        guard r.kind == s.kind, r.style == s.style, r.span == s.span, r.location == s.location, r.keyHash == s.keyHash,
            x.tag == y.tag, x.anchor == y.anchor, r.kind == .alias || r.count == s.count
        else {
            return "\(path): \(r.kind) style \(r.style) at \(r.span) \(r.location) tag \(x.tag ?? "-") count \(r.count)"
                + " vs \(s.kind) style \(s.style) at \(s.span) \(s.location) tag \(y.tag ?? "-") count \(s.count)"
        }
        switch r.kind {
        case .scalar:
            return x.scalarValue == y.scalarValue ? nil : "\(path): \(x.scalarValue!.debugDescription) vs \(y.scalarValue!.debugDescription)"
        case .mapping:
            for (i, (p, q)) in zip(x.pairs, y.pairs).enumerated() {
                let name = p.key.scalarValue ?? "#\(i)"
                if let d = first(p.key, q.key, path: path + "/" + name + " (key)") ?? first(p.value, q.value, path: path + "/" + name) {
                    return d
                }
            }
        case .sequence:
            for (i, (p, q)) in zip(x.items, y.items).enumerated() {
                if let d = first(p, q, path: path + "/\(i)") { return d }
            }
        case .alias:
            // Trees may lay records out differently: an alias names the node at the same place.
            return x.resolved.span == y.resolved.span && x.resolved.isAlias == y.resolved.isAlias ? nil : "\(path): aliases to different nodes"
        }
        return nil
    }
}
