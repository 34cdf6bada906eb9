// swift-tools-version:6.0
import PackageDescription

// Writes random Quanta circuits (every gate kind, controls, adjoints, dense/diagonal
// unitaries, symbolic parameters) exported to OpenQASM 2 and 3, with reference statevectors,
// for tools/qiskit_check.py. A nested package so the root package stays free of tool code.
let package = Package(
    name: "QASMSamples",
    dependencies: [.package(name: "Quanta", path: "../..")],
    targets: [
        .executableTarget(name: "qasm-samples", dependencies: [.product(name: "Quanta", package: "Quanta")]),
    ],
    swiftLanguageModes: [.v5]
)
