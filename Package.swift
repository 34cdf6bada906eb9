// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Quanta",
    products: [
        .library(name: "Quanta", targets: ["Quanta"]),
        // The published models; not part of the `Quanta` umbrella.
        .library(name: "Reproductions", targets: ["Reproductions"]),
        // The shared benchmark workloads (used by Benchmarks/).
        .library(name: "Workloads", targets: ["Workloads"]),
        .executable(name: "quanta", targets: ["quanta"]),
    ],
    targets: [
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CDNNL", providers: [.apt(["libdnnl-dev"])]),
        .systemLibrary(name: "CNLopt", providers: [.apt(["libnlopt-dev"])]),
        .systemLibrary(name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev", "openmpi-bin"])]),
        .target(name: "CAllocator"),
        // Hot loops compiled per instruction set (baseline, AVX2, AVX-512) behind run-time dispatch.
        .target(name: "CKernels"),
        .target(name: "Tensor", dependencies: ["CBLAS", "CAllocator", "CKernels"]),
        .target(name: "Plotting"),
        .target(name: "NeuralNetworks", dependencies: ["Tensor", "CBLAS", "CNLopt"]),
        .target(name: "QuantumSim", dependencies: ["Tensor", "CKernels", "CBLAS"]),
        .target(name: "Datasets", dependencies: ["Tensor", "CZlib", "CBLAS"]),
        .target(name: "Quantization", dependencies: ["NeuralNetworks", "CDNNL", "CKernels", "CBLAS"]),
        .target(name: "QML", dependencies: ["QuantumSim", "NeuralNetworks"]),
        // Tokenizers, decoding sessions and low-bit kernels for transformer language models.
        .target(name: "LanguageModels", dependencies: ["NeuralNetworks", "Quantization", "CKernels"]),
        // Classical learners beside the quantum ones: logistic regression, SVM (SMO), trees and forests.
        .target(name: "Learners", dependencies: ["Tensor", "NeuralNetworks"]),
        .target(name: "ModelZoo", dependencies: ["NeuralNetworks", "Datasets", "QML"]),
        // Runs over MPI ranks: the communicator and the distributed state vector.
        .target(name: "Cluster", dependencies: ["CMPI", "NeuralNetworks", "QuantumSim"]),
        .target(name: "Quanta", dependencies: [
            "Tensor", "NeuralNetworks", "QuantumSim", "Datasets", "Quantization", "QML", "ModelZoo", "Plotting", "Learners",
            "LanguageModels", "Cluster",
        ]),
        .target(name: "Reproductions", dependencies: [
            "QML", "Quantization", "Datasets", "ModelZoo", "Plotting", "Learners", "LanguageModels",
        ]),
        .target(name: "Workloads", dependencies: ["QuantumSim"]),
        .target(name: "QuantaCLI", dependencies: ["Quanta", "Reproductions"]),
        .executableTarget(name: "quanta", dependencies: ["QuantaCLI"]),
        // Shared by the test targets: the Kronecker reference, random unitaries and states,
        // approximate comparison.
        .target(name: "QuantaTestSupport", dependencies: ["QuantumSim", "Tensor"], path: "Tests/QuantaTestSupport"),
        .testTarget(name: "TensorTests", dependencies: ["Tensor", "QuantaTestSupport"]),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting"]),
        .testTarget(name: "NeuralNetworksTests", dependencies: ["NeuralNetworks", "Datasets", "QuantaTestSupport", "CBLAS"]),
        .testTarget(name: "QuantumSimTests", dependencies: ["QuantumSim", "QuantaTestSupport"], exclude: ["AerReference"]),
        .testTarget(name: "WorkloadsTests", dependencies: ["Workloads"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "CZlib"]),
        .testTarget(name: "QuantizationTests", dependencies: ["Quantization", "Datasets"]),
        .testTarget(name: "QuantaCLITests", dependencies: ["QuantaCLI"], exclude: ["HelpSnapshots"]),
        .testTarget(name: "QMLTests", dependencies: ["QML"]),
        .testTarget(name: "LanguageModelsTests", dependencies: ["LanguageModels"]),
        .testTarget(name: "LearnersTests", dependencies: ["Learners", "Datasets"]),
        .testTarget(name: "ReproductionsTests", dependencies: ["Reproductions"]),
        .testTarget(name: "ModelZooTests", dependencies: ["ModelZoo"]),
        .testTarget(name: "ClusterTests", dependencies: ["Cluster"]),
    ],
    swiftLanguageModes: [.v5]
)
