import Testing
@testable import QuantumSim

/// Inverted parametric gates inside fused blocks must give the gate-by-gate state
/// (regression: the fused path once dropped the adjoint of `RY(0.5·w + 0.3)†`).
@Suite struct AdjointFusionRegressionTests {
    @Test func invertedAffineParametricGateFused() throws {
        var c = Circuit(qubits: 1)
        c.ry(.weight(0), 0)
        c.append(Instruction(.ry, targets: [0], parameters: [0.5 * .weight(0) + 0.3], adjoint: true))
        let fused = try QuantumProgram(c).state(weights: [0.8])
        let plain = try QuantumProgram(c, options: .gateByGate).state(weights: [0.8])
        for i in 0..<2 {
            #expect(abs(fused[i].re - plain[i].re) < 1e-12 && abs(fused[i].im - plain[i].im) < 1e-12, "amplitude \(i): \(fused[i]) vs \(plain[i])")
        }
    }
}
