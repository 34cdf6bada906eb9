import Datasets
import Foundation
import Plotting
import QML

/// Kit et al., "Enhancing a Convolutional Autoencoder with QAOA for Image Noise Reduction"
/// (arXiv 2401.06367; papers.md §A14): a convolutional autoencoder whose latent passes through a
/// QAOA-shaped circuit, trained to denoise MNIST, against the same autoencoder with a classical
/// latent block and with other circuits there. Its sizes are not published; ours are below.
public enum QCAE {
    /// What sits in the latent.
    public enum Latent: String, Codable, Sendable, CaseIterable {
        /// RY(π·z) encoding + `Templates.qaoa` (ZZ cost, RX mixer), ⟨Z⟩ of every qubit.
        case qaoa
        /// The same encoding + hardware-efficient layers (RY, RZ, CNOT ring).
        case hardwareEfficient = "hardware-efficient"
        /// The same encoding + strongly entangling layers.
        case stronglyEntangling = "strongly-entangling"
        /// Nothing: the plain convolutional autoencoder, its linear latent straight into the
        /// decoder (2·p parameters fewer than the QAOA one). A tanh on that latent, as the
        /// circuits need for their angles, made it collapse to the mean image (MSE stuck at 0.067).
        case classical
    }

    /// The encoder: conv 1→8 (3×3, stride 2) ReLU, conv 8→16 (stride 2) ReLU, 784 → n, then tanh
    /// when a circuit reads the latent (angles π·tanh z).
    static func encoder(latent n: Int, squashed: Bool, _ rng: inout RandomGenerator) -> [any Layer<Float>] {
        let layers: [any Layer<Float>] = [
            Conv2D<Float>(1, 8, kernelSize: 3, stride: 2, padding: 1, rng: &rng), Activation<Float>(.relu),
            Conv2D<Float>(8, 16, kernelSize: 3, stride: 2, padding: 1, rng: &rng), Activation<Float>(.relu),
            Flatten<Float>(), Linear<Float>(16 * 7 * 7, n, rng: &rng),
        ]
        return squashed ? layers + [Activation<Float>(.tanh)] : layers
    }

    /// The decoder: n → 784 ReLU, [16, 7, 7], transposed convs 16→8→1 (stride 2) to 28×28, sigmoid, flattened.
    static func decoder(latent n: Int, _ rng: inout RandomGenerator) -> [any Layer<Float>] {
        [Linear<Float>(n, 16 * 7 * 7, rng: &rng), Activation<Float>(.relu), Reshape<Float>([16, 7, 7]),
         ConvTranspose2D<Float>(16, 8, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1, rng: &rng), Activation<Float>(.relu),
         ConvTranspose2D<Float>(8, 1, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1, rng: &rng), Activation<Float>(.sigmoid),
         Flatten<Float>()]
    }

    /// The latent block on n features (qubits), p layers.
    static func latent(_ kind: Latent, qubits n: Int, layers p: Int, seed: UInt64, _ rng: inout RandomGenerator) throws -> [any Layer<Float>] {
        let encoding = Encoders.angle(features: n, axis: .y, scale: .pi)
        let readout = QuantumReadout.expectations((0..<n).map { Observable.z($0) })
        switch kind {
        case .qaoa: return [try QuantumLayer<Float>(encoding + Templates.qaoa(qubits: n, layers: p), readout: readout, seed: seed)]
        case .hardwareEfficient:
            return [try QuantumLayer<Float>(encoding + Templates.hardwareEfficient(qubits: n, layers: p), readout: readout, seed: seed)]
        case .stronglyEntangling:
            return [try QuantumLayer<Float>(encoding + Templates.stronglyEntangling(qubits: n, layers: p), readout: readout, seed: seed)]
        case .classical: return []
        }
    }

    /// The whole autoencoder: noisy images [N, 1, 28, 28] → clean pixels [N, 784].
    public static func model(_ kind: Latent, qubits: Int = 6, layers: Int = 2, seed: UInt64) throws -> Sequential<Float> {
        var rng = RandomGenerator(seed: seed)
        let parts = encoder(latent: qubits, squashed: kind != .classical, &rng)
            + (try latent(kind, qubits: qubits, layers: layers, seed: seed &+ 1, &rng))
        return Sequential(parts + decoder(latent: qubits, &rng))
    }

    /// Images with Gaussian noise of `sigma` added and clipped to [0, 1] (inputs), the clean
    /// pixels as targets [N, 784]. Seeded.
    static func noisy(_ split: DataSplit, sigma: Double, seed: UInt64) -> LabeledData {
        var rng = RandomGenerator(seed: seed)
        let clean = split.features
        let noisy = Tensor(shape: clean.shape, scalars: clean.scalars.map { Swift.min(Swift.max($0 + Float(sigma * rng.nextNormal()), 0), 1) })
        return LabeledData(features: noisy, targets: clean.reshaped([split.count, clean.count / split.count]))
    }

    /// Mean SSIM and PSNR of the model's reconstructions of `data` against the clean images.
    static func quality(_ model: Sequential<Float>, _ data: LabeledData) -> (ssim: Double, psnr: Double, reconstructions: Tensor<Float>) {
        model.isTraining = false
        let out = model(data.features)
        var ssim = 0.0, psnr = 0.0
        for i in 0..<data.count {
            let a = Array(out.scalars[(i * 784)..<((i + 1) * 784)]), b = Array(data.targets!.scalars[(i * 784)..<((i + 1) * 784)])
            ssim += ImageQuality.ssim(a, b, height: 28, width: 28)
            psnr += Swift.min(ImageQuality.psnr(a, b), 100)
        }
        return (ssim / Double(data.count), psnr / Double(data.count), out)
    }
}

extension QCAE {
    /// One trained autoencoder's scores.
    struct Outcome {
        var ssim: Double
        var psnr: Double
        var losses: [Double]
        var parameters: Int
        var seconds: Double
        var reconstructions: Tensor<Float>
    }

    /// Trains `kind` on `train` (Adam 1e-3, batch 64, MSE to the clean pixels) and scores `test`.
    static func run(_ kind: Latent, train: LabeledData, test: LabeledData, epochs: Int, seed: UInt64) throws -> Outcome {
        let model = try QCAE.model(kind, seed: seed)
        let trainer = Trainer(model: model, optimizer: Adam(model.parameters, learningRate: 1e-3), batchSize: 64, seed: seed)
        trainer.loss = .meanSquaredError()
        var losses: [Double] = []
        let start = Date()
        for _ in 0..<epochs { losses.append(try trainer.trainEpoch(train)?.loss ?? .nan) }
        let seconds = Date().timeIntervalSince(start)
        let (ssim, psnr, out) = quality(model, test)
        return Outcome(ssim: ssim, psnr: psnr, losses: losses, parameters: model.parameterCount, seconds: seconds, reconstructions: out)
    }

    static let reproduction = Reproduction(
        name: "qcae",
        paper: PaperReference(title: "Enhancing a Convolutional Autoencoder with QAOA for Image Noise Reduction", arxiv: "2401.06367",
                              citation: "Kit et al. 2024"),
        summary: "convolutional denoising autoencoder on MNIST with Gaussian noise σ = 0.3 and 0.5, its 6-value latent through a "
            + "QAOA circuit (p = 2) vs a classical tanh block of the same size vs other circuits; SSIM and PSNR",
        quickForm: "10,000 training images and 10 epochs instead of 30,000 and 30, 200 test images",
        datasets: ["mnist"], seeds: (full: 1, quick: 1)
    ) { context in
        let settings = ClassifierSettings(model: "qcae", dataset: "mnist", classes: Array(0..<10), trainSize: context.quick ? 10_000 : 30_000,
                                          testSize: context.quick ? 200 : 1000, epochs: 1, batchSize: 64, learningRate: 1e-3,
                                          optimizer: .adam)
        let (trainSplit, testSplit) = try ClassifierData.select(settings, dataDir: context.dataDir, seed: 0)
        let epochs = context.quick ? 10 : 30
        var result = ReproductionResult()
        for sigma in [0.3, 0.5] {
            let train = noisy(trainSplit, sigma: sigma, seed: 1), test = noisy(testSplit, sigma: sigma, seed: 2)
            let kinds: [Latent] = sigma == 0.5 ? Latent.allCases : [.qaoa, .classical]
            var outcomes: [Latent: Outcome] = [:]
            for kind in kinds {
                let o = try run(kind, train: train, test: test, epochs: epochs, seed: 3)
                context.log(String(format: "σ %.1f %@: SSIM %.4f, PSNR %.2f dB (%d parameters, %.0f s; training MSE %.4f → %.4f)", sigma,
                                   kind.rawValue, o.ssim, o.psnr, o.parameters, o.seconds, o.losses.first ?? .nan, o.losses.last ?? .nan))
                outcomes[kind] = o
            }
            result.append(report(sigma: sigma, kinds: kinds, outcomes, test: test))
        }
        result.notes.append("The paper publishes no sizes: here the encoder is conv 1→8→16 (3×3, stride 2) → 784 → 6, the latent "
            + "block tanh and 6 qubits (RY(π·z) encoding, 2 layers, ⟨Z⟩ of each) or nothing (the plain autoencoder, linear latent), the decoder 6 → 784 → transposed "
            + "convs 16→8→1 → sigmoid; MSE to the clean image, Adam 1e-3, batch 64; noise clipped to [0, 1]. SSIM as "
            + "scikit-image's (Gaussian window, σ 1.5).")
        return result
    }

    static func report(sigma: Double, kinds: [Latent], _ outcomes: [Latent: Outcome], test: LabeledData) -> ReproductionResult {
        var result = ReproductionResult()
        let claim = Reported("QCAE up to 40 % higher SSIM than the CAE", source: "abstract (no numbers verified)")
        let designs = Reported("QAOA ≈ 25 % above other circuits", source: "abstract")
        var curves = LinePlot(title: "Denoising, σ = \(sigma): training loss", xLabel: "epoch", yLabel: "training MSE")
        for kind in kinds {
            let o = outcomes[kind]!
            let reported = kind == .qaoa || kind == .classical ? claim : designs
            result.rows.append(ResultRow(label: "σ \(sigma): \(kind.rawValue) latent (\(o.parameters) parameters)", metric: "test SSIM",
                                         values: [o.ssim], unit: "", higherIsBetter: true, reported: reported, seconds: o.seconds))
            result.rows.append(ResultRow(label: "σ \(sigma): \(kind.rawValue) latent", metric: "test PSNR", values: [o.psnr], unit: "dB",
                                         higherIsBetter: true, reported: Reported("—", source: "not reported"), seconds: 0))
            curves.add(kind.rawValue, y: o.losses)
        }
        result.plots.append(curves)
        // Noisy inputs, the QAOA and classical reconstructions, the clean images: 8 test digits each.
        let rows = [test.features, outcomes[.qaoa]!.reconstructions, outcomes[.classical]!.reconstructions, test.targets!]
        let images = rows.flatMap { t in (0..<8).map { Array(t.scalars[($0 * 784)..<(($0 + 1) * 784)]) } }
        let grid = PNG.grid(images, width: 28, height: 28, columns: 8)
        result.images.append(("σ = \(sigma): noisy, QAOA latent, classical latent, clean",
                              PNG.greyscale(grid.pixels, width: grid.width, height: grid.height)))
        return result
    }
}

extension Reproduction {
    static let qcae = QCAE.reproduction
}
