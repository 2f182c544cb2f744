import PSSFixCore

/// The bytes of a report being written (`append(utf8:)`): the fix summary made 88 String
/// appends per file, about 440 instructions each (2 % of `--diff`).
struct ReportText {
    private(set) var bytes: [UInt8] = []

    /// Room for `capacity` bytes up front: an array grown from empty is reallocated at every
    /// doubling, and the report writes many short texts.
    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func add(_ text: String) { bytes.append(utf8: text) }

    mutating func add(_ number: Int) { add(String(number)) }

    /// `path:line:column:`
    mutating func add(_ path: String, _ location: Location) {
        add(path)
        bytes.append(UInt8(ascii: ":"))
        add(location.line)
        bytes.append(UInt8(ascii: ":"))
        add(location.column)
        bytes.append(UInt8(ascii: ":"))
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
