import PSSFixCore

/// When `check` or `--diff` takes a file batch by batch, and how big a batch is: files of at
/// least 4 MB by default (smaller ones are taken whole; the benchmark corpus's largest file is
/// 2 MB), in batches of `ManifestFixer.batchBytes`. `PSS_FIX_BATCH_THRESHOLD` and `PSS_FIX_BATCH_BYTES`
/// (bytes) change both, so that tests and benchmarks run the batched path on small files.
struct BatchSettings: Sendable {
    var threshold = ManifestFixer.batchThreshold
    var batchBytes = ManifestFixer.batchBytes

    init(environment: [String: String]) {
        if let value = environment["PSS_FIX_BATCH_THRESHOLD"].flatMap(Int.init), value >= 0 { threshold = value }
        if let value = environment["PSS_FIX_BATCH_BYTES"].flatMap(Int.init), value > 0 { batchBytes = value }
    }
}
