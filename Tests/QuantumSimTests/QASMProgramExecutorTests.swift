import Testing
import Foundation
import Tensor
@testable import QuantumSim

@Suite struct QASMProgramExecutorTests {
    static let head = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n"

    /// Teleportation: q[2] ends in ry(θ)|0⟩ on every shot, whatever the measurement outcomes.
    @Test func teleportationWithClassicalConditions() throws {
        let theta = 1.1
        let text = Self.head + """
        qreg q[3];
        creg m0[1];
        creg m1[1];
        ry(\(theta)) q[0];
        h q[1]; cx q[1], q[2];
        cx q[0], q[1]; h q[0];
        measure q[0] -> m0[0];
        measure q[1] -> m1[0];
        if (m1 == 1) x q[2];
        if (m0 == 1) z q[2];
        """
        let exec = ProgramExecutor(try OpenQASM.parse(text))
        var outcomes = Set<[Bool]>()
        for seed in 0..<40 {
            let run = try exec.run(Double.self, seed: UInt64(seed))
            outcomes.insert(run.bits)
            #expect(abs(run.state.probabilityOfOne(qubit: 2) - pow(sin(theta / 2), 2)) < 1e-12)
            #expect(abs(run.state.normSquared - 1) < 1e-12)
        }
        #expect(outcomes.count == 4)
    }

    @Test func resetReturnsTheQubitToZero() throws {
        let exec = ProgramExecutor(try OpenQASM.parse(Self.head + "qreg q[2];\nh q[0];\ncx q[0], q[1];\nreset q[0];\n"))
        for seed in 0..<10 {
            let run = try exec.run(Double.self, seed: UInt64(seed))
            #expect(run.state.probabilityOfOne(qubit: 0) < 1e-15)
            #expect(abs(run.state.normSquared - 1) < 1e-12)
        }
    }

    @Test func countsAreSeededAndStatisticallyRight() throws {
        let text = Self.head + "qreg q[2];\ncreg c[2];\nry(2*acos(sqrt(0.3))) q[0];\nmeasure q[0] -> c[0];\nif (c == 1) x q[1];\nmeasure q[1] -> c[1];\n"
            .replacingOccurrences(of: "2*acos(sqrt(0.3))", with: "\(2 * acos(0.3.squareRoot()))")
        let exec = ProgramExecutor(try OpenQASM.parse(text))
        let a = try exec.counts(Double.self, shots: 4000, seed: 5)
        #expect(a == (try exec.counts(Double.self, shots: 4000, seed: 5)))
        #expect(a.keys.allSatisfy { $0 == "00" || $0 == "11" })
        // P(11) = 0.7; 5σ of a binomial with n = 4000.
        #expect(abs(Double(a["11", default: 0]) / 4000 - 0.7) < 5 * (0.21 / 4000).squareRoot())
    }

    /// Terminal measurements are sampled from one state; the per-shot path agrees in distribution.
    @Test func terminalSamplingMatchesPerShotSimulation() throws {
        let body = "qreg q[3];\ncreg c[3];\nh q[0];\ncx q[0], q[1];\nry(0.8) q[2];\n"
        let end = ProgramExecutor(try OpenQASM.parse(Self.head + body + "measure q -> c;\n"))
        let perShot = ProgramExecutor(try OpenQASM.parse(Self.head + body + "measure q -> c;\nbarrier q;\nreset q[0];\n"))
        #expect(end.measuresOnlyAtEnd && !perShot.measuresOnlyAtEnd)
        let a = try end.counts(Double.self, shots: 6000, seed: 1), b = try perShot.counts(Double.self, shots: 6000, seed: 2)
        let p1 = pow(sin(0.4), 2)
        for (key, p) in [("000", 0.5 * (1 - p1)), ("011", 0.5 * (1 - p1)), ("100", 0.5 * p1), ("111", 0.5 * p1)] {
            let sigma = (p * (1 - p) / 6000).squareRoot()
            #expect(abs(Double(a[key, default: 0]) / 6000 - p) < 5 * sigma, "\(key) terminal")
            #expect(abs(Double(b[key, default: 0]) / 6000 - p) < 5 * sigma, "\(key) per shot")
        }
    }

    /// Shot branching (each measurement history simulated once) against every shot run on its
    /// own: a two-sample chi-square over the outcomes at fixed seeds, on a program with
    /// measurements, a reset, conditionals and a measured tail.
    @Test func shotBranchingMatchesShotByShot() throws {
        let text = Self.head + """
            qreg q[3];
            creg c[3];
            ry(0.9) q[0];
            h q[1];
            measure q[0] -> c[0];
            if (c == 1) ry(1.3) q[2];
            reset q[0];
            ry(0.5) q[0];
            cx q[1], q[0];
            measure q[1] -> c[1];
            if (c == 2) x q[2];
            measure q[0] -> c[0];
            measure q[2] -> c[2];
            """
        let exec = ProgramExecutor(try OpenQASM.parse(text))
        #expect(exec.branchingFits(Double.self) && exec.branchingDepth == 3)
        let shots = 20_000
        let branched = try exec.counts(Double.self, shots: shots, seed: 11)
        #expect(branched == (try exec.counts(Double.self, shots: shots, seed: 11)))
        let (prefixSteps, rest) = exec.steps(inputs: [])
        let prefix = try exec.prefixState(Double.self, prefixSteps, policy: .serial)
        let single = exec.shotByShot(prefix, rest, shots: shots, inputs: [], seed: 12, policy: .serial)
        #expect(branched.values.reduce(0, +) == shots && !branched.values.contains(0))
        let keys = Set(branched.keys).union(single.keys)
        var chi2 = 0.0
        for key in keys {
            let a = Double(branched[key, default: 0]), b = Double(single[key, default: 0])
            chi2 += (a - b) * (a - b) / (a + b)
        }
        // 8 outcomes → 7 degrees of freedom; P(χ² > 24.3) = 0.001.
        #expect(keys.count >= 6 && chi2 < 24.3, "χ² = \(chi2) over \(keys.count) outcomes: \(branched) vs \(single)")
    }

    @Test func unmeasuredProgramsCountQubitsWithQubitZeroRightmost() throws {
        let exec = ProgramExecutor(try OpenQASM.parse(Self.head + "qreg q[3];\nx q[0];\n"))
        #expect(try exec.counts(Double.self, shots: 10, seed: 0) == ["001": 10])
        let single = try exec.run(Float.self).state
        #expect(single[1].re == 1)
    }

    @Test func missingInputsAndHugeStatesAreErrorsNotCrashes() throws {
        let p = try OpenQASM.parse("OPENQASM 3;\ninclude \"stdgates.inc\";\ninput float[64] a;\nqubit q;\nrx(a) q;\n")
        #expect(throws: QuantumSimError.self) { try ProgramExecutor(p).run(Double.self) }
        let big = try OpenQASM.parse(Self.head + "qreg q[60];\nh q[0];\n")
        #expect(throws: QuantumSimError.self) { try ProgramExecutor(big).run(Double.self) }
    }
}
