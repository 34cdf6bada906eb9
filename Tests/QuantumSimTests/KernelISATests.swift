import Foundation
import Testing
import QuantaTestSupport
import Tensor
@testable import QuantumSim

/// ⟨ψ|Σ c·P|ψ⟩ from dense Pauli matrices (Kronecker products), independent of the kernels.
private func denseExpectation(_ sum: PauliSum, _ psi: [Complex], qubits n: Int) -> Double {
    let x: Reference.Matrix = [.zero, .one, .one, .zero]
    let y: Reference.Matrix = [.zero, Complex(0, -1), Complex(0, 1), .zero]
    let z: Reference.Matrix = [.one, .zero, .zero, Complex(-1, 0)]
    var total = 0.0
    for (c, p) in sum.terms {
        var factors: [Int: Reference.Matrix] = [:]
        for q in 0..<n {
            let hasX = (p.xMask >> q) & 1 == 1, hasZ = (p.zMask >> q) & 1 == 1
            if hasX && hasZ { factors[q] = y } else if hasX { factors[q] = x } else if hasZ { factors[q] = z }
        }
        let applied = Reference.apply(Reference.kronChain(factors, n: n), psi)
        var s = 0.0
        for i in psi.indices { s += (psi[i].conjugate * applied[i]).re }
        total += c * s
    }
    return total
}

/// Every instruction-set variant of the C kernels (baseline, AVX2, AVX-512, those this CPU runs)
/// against the same dense reference: each loop of CKernels is reached by some case here.
@Suite("C kernel variants against the Kronecker reference")
struct KernelISATests {
    static let variants = KernelISA.runnable

    @Test func overrideSelectsTheVariant() {
        for isa in Self.variants {
            #expect(KernelISA.with(isa) { KernelISA.active } == isa)
        }
        #expect(KernelISA.supported.name.isEmpty == false)
    }

    /// One-qubit matrices of each kind (real, RX-like, general) and X on every target with
    /// no control, one control below or above, two controls; both precisions.
    @Test(arguments: KernelISATests.variants)
    func oneQubitAndSwapLoops(isa: KernelISA) {
        var rng = RandomGenerator(seed: 21)
        let n = 7
        KernelISA.with(isa) {
            for q in 0..<n {
                let controlSets: [[Int]] = [[], [(q + 1) % n], [(q + n - 1) % n], [(q + 2) % n, (q + 3) % n], [0, 1].filter { $0 != q }]
                let matrices = [Gate.h.matrix([]), Gate.rx.matrix([0.7]), RandomQuantum.unitary(2, rng: &rng),
                                Gate.x.matrix([]), Gate.t.matrix([])]
                for controls in controlSets {
                    for m in matrices {
                        expectMatches(BoundGate(targets: [q], controls: controls, matrix: m), n: n, rng: &rng, isa: isa)
                    }
                }
            }
        }
    }

    /// Dense two- and three-qubit matrices on runs (targets ≥ 2) and in registers (a target on
    /// qubit 0 or 1), with and without a control.
    @Test(arguments: KernelISATests.variants)
    func multiQubitLoops(isa: KernelISA) {
        var rng = RandomGenerator(seed: 22)
        let n = 7
        let layouts: [[Int]] = [[0, 1], [1, 0], [1, 2], [2, 0], [5, 1], [3, 4], [6, 2], [0, 1, 2], [4, 0, 5], [2, 1, 6], [3, 5, 4]]
        KernelISA.with(isa) {
            for targets in layouts {
                let m = RandomQuantum.unitary(1 << targets.count, rng: &rng)
                for controls in [[], (0..<n).filter { !targets.contains($0) }.suffix(1)] as [[Int]] {
                    expectMatches(BoundGate(targets: targets, controls: controls, matrix: m), n: n, rng: &rng, isa: isa)
                }
            }
        }
    }

    /// Pauli sums with diagonal, near (X on qubits 0/1) and far flips; adjoint gradients of a
    /// random circuit against central differences of the dense reference.
    @Test(arguments: KernelISATests.variants)
    func expectationsAndAdjointGradients(isa: KernelISA) throws {
        var rng = RandomGenerator(seed: 23)
        let n = 7
        let sum = try PauliSum("0.5*Z0 Z1 - 1.2*X2 + Y0 X5 + Z3 Z6 + 0.7*X6 Y4 - X1 Z2 + Z0 Z4")
        let c = randomParametricCircuit(n: n, gates: 30, weights: 5, inputs: 1, rng: &rng)
        let w = (0..<5).map { _ in rng.nextUnit() * 4 - 2 }
        let x = [0.4]
        let psi = Reference.run(c, weights: w, inputs: x)
        let dense = denseExpectation(sum, psi, qubits: n)
        try KernelISA.with(isa) {
            #expect(abs(StateVector<Double>(amplitudes: psi).expectation(sum) - dense) < 1e-12, "\(isa.name)")
            #expect(abs(StateVector<Float>(amplitudes: psi).expectation(sum) - dense) < 1e-4, "\(isa.name) complex64")
            for k in [0, 2] {
                let program = QuantumProgram(c, options: CompileOptions(maxFusedQubits: k))
                let adjoint = try program.gradient(weights: w, inputs: x, observable: .pauli(sum))
                for j in 0..<w.count {
                    var up = w, down = w
                    up[j] += 1e-5
                    down[j] -= 1e-5
                    let fd = (denseExpectation(sum, Reference.run(c, weights: up, inputs: x), qubits: n)
                        - denseExpectation(sum, Reference.run(c, weights: down, inputs: x), qubits: n)) / 2e-5
                    #expect(abs(adjoint.weightGradient[j] - fd) < 1e-7, "\(isa.name) k=\(k) weight \(j)")
                }
            }
        }
    }

    private func expectMatches(_ gate: BoundGate, n: Int, rng: inout RandomGenerator, isa: KernelISA) {
        let psi = RandomQuantum.state(n, rng: &rng)
        let want = Reference.apply(Reference.fullOperator(gate.matrix, targets: gate.targets, controls: gate.controls, n: n), psi)
        var s = StateVector<Double>(amplitudes: psi)
        s.apply(gate)
        #expect(Approximate.maxDifference(s.amplitudes, want) < 1e-12, "\(isa.name) t=\(gate.targets) c=\(gate.controls)")
        var f = StateVector<Float>(amplitudes: psi)
        f.apply(gate)
        #expect(Approximate.maxDifference(f.amplitudes, want) < 2e-6, "\(isa.name) complex64 t=\(gate.targets) c=\(gate.controls)")
    }
}
