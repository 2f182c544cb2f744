/// Puts changes planned on a chart's render into the literal YAML of its templates (issue 20,
/// rule 2): the template is masked (`HelmTemplateMask`), the workload's pod spec or container
/// is found in the masked text, the byte-exact engine edits it there, and the same edits apply
/// to the template with its actions in place.
///
/// Only where the literal text is unambiguously what renders the field:
/// - the document is the workload's (its kind, and a `metadata.name` whose literal parts match
///   the rendered name), the only one of the template that can be, and not repeated by a
///   `range` (nor inside a `define`);
/// - a container is matched by position in a literal, unconditional list whose item count is
///   the render's (or less, when an action prints more items after the literal ones), and its
///   `name:` (literal or with actions) must match the rendered name;
/// - every key the change goes through is literal: its value overlaps no action and no
///   action alone on a line prints inside it (`securityContext: {{- toYaml … }}` or an
///   `{{- with … }}` block around it is the values' business, rule 1, or a person's);
/// - new keys go into a mapping only when no action prints keys at its level, and every edit
///   lands in the same `if`/`with` branches as the pod spec or container itself, never inside
///   an action, and never where `{{-`/`-}}` would trim the new text's line breaks.
/// The chart is rendered again afterwards (`RenderedComparison`) before anything is written.
public enum HelmTemplateEditor {
    /// One rendered workload's changes for its template file.
    public struct Request: Sendable {
        public let identity: String
        public let workload: Workload
        public let changes: [PodFieldChange]
        /// Every rendered workload that came from this template file (a document rendering
        /// several is not edited).
        public let renderedFromFile: [Workload]

        public init(identity: String, workload: Workload, changes: [PodFieldChange], renderedFromFile: [Workload]) {
            self.identity = identity
            self.workload = workload
            self.changes = changes
            self.renderedFromFile = renderedFromFile
        }
    }

    public struct Outcome: Sendable {
        /// The template's new bytes (the original when nothing was placed).
        public var bytes: [UInt8]
        /// Identity → the summaries of the changes placed.
        public var placed: [String: [String]] = [:]
        /// Identity → why its changes are not placed in the template.
        public var refused: [String: String] = [:]
    }

    struct Refusal: Error { let text: String }

    /// Places every request's changes into `template`, atomically per workload.
    public static func edit(template: [UInt8], requests: [Request]) -> Outcome {
        var outcome = Outcome(bytes: template)
        let mask = HelmTemplateMask(template)
        func refuseAll(_ text: String) -> Outcome {
            for request in requests { outcome.refused[request.identity] = text }
            return outcome
        }
        if let problem = mask.problem { return refuseAll("its template's actions cannot be followed (\(problem))") }
        let stream: YAMLStream
        do {
            stream = try YAMLParser.parse(SourceText(mask.masked))
        } catch {
            return refuseAll("its template's literal text is not YAML once the {{ }} actions are masked (\(error))")
        }
        var kinds = WorkloadKinds.builtIn
        kinds = kinds.adding(requests.map(\.workload.kind))
        let masked = Workload.find(in: stream, kinds: kinds)
        var accepted: [(request: Request, document: Int, intents: [FixIntent], contexts: [HelmTemplateMask.Context], indents: Set<Int>)] = []
        for request in requests {
            switch locate(request, in: masked, mask: mask) {
            case .failure(let refusal):
                outcome.refused[request.identity] = refusal.text
            case .success(let found):
                // Each workload alone first: its refusals are its own.
                switch patch(stream, mask: mask, intents: [found.document: found.intents], contexts: found.contexts, scopeIndents: found.indents) {
                case .failure(let refusal): outcome.refused[request.identity] = refusal.text
                case .success: accepted.append((request, found.document, found.intents, found.contexts, found.indents))
                }
            }
        }
        guard !accepted.isEmpty else { return outcome }
        var all: [Int: [FixIntent]] = [:]
        for entry in accepted { all[entry.document, default: []] += entry.intents }
        switch patch(stream, mask: mask, intents: all, contexts: accepted.flatMap(\.contexts),
                     scopeIndents: accepted.reduce(into: Set<Int>()) { $0.formUnion($1.indents) }) {
        case .failure(let refusal):
            for entry in accepted { outcome.refused[entry.request.identity] = refusal.text }
        case .success(let edits):
            do {
                outcome.bytes = try Patch(edits).apply(to: template)
            } catch {
                for entry in accepted { outcome.refused[entry.request.identity] = "the template edits overlap (\(error))" }
                return outcome
            }
            for entry in accepted { outcome.placed[entry.request.identity] = entry.request.changes.map(\.summary) }
        }
        return outcome
    }

    // MARK: Finding the literal

    /// The masked document of `request`'s workload and the intents that make its changes there.
    static func locate(_ request: Request, in masked: [Workload], mask: HelmTemplateMask)
        -> Result<(document: Int, intents: [FixIntent], contexts: [HelmTemplateMask.Context], indents: Set<Int>), Refusal>
    {
        let rendered = request.workload
        let name = rendered.name ?? ""
        let candidates = masked.filter { $0.kind.rawValue == rendered.kind.rawValue && nameMatches(name, $0.object["metadata"]?["name"], mask) }
        guard let literal = candidates.first else {
            return .failure(Refusal(text: "no document of its template is a literal \(rendered.kind.rawValue) named like \"\(name)\""))
        }
        guard candidates.count == 1 else {
            return .failure(Refusal(text: "\(candidates.count) documents of its template could render it"))
        }
        let alike = request.renderedFromFile.filter { $0.kind.rawValue == rendered.kind.rawValue && nameMatches($0.name ?? "", literal.object["metadata"]?["name"], mask) }
        guard alike.count <= 1 else {
            return .failure(Refusal(text: "its template's document renders \(alike.count) workloads (a {{ range }} or several includes)"))
        }
        if mask.context(at: literal.object.span.start).repeatsOrDefines {
            return .failure(Refusal(text: "its template's document is inside a {{ range }} or {{ define }}"))
        }
        var intents: [FixIntent] = []
        var contexts: [HelmTemplateMask.Context] = []
        // The key columns of the pod specs and containers edited: where new keys of theirs go.
        var indents = Set<Int>()
        for change in request.changes {
            let scope: Node
            let context: HelmTemplateMask.Context
            switch scopeNode(change.scope, literal: literal, rendered: rendered, mask: mask) {
            case .failure(let refusal): return .failure(refusal)
            case .success(let found):
                scope = found.node
                // The branch of the key that holds the mapping (its first key may be in a
                // `{{- with }}` of its own).
                context = mask.context(at: found.anchor)
            }
            if context.repeatsOrDefines {
                return .failure(Refusal(text: "the \(change.scope) is inside a {{ range }} or {{ define }} in its template"))
            }
            if let refusal = checkPath(change, scope: scope, context: context, mask: mask) { return .failure(refusal) }
            switch PodChangeTranslation.intent(change, base: scope, path: change.path) {
            case .failure(let why): return .failure(Refusal(text: why.description))
            case .success(let intent):
                intents.append(intent)
                contexts.append(context)
                if let first = scope.pairs.first { indents.insert(mask.column(of: first.key.span.start)) }
            }
        }
        return .success((literal.documentIndex, intents, contexts, indents))
    }

    /// The literal mapping a change's scope names: the pod spec, the pod's metadata, or the
    /// container at the rendered container's position in a literal list; `anchor` is where the
    /// key holding it is written (`spec:`, or the list's key).
    static func scopeNode(_ scope: PodFieldChange.Scope, literal: Workload, rendered: Workload, mask: HelmTemplateMask)
        -> Result<(node: Node, anchor: Int), Refusal>
    {
        let template = literal.template
        switch scope {
        case .pod, .podMetadata:
            let key = scope == .pod ? "spec" : "metadata"
            guard let node = template[key]?.resolved, node.isMapping else {
                return .failure(Refusal(text: "the pod's \(key) is not literal YAML in its template"))
            }
            return .success((node, template.ownPair(key)?.key.span.start ?? node.span.start))
        case .container(let list, let name):
            guard let spec = template["spec"]?.resolved, spec.isMapping, let pair = spec.ownPair(list), pair.value.resolved.isSequence else {
                return .failure(Refusal(text: "its template has no literal \(list) list"))
            }
            let sequence = pair.value.resolved
            let items = sequence.items.map(\.resolved)
            let listContext = mask.context(at: pair.key.span.start)
            guard items.allSatisfy({ $0.isMapping && mask.context(at: $0.span.start) == listContext }) else {
                return .failure(Refusal(text: "a container of its template's \(list) list is conditional or not a literal mapping"))
            }
            // Items an action prints after the literal ones (`{{- with .Values.extraContainers }}`)
            // leave their positions alone; anywhere else they could shift them.
            var printsMore = false
            if let first = items.first, let last = items.last {
                let column = mask.column(of: first.span.start)
                let lastLine = mask.line(of: max(last.span.start, last.span.end - 1))
                for printer in mask.printers(in: mask.extent(ofKey: pair.key)) where !mask.isValueOfKeyAbove(printer) {
                    guard let level = printer.level, level >= column || mask.line(of: printer.span.start) > lastLine else {
                        return .failure(Refusal(text: "an action in its template may print \(list) (\(mask.text(of: printer)))"))
                    }
                    if level < column { printsMore = true }
                }
            }
            let renderedList = rendered.pod.containers.filter { $0.kind.rawValue == list }.sorted { $0.index < $1.index }
            guard items.count == renderedList.count || (printsMore && items.count < renderedList.count) else {
                return .failure(Refusal(text: "its template lists \(items.count) item(s) in \(list), the render \(renderedList.count)"))
            }
            for (item, container) in zip(items, renderedList) where !nameMatches(container.name, item["name"], mask) {
                return .failure(Refusal(text: "the \(list) of its template are not the rendered ones in order (\"\(container.name)\")"))
            }
            guard let position = renderedList.firstIndex(where: { $0.name == name }) else {
                return .failure(Refusal(text: "container \"\(name)\" is not in the render"))
            }
            guard position < items.count else {
                return .failure(Refusal(text: "container \"\(name)\" is printed by an action in its template"))
            }
            return .success((items[position], pair.key.span.start))
        }
    }

    /// Whether a template's `name:` (literal parts and actions) can have rendered as `name`.
    static func nameMatches(_ name: String, _ node: Node?, _ mask: HelmTemplateMask) -> Bool {
        guard let node = node?.resolved, node.isScalar else { return false }
        var span = node.span
        let bytes = mask.original
        if node.scalarStyle == .doubleQuoted || node.scalarStyle == .singleQuoted, span.count >= 2 {
            span = Span(span.start + 1, span.end - 1)
        }
        let actions = mask.actions(overlapping: span)
        guard !actions.isEmpty else { return node.scalarValue == name }
        var segments: [String] = []
        var cursor = span.start
        for action in actions {
            segments.append(String(decoding: bytes[cursor..<max(cursor, action.span.start)], as: UTF8.self))
            cursor = action.span.end
        }
        segments.append(String(decoding: bytes[min(cursor, span.end)..<span.end], as: UTF8.self))
        // The literal parts in order: the first at the start, the last at the end.
        var rest = Array(name.utf8)[...]
        let parts = segments.map { Array($0.utf8) }
        guard rest.starts(with: parts[0]) else { return false }
        rest = rest.dropFirst(parts[0].count)
        for middle in parts.dropFirst().dropLast() where !middle.isEmpty {
            guard let at = rest.indices.first(where: { rest[$0...].starts(with: middle) }) else { return false }
            rest = rest[(at + middle.count)...]
        }
        let last = parts[parts.count - 1]
        return rest.count >= last.count && rest.suffix(last.count).elementsEqual(last)
    }

    /// Refuses a change whose keys are not all literal: each existing key on its path must
    /// have a value without actions and no action printing inside it; a new key goes into the
    /// scope only when no action prints keys at the scope's level.
    static func checkPath(_ change: PodFieldChange, scope: Node, context: HelmTemplateMask.Context, mask: HelmTemplateMask) -> Refusal? {
        var node = scope
        var walked: [String] = []
        for key in change.path {
            let pairs = node.pairs.filter { $0.key.scalarValue == key }
            guard let pair = pairs.first else {
                guard node === scope else { return nil }
                let column = scope.pairs.first.map { mask.column(of: $0.key.span.start) } ?? 0
                // Keys are printed at the keys' column; a list's items two columns left of them.
                if let printer = mask.printers(in: mask.extent(ofMapping: scope)).first(where: {
                    !mask.isValueOfKeyAbove($0) && ($0.level.map { $0 <= column && $0 > column - 2 } ?? true)
                }) {
                    return Refusal(text: "an action in its template may print keys of the \(change.scope) (\(mask.text(of: printer)))")
                }
                return nil
            }
            walked.append(key)
            let written = walked.joined(separator: ".")
            if pairs.count > 1 { return Refusal(text: "\(written) is written more than once in its template") }
            if mask.context(at: pair.key.span.start) != context {
                return Refusal(text: "\(written) is written in another {{ if }}/{{ with }} branch than the \(change.scope)")
            }
            if !mask.actions(overlapping: pair.value.span).isEmpty {
                return Refusal(text: "\(written) is written by an action in its template")
            }
            let column = mask.column(of: pair.key.span.start)
            if let printer = mask.printers(in: mask.extent(ofKey: pair.key)).first(where: { $0.level.map { $0 > column } ?? true }) {
                return Refusal(text: "\(written) is written by an action in its template (\(mask.text(of: printer)))")
            }
            let value = pair.value.resolved
            guard value.isMapping else { return nil }
            node = value
        }
        return nil
    }
}
