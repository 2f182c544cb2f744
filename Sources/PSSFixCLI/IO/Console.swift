import FoundationEssentials
import Glibc

/// Where a command reads and writes. Commands never touch the process's streams directly, so
/// tests run them in-process and capture everything.
public final class Console: @unchecked Sendable {
    private let lock = Lock()
    private let writeOut: ([UInt8]) -> Void
    private let writeErr: ([UInt8]) -> Void
    private let readStdinOnce: () -> [UInt8]
    private var stdinCache: [UInt8]?
    /// Whether stdout / stderr are terminals (colour is only for terminals).
    public let stdoutIsTerminal: Bool
    public let stderrIsTerminal: Bool
    public let environment: [String: String]
    /// Directory paths are shown relative to.
    public let workingDirectory: String

    public init(
        stdout: @escaping ([UInt8]) -> Void, stderr: @escaping ([UInt8]) -> Void, stdin: @escaping () -> [UInt8],
        stdoutIsTerminal: Bool = false, stderrIsTerminal: Bool = false, environment: [String: String] = [:],
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) {
        self.writeOut = stdout
        self.writeErr = stderr
        self.readStdinOnce = stdin
        self.stdoutIsTerminal = stdoutIsTerminal
        self.stderrIsTerminal = stderrIsTerminal
        self.environment = environment
        self.workingDirectory = workingDirectory
    }

    /// The real process streams.
    public static func standard() -> Console {
        Console(
            stdout: { bytes in StandardStream.write(1, bytes) },
            stderr: { bytes in StandardStream.write(2, bytes) },
            stdin: { StandardStream.readAll(0) },
            stdoutIsTerminal: isatty(1) == 1, stderrIsTerminal: isatty(2) == 1,
            environment: ProcessInfo.processInfo.environment)
    }

    /// Standard input, read once (a run may look at it twice: namespaces first, then fixes).
    public func readStdin() -> [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        if let stdinCache { return stdinCache }
        let bytes = readStdinOnce()
        stdinCache = bytes
        return bytes
    }

    public func out(_ bytes: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        writeOut(bytes)
    }

    public func out(_ text: String) { out(Array(text.utf8)) }

    public func err(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        writeErr(Array(text.utf8))
    }

    public func err(_ bytes: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        writeErr(bytes)
    }

    /// Colour decision: `--color always|never`, else only on a terminal with NO_COLOR unset.
    public func colorEnabled(_ choice: ColorChoice, forStdout: Bool) -> Bool {
        switch choice {
        case .always: return true
        case .never: return false
        case .auto:
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return forStdout ? stdoutIsTerminal : stderrIsTerminal
        }
    }
}
