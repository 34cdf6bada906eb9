import Datasets
import Foundation
import Learners
import NeuralNetworks
import QML

/// Kundu et al., "Application of Quantum Tensor Networks for Protein Classification" (arXiv
/// 2403.06890; papers.md §A13): protein sequences read as sentences by path (RNN-like) and tree
/// (CNN-like) tensor-network circuits with hierarchical or uniform parameter sharing, on a
/// binary subcellular-location task, beside k-mer logistic regression and a small 1-D CNN.
public enum ProteinQTN {
    /// The binary task: secreted (class 1) against cytoplasmic (class 0) proteins of SCL2205.
    static let positive = "Secreted"
    static let negative = "Cytoplasm"
    /// N-terminal residues read (where signal peptides sit).
    static let window = 32

    struct Task {
        var train: [[Int]]
        var trainLabels: [Int]
        var test: [[Int]]
        var testLabels: [Int]
        /// The whole test and training sequences (for the k-mer baseline on full length).
        var trainFull: [[Int]]
        var testFull: [[Int]]
    }

    /// SCL2205's train and test splits restricted to the two classes, tokenised.
    static func task(dataDir: URL?, limit: Int?) throws -> Task {
        let folder = try DatasetRegistry.locate("scl2205", dataDir: dataDir)
        let (train, _, test) = try ProteinSequences.readSCL(folder)
        guard let pos = train.classes.firstIndex(of: positive), let neg = train.classes.firstIndex(of: negative) else {
            throw DatasetError.invalidArgument("scl2205: the classes \(positive) and \(negative) are missing from labels.json")
        }
        func pick(_ set: ProteinSequences, _ limit: Int?) throws -> ([[Int]], [Int]) {
            var rows = set.labels.indices.filter { set.labels[$0] == pos || set.labels[$0] == neg }
            if let limit { rows = Array(rows.prefix(limit)) }
            let chosen = set.subset(rows)
            return (try chosen.tokenized(), chosen.labels.map { $0 == pos ? 1 : 0 })
        }
        let (a, y) = try pick(train, limit)
        let (b, t) = try pick(test, limit.map { $0 / 3 })
        return Task(train: a.map { Array($0.prefix(window)) }, trainLabels: y, test: b.map { Array($0.prefix(window)) },
                    testLabels: t, trainFull: a, testFull: b)
    }

    /// Counts of 1-mers and 2-mers over the 20 standard residues, divided by the length (420 columns).
    static func kmers(_ sequences: [[Int]]) -> [Double] {
        sequences.flatMap { s -> [Double] in
            var v = [Double](repeating: 0, count: 420)
            for (i, t) in s.enumerated() where t < 20 {
                v[t] += 1
                if i + 1 < s.count, s[i + 1] < 20 { v[20 + t * 20 + s[i + 1]] += 1 }
            }
            return v.map { $0 / Double(max(s.count, 1)) }
        }
    }

    /// One-hot windows [N, 25, 1, window] (zeros past a sequence's end).
    static func oneHot(_ sequences: [[Int]]) -> Tensor<Float> {
        let k = ProteinSequences.alphabet.count
        var x = [Float](repeating: 0, count: sequences.count * k * window)
        for (n, s) in sequences.enumerated() {
            for (i, t) in s.prefix(window).enumerated() { x[(n * k + t) * window + i] = 1 }
        }
        return Tensor(shape: [sequences.count, k, 1, window], scalars: x)
    }

    /// A 1-D CNN over the one-hot window: conv 25→6 (width 5), ReLU, conv 6→6 (width 5, stride 2), ReLU, linear to 2 logits.
    static func cnn(seed: UInt64) -> Sequential<Float> {
        var rng = RandomGenerator(seed: seed)
        let width = ((window - 4) - 5) / 2 + 1
        return Sequential<Float>([
            Conv2D<Float>(25, 6, kernelSize: (1, 5), rng: &rng), Activation<Float>(.relu),
            Conv2D<Float>(6, 6, kernelSize: (1, 5), stride: (1, 2), rng: &rng), Activation<Float>(.relu),
            Flatten<Float>(), Linear<Float>(6 * width, 2, rng: &rng),
        ])
    }
}
