import Foundation
import NeuralNetworks
import Tensor

extension CircuitAutoencoder {
    /// Adam on the ELBO loss over shuffled batches, seeded (order and reparameterisation noise);
    /// returns the mean loss per epoch.
    @discardableResult
    public func fit(_ dags: [CircuitDAG], epochs: Int, batchSize: Int = 64, learningRate: Double = 3e-3, seed: UInt64,
                    onEpoch: (Int, Double) -> Void = { _, _ in }) throws -> [Double] {
        guard !dags.isEmpty, dags.allSatisfy({ $0.qubits == qubits && $0.maxGates == maxGates }) else {
            throw QMLError.invalidArgument("the autoencoder reads circuits of \(qubits) qubits and ≤ \(maxGates) gates")
        }
        let optimizer = Adam(parameters, learningRate: learningRate)
        var rng = RandomGenerator(seed: seed)
        var history = [Double]()
        for epoch in 0..<epochs {
            let order = rng.permutation(dags.count)
            var total = 0.0
            for start in stride(from: 0, to: order.count, by: batchSize) {
                let batch = order[start..<min(start + batchSize, order.count)].map { dags[$0] }
                let noise = Tensor<Float>.normal([batch.count, latent], rng: &rng)
                optimizer.zeroGrad()
                let loss = loss(batch, noise: noise)
                loss.backward()
                optimizer.step()
                total += Double(loss.value.scalars[0]) * Double(batch.count)
            }
            history.append(total / Double(dags.count))
            onEpoch(epoch, history.last!)
        }
        return history
    }

    /// The circuit a latent vector decodes to: per slot the most likely type until "end", the
    /// most likely first qubit and the most likely other qubit for two-qubit gates.
    public func decode(_ z: [Double]) -> [ArchitectureGate] {
        let logits = decoder(Variable(Tensor(shape: [1, latent], scalars: z.map { Float($0) }))).value.scalars
        var gates = [ArchitectureGate]()
        for slot in 0..<maxGates {
            let row = Array(logits[(slot * slotWidth)..<((slot + 1) * slotWidth)])
            let type = Self.argmax(Array(row[0..<Self.kinds]))
            guard type < Self.kinds - 1 else { break }
            let kind = ArchitectureGate.Kind(rawValue: type)!
            let first = Self.argmax(Array(row[Self.kinds..<(Self.kinds + qubits)]))
            var qs = [first]
            if kind.qubitCount == 2 {
                var second = Array(row[(Self.kinds + qubits)..<slotWidth])
                second[first] = -.infinity
                qs.append(Self.argmax(second))
            }
            gates.append(ArchitectureGate(kind, qs))
        }
        return gates
    }

    /// Fraction of `dags` whose posterior mean decodes back to the same gates.
    public func reconstructionAccuracy(_ dags: [CircuitDAG]) -> Double {
        let z = encode(dags)
        let hits = dags.indices.filter { decode(Array(z[($0 * latent)..<(($0 + 1) * latent)])) == dags[$0].gates }.count
        return Double(hits) / Double(max(dags.count, 1))
    }

    static func argmax(_ v: [Float]) -> Int { v.indices.max { v[$0] < v[$1] }! }
}
