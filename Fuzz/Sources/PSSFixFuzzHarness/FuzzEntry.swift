/// libFuzzer's callback: one input through parse, check, fix and verify (`FuzzOracle`).
/// A broken property traps with its description, so libFuzzer keeps the input as a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let problems = FuzzOracle.failures(bytes)
    if !problems.isEmpty {
        fatalError("pss-fix fuzz finding:\n" + problems.joined(separator: "\n"))
    }
    return 0
}
