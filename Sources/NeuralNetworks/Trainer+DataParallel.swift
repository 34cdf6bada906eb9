import Foundation

/// Data-parallel training over a `Collective` (one process per rank, as under `mpirun`).
///
/// Every rank holds the whole model and walks the same batches (their order depends only on
/// the seed and the epoch). Of each batch of B samples, rank r takes the `share` r of the
/// batch's index list, computes the gradient of its samples' summed loss, and an allreduce
/// adds the ranks' gradients (in Double); divided by B, that is the gradient of the batch's
/// mean loss, which one process would compute on the whole batch. Every rank then takes the
/// same optimizer step, so the parameters stay identical (checked after every epoch).
///
/// Against one process with the same batch size the only difference is the order of the
/// additions (one process sums the batch inside its matrix products in Float; here each
/// rank sums its share in Float and the shares are added in Double): gradients agree to
/// about 1e-6 relative per step, and training, being chaotic, amplifies that over many
/// steps into differences the size of run-to-run noise between seeds.
///
/// BatchNorm sees the statistics of the rank's share (as PyTorch's DDP without SyncBatchNorm);
/// the running statistics are averaged across ranks after every epoch.
public struct ReplicasDiverged: Error, CustomStringConvertible {
    /// The epoch (1-based) after which the ranks' parameters differed.
    public let epoch: Int

    public var description: String {
        "the ranks' parameters differ after epoch \(epoch) (a rank computed a different step; "
            + "was each rank given the same data and settings?)"
    }
}

extension Trainer {
    /// One data-parallel step on the global batch `indices`: this rank's share forward and
    /// backward, the gradients and the statistics summed across ranks, then the step.
    func trainSharedStep(_ indices: [Int], data: LabeledData, collective: any Collective) -> (loss: Double, correct: Int) {
        let share = Array(indices[collective.share(of: indices.count)])
        optimizer.zeroGrad()
        var local = (loss: 0.0, correct: 0)
        if !share.isEmpty {
            let batch = self.batch(share, of: data)
            local = accumulateGradients(batch.x, labels: batch.labels, targets: batch.targets)
        }
        let parameters = optimizer.parameters
        let weight = Double(share.count) / Double(indices.count)
        var buffer = packedGradients(parameters, scale: weight)
        let stop = stopSignal?() == true
        buffer += [local.loss * Double(share.count), Double(local.correct), stop ? 1 : 0]
        collective.sum(&buffer)
        unpackGradients(buffer, into: parameters)
        sharedStop = buffer[buffer.count - 1] > 0
        for transform in gradientTransforms { transform(parameters) }
        optimizer.step()
        state.step += 1
        return (buffer[buffer.count - 3] / Double(indices.count), Int(buffer[buffer.count - 2].rounded()))
    }

    /// Every gradient (zeros for a parameter without one) times `scale`, in one Double array.
    func packedGradients(_ parameters: [Variable<Scalar>], scale: Double) -> [Double] {
        let total = parameters.reduce(0) { $0 + $1.value.count }
        var buffer = [Double](repeating: 0, count: total)
        var offset = 0
        buffer.withUnsafeMutableBufferPointer { out in
            for p in parameters {
                p.grad?.withUnsafeBufferPointer { g in
                    ScalarConversion.widen(UnsafeRawBufferPointer(g), as: Scalar.self, scale: scale, into: out.baseAddress! + offset)
                }
                offset += p.value.count
            }
        }
        return buffer
    }

    /// Writes the summed gradients back, divided into the parameters' shapes.
    func unpackGradients(_ buffer: [Double], into parameters: [Variable<Scalar>]) {
        var offset = 0
        buffer.withUnsafeBufferPointer { values in
            for p in parameters {
                let count = p.value.count
                p.grad = Tensor<Scalar>(shape: p.value.shape, unsafeUninitialized: { out in
                    ScalarConversion.narrow(values.baseAddress! + offset, count: count, into: UnsafeMutableRawPointer(out), as: Scalar.self)
                })
                offset += count
            }
        }
    }

    /// Gives every rank rank 0's parameters and buffers (a run starts from one model).
    func synchronizeReplicas(_ collective: any Collective) {
        guard collective.size > 1 else { return }
        for p in model.parameters {
            var values = Tensor<Double>(converting: p.value).scalars
            collective.broadcast(&values, from: 0)
            p.value = Tensor<Scalar>(converting: Tensor<Double>(shape: p.value.shape, scalars: values))
        }
        averageBuffers(collective, broadcastOnly: true)
    }

    /// Averages the running statistics across ranks (or takes rank 0's), then checks that the
    /// parameters are identical on every rank.
    func checkReplicas(_ collective: any Collective) throws {
        guard collective.size > 1 else { return }
        averageBuffers(collective, broadcastOnly: false)
        guard collective.agree(parameterHash) else { throw ReplicasDiverged(epoch: state.epoch) }
    }

    /// The buffers (BatchNorm running statistics) averaged across ranks, or rank 0's.
    func averageBuffers(_ collective: any Collective, broadcastOnly: Bool) {
        for (name, tensor) in model.namedBuffers {
            var values = Tensor<Double>(converting: tensor).scalars
            if broadcastOnly {
                collective.broadcast(&values, from: 0)
            } else {
                collective.sum(&values)
                values = values.map { $0 / Double(collective.size) }
            }
            _ = model.setBuffer(name, to: Tensor<Scalar>(converting: Tensor<Double>(shape: tensor.shape, scalars: values)))
        }
    }

    /// FNV-1a over the bytes of every parameter.
    var parameterHash: UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for p in model.parameters {
            p.value.withUnsafeBufferPointer { values in
                for byte in UnsafeRawBufferPointer(values) {
                    hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
                }
            }
        }
        return hash
    }

    /// Classification loss and accuracy with each rank evaluating its share of the samples.
    func evaluateShared(_ data: LabeledData, collective: any Collective) -> EpochMetrics {
        let share = Array(collective.share(of: data.count))
        var totals = [0.0, 0.0, Double(share.count)]
        if !share.isEmpty {
            let part = data.subset(share)
            let metrics = NeuralNetworks.evaluate(model, part, batchSize: Swift.max(batchSize, 256)).metrics
            totals[0] = metrics.loss * Double(share.count)
            totals[1] = metrics.accuracy * Double(share.count)
        }
        collective.sum(&totals)
        let count = Swift.max(totals[2], 1)
        return EpochMetrics(loss: totals[0] / count, accuracy: totals[1] / count, samples: Int(totals[2]))
    }
}

/// Float/Double ↔ Double copies for the collectives, in concrete loops (the generic
/// conversion through `BinaryFloatingPoint` costs tens of nanoseconds an element).
enum ScalarConversion {
    /// `count(values)` elements of type `type` (Float or Double) times `scale` into `out`.
    static func widen<S>(_ values: UnsafeRawBufferPointer, as type: S.Type, scale: Double, into out: UnsafeMutablePointer<Double>) {
        if S.self == Float.self {
            let f = values.assumingMemoryBound(to: Float.self)
            for i in f.indices { out[i] = Double(f[i]) * scale }
        } else {
            let d = values.assumingMemoryBound(to: Double.self)
            for i in d.indices { out[i] = d[i] * scale }
        }
    }

    /// `count` doubles into `out` as `type` (Float or Double).
    static func narrow<S>(_ values: UnsafePointer<Double>, count: Int, into out: UnsafeMutableRawPointer, as type: S.Type) {
        if S.self == Float.self {
            let f = out.assumingMemoryBound(to: Float.self)
            for i in 0..<count { f[i] = Float(values[i]) }
        } else {
            out.assumingMemoryBound(to: Double.self).update(from: values, count: count)
        }
    }
}
