import Foundation
import NeuralNetworks
import QuantumSim

/// Read-outs of a distributed state, each reduced over the ranks so every rank gets the
/// result. They expect the identity layout (`restoreLayout()` first).
extension DistributedStateVector {
    /// ⟨ψ|ψ⟩ summed over the ranks.
    public var normSquared: Double {
        var total = [local.normSquared]
        communicator.sum(&total)
        return total[0]
    }

    /// ⟨ψ|H|ψ⟩ (not normalised). A term flipping global qubits pairs each rank with the rank
    /// holding the flipped indices, which sends its whole vector: such terms need two more
    /// copies of the rank's amplitudes. O(terms · 2ⁿ⁻ᵏ) per rank.
    public func expectation(_ h: PauliSum) -> Double {
        precondition(layout.isIdentity, "restoreLayout() before reading out")
        var total = [0.0]
        for (coefficient, pauli) in h.terms {
            total[0] += coefficient * localTerm(pauli)
        }
        communicator.sum(&total)
        return total[0]
    }

    /// This rank's part of ⟨ψ|P|ψ⟩: Σ over its indices i of conj(ψᵢ)·(Pψ)ᵢ, real part. Without
    /// X or Y on global qubits that is the local expectation times the global Z signs; with
    /// them, (Pψ)ᵢ is the partner rank's amplitudes under the local part of P, times a phase.
    func localTerm(_ pauli: PauliString) -> Double {
        let n = layout.localCount
        let mask = (1 << n) - 1
        let localPart = PauliSum([(1, PauliString(xMask: pauli.xMask & mask, zMask: pauli.zMask & mask))])
        let globalX = pauli.xMask >> n
        let factor = Self.globalFactor(rank: communicator.rank, x: globalX, z: pauli.zMask >> n)
        guard globalX != 0 else { return factor.re * local.expectation(localPart) }
        var partner = local
        partner.withUnsafeMutableReals { incoming in
            local.withUnsafeReals { outgoing in
                communicator.exchange(UnsafeRawBufferPointer(outgoing), UnsafeMutableRawBufferPointer(incoming),
                                      with: communicator.rank ^ globalX)
            }
        }
        let value = local.inner(partner.applying(.pauli(localPart)))
        return value.re * factor.re - value.im * factor.im
    }

    /// Whether a term of `h` flips a global qubit (its read-out then holds two copies of the
    /// rank's amplitudes beside them).
    public static func flipsGlobalQubits(_ h: PauliSum, localCount: Int) -> Bool {
        h.terms.contains { $0.pauli.xMask >> localCount != 0 }
    }

    /// The phase ⟨m|P_global|m ⊕ x⟩ of the global part of a Pauli string for this rank's bits m:
    /// X gives 1, Z (−1)^m, Y = iXZ gives −i for m = 0 and i for m = 1.
    static func globalFactor(rank: Int, x: Int, z: Int) -> Complex {
        var factor = Complex(1, 0)
        var bits = x | z
        var bit = 0
        while bits != 0 {
            defer {
                bits >>= 1
                bit += 1
            }
            guard bits & 1 == 1 else { continue }
            let m = (rank >> bit) & 1
            let hasX = (x >> bit) & 1 == 1
            let hasZ = (z >> bit) & 1 == 1
            if hasX && hasZ {
                factor = factor * Complex(0, m == 0 ? -1 : 1)
            } else if hasZ && m == 1 {
                factor = factor * Complex(-1, 0)
            }
        }
        return factor
    }

    /// The marginal probabilities of `qubits` (entry b has bit k−1−i equal to `qubits[i]`, as
    /// `StateVector.probabilities(qubits:)`), not normalised. 2^|qubits| doubles on every rank.
    public func probabilities(qubits: [Int]) -> [Double] {
        precondition(layout.isIdentity, "restoreLayout() before reading out")
        let n = layout.localCount
        let k = qubits.count
        let localQubits = qubits.filter { $0 < n }
        let table = local.probabilities(qubits: localQubits)
        var out = [Double](repeating: 0, count: 1 << k)
        let rankBits = communicator.rank << n
        for (entry, p) in table.enumerated() {
            var b = 0
            var next = 0
            for (i, q) in qubits.enumerated() {
                let one: Bool
                if q < n {
                    one = (entry >> (localQubits.count - 1 - next)) & 1 == 1
                    next += 1
                } else {
                    one = (rankBits >> q) & 1 == 1
                }
                if one { b |= 1 << (k - 1 - i) }
            }
            out[b] += p
        }
        communicator.sum(&out)
        return out
    }

    /// Counts of `shots` measurements of every qubit, keyed by basis index: the ranks' shares
    /// drawn as one multinomial from their masses (the same seed on every rank), then each rank
    /// samples its share from its amplitudes. Every rank gets the counts.
    public func counts(shots: Int, seed: UInt64) -> [Int: Int] {
        var masses = [Double](repeating: 0, count: communicator.size)
        masses[communicator.rank] = local.normSquared
        communicator.sum(&masses)
        var rng = RandomGenerator(seed: seed)
        var remaining = shots
        var remainingMass = masses.reduce(0.0) { $0 + $1 }
        var mine = 0
        for (rank, mass) in masses.enumerated() {
            let p = remainingMass > 0 ? Swift.min(Swift.max(mass / remainingMass, 0), 1) : 0
            let drawn = rank == masses.count - 1 ? remaining : ShotEstimator.binomial(remaining, p, &rng)
            if rank == communicator.rank { mine = drawn }
            remaining -= drawn
            remainingMass -= mass
        }
        var pairs: [Double] = []
        if mine > 0 {
            let offset = communicator.rank << layout.localCount
            let rankSeed = seed ^ (UInt64(communicator.rank + 1) &* 0x9E37_79B9_7F4A_7C15)
            for (index, count) in local.counts(shots: mine, seed: rankSeed).sorted(by: { $0.key < $1.key }) {
                pairs.append(Double(offset | index))
                pairs.append(Double(count))
            }
        }
        var result: [Int: Int] = [:]
        for part in communicator.gathered(pairs) {
            for i in stride(from: 0, to: part.count, by: 2) { result[Int(part[i])] = Int(part[i + 1]) }
        }
        return result
    }

    /// |⟨reference|ψ⟩|² / (⟨reference|reference⟩⟨ψ|ψ⟩), with `reference` (the whole state, as
    /// one process computes it) on rank 0 only: every rank sends its vector to rank 0 in turn.
    /// Returns the fidelity on rank 0 and NaN elsewhere.
    public func fidelity(with reference: StateVector<R>?) -> Double {
        precondition(layout.isIdentity, "restoreLayout() before reading out")
        let n = layout.localCount
        let norm = normSquared
        guard communicator.rank == 0 else {
            local.withUnsafeReals { reals in
                communicator.send(UnsafeRawBufferPointer(reals), to: 0)
            }
            return .nan
        }
        guard let reference else { preconditionFailure("rank 0 needs the reference state") }
        var overlap = Self.overlap(reference, offset: 0, local)
        var incoming = local
        for rank in 1..<communicator.size {
            incoming.withUnsafeMutableReals { communicator.receive(UnsafeMutableRawBufferPointer($0), from: rank) }
            overlap = overlap + Self.overlap(reference, offset: rank << n, incoming)
        }
        return overlap.magnitudeSquared / (reference.normSquared * norm)
    }

    /// Σᵢ conj(reference[offset + i])·part[i].
    static func overlap(_ reference: StateVector<R>, offset: Int, _ part: StateVector<R>) -> Complex {
        reference.withUnsafeReals { a in
            part.withUnsafeReals { b in
                var re = 0.0
                var im = 0.0
                for i in stride(from: 0, to: b.count, by: 2) {
                    let ar = a[2 * offset + i].double
                    let ai = a[2 * offset + i + 1].double
                    let br = b[i].double
                    let bi = b[i + 1].double
                    re += ar * br + ai * bi
                    im += ar * bi - ai * br
                }
                return Complex(re, im)
            }
        }
    }
}
