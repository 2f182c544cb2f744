/// A command that runs against a `Console`, so tests can run it in-process.
public protocol ConsoleRunnable {
    func execute(console: Console) -> Int32
}

extension PSSFixCommand.Fix: ConsoleRunnable {}
