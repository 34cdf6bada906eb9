import Foundation
import Testing
import QuantaTestSupport
import Tensor
@testable import QuantumSim

private func close(_ a: [Complex], _ b: [Complex], _ tol: Double = 1e-12) -> Bool {
    Approximate.isClose(a, b, atol: tol)
}

private func c(_ re: Double, _ im: Double = 0) -> Complex { Complex(re, im) }

@Suite("Gate matrices (OpenQASM 3 stdgates conventions)")
struct GateMatrixTests {
    let s2 = 1 / 2.0.squareRoot()

    @Test func fixedGates() {
        let o = Complex.zero, l = Complex.one, i = Complex.i
        #expect(close(Gate.i.matrix([]), [l, o, o, l]))
        #expect(close(Gate.x.matrix([]), [o, l, l, o]))
        #expect(close(Gate.y.matrix([]), [o, -i, i, o]))
        #expect(close(Gate.z.matrix([]), [l, o, o, c(-1)]))
        #expect(close(Gate.h.matrix([]), [c(s2), c(s2), c(s2), c(-s2)]))
        #expect(close(Gate.s.matrix([]), [l, o, o, i]))
        #expect(close(Gate.sdg.matrix([]), [l, o, o, -i]))
        #expect(close(Gate.t.matrix([]), [l, o, o, .expi(.pi / 4)]))
        #expect(close(Gate.tdg.matrix([]), [l, o, o, .expi(-.pi / 4)]))
        // sx² = x, sxdg = sx†
        let sx = Gate.sx.matrix([])
        #expect(close(Embedding.multiply(sx, sx, 2), Gate.x.matrix([])))
        #expect(close(Gate.sxdg.matrix([]), Instruction.daggered(sx)))
        #expect(close(Gate.swap.matrix([]), [l, o, o, o, o, o, l, o, o, l, o, o, o, o, o, l]))
        #expect(close(Gate.iswap.matrix([]), [l, o, o, o, o, o, i, o, o, i, o, o, o, o, o, l]))
        // ECR (first qubit most significant): 1/√2 [[0,1,0,i],[1,0,−i,0],[0,i,0,1],[−i,0,1,0]]
        // in Qiskit's little-endian order; in ours rows/cols are bit-swapped.
        let q: [Complex] = [o, l, o, i, l, o, -i, o, o, i, o, l, -i, o, l, o].map { s2 * $0 }
        let perm = [0, 2, 1, 3]
        var ours = [Complex](repeating: .zero, count: 16)
        for r in 0..<4 { for cc in 0..<4 { ours[perm[r] * 4 + perm[cc]] = q[r * 4 + cc] } }
        #expect(close(Gate.ecr.matrix([]), ours))
    }

    @Test func rotationsAndPhases() {
        let a = 0.731, b = -1.29, g = 2.17
        let ca = cos(a / 2), sa = sin(a / 2)
        #expect(close(Gate.rx.matrix([a]), [c(ca), c(0, -sa), c(0, -sa), c(ca)]))
        #expect(close(Gate.ry.matrix([a]), [c(ca), c(-sa), c(sa), c(ca)]))
        #expect(close(Gate.rz.matrix([a]), [.expi(-a / 2), .zero, .zero, .expi(a / 2)]))
        #expect(close(Gate.p.matrix([a]), [.one, .zero, .zero, .expi(a)]))
        #expect(close(Gate.u1.matrix([a]), Gate.p.matrix([a])))
        let u = Gate.u.matrix([a, b, g])
        #expect(close(u, [c(ca), -(Complex.expi(g) * c(sa)), Complex.expi(b) * c(sa), Complex.expi(b + g) * c(ca)]))
        #expect(close(Gate.u3.matrix([a, b, g]), u))
        #expect(close(Gate.u2.matrix([b, g]), Gate.u.matrix([.pi / 2, b, g])))
        #expect(close(Gate.phasedU.matrix([a, b, g, 0.4]), Gate.u.matrix([a, b, g]).map { Complex.expi(0.4) * $0 }))
        // stdgates.inc: rx(θ) = U(θ, −π/2, π/2); rz(λ) = gphase(−λ/2)·U(0, 0, λ)
        #expect(close(Gate.rx.matrix([a]), Gate.u.matrix([a, -.pi / 2, .pi / 2])))
        #expect(close(Gate.rz.matrix([a]), Gate.u.matrix([0, 0, a]).map { Complex.expi(-a / 2) * $0 }))
        #expect(close(Gate.globalPhase.matrix([a]), [.expi(a)]))
    }

    @Test func twoQubitRotationsAreExponentials() {
        // exp(−iθ/2 P⊗Q) = cos(θ/2) I − i sin(θ/2) P⊗Q
        let th = 0.913
        let X = Gate.x.matrix([]), Y = Gate.y.matrix([]), Z = Gate.z.matrix([])
        for (gate, pq) in [(Gate.rxx, Reference.kron(X, 2, X, 2)), (.ryy, Reference.kron(Y, 2, Y, 2)),
                           (.rzz, Reference.kron(Z, 2, Z, 2)), (.rzx, Reference.kron(Z, 2, X, 2))] {
            var want = [Complex](repeating: .zero, count: 16)
            for k in 0..<16 {
                want[k] = Complex(0, -sin(th / 2)) * pq[k] + (k % 5 == 0 ? Complex(cos(th / 2)) : .zero)
            }
            #expect(close(gate.matrix([th]), want), "\(gate.name)")
        }
    }

    @Test func everyGateIsUnitaryAndDerivativesMatchFiniteDifferences() {
        var rng = RandomGenerator(seed: 7)
        for g in Gate.standardKinds {
            let p = (0..<g.parameterCount).map { _ in rng.nextUnit() * 6 - 3 }
            let m = g.matrix(p), d = 1 << g.qubitCount
            #expect(close(Embedding.multiply(m, Instruction.daggered(m), d), Embedding.identity(d)), "\(g.name) unitary")
            for j in 0..<g.parameterCount {
                var a = p, b = p
                a[j] += 1e-6; b[j] -= 1e-6
                let fd = zip(g.matrix(a), g.matrix(b)).map { ($0 - $1) / 2e-6 }
                #expect(close(g.derivative(p, index: j), fd, 1e-8), "\(g.name) ∂/∂p\(j)")
            }
        }
    }

    /// The closed forms the dense engine binds per sample equal the dual-number matrices.
    @Test func closedFormsEqualTheDualNumberMatrices() {
        var rng = RandomGenerator(seed: 11)
        for g in Gate.standardKinds {
            let p = (0..<g.parameterCount).map { _ in rng.nextUnit() * 12 - 6 }
            let (m, d) = g.matrixAndDerivatives(p, derivatives: true)
            #expect(close(m, g.matrix(p), 1e-14), "\(g.name)")
            #expect(d.count == g.parameterCount)
            for (j, dj) in d.enumerated() { #expect(close(dj, g.derivative(p, index: j), 1e-14), "\(g.name) ∂/∂p\(j)") }
            #expect(g.matrixAndDerivatives(p, derivatives: false).derivatives.isEmpty)
        }
    }

    @Test func structureDetection() {
        #expect(MatrixStructure.of(Gate.rz.matrix([0.3])) == .diagonal)
        #expect(MatrixStructure.of(Gate.x.matrix([])) == .permutation)
        #expect(MatrixStructure.of(Gate.swap.matrix([])) == .permutation)
        #expect(MatrixStructure.of(Gate.h.matrix([])) == .dense)
    }
}
