import ArgumentParser
import Foundation
import PSSFixCLI

// ArgumentParser exits 64 (EX_USAGE) on usage errors; pss-fix documents 2 for every input or
// usage error, so map it here. Help and version requests still exit 0.
switch VersionFlag.inspect(Array(CommandLine.arguments.dropFirst())) {
case .printVersion:
    print(PSSFixVersion.current)
    exit(0)
case .renamed(let message):
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
case nil:
    break
}
do {
    var command = try PSSFixCommand.parseAsRoot()
    try command.run()
} catch {
    let code = PSSFixCommand.exitCode(for: error)
    if code == .validationFailure {
        FileHandle.standardError.write(Data((PSSFixCommand.fullMessage(for: error) + "\n").utf8))
        exit(2)
    }
    PSSFixCommand.exit(withError: error)
}
