import ArgumentParser
import Glibc
import PSSFixCLI

// ArgumentParser exits 64 (EX_USAGE) on usage errors; pss-fix documents 2 for every input or
// usage error, so map it here. Help and version requests still exit 0.
switch VersionFlag.inspect(Array(CommandLine.arguments.dropFirst())) {
case .printVersion:
    print(PSSFixVersion.current)
    exit(0)
case .renamed(let message):
    let line = message + "\n"
    _ = write(2, line, line.utf8.count)
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
        let message = PSSFixCommand.fullMessage(for: error) + "\n"
        _ = write(2, message, message.utf8.count)
        exit(2)
    }
    PSSFixCommand.exit(withError: error)
}
