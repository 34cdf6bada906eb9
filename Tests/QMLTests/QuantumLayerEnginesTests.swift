import Foundation
import Testing
@testable import QML

/// One layer over two engines: the same gates, inputs and readout as a `Circuit` (state-vector
/// engine) and as a `DenseCircuit` give the same outputs and the same gradients.
@Suite struct QuantumLayerEnginesTests {
    @Test(arguments: [
        QuantumReadout.expectations([.z(0), .z(2), .pauli(try! PauliSum("0.5*X0 Y1 - Z1 Z2"))]),
        QuantumReadout.marginals(qubits: [2, 0]),
        QuantumReadout.basisStates(qubits: [0, 1, 2], states: [5, 1, 6]),
    ])
    func bothEnginesAgree(readout: QuantumReadout) throws {
        var circuit = Circuit(qubits: 3)
        var dense = try DenseCircuit(qubits: 3, readout: readout)
        let steps: [(Gate, [Int], [Int], Parameter, DenseCircuit.Angle)] = [
            (.ry, [0], [], .input(0), .input(0, scale: 1)), (.rx, [1], [], .input(1), .input(1, scale: 1)),
            (.rz, [2], [], .weight(0), .weight(0)), (.rxx, [0, 2], [], .weight(1), .weight(1)),
            (.ry, [1], [0], .weight(2), .weight(2)), (.rzz, [1, 2], [], .weight(3), .weight(3)),
            (.rx, [0], [2], .weight(4), .weight(4)), (.ry, [2], [], .input(2), .input(2, scale: 1)),
        ]
        for (gate, targets, controls, parameter, angle) in steps {
            circuit.append(Instruction(gate, targets: targets, controls: controls, parameters: [parameter]))
            try dense.gate(gate, targets, controls: controls, [angle])
        }
        let weights = Tensor<Double>(shape: [5], scalars: [0.3, -1.1, 0.7, 2.0, -0.4])
        let a = try QuantumLayer<Double>(circuit, readout: readout, weights: weights)
        let b = try QuantumLayer<Double>(dense, weights: weights)
        // Four features per sample: the circuits read three, the fourth gets gradient 0.
        let x = Variable(Tensor<Double>(shape: [2, 4], scalars: [0.1, 0.5, -0.3, 9, 1.2, -0.8, 0.4, 9]), requiresGrad: true)
        let ya = a(x)
        let gradients = { (layer: QuantumLayer<Double>) -> (Tensor<Double>, Tensor<Double>) in
            x.zeroGrad()
            layer.weights.zeroGrad()
            (layer(x) * Tensor(shape: ya.shape, scalars: (0..<ya.value.count).map { Double($0 % 3) - 0.5 })).sum().backward()
            return (x.grad!, layer.weights.grad!)
        }
        let yb = b(x)
        #expect(zip(ya.value.scalars, yb.value.scalars).allSatisfy { abs($0 - $1) < 1e-12 }, "\(ya.value) vs \(yb.value)")
        let (dxa, dwa) = gradients(a)
        let (dxb, dwb) = gradients(b)
        #expect(zip(dxa.scalars, dxb.scalars).allSatisfy { abs($0 - $1) < 1e-10 } && dxa.scalars[3] == 0)
        #expect(zip(dwa.scalars, dwb.scalars).allSatisfy { abs($0 - $1) < 1e-10 }, "\(dwa) vs \(dwb)")
    }
}
