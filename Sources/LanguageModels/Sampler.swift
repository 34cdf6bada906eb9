import Foundation
import Tensor

/// Picks the next token from logits: greedy (the largest) at temperature 0; otherwise from
/// softmax(logits / T) restricted to the smallest set of most likely tokens whose mass
/// reaches `topP` (nucleus sampling), renormalised. Seeded. O(V log V) when sampling.
public struct Sampler {
    public let temperature: Double
    public let topP: Double
    var rng: RandomGenerator

    public init(temperature: Double = 0, topP: Double = 1, seed: UInt64 = 0) {
        precondition(temperature >= 0 && topP > 0 && topP <= 1, "Sampler: temperature \(temperature) or top-p \(topP) out of range")
        self.temperature = temperature
        self.topP = topP
        rng = RandomGenerator(seed: seed)
    }

    public mutating func next(_ logits: [Float]) -> Int {
        guard temperature > 0 else { return Self.argmax(logits) }
        let top = Double(logits.max() ?? 0)
        let weights = logits.map { Foundation.exp((Double($0) - top) / temperature) }
        let total = weights.reduce(0, +)
        let order = weights.indices.sorted { weights[$0] > weights[$1] }
        var kept: [Int] = []
        var mass = 0.0
        for i in order {
            kept.append(i)
            mass += weights[i] / total
            if mass >= topP { break }
        }
        var u = rng.nextUnit() * kept.reduce(0) { $0 + weights[$1] }
        for i in kept {
            u -= weights[i]
            if u <= 0 { return i }
        }
        return kept.last!
    }

    /// The index of the largest value (the first on ties).
    public static func argmax(_ x: [Float]) -> Int {
        var best = 0
        for i in x.indices where x[i] > x[best] { best = i }
        return best
    }
}

/// Turns a stream of token bytes into text without splitting a UTF-8 character across
/// tokens: bytes of an unfinished character wait for the next token.
public struct StreamingText {
    var pending: [UInt8] = []

    public init() {}

    /// The text completed by `bytes`.
    public mutating func append(_ bytes: [UInt8]) -> String {
        pending += bytes
        var end = pending.count
        // Back off over an incomplete trailing sequence (at most 3 bytes).
        for back in 1...min(3, pending.count) {
            let b = pending[pending.count - back]
            if b & 0xC0 == 0x80 { continue }
            let need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
            if need > back { end = pending.count - back }
            break
        }
        let text = String(decoding: pending[..<end], as: UTF8.self)
        pending.removeFirst(end)
        return text
    }

    /// Whatever is left (invalid bytes become U+FFFD).
    public mutating func finish() -> String {
        defer { pending = [] }
        return String(decoding: pending, as: UTF8.self)
    }
}
