extension Array where Element == UInt8 {
    /// Appends `text`'s UTF-8 bytes (a copy). Text assembled this way and made a String once is
    /// far cheaper than String concatenation or interpolation, where each appended piece cost
    /// about 440 instructions: the planner's signatures and the fix summary are written so.
    public mutating func append(utf8 text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }
}

extension Array where Element == UInt8 {
    /// `n` spaces (none for a negative `n`): indentation of rendered text.
    mutating func appendSpaces(_ n: Int) {
        if n > 0 { append(contentsOf: repeatElement(UInt8(ascii: " "), count: n)) }
    }
}
