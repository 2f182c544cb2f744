/// The engine's edits in a masked template, checked against the template's actions and moved
/// where new keys of a pod spec or container belong in a template (see `HelmTemplateEditor`).
extension HelmTemplateEditor {
    /// The engine's edits for `intents` in the masked text, checked against the template's
    /// actions: none inside an action or trimmed away, each in one of `contexts`.
    static func patch(_ stream: YAMLStream, mask: HelmTemplateMask, intents: [Int: [FixIntent]], contexts: [HelmTemplateMask.Context],
                      scopeIndents: Set<Int>) -> Result<[Edit], Refusal>
    {
        let patched = TextPatcher.patch(stream, intents: intents)
        if let problem = patched.problem { return .failure(Refusal(text: "the template edit did not verify: \(problem)")) }
        if let reason = patched.refusals.values.sorted().first { return .failure(Refusal(text: reason)) }
        guard !patched.edits.isEmpty else { return .failure(Refusal(text: "the template edit changes nothing")) }
        let bytes = mask.original
        func isBlank(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }
        var edits: [Edit] = []
        for edit in patched.edits {
            guard let moved = relocated(edit, mask: mask, contexts: contexts, scopeIndents: scopeIndents) else {
                return .failure(Refusal(text: "the new keys would go between a key and the value an action prints for it"))
            }
            edits.append(moved)
        }
        for edit in edits {
            if edit.isInsertion {
                if mask.action(splitBy: edit.span.start) != nil { return .failure(Refusal(text: "the edit would land inside an action")) }
            } else if !mask.actions(overlapping: edit.span).isEmpty {
                return .failure(Refusal(text: "the edit would change an action"))
            }
            let context = mask.context(at: edit.span.start)
            guard contexts.contains(context), edit.isInsertion || mask.context(at: edit.span.end) == context else {
                return .failure(Refusal(text: "the edit would land in another {{ if }}/{{ with }} branch than the workload's"))
            }
            // `-}}` before the edit or `{{-` after it trim blanks: the new text's own line
            // breaks and indentation must not touch them.
            var before = edit.span.start
            while before > 0 && isBlank(bytes[before - 1]) { before -= 1 }
            if let first = edit.replacement.first, isBlank(first), before >= 2, bytes[before - 1] == UInt8(ascii: "}"),
                let action = mask.actions.first(where: { $0.span.end == before }), action.trimsRight
            {
                return .failure(Refusal(text: "a `-}}` before the edit would trim its line break"))
            }
            var after = edit.span.end
            while after < bytes.count && isBlank(bytes[after]) { after += 1 }
            if let last = edit.replacement.last, isBlank(last),
                let action = mask.actions.first(where: { $0.span.start == after }), action.trimsLeft
            {
                return .failure(Refusal(text: "a `{{-` after the edit would trim its line break"))
            }
        }
        return .success(edits)
    }

    /// Where new lines go in the template: the engine puts new keys after a mapping's last
    /// line, which in a template is often inside an `{{- with }}` block that ends the mapping
    /// (`tolerations:` in the scaffold) or before the lines an action prints as the last key's
    /// value (`resources:` followed by `{{ toYaml .Values.resources | indent 12 }}`). There the
    /// insertion moves: before the block that opened after the mapping's own branches, or past
    /// the action's lines. Nil when the new lines would still sit between a key and the value
    /// an action prints for it.
    /// Only new keys of a pod spec or container itself move (`scopeIndents`: their columns).
    static func relocated(_ edit: Edit, mask: HelmTemplateMask, contexts: [HelmTemplateMask.Context], scopeIndents: Set<Int>) -> Edit? {
        guard edit.isInsertion, edit.replacement.first == 10 || edit.replacement.first == 13 else { return edit }
        let source = SourceText(mask.masked)
        let indent = edit.replacement.drop { $0 == 10 || $0 == 13 }.prefix { $0 == 32 }.count
        guard scopeIndents.contains(indent) else { return edit }
        var point = edit.span.start
        for _ in 0..<6 {
            var moved = false
            // Out of a block the mapping is not in: to the end of the line before it opens.
            let context = mask.context(at: point)
            if !contexts.contains(context),
                let own = contexts.first(where: { context.frames.starts(with: $0.frames) && context.frames.count > $0.frames.count })
            {
                let opener = mask.actions[context.frames[own.frames.count].block]
                let line = source.lineIndex(ofByte: opener.span.start)
                guard opener.ownLine, line > 0 else { return edit }
                point = source.lineContentEnd(ofByte: source.lineStarts[line - 1])
                moved = true
            }
            // Past the lines an action prints deeper than the new keys (the value of the key
            // above them).
            var line = source.lineIndex(ofByte: point) + 1
            var printedEnd: Int?
            while line < source.lineStarts.count {
                let start = source.lineStarts[line]
                var i = start
                while i < mask.masked.count && mask.masked[i] == 32 { i += 1 }
                if i < mask.masked.count && mask.masked[i] != 10 && mask.masked[i] != 13 && mask.masked[i] != UInt8(ascii: "#") { break }
                let end = source.lineContentEnd(ofByte: start)
                if let printer = mask.actions.first(where: { $0.ownLine && $0.role == .output && $0.span.start >= start && $0.span.start < max(end, start + 1) }),
                    printer.level.map({ $0 > indent }) ?? true
                {
                    printedEnd = source.lineContentEnd(ofByte: printer.span.end - 1)
                    line = source.lineIndex(ofByte: printer.span.end - 1) + 1
                    continue
                }
                line += 1
            }
            if let printedEnd, printedEnd > point {
                point = printedEnd
                moved = true
            }
            if !moved { return Edit(span: Span(point, point), replacement: edit.replacement, depth: edit.depth) }
        }
        return nil
    }
}
