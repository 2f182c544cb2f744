import FoundationEssentials
import Glibc
import PSSFixCore

/// Runs a renderer to completion with a time limit and collects all of its output.
///
/// Started with posix_spawn (Foundation's `Process` is not in FoundationEssentials, which the
/// static release binary uses). Output goes to temporary files rather than pipes: a renderer
/// printing megabytes cannot block on a full pipe while we wait for it to exit. Standard input
/// is /dev/null, so nothing ever waits for a terminal.
struct ProcessRunner: Sendable {
    struct Output: Sendable {
        let status: Int32
        let stdout: [UInt8]
        let stderr: [UInt8]
        /// Stopped after `timeout` seconds (status is then the signal's).
        let timedOut: Bool

        var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    struct SpawnError: Error, CustomStringConvertible {
        let description: String
        var localizedDescription: String { description }
    }

    /// Seconds before the process is terminated (SIGTERM, then SIGKILL two seconds later).
    /// Only the process itself is stopped: a helm that kubectl started finishes on its own.
    let timeout: Double

    /// Runs `executable` (an absolute path) with `arguments` in `environment`; throws when it
    /// cannot be started at all.
    func run(_ executable: String, _ arguments: [String], environment: [String: String],
             workingDirectory: String? = nil) throws -> Output {
        let scratch = TemporaryFolder.make("pss-fix-run")
        defer { TemporaryFolder.remove(scratch) }
        let outPath = scratch + "/stdout", errPath = scratch + "/stderr"

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if let workingDirectory { _ = spawnAddChdir(&actions, workingDirectory) }
        // Nothing else is inherited: a file another thread has open for writing (a script just
        // written, a spool) would stay open in a renderer that runs for seconds, and executing
        // that file then fails with "Text file busy" (seen as an intermittent exit 3 in tests).
        _ = spawnAddCloseFrom(&actions, 3)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let started = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard started == 0 else {
            throw SpawnError(description: String(cString: strerror(started)))
        }
        var status: Int32 = 0
        var timedOut = false
        let deadline = Self.now() + timeout
        var killAt: Double?
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid || (done == -1 && errno != EINTR) { break }
            let now = Self.now()
            if let at = killAt {
                if now >= at { kill(pid, SIGKILL); killAt = .infinity }
            } else if now >= deadline {
                timedOut = true
                kill(pid, SIGTERM)
                killAt = now + 2
            }
            usleep(5_000)
        }
        // WIFEXITED / WEXITSTATUS, WTERMSIG as Glibc's macros define them.
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Output(
            status: exitStatus, stdout: TemporaryFolder.read(outPath), stderr: TemporaryFolder.read(errPath), timedOut: timedOut)
    }

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}

/// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+; the binary needs 2.35): Swift's Glibc
/// module does not import it (it is a GNU extension), so it is bound by name.
@_silgen_name("posix_spawn_file_actions_addchdir_np")
func spawnAddChdir(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: UnsafePointer<CChar>) -> Int32

/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), bound by name for the same reason.
@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
func spawnAddCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32

/// Temporary folders for renders and verification copies, without Foundation's helpers.
enum TemporaryFolder {
    /// A new private folder under $TMPDIR (or /tmp) named `prefix-XXXXXX`.
    static func make(_ prefix: String) -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base.hasSuffix("/") ? base : base + "/") .utf8CString.dropLast()) + Array("\(prefix)-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { buffer in
            guard let made = mkdtemp(buffer.baseAddress!) else { return base + "/\(prefix)-\(UUID().uuidString)" }
            return String(cString: made)
        }
    }

    static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

    static func read(_ path: String) -> [UInt8] { FileManager.default.contents(atPath: path).map { Array($0) } ?? [] }
}
