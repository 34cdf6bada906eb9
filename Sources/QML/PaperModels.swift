/// The published quantum classifiers, as dense circuits. Each builder documents its layout
/// of the weight vector; `layer(...)` wraps one in a `DenseQuantumLayer` with the paper's
/// initialisation.
public enum PaperModels {
    /// Hamiltonian-embedding data re-uploading classifier (Wang et al., arXiv 2407.14055).
    ///
    /// |+⟩^⊗n, then per layer l: exp(−i·t_l·A/2) with A = (M + Mᵀ)/2 the sample's
    /// 2ⁿ×2ⁿ image, followed by the trainable block. For n ≤ 3 the block is the paper's
    /// digits block — SU(4) on wires (0,1) then SU(4) on (1,2), **sharing** the same 15
    /// parameters (the paper's code does this); for n ≥ 4 one full SU(2ⁿ) gate (4ⁿ−1
    /// parameters). Readout: probabilities of basis states |c⟩, c < classes, on the first
    /// n − 1 wires for n ≥ 4 (the paper's 5-qubit readout) or ⌈log₂ classes⌉ wires for
    /// n ≤ 3 — used directly as logits, as in the paper.
    /// Weights per layer: [t_l, ω_l…]. Input: 4ⁿ features (the padded image, row-major).
    public static func hamiltonianEmbedding(qubits n: Int, layers: Int, classes: Int = 8) throws -> DenseCircuit {
        guard (2...5).contains(n) else { throw QMLError.invalidArgument("hamemb takes 2...5 qubits (image side 2^n ≤ 32), got \(n)") }
        guard layers >= 1 else { throw QMLError.invalidArgument("hamemb needs ≥ 1 layer, got \(layers)") }
        // The paper reads |c⟩⟨c| on the first n−1 wires for its 5-qubit models (c = 0…7, so the
        // top wire is always 0) and on all 3 wires for digits.
        let readoutWires = n >= 4 ? n - 1 : classes.bitWidthNeeded
        guard readoutWires <= n else { throw QMLError.invalidArgument("\(classes) classes need \(readoutWires) readout wires; the circuit has \(n)") }
        var c = try DenseCircuit(qubits: n, initialState: .plus,
                                 readout: .probabilities(wires: Array(0..<readoutWires), count: classes))
        let block = n <= 3 ? 15 : (1 << (2 * n)) - 1
        for l in 0..<layers {
            let base = l * (1 + block)
            try c.append(.hamiltonian(time: base))
            if n <= 3 {
                for q in 0..<(n - 1) { try c.append(.specialUnitary(wires: [q, q + 1], weightOffset: base + 1)) }
            } else {
                try c.append(.specialUnitary(wires: Array(0..<n), weightOffset: base + 1))
            }
        }
        return c
    }

    /// The PennyLane QCNN used as HamEmb's baseline: amplitude embedding of the L2-normalised
    /// image on n wires, then per stage a convolution (U3 pairs — first stage only — IsingXX,
    /// IsingYY, IsingZZ, U3 pair; 15 parameters shared across the stage, on even then odd
    /// neighbour pairs) and pooling (measure every odd wire, conditional U3 on its left
    /// neighbour — here its deferred form, a controlled U3; 3 parameters), halving the wires;
    /// finally an SU(2ᵏ) gate on the k ≤ 3 remaining wires and the probabilities of their
    /// basis states (the first `classes`) as logits.
    /// Weights: [stage j: 18] × stages, then 4ᵏ − 1. Input: `features` amplitudes.
    public static func pennyLaneQCNN(qubits n: Int, features: Int, classes: Int = 8) throws -> DenseCircuit {
        var wires = Array(0..<n), stages = 0
        while wires.count > 3 { wires = stride(from: 0, to: wires.count, by: 2).map { wires[$0] }; stages += 1 }
        guard stages >= 1, classes <= 1 << wires.count else {
            throw QMLError.invalidArgument("qcnn needs ≥ 4 qubits and at most 2^(remaining wires) classes (n = \(n), classes = \(classes))")
        }
        var c = try DenseCircuit(qubits: n, initialState: .amplitude(features: features),
                                 readout: .probabilities(wires: wires, count: classes))
        wires = Array(0..<n)
        for j in 0..<stages {
            let w = { (k: Int) -> DenseCircuit.Angle in .weight(18 * j + k) }
            for parity in [0, 1] {
                for i in stride(from: parity, to: wires.count - 1, by: 2) {
                    let (a, b) = (wires[i], wires[i + 1])
                    if i % 2 == 0 && j == 0 {
                        try c.gate(.u3, [a], [w(0), w(1), w(2)]); try c.gate(.u3, [b], [w(3), w(4), w(5)])
                    }
                    try c.gate(.isingXX, [a, b], [w(6)]); try c.gate(.isingYY, [a, b], [w(7)]); try c.gate(.isingZZ, [a, b], [w(8)])
                    try c.gate(.u3, [a], [w(9), w(10), w(11)]); try c.gate(.u3, [b], [w(12), w(13), w(14)])
                }
            }
            for i in stride(from: 1, to: wires.count, by: 2) {
                try c.gate(.cu3, [wires[i], wires[i - 1]], [w(15), w(16), w(17)])
            }
            wires = stride(from: 0, to: wires.count, by: 2).map { wires[$0] }
        }
        try c.append(.specialUnitary(wires: wires, weightOffset: 18 * stages))
        return c
    }

    /// Hur, Kim & Park's QCNN (arXiv 2108.00661) on 8 wires: RY(x_i) angle embedding of 8
    /// features, SU(4) convolutions exp(i Σ ω P) (15 parameters shared per layer) on
    /// (0,7),(0,1),(2,3),(4,5),(6,7),(1,2),(3,4),(5,6); pooling CRZ(θ₁), X, CRX(θ₂) from
    /// wire 2i+1 onto 2i; convolution on (0,6),(0,2),(4,6),(2,4); pooling 2→0, 6→4;
    /// convolution on (0,4); pooling 0→4; probabilities of wire 4 (2 classes).
    /// Weights: conv1 [0..<15], pool1 [15, 16], conv2 [17..<32], pool2 [32, 33], conv3 [34..<49], pool3 [49, 50].
    public static func hurQCNN() throws -> DenseCircuit {
        var c = try DenseCircuit(qubits: 8, readout: .probabilities(wires: [4], count: 2))
        for q in 0..<8 { try c.gate(.ry, [q], [.input(q, scale: 1)]) }
        func conv(_ pairs: [(Int, Int)], _ offset: Int) throws {
            for (a, b) in pairs { try c.append(.specialUnitary(wires: [a, b], weightOffset: offset)) }
        }
        func pool(_ pairs: [(Int, Int)], _ offset: Int) throws {
            for (control, target) in pairs {
                try c.gate(.crz, [control, target], [.weight(offset)])
                try c.gate(.x, [control])
                try c.gate(.crx, [control, target], [.weight(offset + 1)])
            }
        }
        try conv([(0, 7), (0, 1), (2, 3), (4, 5), (6, 7), (1, 2), (3, 4), (5, 6)], 0)
        try pool([(1, 0), (3, 2), (5, 4), (7, 6)], 15)
        try conv([(0, 6), (0, 2), (4, 6), (2, 4)], 17)
        try pool([(2, 0), (6, 4)], 32)
        try conv([(0, 4)], 34)
        try pool([(0, 4)], 49)
        return c
    }

    /// Pérez-Salinas et al.'s single-qubit data re-uploading classifier (arXiv 1907.02085):
    /// `layers` gates U3(θ₁ + w₁x₁, θ₂ + w₂x₂, θ₃) on |0⟩ for 2-D points (x zero-padded to
    /// 3, so the third angle has no data term); readout = fidelities with the class target
    /// states (|0⟩ and |1⟩ for two classes; tetrahedron vertices for up to four: `reuploadTargets`).
    /// Weights per layer: [θ₁, w₁, θ₂, w₂, θ₃]. Input: 2 features.
    public static func reuploadingQubit(layers: Int, classes: Int = 2) throws -> DenseCircuit {
        guard layers >= 1 else { throw QMLError.invalidArgument("reupload-1q needs ≥ 1 layer, got \(layers)") }
        guard classes >= 2 && classes <= 4 else { throw QMLError.invalidArgument("reupload-1q takes 2...4 classes, got \(classes)") }
        var c = try DenseCircuit(qubits: 1, readout: .fidelities(blochVectors: reuploadTargets(classes: classes)))
        for l in 0..<layers {
            let b = 5 * l
            try c.gate(.u3, [0], [.affine(bias: b, weight: b + 1, input: 0), .affine(bias: b + 2, weight: b + 3, input: 1), .weight(b + 4)])
        }
        return c
    }
}

extension Int {
    /// Bits needed to write values 0..<self (1 for self ≤ 2).
    var bitWidthNeeded: Int { Swift.max(1, (Swift.max(self, 2) - 1).bitWidth - (Swift.max(self, 2) - 1).leadingZeroBitCount) }
}
