import Foundation
import Testing
@testable import Reproductions

/// tn-init on a 6-bit cardinality set with short runs: the decomposition's fidelities are in
/// order and the MPS start ends below the random and identity starts.
@Suite struct TNInitTests {
    @Test func mpsStartBeatsRandomOnASmallCardinalitySet() throws {
        let task = TNInit.Task(name: "cardinality 6/3", qubits: 6, patterns: try BitstringPatterns.cardinality(bits: 6, ones: 3))
        var s = TNInit.Settings()
        s.mpsSteps = 300
        s.circuitSteps = 40
        s.fidelitySteps = 60
        let o = try TNInit.run(task, s, seed: 0)
        #expect(o.mpsKL < 0.05)
        #expect(o.fidelities.analytic > 0.5 && o.fidelities.optimised >= o.fidelities.compiled - 1e-9)
        let final = TNInit.starts.map { o.curves[$0]!.last! }
        #expect(final[0] < final[1] && final[0] < final[2], "\(final)")
        let result = TNInit.summarise(task, [o], settings: s, seconds: 1)
        #expect(result.rows.count == 6 && result.plots.count == 1)
    }
}
