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
/// ket and U* to the bra) and the gates run on QuantumSim's kernels: O(4ⁿ) per gate, n + 1
/// passes per V (measured: 214 steps/s at 9 qubits and depth 4).
public struct QuantumReservoir: Reservoir, Sendable {
    public let qubits: Int
    public let resetQubits: Int
    public let rotationScale: Double
    public let inputScale: Double
    public let depth: Int
    /// V as kernels on the vectorised ρ.
    let evolution: Evolution

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

    /// One V as kernels on the vectorised ρ: per qubit q the 4×4 gate U_q ⊗ U_q* on (q, q + n), with
    /// U_q = RZ(α·g_q)·RX(α·h_q) (one pass for ket and bra); then the RZZ ring as one diagonal pass.
    static func evolution(qubits n: Int, scale alpha: Double, seed: UInt64) -> Evolution {
        var rng = RandomGenerator(seed: seed)
        var gates: [BoundGate] = []
        for q in 0..<n {
            let rx = Gate.rx.matrix([alpha * 2 * .pi * rng.nextUnit()])
            let rz = Gate.rz.matrix([alpha * 2 * .pi * rng.nextUnit()])
            let u = product(rz, rx)
            gates.append(BoundGate(targets: [q, q + n], matrix: kron(u, u.map(\.conjugate))))
        }
        let ring = n == 2 ? [(0, 1)] : (0..<n).map { ($0, ($0 + 1) % n) }
        let couplings = ring.map { ($0.0, $0.1, alpha * 2 * .pi * rng.nextUnit()) }
        // RZZ(θ) = exp(−iθ/2·Z⊗Z): the ket basis state i gains exp(−i/2·Σ θ_ab s_a s_b), s = ±1.
        let phases = (0..<(1 << n)).map { i -> Complex in
            let angle = couplings.reduce(0.0) { sum, c in
                sum - 0.5 * c.2 * ((i >> c.0) & 1 == (i >> c.1) & 1 ? 1 : -1)
            }
            return Complex(cos(angle), sin(angle))
        }
        return Evolution(gates: gates, phases: phases)
    }

    /// V's one-qubit layer (ket ⊗ bra gates) and its diagonal ring phases φ(i).
    struct Evolution: Sendable {
        var gates: [BoundGate]
        var phases: [Complex]

        /// ρ → V ρ V†: the gates, then ρ_ij ← φ(i)·conj(φ(j))·ρ_ij.
        /// One thread: a second one was slower at 9 qubits (186 vs 214 steps/s, NARMA10 at depth 4).
        func apply(_ rho: inout StateVector<Double>, qubits n: Int) {
            for g in gates { rho.apply(g) }
            let d = 1 << n
            phases.withUnsafeBufferPointer { phi in
                rho.withUnsafeMutableReals { p in
                    for j in 0..<d {
                        let b = phi[j]
                        for i in 0..<d {
                            let a = phi[i]
                            let re = a.re * b.re + a.im * b.im
                            let im = a.im * b.re - a.re * b.im
                            let k = 2 * (i + d * j)
                            let (x, y) = (p[k], p[k + 1])
                            p[k] = x * re - y * im
                            p[k + 1] = x * im + y * re
                        }
                    }
                }
            }
        }
    }

    /// The 2×2 product a·b.
    static func product(_ a: [Complex], _ b: [Complex]) -> [Complex] {
        (0..<4).map { k in
            let (r, c) = (k / 2, k % 2)
            return a[2 * r] * b[c] + a[2 * r + 1] * b[2 + c]
        }
    }

    /// The 4×4 Kronecker product a ⊗ b of 2×2 matrices (a's index most significant).
    static func kron(_ a: [Complex], _ b: [Complex]) -> [Complex] {
        (0..<16).map { k in
            let (r, c) = (k / 4, k % 4)
            return a[(r / 2) * 2 + c / 2] * b[(r % 2) * 2 + c % 2]
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
                evolution.apply(&rho, qubits: qubits)
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
