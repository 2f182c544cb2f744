import Dispatch
import FoundationEssentials
import Glibc

/// Reads inputs and runs per-file work on all cores while keeping output in input order and
/// memory bounded: at most `window` files (8 per core) are in flight or waiting to be emitted,
/// so peak memory follows the largest files, not the size of the tree, and a worker is rarely
/// held up by a large file on another core.
enum FileProcessor {
    static func read(_ file: InputFile, console: Console) -> Result<[UInt8], Failure> {
        guard let path = file.realPath else { return .success(console.readStdin()) }
        // Straight into [UInt8]: no Data in between.
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return .failure(Failure("cannot read the file: \(String(cString: strerror(errno)))")) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(Failure("cannot read the file")) }
        // Read into uninitialised storage (zero-filling it first was one more pass over every
        // byte). One byte of room beyond the size: if it fills, the file grew since fstat.
        let size = max(Int(info.st_size), 0)
        var failed = false
        var bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, count in
            count = 0
            while count < buffer.count {
                let n = Glibc.read(fd, buffer.baseAddress! + count, buffer.count - count)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { failed = true }
                if n <= 0 { return }
                count += n
            }
        }
        while !failed && bytes.count > size {  // the file grew since fstat: read the rest
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { failed = true }
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[..<n])
        }
        if failed { return .failure(Failure("cannot read the file: \(String(cString: strerror(errno)))")) }
        return .success(bytes)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    static var workers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Runs `transform` on every item concurrently and calls `emit` with each result in input
    /// order (serially, on whichever thread completes the next result).
    static func stream<T: Sendable, R>(
        _ items: [T], window: Int = workers * 8, _ transform: @Sendable (T) -> R, emit: (Int, R) -> Void
    ) {
        if items.count < 2 || workers == 1 {
            for (i, item) in items.enumerated() { emit(i, transform(item)) }
            return
        }
        let state = StreamState<R>(window: max(window, workers))
        withoutActuallyEscaping(emit) { emit in
            let box = UncheckedBox(emit)
            DispatchQueue.concurrentPerform(iterations: min(workers, items.count)) { _ in
                while let index = state.claim(total: items.count) {
                    let result = transform(items[index])
                    state.finish(index, result) { i, r in box.value(i, r) }
                }
            }
        }
    }

    /// `transform` on every item concurrently; results in input order (for small results).
    static func map<T: Sendable, R>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        var results: [R] = []
        results.reserveCapacity(items.count)
        stream(items, window: max(items.count, 1), transform) { _, r in results.append(r) }
        return results
    }
}

/// Lets a non-Sendable closure cross into the worker threads; `StreamState` serialises calls.
private final class UncheckedBox<V>: @unchecked Sendable {
    let value: V
    init(_ value: V) { self.value = value }
}

/// Hands out indexes, holds finished results until their turn, and stops workers from running
/// more than `window` items ahead of the next one to emit.
private final class StreamState<R>: @unchecked Sendable {
    private let condition = Condition()
    private var next = 0
    private var nextToEmit = 0
    private var done: [Int: R] = [:]
    private var emitting = false
    private let window: Int

    init(window: Int) { self.window = window }

    func claim(total: Int) -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while next < total && next - nextToEmit >= window { condition.wait() }
        guard next < total else { return nil }
        next += 1
        return next - 1
    }

    func finish(_ index: Int, _ result: R, emit: (Int, R) -> Void) {
        condition.lock()
        done[index] = result
        // One thread emits at a time, in order; others just leave their result.
        guard !emitting else {
            condition.unlock()
            return
        }
        emitting = true
        while let ready = done.removeValue(forKey: nextToEmit) {
            let i = nextToEmit
            condition.unlock()
            emit(i, ready)
            condition.lock()
            nextToEmit += 1
            condition.broadcast()
        }
        emitting = false
        condition.unlock()
    }
}
