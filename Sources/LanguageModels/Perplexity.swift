import Foundation

/// Perplexity of a causal model on a token sequence by sliding windows, as in Hugging Face's
/// "perplexity of fixed-length models": windows of `context` tokens start every `stride`
/// tokens; each window scores only the tokens the previous window did not (the first window
/// all but its first token), each from the positions before it inside the window.
/// PPL = exp(Σ NLL / scored tokens).
public struct Perplexity: Sendable, Encodable {
    /// exp of the mean negative log-likelihood.
    public let perplexity: Double
    /// The mean negative log-likelihood (nats per token).
    public let meanNLL: Double
    /// Tokens in the sequence.
    public let tokens: Int
    /// Tokens scored (tokens − 1 unless the sequence is shorter than two).
    public let scored: Int
    public let windows: Int

    /// The windows' bounds: (begin, end, first scored index inside the window).
    public static func windows(tokens n: Int, context: Int, stride: Int) -> [(begin: Int, end: Int, firstScored: Int)] {
        precondition(context > 1 && stride > 0 && stride <= context, "Perplexity: stride \(stride) must be in 1…context \(context)")
        var out: [(Int, Int, Int)] = []
        var previousEnd = 0
        var begin = 0
        while begin < n {
            let end = min(begin + context, n)
            let target = end - previousEnd
            out.append((begin, end, max(1, end - begin - target)))
            previousEnd = end
            if end == n { break }
            begin += stride
        }
        return out
    }

    /// Scores `ids` with `logits(window)`, which returns every position's logits
    /// [window.count · V] for a fresh sequence. `progress` sees (windows done, windows).
    public static func measure(_ ids: [Int], context: Int, stride: Int, vocabularySize v: Int,
                               logits: ([Int]) throws -> [Float], progress: (Int, Int) -> Void = { _, _ in }) rethrows -> Perplexity {
        let plan = windows(tokens: ids.count, context: context, stride: stride)
        var total = 0.0
        var scored = 0
        for (w, window) in plan.enumerated() {
            let input = Array(ids[window.begin..<window.end])
            let out = try logits(input)
            for j in window.firstScored..<input.count {
                total += negativeLogLikelihood(out[((j - 1) * v)..<(j * v)], target: input[j])
                scored += 1
            }
            progress(w + 1, plan.count)
        }
        let mean = scored > 0 ? total / Double(scored) : .nan
        return Perplexity(perplexity: Foundation.exp(mean), meanNLL: mean, tokens: ids.count, scored: scored, windows: plan.count)
    }

    /// −log softmax(logits)[target], in Double.
    public static func negativeLogLikelihood(_ logits: ArraySlice<Float>, target: Int) -> Double {
        let top = Double(logits.max() ?? 0)
        var sum = 0.0
        for x in logits { sum += Foundation.exp(Double(x) - top) }
        return top + Foundation.log(sum) - Double(logits[logits.startIndex + target])
    }
}
