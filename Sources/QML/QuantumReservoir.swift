import Foundation
import QuantumSim

/// A small quantum reservoir with mid-circuit measurement and reset, simulated exactly as a
/// density matrix (the average over infinitely many shots).
///
/// Per step t on input u_t: RY(inputScale·u_t) on each of the first `resetQubits` qubits (reset to
/// |0⟩ by the previous step); then `depth` times the fixed evolution V: RX(α·h_q) then RZ(α·g_q) on every
/// qubit, then RZZ(α·J_i) around the ring (J, h, g uniform in [0, 2π), seeded; α = `rotationScale`, which scales
/// the evolution's eigenphases and so its memory); the features ⟨Z_q⟩ and ⟨Z_p Z_q⟩ (p < q) are
/// read; then the first `resetQubits` qubits are measured and reset (the channel
/// ρ → |0⟩⟨0| ⊗ Tr ρ): information survives only in the other qubits, fading at a rate set by α
/// and by how many qubits are reset.
///
/// ρ is held as a 2n-qubit vector (ket qubits 0..<n, bra qubits n..<2n, so UρU† applies U to the
/// ket and U* to the bra) and the gates run on QuantumSim's kernels: O(4ⁿ) per gate.
public struct QuantumReservoir: Reservoir, Sendable {
    public let qubits: Int
    public let resetQubits: Int
    public let rotationScale: Double
    public let inputScale: Double
    public let depth: Int
    /// V's gates on the ket and on the bra, in order.
    let evolution: [BoundGate]

    /// Throws unless 2 ≤ qubits ≤ 10 and 1 ≤ resetQubits < qubits.
    public init(qubits n: Int, resetQubits m: Int = 1, rotationScale alpha: Double, inputScale: Double = .pi, depth: Int = 1,
                seed: UInt64) throws {
        guard (2...10).contains(n), m >= 1, m < n, depth >= 1, alpha.isFinite, inputScale.isFinite else {
            throw QMLError.invalidArgument("quantum reservoir: need 2 ≤ qubits ≤ 10, 1 ≤ reset qubits < qubits, depth ≥ 1; "
                + "got \(n) qubits, \(m) reset, depth \(depth)")
        }
        qubits = n
        resetQubits = m
        rotationScale = alpha
        self.inputScale = inputScale
        self.depth = depth
        evolution = Self.evolution(qubits: n, scale: alpha, seed: seed)
    }

    public var inputSize: Int { 1 }
    public var featureCount: Int { depth * (qubits + qubits * (qubits - 1) / 2) }

    /// The gates of one V on the ket and (conjugated) on the bra.
    static func evolution(qubits n: Int, scale alpha: Double, seed: UInt64) -> [BoundGate] {
        var rng = RandomGenerator(seed: seed)
        var gates: [(Gate, [Int], Double)] = []
        let ring = n == 2 ? [(0, 1)] : (0..<n).map { ($0, ($0 + 1) % n) }
        for q in 0..<n {
            gates.append((.rx, [q], alpha * 2 * .pi * rng.nextUnit()))
            gates.append((.rz, [q], alpha * 2 * .pi * rng.nextUnit()))
        }
        for (a, b) in ring { gates.append((.rzz, [a, b], alpha * 2 * .pi * rng.nextUnit())) }
        return gates.flatMap { gate, targets, angle in
            let m = gate.matrix([angle])
            return [BoundGate(targets: targets, matrix: m),
                    BoundGate(targets: targets.map { $0 + n }, matrix: m.map(\.conjugate))]
        }
    }

    public func states(driven series: Tensor<Float>) -> Tensor<Float> {
        var rho = try! StateVector<Double>(qubits: 2 * qubits)   // |0…0⟩⟨0…0|; 2n ≤ 20 qubits (16 MiB)
        var out = [Float]()
        out.reserveCapacity(series.count * featureCount)
        for u in series.scalars {
            let ry = Gate.ry.matrix([inputScale * Double(u)])
            for q in 0..<resetQubits {
                rho.apply(BoundGate(targets: [q], matrix: ry))
                rho.apply(BoundGate(targets: [q + qubits], matrix: ry))
            }
            for _ in 0..<depth {
                for g in evolution { rho.apply(g) }
                out += features(rho)
            }
            for q in 0..<resetQubits { reset(&rho, q) }
        }
        return Tensor(shape: [series.count, featureCount], scalars: out)
    }

    /// ⟨Z_q⟩ then ⟨Z_p Z_q⟩ from the diagonal ρ_ii (amplitude i + d·i).
    func features(_ rho: StateVector<Double>) -> [Float] {
        let d = 1 << qubits
        var z = [Double](repeating: 0, count: qubits)
        var zz = [Double](repeating: 0, count: qubits * (qubits - 1) / 2)
        rho.withUnsafeReals { p in
            for i in 0..<d {
                let weight = p[2 * (i + d * i)]
                var k = 0
                for a in 0..<qubits {
                    let sa = (i >> a) & 1 == 0 ? 1.0 : -1.0
                    z[a] += sa * weight
                    for b in (a + 1)..<qubits {
                        zz[k] += sa * ((i >> b) & 1 == 0 ? 1 : -1) * weight
                        k += 1
                    }
                }
            }
        }
        return (z + zz).map { Float($0) }
    }

    /// ρ → |0⟩⟨0|_q ⊗ Tr_q ρ.
    func reset(_ rho: inout StateVector<Double>, _ q: Int) {
        let ket = 1 << q, bra = 1 << (q + qubits), size = 1 << (2 * qubits)
        rho.withUnsafeMutableReals { p in
            for index in 0..<size where index & ket == 0 && index & bra == 0 {
                let other = index | ket | bra
                p[2 * index] += p[2 * other]
                p[2 * index + 1] += p[2 * other + 1]
                for j in [index | ket, index | bra, other] {
                    p[2 * j] = 0
                    p[2 * j + 1] = 0
                }
            }
        }
    }
}

/// The onion reservoir (after the onion echo-state network; arXiv 2505.22837): several small
/// quantum reservoirs side by side, their rotation scales (and reset counts) spreading their
/// memories over different time scales, features concatenated for one read-out.
public struct OnionReservoir: Reservoir, Sendable {
    public let layers: [QuantumReservoir]

    public init(_ layers: [QuantumReservoir]) { self.layers = layers }

    /// `count` reservoirs of `qubits` qubits with rotation scales `scales` (one per reservoir), seeded.
    public init(qubits: Int, scales: [Double], resetQubits: Int = 1, inputScale: Double = .pi, depth: Int = 1, seed: UInt64) throws {
        layers = try scales.enumerated().map { k, alpha in
            try QuantumReservoir(qubits: qubits, resetQubits: resetQubits, rotationScale: alpha, inputScale: inputScale,
                                 depth: depth, seed: seed &+ UInt64(k))
        }
    }

    public var inputSize: Int { 1 }
    public var featureCount: Int { layers.reduce(0) { $0 + $1.featureCount } }
    public var qubits: Int { layers.reduce(0) { $0 + $1.qubits } }

    public func states(driven series: Tensor<Float>) -> Tensor<Float> {
        let parts = layers.map { $0.states(driven: series) }
        let t = series.count
        var out = [Float]()
        out.reserveCapacity(t * featureCount)
        for k in 0..<t {
            for p in parts {
                let w = p.shape[1]
                out += p.scalars[(k * w)..<((k + 1) * w)]
            }
        }
        return Tensor(shape: [t, featureCount], scalars: out)
    }
}
