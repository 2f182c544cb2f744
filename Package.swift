// swift-tools-version: 6.0
import PackageDescription

// Layout mirrors the pipeline: CYAML (libyaml, system library) -> PSSFixCore (parse, workloads,
// checks, fixes, edits, verify, diff; never prints) -> PSSFixCLI (commands, output) -> pss-fix.
let package = Package(
    name: "pss-fix",
    products: [
        .executable(name: "pss-fix", targets: ["pss-fix"]),
        .library(name: "PSSFixCore", targets: ["PSSFixCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
    ],
    targets: [
        // libyaml from the system (Debian: libyaml-dev). Not vendored on purpose: distro patches apply.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .target(name: "PSSFixCore", dependencies: ["CYAML"]),
        .target(
            name: "PSSFixCLI",
            dependencies: [
                "PSSFixCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "pss-fix",
            dependencies: ["PSSFixCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(
            name: "PSSFixCoreTests",
            dependencies: ["PSSFixCore", "CYAML", .product(name: "PropertyBased", package: "swift-property-based")],
            exclude: ["Conformance/Fixtures", "Conformance/import-fixtures.py"]
        ),
        .testTarget(name: "PSSFixCLITests", dependencies: ["PSSFixCLI", "PSSFixCore"]),
    ]
)
