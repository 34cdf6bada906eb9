import Foundation
import Tensor

extension ModelSpec {
    /// The layer sizes of a catalog model, computed without building it: parameters, and the
    /// floats one sample keeps alive through a training step (activations, their gradients,
    /// the convolutions' im2col columns).
    struct Footprint {
        var parameters = 0.0
        var activationsPerSample = 0.0
    }

    /// The footprint of `name` on `inputShape`; nil for models outside the catalog.
    var footprint: Footprint? {
        let features = Double(inputShape.reduce(1) { $0 * $1 })
        var f = Footprint()
        func linear(_ inputs: Double, _ outputs: Double) {
            f.parameters += (inputs + 1) * outputs
            f.activationsPerSample += 2 * outputs
        }
        switch name {
        case "mlp":
            var width = features
            for h in hidden ?? [128, 64] {
                linear(width, Double(h))
                width = Double(h)
            }
            linear(width, Double(classes))
        case "cnn":
            let s = Double(inputShape.last ?? 1)
            let c = Double(channels ?? 16)
            f.parameters += c * 10 + 2 * c * (9 * c + 1)
            // conv outputs and ReLUs (c and 2c channels), im2col columns of the second conv
            f.activationsPerSample += s * s * (2 * c + 4 * c + 9 * c)
            linear(2 * c * (s / 2).rounded(.down) * (s / 2).rounded(.down), 128)
            linear(128, Double(classes))
        case "lenet5":
            let s = Double(inputShape.last ?? 1)
            let m = ((s - 4) / 2).rounded(.down) - 4
            let k = (m / 2).rounded(.down)
            f.parameters += 6 * 26 + 16 * 151
            f.activationsPerSample += (s - 4) * (s - 4) * (25 + 12) + m * m * (150 + 32)
            linear(16 * k * k, 120)
            linear(120, 84)
            linear(84, Double(classes))
        case "resnet20":
            let s = Double(inputShape.last ?? 1)
            let (s2, s3) = ((s / 2).rounded(.up), (s / 4).rounded(.up))
            f.parameters += 271_536 + 65 * Double(classes)
            // per block: two convolutions, two batch norms (and their x̂), the sum, two ReLUs;
            // one convolution's im2col columns at a time
            f.activationsPerSample += 16 * s * s * (4 + 3 * 9) + 32 * s2 * s2 * (3 * 9 + 3) + 64 * s3 * s3 * (3 * 9 + 3)
            f.activationsPerSample += 9 * 16 * s * s
        case "mobilenet":
            let s = Double(inputShape.last ?? 1)
            f.parameters += 35_584 + 129 * Double(classes)
            var (side, maps) = (s, 16 * s * s * 4)
            for (c, next, stride) in [(16.0, 32.0, 1.0), (32, 64, 2), (64, 64, 1), (64, 128, 2), (128, 128, 1)] {
                side = (side / stride).rounded(.up)
                maps += (c + next) * side * side * 4
            }
            f.activationsPerSample += maps + 9 * 16 * s * s
        case _ where RecurrentModels.names.contains(name):
            f = RecurrentModels.footprint(self)
        default:
            return nil
        }
        f.activationsPerSample += features
        return f
    }

    /// Bytes a training run of this model needs: weights, gradients and two optimizer moments
    /// (4 floats per parameter) and the activations of one batch, each kept with its gradient.
    public func trainingBytes(batchSize: Int) -> Double {
        guard let f = footprint else { return 0 }
        return 4 * (4 * f.parameters + 2 * Double(batchSize) * f.activationsPerSample)
    }

    /// Bytes to hold the model for inference on batches of `batchSize`.
    public func inferenceBytes(batchSize: Int) -> Double {
        guard let f = footprint else { return 0 }
        return 4 * (f.parameters + Double(batchSize) * f.activationsPerSample)
    }

    /// Throws `ModelZooError` when `bytes` exceed the memory budget (`MemoryBudget`).
    public func checkMemory(_ bytes: Double, for purpose: String) throws {
        let available = MemoryBudget.availableBytes()
        guard bytes > available else { return }
        throw ModelZooMemoryError(
            "\(purpose) \(name) \(hidden.map { "with hidden widths \($0) " } ?? "")needs about "
                + "\(MemoryBudget.describe(bytes)), but only \(MemoryBudget.describe(available)) are available")
    }
}

/// A model too large for the memory available: a failure (exit 1), not a usage error.
public struct ModelZooMemoryError: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}
