import Foundation
import NeuralNetworks
import QML

/// The recurrent models of the catalog: classical rnn, lstm, gru; Chen et al.'s quantum
/// qrnn, qlstm, qgru (every affine map a variational circuit); and qfwp (the quantum fast-weight
/// programmer). Each reads a sequence [T] (one feature per step) or [T, C] and maps its last
/// state through a Linear to the outputs (`classes`: H·C for a forecaster).
public enum RecurrentModels {
    public static let names = ["rnn", "lstm", "gru", "qrnn", "qlstm", "qgru", "qfwp"]

    /// Hidden width when --hidden is not given: 16 for the classical cells, the qubit count for the quantum ones.
    public static func hiddenWidth(_ spec: ModelSpec) -> Int {
        spec.hidden?.first ?? (spec.name.hasPrefix("q") ? qubits(spec) : 16)
    }

    /// Circuit qubits (qfwp 8, the quantum cells 4 by default).
    public static func qubits(_ spec: ModelSpec) -> Int { spec.qubits ?? (spec.name == "qfwp" ? 8 : 4) }

    /// Circuit layers (qfwp: depth 2; the quantum cells 1 by default).
    public static func layers(_ spec: ModelSpec) -> Int { spec.circuitLayers ?? (spec.name == "qfwp" ? 2 : 1) }

    /// Features per step, C.
    static func features(_ spec: ModelSpec) -> Int { spec.inputShape.count == 2 ? spec.inputShape[1] : 1 }

    static func build(_ spec: ModelSpec) throws -> Sequential<Float> {
        let c = features(spec)
        if spec.name == "qfwp" {
            let model = try FastWeightProgrammer<Float>(features: c, depth: layers(spec), qubits: qubits(spec),
                                                         readoutQubits: Swift.min(4, qubits(spec)), outputs: spec.classes, seed: spec.seed)
            return Sequential([model])
        }
        let kind = QuantumCells.Kind(rawValue: spec.name.hasPrefix("q") ? String(spec.name.dropFirst()) : spec.name)!
        let h = hiddenWidth(spec)
        let cell: any RecurrentCell<Float> = spec.name.hasPrefix("q")
            ? try QuantumCells.make(kind, inputSize: c, hiddenSize: h, qubits: qubits(spec), layers: layers(spec), seed: spec.seed)
            : QuantumCells.classical(kind, inputSize: c, hiddenSize: h, seed: spec.seed)
        var rng = RandomGenerator(seed: spec.seed &+ 99)
        return Sequential([Recurrent(cell), Linear<Float>(h, spec.classes, rng: &rng)])
    }

    static func checkGeometry(_ spec: ModelSpec) throws {
        guard spec.inputShape.count <= 2 else {
            throw ModelZooError("\(spec.name) reads sequences [T] or [T, C]; the data has samples of shape \(spec.inputShape) (use --model cnn or mlp)")
        }
        if spec.name == "qfwp" && features(spec) > qubits(spec) {
            throw ModelZooError("qfwp encodes each of the \(features(spec)) features per step on its own qubit; it has \(qubits(spec)) (raise --qubits)")
        }
    }

    /// Parameters, and floats one sample keeps through a training step: per step and map the
    /// cell's activations and, for a circuit, its state vector (2^q complex doubles) kept for the adjoint sweep.
    static func footprint(_ spec: ModelSpec) -> ModelSpec.Footprint {
        let steps = Double(spec.inputShape.first ?? 1)
        let c = Double(features(spec))
        let h = Double(hiddenWidth(spec))
        let q = Double(qubits(spec))
        let l = Double(layers(spec))
        let outputs = Double(spec.classes)
        let quantum = spec.name.hasPrefix("q")
        let maps = mapCount(spec.name)
        let state: Double = quantum ? 4 * Double(1 << qubits(spec)) : 0
        var f = ModelSpec.Footprint()
        if spec.name == "qfwp" {
            f.parameters = 8 * (c + 1) + 9 * (l + q) + 5 * outputs
        } else {
            let perMap: Double = quantum ? (c + h + 1) * q + 3 * q * l + (q + 1) * h : (c + h + 1) * h
            f.parameters = maps * perMap + (h + 1) * outputs
        }
        f.activationsPerSample = steps * maps * (6 * h + 4 * q + state)
        return f
    }

    /// Affine maps per step (circuits for the quantum cells).
    static func mapCount(_ name: String) -> Double {
        switch name {
        case "lstm", "qlstm": 4
        case "gru", "qgru": 3
        default: 1
        }
    }
}
