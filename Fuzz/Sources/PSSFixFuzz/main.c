// Intentionally no code. The executable is a C target because SwiftPM links a Swift executable
// with `--defsym main=<module>_main`, which clashes with libFuzzer: `-sanitize=fuzzer` links
// libFuzzer's own `main`, which calls LLVMFuzzerTestOneInput (in PSSFixFuzzHarness, Swift).
