import Foundation
import PSSFixCore

/// Runs a renderer to completion with a time limit and collects all of its output.
///
/// Output goes to temporary files rather than pipes: a renderer printing megabytes cannot
/// block on a full pipe while we wait for it to exit. Standard input is /dev/null, so
/// nothing ever waits for a terminal.
struct ProcessRunner: Sendable {
    struct Output: Sendable {
        let status: Int32
        let stdout: [UInt8]
        let stderr: [UInt8]
        /// Stopped after `timeout` seconds (status is then the signal's).
        let timedOut: Bool

        var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// Seconds before the process is terminated (SIGTERM, then SIGKILL two seconds later).
    /// Only the process itself is stopped: a helm that kubectl started finishes on its own.
    let timeout: Double

    /// Runs `executable` (an absolute path) with `arguments` in `environment`; throws when it
    /// cannot be started at all.
    func run(_ executable: String, _ arguments: [String], environment: [String: String],
             workingDirectory: String? = nil) throws -> Output {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pss-fix-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        var timedOut = false
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if exited.wait(timeout: .now() + 2) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                exited.wait()
            }
        }
        try? out.close()
        try? err.close()
        let stdout = (try? Data(contentsOf: outURL)).map { Array($0) } ?? []
        let stderr = (try? Data(contentsOf: errURL)).map { Array($0) } ?? []
        return Output(status: process.terminationStatus, stdout: stdout, stderr: stderr, timedOut: timedOut)
    }
}
