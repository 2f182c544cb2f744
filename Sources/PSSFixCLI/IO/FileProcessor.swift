import Foundation

/// Reads inputs and runs per-file work on all cores, returning results in input order so that
/// output stays deterministic whatever the scheduling.
enum FileProcessor {
    static func read(_ file: InputFile, console: Console) -> Result<[UInt8], Failure> {
        guard let path = file.realPath else { return .success(console.readStdin()) }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(Failure("cannot read the file"))
        }
        return .success(Array(data))
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    /// `transform` applied to every element, concurrently; results keep the input order.
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        if items.count < 2 { return items.map(transform) }
        let box = ResultBox<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            box.set(i, transform(items[i]))
        }
        return box.values()
    }
}

private final class ResultBox<R>: @unchecked Sendable {
    private var storage: [R?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ value: R) {
        lock.lock()
        storage[i] = value
        lock.unlock()
    }

    func values() -> [R] { storage.map { $0! } }
}
