import Foundation
@testable import PSSFixCLI

/// Captures a command's stdout and stderr in memory.
final class TestConsole: @unchecked Sendable {
    private let lock = NSLock()
    private var outBytes: [UInt8] = []
    private var errBytes: [UInt8] = []
    let stdin: [UInt8]
    let cwd: String
    let env: [String: String]
    let tty: Bool

    init(stdin: [UInt8] = [], cwd: String = FileManager.default.currentDirectoryPath, env: [String: String] = [:], tty: Bool = false) {
        self.stdin = stdin
        self.cwd = cwd
        self.env = env
        self.tty = tty
    }

    var console: Console {
        Console(
            stdout: { [self] b in lock.lock(); outBytes += b; lock.unlock() },
            stderr: { [self] b in lock.lock(); errBytes += b; lock.unlock() },
            stdin: { [stdin] in stdin }, stdoutIsTerminal: tty, stderrIsTerminal: tty, environment: env,
            workingDirectory: cwd)
    }

    var out: [UInt8] { lock.lock(); defer { lock.unlock() }; return outBytes }
    var outText: String { String(decoding: out, as: UTF8.self) }
    var errText: String { lock.lock(); defer { lock.unlock() }; return String(decoding: errBytes, as: UTF8.self) }
    var err: [UInt8] { lock.lock(); defer { lock.unlock() }; return errBytes }
}

/// Parses `args` like the real binary and runs the chosen command in-process.
func runCLI(_ args: [String], _ console: TestConsole) throws -> Int32 {
    let command = try PSSFixCommand.parseAsRoot(args)
    switch command {
    case let fix as PSSFixCommand.Fix: return fix.execute(console: console.console)
    default:
        if let runnable = command as? ConsoleRunnable { return runnable.execute(console: console.console) }
        fatalError("not a console command: \(type(of: command))")
    }
}

/// A temporary directory removed when the value goes away.
final class TempDir {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "pss-fix-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let p = path + "/" + name
        try! FileManager.default.createDirectory(
            atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: p, contents: Data(text.utf8))
        return p
    }

    func read(_ name: String) -> String { try! String(contentsOfFile: path + "/" + name, encoding: .utf8) }
}
