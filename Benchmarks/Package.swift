// swift-tools-version:6.0
import PackageDescription

// Quanta's benchmark programs (see README.md). A nested package so that the root package
// stays free of benchmark code; it builds Quanta from the parent directory.
let package = Package(
    name: "QuantaBenchmarks",
    dependencies: [
        .package(name: "Quanta", path: ".."),
    ],
    targets: [
        // The reference timing loops in plain C (OpenBLAS called directly, no Swift in between).
        .target(
            name: "CGemmBench",
            linkerSettings: [.linkedLibrary("openblas")]),
        .executableTarget(
            name: "QuantaBench",
            dependencies: [
                .product(name: "Quanta", package: "Quanta"),
                .product(name: "Workloads", package: "Quanta"),
                .product(name: "Reproductions", package: "Quanta"),
                "CGemmBench",
            ]),
    ],
    swiftLanguageModes: [.v5]
)
