import Foundation

/// Reverse-mode gradients of the contraction: through every join back to the cells' unitaries
/// (then `RealCell.angleGradient`) and to the word states (then their angles).
extension SequenceTensorNetwork {
    /// ∂L/∂(word angles), ∂L/∂U per cell, ∂L/∂scale, ∂L/∂bias, summed over sequences.
    struct Accumulator {
        var words: [Double]
        var unitaries: [[Double]]
        var scale = 0.0
        var bias = 0.0

        init(_ net: SequenceTensorNetwork) {
            words = [Double](repeating: 0, count: net.vocabulary)
            let d = 1 << net.cellQubits
            unitaries = net.cellAngles.map { _ in [Double](repeating: 0, count: d * d) }
        }

        mutating func add(_ other: Accumulator) {
            words = zip(words, other.words).map(+)
            unitaries = zip(unitaries, other.unitaries).map { zip($0, $1).map(+) }
            scale += other.scale
            bias += other.bias
        }
    }

    /// Back through one join given ∂L/∂out: adds to ∂L/∂U and returns (∂L/∂A, ∂L/∂B).
    func backward(_ j: Join, _ gOut: [Double], _ da: Int, _ db: Int, unitaries: [[Double]],
                  into acc: inout Accumulator) -> ([Double], [Double]) {
        let d = da * db
        let u = unitaries[j.cell]
        // ∂L/∂τ = ∂L/∂out ⊗ I_B
        var identity = [Double](repeating: 0, count: db * db)
        for r in 0..<db { identity[r * db + r] = 1 }
        let gTau = Self.kron(gOut, da, identity, db)
        // τ = U σ Uᵀ: ∂L/∂σ = Uᵀ Gτ U, ∂L/∂U = (Gτ + Gτᵀ) U σ (σ symmetric)
        let gSigma = Self.multiply(Self.multiply(u, gTau, d, transposeA: true), u, d)
        var symmetric = gTau
        for i in 0..<d {
            for k in 0..<d { symmetric[i * d + k] += gTau[k * d + i] }
        }
        let gu = Self.multiply(Self.multiply(symmetric, u, d), j.sigma, d)
        acc.unitaries[j.cell] = zip(acc.unitaries[j.cell], gu).map(+)
        var gA = [Double](repeating: 0, count: da * da)
        var gB = [Double](repeating: 0, count: db * db)
        for a in 0..<da {
            for a2 in 0..<da {
                for b in 0..<db {
                    for b2 in 0..<db {
                        let g = gSigma[(a * db + b) * d + a2 * db + b2]
                        gA[a * da + a2] += g * j.right[b * db + b2]
                        gB[b * db + b2] += g * j.left[a * da + a2]
                    }
                }
            }
        }
        return (gA, gB)
    }

    /// Adds ∂L/∂θ of `token`'s word state given ∂L/∂(its leaf matrix) (word on bit 0, row width `d`).
    func addWord(_ token: Int, _ g: [Double], dimension d: Int, into acc: inout Accumulator) {
        let (c, s) = (cos(wordAngles[token] / 2), sin(wordAngles[token] / 2))
        acc.words[token] += -c * s * g[0] + 0.5 * (c * c - s * s) * (g[1] + g[d]) + c * s * g[d + 1]
    }

    /// Back-propagates ∂L/∂z through a sequence's tape.
    func backward(_ tape: Tape, dz: Double, unitaries: [[Double]], into acc: inout Accumulator) {
        let d = registerDimension
        var g = [Double](repeating: 0, count: d * d)
        for l in 0..<d { g[l * d + l] = l & 1 == 0 ? dz : -dz }
        switch shape {
        case .path:
            for (t, j) in tape.joins.enumerated().reversed() {
                let (gA, gB) = backward(j, g, d, 2, unitaries: unitaries, into: &acc)
                addWord(tape.tokens[t], gB, dimension: 2, into: &acc)
                g = gA
            }
        case .tree:
            let levels = Self.levels(window)
            var grads = [g]
            var end = tape.joins.count
            for level in (0..<levels).reversed() {
                let count = 1 << (levels - level - 1)
                let start = end - count
                grads = (0..<count).flatMap { i -> [[Double]] in
                    let (gA, gB) = backward(tape.joins[start + i], grads[i], d, d, unitaries: unitaries, into: &acc)
                    return [gA, gB]
                }
                end = start
            }
            for (p, token) in tape.tokens.enumerated() { addWord(token, grads[p], dimension: d, into: &acc) }
        }
    }

    /// Binary cross-entropy of P(class 1) = σ(scale·z + bias), summed over `rows`, with its
    /// gradient accumulated.
    func lossAndGradient(_ sequences: [[Int]], _ labels: [Int], rows: Range<Int>, unitaries: [[Double]]) -> (Double, Accumulator) {
        var acc = Accumulator(self)
        var loss = 0.0
        for i in rows {
            let tape = contract(sequences[i], unitaries: unitaries)
            let logit = scale * tape.z + bias
            let p = 1 / (1 + exp(-logit))
            let y = Double(labels[i])
            // −[y log p + (1 − y) log(1 − p)], written stably in the logit
            loss += max(logit, 0) - logit * y + log1p(exp(-abs(logit)))
            let dLogit = p - y
            acc.scale += dLogit * tape.z
            acc.bias += dLogit
            backward(tape, dz: dLogit * scale, unitaries: unitaries, into: &acc)
        }
        return (loss, acc)
    }
}
