import Foundation
import Testing

/// The real binary: usage errors exit 2 (ArgumentParser's own code would be 64), help and
/// version exit 0.
@Suite struct BinaryExitCodeTests {
    /// `swift test` builds pss-fix next to the test bundle, whatever the scratch path.
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("pss-fix").path

    func run(_ args: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = args
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func usageErrorsExitTwo() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "swift test builds the pss-fix binary")
        let (code, message) = try run(["--no-such-flag", "x.yaml"])
        #expect(code == 2)
        #expect(message.contains("Unknown option '--no-such-flag'"))
        #expect(try run(["check", "--format", "xml", "x.yaml"]).0 == 2)
        #expect(try run(["--in-place", "--diff", "x.yaml"]).0 == 2)
        #expect(try run(["--help"]).0 == 0)
        #expect(try run(["--version"]).0 == 0)
        #expect(try run(["--version"]).1.isEmpty, "the version goes to stdout")
    }
}
