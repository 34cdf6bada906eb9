import Foundation
import Tensor

/// A quantum tensor-network classifier over token sequences (Kundu et al., arXiv 2403.06890:
/// proteins as sentences): every token is a one-qubit word state RY(θ_token)|0⟩, and shared
/// "cell" circuits contract the words into a register that is measured.
///
/// - `.path` (RNN-like): a register of `hiddenQubits` meets each word in turn; the cell acts on
///   register ⊗ word and the word qubit is traced out (it is never touched again), so the
///   register evolves by a quantum channel, O(length·D³) with D = 2^(hidden + 1).
/// - `.tree` (CNN-like): neighbouring nodes (words padded with |0⟩ to `hiddenQubits`) are joined
///   by a cell on node ⊗ node and the right node traced out, level by level; the window is
///   padded to a power of two with |0…0⟩ leaves. O(length·D³) with D = 2^(2·hidden).
///
/// Sharing: `.uniform` uses one cell everywhere; `.hierarchical(k)` uses k cells — for a path,
/// one per consecutive block of the window (an N-terminal signal has its own cell); for a tree,
/// one per level (k = levels). Cells are `layers` × (RY on every qubit, then a CNOT chain), all
/// real, so states stay real density matrices. Readout: ⟨Z⟩ of the register's first qubit,
/// P(class 1) = σ(scale·⟨Z⟩ + bias). Sequences longer than `window` keep their first tokens.
public struct SequenceTensorNetwork: Sendable {
    public enum Shape: String, Sendable, CaseIterable { case path, tree }
    public enum Sharing: Sendable, Equatable {
        case uniform
        case hierarchical(Int)
    }

    public let shape: Shape
    public let sharing: Sharing
    public let vocabulary: Int
    public let hiddenQubits: Int
    public let layers: Int
    public let window: Int
    /// θ per token.
    public var wordAngles: [Double]
    /// Per cell, layers × qubits RY angles (layer-major).
    public var cellAngles: [[Double]]
    public var scale = 1.0
    public var bias = 0.0

    /// A seeded model; angles start uniform in [−π, π) for words and N(0, 0.1²) for cells (near
    /// the CNOT chains' product, away from the identity's trivial channel).
    public init(shape: Shape, sharing: Sharing = .uniform, vocabulary: Int, hiddenQubits: Int, layers: Int, window: Int,
                seed: UInt64) throws {
        guard vocabulary > 0, (1...4).contains(hiddenQubits), layers >= 1, window >= 2 else {
            throw QMLError.invalidArgument("a sequence tensor network needs ≥ 1 token, 1–4 hidden qubits, ≥ 1 layer and a window ≥ 2; "
                + "got \(vocabulary), \(hiddenQubits), \(layers), \(window)")
        }
        self.shape = shape
        self.sharing = sharing
        self.vocabulary = vocabulary
        self.hiddenQubits = hiddenQubits
        self.layers = layers
        self.window = window
        let cells = try Self.cellCount(shape, sharing, window: window)
        var rng = RandomGenerator(seed: seed)
        wordAngles = (0..<vocabulary).map { _ in Double.pi * (2 * rng.nextUnit() - 1) }
        let perCell = layers * (shape == .path ? hiddenQubits + 1 : 2 * hiddenQubits)
        cellAngles = (0..<cells).map { _ in (0..<perCell).map { _ in 0.1 * rng.nextNormal() } }
    }

    /// Levels of the tree over `window` leaves: ⌈log₂ window⌉.
    static func levels(_ window: Int) -> Int { Int(log2(Double(window)).rounded(.up)) }

    static func cellCount(_ shape: Shape, _ sharing: Sharing, window: Int) throws -> Int {
        guard case .hierarchical(let k) = sharing else { return 1 }
        let limit = shape == .path ? window : levels(window)
        guard (1...limit).contains(k) else {
            throw QMLError.invalidArgument("hierarchical sharing over a \(shape.rawValue) of window \(window) takes 1…\(limit) cells, got \(k)")
        }
        return k
    }

    /// Trainable numbers: word angles, cell angles, scale and bias.
    public var parameterCount: Int { wordAngles.count + cellAngles.reduce(0) { $0 + $1.count } + 2 }

    /// Qubits a cell acts on, and the register's dimension.
    var cellQubits: Int { shape == .path ? hiddenQubits + 1 : 2 * hiddenQubits }
    var registerDimension: Int { 1 << hiddenQubits }

    /// The cell used at path step t (0-based) or tree level l.
    func cell(at position: Int, of count: Int) -> Int {
        cellAngles.count == 1 ? 0 : position * cellAngles.count / count
    }

    /// The first `window` tokens of a sequence, checked against the vocabulary.
    func clipped(_ tokens: [Int]) throws -> [Int] {
        guard !tokens.isEmpty else { throw QMLError.invalidArgument("an empty sequence has nothing to contract") }
        guard let bad = tokens.first(where: { !(0..<vocabulary).contains($0) }) else { return Array(tokens.prefix(window)) }
        throw QMLError.invalidArgument("token \(bad) is outside the vocabulary 0..<\(vocabulary)")
    }
}
