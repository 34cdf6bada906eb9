import XCTest
@testable import QML
import QuantumSim
import NeuralNetworks

final class CircuitDAGTests: XCTestCase {
    /// GHZ-4 from the search space: RY on 0, then a CNOT chain.
    let ghz = [ArchitectureGate(.ry, [0]), ArchitectureGate(.cnot, [0, 1]), ArchitectureGate(.cnot, [1, 2]),
               ArchitectureGate(.cnot, [2, 3])]

    func testTheGHZGraphByHand() throws {
        let dag = try CircuitDAG(ghz, qubits: 4, maxGates: 6)
        XCTAssertEqual(dag.nodeCount, 8)
        let a = dag.adjacency
        func edge(_ i: Int, _ j: Int) -> Bool { a[i * 8 + j] == 1 }
        // START → RY (qubit 0), START → CNOT(0,1) (qubit 1), START → CNOT(1,2) (qubit 2), START → CNOT(2,3) (qubit 3)
        XCTAssertTrue(edge(0, 1) && edge(0, 2) && edge(0, 3) && edge(0, 4))
        XCTAssertTrue(edge(1, 2) && edge(2, 3) && edge(3, 4))
        // END (node 5) follows CNOT(0,1) on qubit 0, CNOT(1,2) on qubit 1, CNOT(2,3) on qubits 2 and 3
        XCTAssertTrue(edge(2, 5) && edge(3, 5) && edge(4, 5))
        XCTAssertEqual(a.filter { $0 == 1 }.count, 10)
        let x = dag.features
        let f = dag.featureCount
        XCTAssertEqual(Array(x[(2 * f)..<(3 * f)]), [0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0])   // CNOT on qubits 0, 1
        XCTAssertTrue(x[(6 * f)..<(8 * f)].allSatisfy { $0 == 0 })                            // padding
        // The circuit prepares (|0000⟩ + |1111⟩)/√2 at RY(π/2).
        let state = try QuantumProgram(dag.circuit).state(weights: [Double.pi / 2]).probabilities()
        XCTAssertEqual(state[0], 0.5, accuracy: 1e-12)
        XCTAssertEqual(state[15], 0.5, accuracy: 1e-12)
    }

    func testPackedGraphsFeedAGraphNetworkAndBadGatesAreRefused() throws {
        var rng = RandomGenerator(seed: 1)
        let dags = try (0..<3).map { _ in try CircuitDAG(CircuitDAG.random(qubits: 4, gates: 6, rng: &rng), qubits: 4, maxGates: 6) }
        let n = dags[0].nodeCount
        let width = n + 1 + dags[0].featureCount
        let gin = GINConvolution<Double>(nodes: n, inputFeatures: dags[0].featureCount, outputFeatures: 4, hidden: 8, rng: &rng)
        let out = gin(Tensor<Double>(shape: [3, n, width], scalars: dags.flatMap(\.packed)))
        XCTAssertEqual(out.shape, [3, n, n + 1 + 4])
        XCTAssertThrowsError(try CircuitDAG([ArchitectureGate(.cnot, [1, 1])], qubits: 4, maxGates: 6))
        XCTAssertThrowsError(try CircuitDAG([ArchitectureGate(.rx, [4])], qubits: 4, maxGates: 6))
        XCTAssertThrowsError(try CircuitDAG(ghz + ghz, qubits: 4, maxGates: 6))
    }
}
