import Foundation
import NeuralNetworks
import Tensor

/// A graph variational autoencoder of circuit architectures (arch2vec-style, as Sun et al.'s
/// quantum architecture search): a GIN encoder over the `CircuitDAG` (three GINConvolutions; the
/// node embeddings in the DAG's canonical order, flattened, then linear) gives a Gaussian
/// q(z | circuit) with diagonal covariance; an MLP decoder gives, for
/// every gate slot, logits over {RX, RY, RZ, CNOT, CZ, end} and over the first and second qubit.
/// Trained without labels on random circuits: reconstruction cross-entropy + β·KL(q ‖ N(0, I)).
/// A latent vector decodes to a valid circuit (argmax type, stop at "end", distinct qubits).
public final class CircuitAutoencoder {
    public let qubits: Int
    public let maxGates: Int
    public let latent: Int
    public var beta = 0.005
    let hidden: Int
    let encoder: Sequential<Float>
    let head: Linear<Float>
    let decoder: Sequential<Float>

    /// Decoder classes per slot: the five gate kinds, then "end".
    static let kinds = ArchitectureGate.Kind.allCases.count + 1
    var slotWidth: Int { Self.kinds + 2 * qubits }

    public init(qubits: Int, maxGates: Int, latent: Int = 16, hidden: Int = 32, seed: UInt64) throws {
        guard qubits >= 2, maxGates >= 1, latent >= 1 else {
            throw QMLError.invalidArgument("a circuit autoencoder needs ≥ 2 qubits, ≥ 1 gate and a latent size ≥ 1")
        }
        self.qubits = qubits
        self.maxGates = maxGates
        self.latent = latent
        var rng = RandomGenerator(seed: seed)
        let nodes = maxGates + 2
        let features = CircuitDAG.typeCount + qubits
        encoder = Sequential<Float>([
            GINConvolution<Float>(nodes: nodes, inputFeatures: features, outputFeatures: hidden, hidden: hidden, rng: &rng),
            GINConvolution<Float>(nodes: nodes, inputFeatures: hidden, outputFeatures: hidden, hidden: hidden, rng: &rng),
            GINConvolution<Float>(nodes: nodes, inputFeatures: hidden, outputFeatures: hidden, hidden: hidden, rng: &rng),
        ])
        head = Linear<Float>(nodes * hidden, 2 * latent, rng: &rng)
        self.hidden = hidden
        decoder = Sequential<Float>([Linear<Float>(latent, 2 * hidden, rng: &rng), Activation<Float>(.relu),
                                     Linear<Float>(2 * hidden, maxGates * (Self.kinds + 2 * qubits), rng: &rng)])
    }

    public var parameters: [Variable<Float>] { encoder.parameters + head.parameters + decoder.parameters }

    func packed(_ dags: [CircuitDAG]) -> Variable<Float> {
        let n = maxGates + 2
        let width = n + 1 + CircuitDAG.typeCount + qubits
        return Variable(Tensor(shape: [dags.count, n, width], scalars: dags.flatMap { $0.packed.map { Float($0) } }))
    }

    /// μ and log σ² of q(z | circuit), [B, latent] each.
    func posterior(_ dags: [CircuitDAG]) -> (mu: Variable<Float>, logVariance: Variable<Float>) {
        let b = dags.count
        let n = maxGates + 2
        // the nodes' embeddings in their canonical order (START, gates, END), flattened
        let nodes = encoder(packed(dags)).sliced([0..<b, 0..<n, (n + 1)..<(n + 1 + hidden)]).reshaped([b, n * hidden])
        let h = head(nodes)
        // log σ² starts near −6 (σ ≈ 0.05) so the noise does not drown the early, small means
        return (h.sliced([0..<b, 0..<latent]), h.sliced([0..<b, latent..<(2 * latent)]) - Float(6))
    }

    /// The posterior means of `dags`, row-major [B][latent].
    public func encode(_ dags: [CircuitDAG]) -> [Double] {
        posterior(dags).mu.value.scalars.map(Double.init)
    }

    /// One-hot targets [B, maxGates, slotWidth] for type, first and second qubit, and their mask
    /// (types on every slot; qubits only on the gate slots that use them).
    func targets(_ dags: [CircuitDAG]) -> Tensor<Float> {
        var t = [Float](repeating: 0, count: dags.count * maxGates * slotWidth)
        for (b, dag) in dags.enumerated() {
            for slot in 0..<maxGates {
                let base = (b * maxGates + slot) * slotWidth
                guard slot < dag.gates.count else {
                    t[base + Self.kinds - 1] = 1
                    continue
                }
                let g = dag.gates[slot]
                t[base + g.kind.rawValue] = 1
                for (k, q) in g.qubits.enumerated() { t[base + Self.kinds + k * qubits + q] = 1 }
            }
        }
        return Tensor(shape: [dags.count, maxGates, slotWidth], scalars: t)
    }

    /// Reconstruction cross-entropy + β·KL per circuit, with `noise` the ε of z = μ + σ·ε.
    func loss(_ dags: [CircuitDAG], noise: Tensor<Float>) -> Variable<Float> {
        let (mu, logVariance) = posterior(dags)
        let z = mu + (logVariance * Float(0.5)).exp() * noise
        let b = dags.count
        let logits = decoder(z).reshaped([b, maxGates, slotWidth])
        let groups = [0..<Self.kinds, Self.kinds..<(Self.kinds + qubits), (Self.kinds + qubits)..<slotWidth]
        let target = Variable(targets(dags))
        var reconstruction = Variable(Tensor<Float>(shape: [1], scalars: [0]))
        for g in groups {
            let logProbabilities = logits.sliced([0..<b, 0..<maxGates, g]).logSoftmax(axis: 2)
            reconstruction = reconstruction - (logProbabilities * target.sliced([0..<b, 0..<maxGates, g])).sum()
        }
        let kl = ((mu.squared() + logVariance.exp() - logVariance - Float(1)) * Float(0.5)).sum()
        return (reconstruction + kl * Float(beta)) * Float(1 / Double(b))
    }
}
