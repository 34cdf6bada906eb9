import Foundation
import Testing
import QuantaTestSupport
import Tensor
@testable import QuantumSim

@Suite("Observables, readout and errors")
struct ObservableTests {
    @Test func parsesPauliSums() throws {
        let h = try PauliSum("0.5*Z0 Z1 - 1.2*X2 + Y3")
        #expect(h.terms.count == 3)
        #expect(h.terms[0].coefficient == 0.5 && h.terms[0].pauli == PauliString(xMask: 0, zMask: 0b11))
        #expect(h.terms[1].coefficient == -1.2 && h.terms[1].pauli == PauliString(xMask: 0b100, zMask: 0))
        #expect(h.terms[2].coefficient == 1 && h.terms[2].pauli == PauliString(xMask: 0b1000, zMask: 0b1000))
        let g = try PauliSum("-Z0Z1 + 2e-1 * X0*Y1 + 3")
        #expect(g.terms.map(\.coefficient) == [-1, 0.2, 3])
        #expect(g.terms[2].pauli == PauliString())
    }

    @Test(arguments: ["", "0.5*Q0", "Z", "Z0 Z0", "Z0 + + Z1", "Z0 -", "1.2.3*Z0", "Z0 Z1 X"])
    func rejectsBadPauliText(_ text: String) {
        #expect(throws: QuantumSimError.self) { try PauliSum(text) }
    }

    @Test func errorMessagesSayWhatAndWhere() {
        do { _ = try PauliSum("0.5*Z0 + W1"); Issue.record("no error") } catch {
            #expect("\(error)".contains("character 9") && "\(error)".contains("'W'"))
        }
        // A coefficient that overflows to infinity is refused where it stands (it gave NaN expectations).
        do { _ = try PauliSum("Z1 - 1e400*Z0"); Issue.record("no error") } catch {
            #expect("\(error)".contains("character 5") && "\(error)".contains("'1e400' is not a finite number"), "\(error)")
        }
        do { _ = try PauliSum("1.2.3*Z0"); Issue.record("no error") } catch {
            #expect("\(error)".contains("invalid number '1.2.3'"), "\(error)")
        }
        do { _ = try StateVector<Double>(qubits: 45); Issue.record("no error") } catch let e as QuantumSimError {
            if case .stateTooLarge(45, _, _) = e {} else { Issue.record("wrong error \(e)") }
            #expect("\(e)".contains("45 qubits"))
        } catch { Issue.record("untyped") }
        var c = Circuit(qubits: 2); c.rx(.weight(3), 0)
        #expect(throws: QuantumSimError.self) { try QuantumProgram(c).gradient(weights: [1], observable: .z(0)) }
        #expect(throws: QuantumSimError.self) { try QuantumProgram(c).gradient(weights: [1, 2, 3, 4], observable: .z(5)) }
    }

    @Test func expectationsMatchDenseOperator() throws {
        var rng = RandomGenerator(seed: 21)
        let n = 4
        let psi = RandomQuantum.state(n, rng: &rng)
        let s = StateVector<Double>(amplitudes: psi)
        let h = try PauliSum("0.5*Z0 Z1 - 1.2*X2 + Y3 - 0.25*X0 Y1 Z3 + 0.1")
        let hpsi = denseApply(h, psi, n: n)
        var want = Complex.zero
        for i in psi.indices { want += psi[i].conjugate * hpsi[i] }
        #expect(abs(s.expectation(h) - want.re) < 1e-12)
        #expect(Approximate.maxDifference(s.applying(.pauli(h)).amplitudes, hpsi) < 1e-12)
        #expect(abs(StateVector<Float>(amplitudes: psi).expectation(h) - want.re) < 1e-5)
    }

    /// The SIMD sums (lane permutations for X/Y on qubits 0–1, half visits for higher X bits,
    /// split tables and per-term passes for diagonal terms) against the dense operator, seeded:
    /// random sums of 1–6 random strings on random states, n = 1…8, both precisions; H·ψ too.
    @Test func randomPauliSumsMatchDenseOperator() throws {
        var rng = RandomGenerator(seed: 77)
        for n in 1...8 {
            for _ in 0..<6 {
                let psi = RandomQuantum.state(n, rng: &rng)
                var terms: [(Double, PauliString)] = []
                for _ in 0..<(1 + Int(rng.next() % 6)) {
                    let x = Int(rng.next() % UInt64(1 << n)), z = Int(rng.next() % UInt64(1 << n))
                    terms.append((2 * rng.nextUnit() - 1, PauliString(xMask: x, zMask: z)))
                }
                let h = PauliSum(terms)
                let hpsi = denseApply(h, psi, n: n)
                var want = 0.0
                for i in psi.indices { want += (psi[i].conjugate * hpsi[i]).re }
                let s = StateVector<Double>(amplitudes: psi), s32 = StateVector<Float>(amplitudes: psi)
                #expect(abs(s.expectation(h) - want) < 1e-12, "n=\(n) \(h)")
                #expect(abs(s32.expectation(h) - want) < 2e-5, "n=\(n) \(h)")
                #expect(Approximate.maxDifference(s.applying(.pauli(h)).amplitudes, hpsi) < 1e-12, "n=\(n) \(h)")
                #expect(Approximate.maxDifference(s32.applying(.pauli(h)).amplitudes, hpsi) < 2e-5, "n=\(n) \(h)")
            }
        }
    }

    /// Larger states against the defining sum Σ_j (−1)^{|j∧z|} conj(ψ_{j⊕x}) ψ_j, with X bits
    /// above the split point, diagonal strings on both sides of it, and (n = 18, a state larger
    /// than L2) the prefetching loop for highest X bits 5…11.
    @Test(arguments: [(11, ["X10", "Y10 Z0", "X0 Y1 X9", "Z0 Z10", "Z2 Z7 Y6", "X3", "Y1", "Z5 Z4 + 0.5*Z0 Z10 - Z9"]),
                      (18, ["X5", "Y3 X9 Z1", "X0 Y11", "X17 Z3"])])
    func pauliStringsOnLargerStatesMatchTheDefiningSum(n: Int, strings: [String]) throws {
        var rng = RandomGenerator(seed: 78)
        let psi = RandomQuantum.state(n, rng: &rng)
        let s = StateVector<Double>(amplitudes: psi)
        for text in strings {
            let h = try PauliSum(text)
            var want = 0.0
            for (c, p) in zip(h.coefficients, h.paulis) {
                var sum = Complex.zero
                for j in 0..<(1 << n) {
                    let sign: Double = (j & p.zMask).nonzeroBitCount % 2 == 0 ? 1 : -1
                    sum += sign * (psi[j ^ p.xMask].conjugate * psi[j])
                }
                want += c * (p.yPhase * sum).re
            }
            #expect(abs(s.expectation(h) - want) < 1e-12, "\(text)")
        }
    }

    /// H·ψ from the Kronecker product of each term's 2×2 factors.
    private func denseApply(_ h: PauliSum, _ psi: [Complex], n: Int) -> [Complex] {
        let pm: [Character: [Complex]] = ["X": Gate.x.matrix([]), "Y": Gate.y.matrix([]), "Z": Gate.z.matrix([])]
        var total = [Complex](repeating: .zero, count: psi.count)
        for (coef, p) in h.terms {
            var f: [Int: [Complex]] = [:]
            for q in 0..<n {
                let x = (p.xMask >> q) & 1 == 1, z = (p.zMask >> q) & 1 == 1
                if x && z { f[q] = pm["Y"] } else if x { f[q] = pm["X"] } else if z { f[q] = pm["Z"] }
            }
            let ppsi = Reference.apply(Reference.kronChain(f, n: n), psi)
            for i in psi.indices { total[i] += coef * ppsi[i] }
        }
        return total
    }

    @Test func probabilitiesMarginalsProjectorsAndSampling() throws {
        var c = Circuit(qubits: 3)
        c.h(0); c.cx(0, 1); c.ry(1.1, 2)
        let s = try QuantumProgram(c).state()
        let p = s.probabilities()
        let p2 = pow(sin(0.55), 2)
        #expect(abs(p[0b000] - 0.5 * (1 - p2)) < 1e-12 && abs(p[0b111] - 0.5 * p2) < 1e-12 && p[0b001] < 1e-15)
        let m = s.probabilities(qubits: [2, 0])   // qubit 2 is the high bit
        #expect(abs(m[0b10] - 0.5 * p2) < 1e-12 && abs(m[0b01] - 0.5 * (1 - p2)) < 1e-12)
        #expect(abs(s.projectorExpectation(qubits: [0, 1], bits: [1, 1]) - 0.5) < 1e-12)
        let a = s.sample(shots: 20_000, seed: 1), b = s.sample(shots: 20_000, seed: 1)
        #expect(a == b)
        let freq = Double(a.filter { $0 == 0b111 }.count) / 20_000
        #expect(abs(freq - 0.5 * p2) < 0.02)
        let counts = s.counts(shots: 1000, qubits: [0, 1], seed: 3)
        #expect(Set(counts.keys).isSubset(of: [0b00, 0b11]))
    }
}

/// Streamed counts (sorted uniforms, two passes over the state) against the table search.
@Suite struct StreamedCountsTests {
    @Test func countsEqualTheSampledOutcomes() {
        for seed in UInt64(1)...5 {
            var rng = RandomGenerator(seed: seed)
            var s = StateVector<Double>.random(qubits: 7, rng: &rng)
            s[3] = Complex(0, 0)   // a zero-probability outcome must never be drawn
            var want: [Int: Int] = [:]
            for o in s.sample(shots: 5000, seed: seed) { want[o, default: 0] += 1 }
            #expect(s.counts(shots: 5000, seed: seed) == want)
            #expect(want[3] == nil)
        }
    }

    @Test func marginalTableMatchesTheFullDistribution() {
        var rng = RandomGenerator(seed: 3)
        let s = StateVector<Float>.random(qubits: 6, rng: &rng)
        let all = s.probabilities()
        let m = s.probabilities(qubits: [4, 1])
        for b in 0..<4 {
            var want = 0.0
            for j in all.indices where (j >> 4) & 1 == b >> 1 && (j >> 1) & 1 == b & 1 { want += all[j] }
            #expect(abs(m[b] - want) < 1e-12)
        }
    }

    /// Hand-computed peaks: 20 qubits of complex128 are 16 MiB; a mid-circuit measurement adds
    /// a copy per shot; shots over all qubits add 8 bytes each and the counts.
    @Test func programPeakBytes() throws {
        let plain = try OpenQASM.parse("OPENQASM 2.0;\nqreg q[20];\n")
        let executor = ProgramExecutor(plain)
        #expect(executor.peakBytes(Double.self, shots: nil) == 16 * 1_048_576)
        #expect(executor.peakBytes(Float.self, shots: nil) == 8 * 1_048_576)
        let shotBytes = Double(80 + 10 * (64 + 40))
        #expect(executor.peakBytes(Double.self, shots: 10) == 16 * 1_048_576 + shotBytes)
        let mid = try OpenQASM.parse("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[20];\ncreg c[1];\nmeasure q[0] -> c[0];\nx q[1];\n")
        // shot branching: the state and one copy (one mid-circuit measurement), the tail's table
        let countBytes = Double(2 * (64 + 2))
        #expect(ProgramExecutor(mid).peakBytes(Double.self, shots: 4) == 32 * 1_048_576 + 8 * 1_048_576 + countBytes)
    }
}
