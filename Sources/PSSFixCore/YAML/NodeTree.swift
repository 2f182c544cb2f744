#if canImport(Glibc)
import Glibc
#endif
/// The nodes of one parse, stored flat: one record per node in `records`, the children of every
/// collection as a contiguous run of record indexes in `children` (a mapping's keys and values
/// in turn), every scalar's value as UTF-8 in `bytes` (a `String` is made only when a reader
/// asks: most values are never read), and anchors, tags and alias names in `strings`.
///
/// This replaced a class instance per node (issue 23): building a tree then costs a few array
/// appends instead of an allocation per node and one per collection, reading it touches no
/// reference count but the tree's, and releasing it frees four buffers instead of walking every
/// node. A `Node` is this tree and an index into it.
///
/// A tree is appended to only while its parse runs (`TreeBuilder` owns it until then) and is
/// immutable afterwards, which is what makes sharing it between threads safe.
public final class NodeTree: @unchecked Sendable {
    struct Record {
        var span: Span
        var location: Location
        /// `Node.keyHash` of a scalar's value; 0 for other nodes.
        var keyHash: UInt64
        /// Scalar: where its value starts in `bytes`. Alias: index of its name in `strings`.
        /// Collection: where its children start in `children`.
        var payload: Int32
        /// Scalar: its value's length in bytes. Collection: how many entries of `children` it
        /// has (twice its pairs for a mapping). Alias: the record index of its target, -1 when
        /// the anchor is undefined.
        var count: Int32
        /// Index in `strings`, -1 for none.
        var anchor: Int32
        var tag: Int32
        var kind: Kind
        var style: UInt8

        enum Kind: UInt8 { case scalar, mapping, sequence, alias }
    }

    let records: [Record]
    let children: [Int32]
    let strings: [String]
    let bytes: [UInt8]
    /// Only for a synthetic tree (`Node.synthetic`, array literals of `Pairs` and `Items`): the
    /// children, nodes of other trees; `children` is unused then.
    let foreign: [Node]?

    /// A tree while it is built. (The tree itself has only `let`s: a `var` of a class is
    /// checked for exclusive access at run time on every read, a tenth of `check` when nodes
    /// were first stored flat.)
    struct Storage {
        var records: [Record] = []
        var children: [Int32] = []
        var strings: [String] = []
        /// Scalar values, back to back (`trim()` drops its room grown ahead when the parse ends).
        var values = ByteArena()
        var bytes: [UInt8] { values.buffer }

        /// A scalar's value: its `payload` and `count`.
        mutating func addValue(_ value: UnsafeBufferPointer<UInt8>) -> (payload: Int32, count: Int32) {
            (Int32(values.append(value)), Int32(value.count))
        }

        mutating func trim() { values.trim() }

        /// A scalar value as a String (the builder's own reads).
        func value(_ record: Record) -> String { NodeTree.decode(record, in: bytes) }

        @inline(__always)
        mutating func addString(_ string: String?) -> Int32 {
            guard let string else { return -1 }
            strings.append(string)
            return Int32(strings.count - 1)
        }
    }

    init(_ storage: Storage, foreign: [Node]? = nil) {
        records = storage.records
        children = storage.children
        strings = storage.strings
        bytes = storage.bytes
        self.foreign = foreign
    }

    convenience init(foreign: [Node]) {
        self.init(Storage(), foreign: foreign)
    }

    /// The node at position `position` of `children`.
    @inline(__always)
    func child(_ position: Int) -> Node {
        if let foreign { return foreign[position] }
        return Node(tree: self, index: children[position])
    }

    /// The record of the node at position `position` of `children`.
    @inline(__always)
    func childRecord(_ position: Int) -> Record {
        if let foreign { return foreign[position].record }
        return records[Int(children[position])]
    }

    /// A scalar record's value.
    func value(_ record: Record) -> String { NodeTree.decode(record, in: bytes) }

    static func decode(_ record: Record, in bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[Int(record.payload)..<Int(record.payload + record.count)]), as: UTF8.self)
        }
    }

    /// True when a scalar record's value is `text`, compared as bytes (no String is made).
    func value(_ record: Record, equals text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard Int(record.count) == text.count else { return false }
        if text.isEmpty { return true }
        return bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + Int(record.payload), text.baseAddress!, text.count) == 0 }
    }

    /// A scalar record's value holds a byte outside ASCII.
    func hasNonASCII(_ record: Record) -> Bool {
        bytes.withUnsafeBufferPointer { b in
            var i = Int(record.payload)
            let end = i + Int(record.count)
            while i < end {
                if b[i] >= 0x80 { return true }
                i += 1
            }
            return false
        }
    }

    func string(_ index: Int32) -> String? {
        index < 0 ? nil : strings[Int(index)]
    }

    /// A tree of one collection node whose children are nodes of other trees (`PodView`'s
    /// filtered views, for evaluation only).
    static func synthetic(isMapping: Bool, children: [Node], style: Node.CollectionStyle, like node: Node) -> Node {
        var storage = Storage()
        storage.records.append(Record(
            span: node.span, location: node.location, keyHash: 0, payload: 0, count: Int32(children.count),
            anchor: -1, tag: storage.addString(node.tag), kind: isMapping ? .mapping : .sequence,
            style: style == .flow ? 1 : 0))
        return Node(tree: NodeTree(storage, foreign: children), index: 0)
    }
}
