/// The string helpers PSA's checks build their `ForbiddenDetail` with (`policy/helpers.go`,
/// psa-spec §1.6). Messages must match upstream byte for byte, so these mirror Go's behaviour
/// (`%q`, `sets.List()` byte order) rather than Swift's defaults.
enum CheckFormatting {
    /// `pluralize(s, p, n)`: `singular` when `count == 1`, else `plural`.
    static func pluralize(_ singular: String, _ plural: String, _ count: Int) -> String {
        count == 1 ? singular : plural
    }

    /// `joinQuote`: each value wrapped in double quotes, joined with `", "`. Upstream does not
    /// escape anything (`"a"b"` stays as is), and an empty list gives the empty string.
    static func joinQuote(_ values: [String]) -> String {
        values.isEmpty ? "" : "\"" + values.joined(separator: "\", \"") + "\""
    }

    /// `sets.NewString(values...).List()`: distinct values sorted by their UTF-8 bytes, as Go
    /// compares strings. (Swift's `<` compares Unicode-normalised text and can disagree.)
    static func sortedSet(_ values: some Sequence<String>) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }.sorted(by: byteOrder)
    }

    /// Go's `<` on strings: lexicographic on the UTF-8 bytes.
    static func byteOrder(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// `container "a"` or `containers "a", "b"`: names in the order given (visit order).
    static func containers(_ names: [String]) -> String {
        "\(pluralize("container", "containers", names.count)) \(joinQuote(names))"
    }

    /// The "setters" phrase most checks open with: `pod`, `container(s) NAMES`, then an extra
    /// setter such as `annotations`, present ones joined with `" and "`
    /// (`pod and containers "a", "b"`).
    static func setters(pod: Bool, containers names: [String], extra: String? = nil) -> String {
        var parts: [String] = []
        if pod { parts.append("pod") }
        if !names.isEmpty { parts.append(containers(names)) }
        if let extra { parts.append(extra) }
        return parts.joined(separator: " and ")
    }

    /// `key="value"` as Go's `fmt.Sprintf("%s=%q", k, v)` writes an annotation entry.
    static func keyEqualsQuoted(_ key: String, _ value: String) -> String {
        "\(key)=\(goQuote(value))"
    }

    /// Go's `strconv.Quote`: double quotes; `\"` and `\\`; `\a\b\f\n\r\t\v`; other
    /// non-printable scalars as `\xNN`, `\uNNNN` or `\UNNNNNNNN`. Printable means Go's
    /// `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    static func goQuote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            default:
                if isGoPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value < 0x80 {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value < 0x10000 {
                    out += "\\u" + hex(scalar.value, width: 4)
                } else {
                    out += "\\U" + hex(scalar.value, width: 8)
                }
            }
        }
        return out + "\""
    }

    private static func isGoPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark,
            .decimalNumber, .letterNumber, .otherNumber,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation,
            .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
