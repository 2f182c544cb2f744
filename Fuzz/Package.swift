// swift-tools-version: 6.0
import PackageDescription

// The libFuzzer target for pss-fix, kept out of the main package so `swift build` and
// `swift test` there never need the fuzzer runtime. Build and run with ./run.sh (see README.md).
let package = Package(
    name: "pss-fix-fuzz",
    dependencies: [.package(name: "pss-fix", path: "..")],
    targets: [
        // The executable is C on purpose: see its main.c.
        .executableTarget(name: "PSSFixFuzz", dependencies: ["PSSFixFuzzHarness"]),
        .target(
            name: "PSSFixFuzzHarness",
            dependencies: [.product(name: "PSSFixCore", package: "pss-fix")],
            // FuzzOracle.swift links to Tests/PSSFixCoreTests/FuzzRegressionTests.swift: this
            // define compiles its oracle without its tests.
            swiftSettings: [.define("PSS_FUZZ_TARGET")]
        ),
    ]
)
