import Foundation
import Tensor

/// Prediction, the flat parameter vector and Adam training.
extension SequenceTensorNetwork {
    /// P(class 1) per sequence (token arrays; the first `window` tokens are read).
    public func probabilities(_ sequences: [[Int]]) throws -> [Double] {
        let u = unitaries()
        return try sequences.map { tokens in
            let z = contract(try clipped(tokens), unitaries: u).z
            return 1 / (1 + exp(-(scale * z + bias)))
        }
    }

    /// Class 1 where P(class 1) > ½.
    public func predict(_ sequences: [[Int]]) throws -> [Int] {
        try probabilities(sequences).map { $0 > 0.5 ? 1 : 0 }
    }

    /// Word angles, cell angles (cell-major), scale, bias.
    public var parameters: [Double] {
        get { wordAngles + cellAngles.flatMap { $0 } + [scale, bias] }
        set {
            precondition(newValue.count == parameterCount, "SequenceTensorNetwork: \(newValue.count) values for \(parameterCount) parameters")
            wordAngles = Array(newValue[0..<vocabulary])
            let per = cellAngles.first?.count ?? 0
            cellAngles = cellAngles.indices.map { c in Array(newValue[(vocabulary + c * per)..<(vocabulary + (c + 1) * per)]) }
            scale = newValue[newValue.count - 2]
            bias = newValue[newValue.count - 1]
        }
    }

    /// The mean binary cross-entropy over the sequences and its gradient in `parameters` order;
    /// the sequences are split over `threads`.
    public func loss(_ sequences: [[Int]], labels: [Int], threads: Int = 1) throws -> (value: Double, gradient: [Double]) {
        guard sequences.count == labels.count, !labels.isEmpty, labels.allSatisfy({ $0 == 0 || $0 == 1 }) else {
            throw QMLError.invalidArgument("a binary sequence classifier needs one 0/1 label per sequence; got \(sequences.count) sequences, \(labels.count) labels")
        }
        let clippedRows = try sequences.map { try clipped($0) }
        let u = unitaries()
        let parts = max(1, min(threads, clippedRows.count))
        var results = [(Double, Accumulator)?](repeating: nil, count: parts)
        results.withUnsafeMutableBufferPointer { out in
            let buffer = out
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                let rows = (p * clippedRows.count / parts)..<((p + 1) * clippedRows.count / parts)
                buffer[p] = lossAndGradient(clippedRows, labels, rows: rows, unitaries: u)
            }
        }
        var total = Accumulator(self)
        var value = 0.0
        for case let (v, acc)? in results {
            value += v
            total.add(acc)
        }
        let cell = RealCell(qubits: cellQubits, layers: layers)
        let cells = zip(cellAngles, total.unitaries).flatMap { cell.angleGradient($0, $1) }
        let n = Double(labels.count)
        return (value / n, (total.words + cells + [total.scale, total.bias]).map { $0 / n })
    }

    /// Adam (β 0.9, 0.999) on shuffled mini-batches for `epochs`, seeded; `onEpoch(epoch,
    /// mean training loss)` after each. Returns the losses.
    @discardableResult
    public mutating func fit(_ sequences: [[Int]], labels: [Int], epochs: Int, batchSize: Int = 32, learningRate: Double = 0.02,
                             threads: Int = 1, seed: UInt64, onEpoch: (Int, Double) -> Void = { _, _ in }) throws -> [Double] {
        guard epochs >= 1, batchSize >= 1 else { throw QMLError.invalidArgument("training needs ≥ 1 epoch and a batch ≥ 1") }
        var rng = RandomGenerator(seed: seed)
        var x = parameters
        var m = [Double](repeating: 0, count: x.count)
        var v = m
        var step = 0
        var history = [Double]()
        for epoch in 0..<epochs {
            let order = rng.permutation(labels.count)
            var total = 0.0
            for start in stride(from: 0, to: order.count, by: batchSize) {
                let rows = order[start..<min(start + batchSize, order.count)]
                let (value, g) = try loss(rows.map { sequences[$0] }, labels: rows.map { labels[$0] }, threads: threads)
                total += value * Double(rows.count)
                step += 1
                for k in x.indices {
                    m[k] = 0.9 * m[k] + 0.1 * g[k]
                    v[k] = 0.999 * v[k] + 0.001 * g[k] * g[k]
                    let mHat = m[k] / (1 - pow(0.9, Double(step)))
                    let vHat = v[k] / (1 - pow(0.999, Double(step)))
                    x[k] -= learningRate * mHat / (vHat.squareRoot() + 1e-8)
                }
                parameters = x
            }
            history.append(total / Double(labels.count))
            onEpoch(epoch, history.last!)
        }
        return history
    }
}
