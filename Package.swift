// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Quanta",
    products: [
        .library(name: "Quanta", targets: ["Quanta"]),
        .executable(name: "quanta", targets: ["quanta"]),
    ],
    targets: [
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CDNNL", providers: [.apt(["libdnnl-dev"])]),
        .target(name: "CAllocator"),
        .target(name: "CMemoryHints"),
        .target(name: "Tensor", dependencies: ["CBLAS", "CAllocator"]),
        .target(name: "NeuralNetworks", dependencies: ["Tensor"]),
        .target(name: "QuantumSim", dependencies: ["Tensor", "CMemoryHints"]),
        .target(name: "Datasets", dependencies: ["Tensor", "CZlib", "CBLAS"]),
        .target(name: "Quantization", dependencies: ["NeuralNetworks", "CDNNL"]),
        .target(name: "QML", dependencies: ["QuantumSim", "NeuralNetworks", "Datasets", "CBLAS"]),
        .target(name: "Quanta", dependencies: ["Tensor", "NeuralNetworks", "QuantumSim", "Datasets", "Quantization", "QML"]),
        .target(name: "QuantaCLI", dependencies: ["Quanta"]),
        .executableTarget(name: "quanta", dependencies: ["QuantaCLI"]),
        .testTarget(name: "TensorTests", dependencies: ["Tensor"]),
        .testTarget(name: "NeuralNetworksTests", dependencies: ["NeuralNetworks", "Datasets"]),
        .testTarget(name: "QuantumSimTests", dependencies: ["QuantumSim"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets"]),
        .testTarget(name: "QuantizationTests", dependencies: ["Quantization", "Datasets"]),
        .testTarget(name: "QuantaCLITests", dependencies: ["QuantaCLI"]),
        .testTarget(name: "QMLTests", dependencies: ["QML"]),
    ],
    swiftLanguageModes: [.v5]
)
