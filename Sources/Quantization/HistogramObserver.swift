import Foundation

/// A histogram of everything seen, over [−R, R] in `2·binsPerSide` equal bins; when a value falls
/// outside, R doubles and adjacent bins merge pairwise (exact, no re-sampling). The range is then
/// chosen from the histogram by one of three methods:
///
/// - `percentile(p)`: [q_(100−p), q_p] of the data (bin edges), within the observed min/max;
/// - `mse`: the clip threshold T = k/200·max|x| (k = 1…200) minimising the expected squared
///   quantisation error Σ_bins n·(c − Q(c))² over bin centres c;
/// - `entropy`: TensorRT's KL calibration on |x|: for each candidate threshold i bins, P = the
///   first i bins with the tail folded into the last, Q = P merged into L levels
///   (L = number of codes on that side) and spread back over P's nonzero bins; choose the i with
///   the least KL(P‖Q); T = i·binWidth.
///
/// Memory O(bins); observe O(count); range O(bins·candidates).
public struct HistogramObserver: Observer {
    public enum Method: Sendable, Equatable { case percentile(Double), mse, entropy }
    public let method: Method
    public let binsPerSide: Int
    /// Counts over [−R, R]; bin i covers [−R + i·w, −R + (i+1)·w), w = R/binsPerSide.
    public private(set) var counts: [Double]
    public private(set) var radius: Float = 0
    public private(set) var minimum = Float.infinity, maximum = -Float.infinity

    public init(method: Method, binsPerSide: Int = 2048) {
        precondition(binsPerSide >= 16 && binsPerSide % 2 == 0, "HistogramObserver: binsPerSide must be even and ≥ 16")
        if case .percentile(let p) = method { precondition(p > 50 && p <= 100, "HistogramObserver: percentile \(p) outside (50, 100]") }
        self.method = method; self.binsPerSide = binsPerSide
        counts = [Double](repeating: 0, count: 2 * binsPerSide)
    }

    public mutating func observe(_ x: Tensor<Float>) {
        guard x.count > 0 else { return }
        let (lo, hi) = extrema(x)
        minimum = Swift.min(minimum, lo); maximum = Swift.max(maximum, hi)
        let amax = Swift.max(-lo, hi)
        if radius == 0 { radius = amax > 0 ? amax : 1 }
        while amax >= radius { grow() }
        let n = 2 * binsPerSide, perUnit = Float(binsPerSide) / radius, r = radius
        counts.withUnsafeMutableBufferPointer { c in
            x.withUnsafeBufferPointer { p in
                for v in p { c[Swift.min(Swift.max(Int((v + r) * perUnit), 0), n - 1)] += 1 }
            }
        }
    }

    /// Doubles R: new bin B/2 + j (B = 2·binsPerSide) holds old bins 2j and 2j+1 of the old range.
    mutating func grow() {
        let n = 2 * binsPerSide
        var merged = [Double](repeating: 0, count: n)
        for j in 0..<(n / 2) { merged[n / 4 + j] = counts[2 * j] + counts[2 * j + 1] }
        counts = merged
        radius *= 2
    }

    var binWidth: Float { radius / Float(binsPerSide) }
    func center(_ i: Int) -> Float { -radius + (Float(i) + 0.5) * binWidth }

    public func range(for scheme: QuantizationScheme) -> (min: Float, max: Float) {
        guard minimum <= maximum else { return (0, 0) }
        switch method {
        case .percentile(let p): return percentileRange(p)
        case .mse: return mseRange(scheme)
        case .entropy: return entropyRange(scheme)
        }
    }

    func percentileRange(_ p: Double) -> (min: Float, max: Float) {
        let total = counts.reduce(0, +)
        let tail = total * (100 - p) / 100
        var acc = 0.0, lo = minimum, hi = maximum
        for i in counts.indices { acc += counts[i]; if acc > tail { lo = -radius + Float(i) * binWidth; break } }
        acc = 0
        for i in counts.indices.reversed() { acc += counts[i]; if acc > tail { hi = -radius + Float(i + 1) * binWidth; break } }
        return (Swift.max(lo, minimum), Swift.min(hi, maximum))
    }

    /// The observed range clipped to [−T, T].
    func clipped(_ t: Float) -> (min: Float, max: Float) { (Swift.max(minimum, -t), Swift.min(maximum, t)) }

    func mseRange(_ scheme: QuantizationScheme) -> (min: Float, max: Float) {
        let amax = Swift.max(-minimum, maximum)
        var best = clipped(amax), bestError = Double.infinity
        let single = try? QuantizationScheme(bits: scheme.bits, signed: scheme.isSigned, symmetric: scheme.isSymmetric)
        for k in 1...200 {
            let candidate = clipped(amax * Float(k) / 200)
            guard let single, let p = try? QuantizationParameters(scheme: single, shape: [], minimums: [candidate.min], maximums: [candidate.max])
            else { continue }
            let s = p.scales[0], z = Float(p.zeroPoints[0]), qmin = Float(single.qmin), qmax = Float(single.qmax)
            var error = 0.0
            for i in counts.indices where counts[i] > 0 {
                let c = center(i)
                let q = Swift.min(Swift.max((c / s).rounded() + z, qmin), qmax)
                let d = Double(c - (q - z) * s)
                error += counts[i] * d * d
            }
            if error < bestError { bestError = error; best = candidate }
        }
        return best
    }

    func entropyRange(_ scheme: QuantizationScheme) -> (min: Float, max: Float) {
        // |x| histogram: bin j covers [j·w, (j+1)·w).
        let b = binsPerSide
        let absolute = (0..<b).map { counts[b + $0] + counts[b - 1 - $0] }
        // Codes available on one side of zero: all of them for one-signed data, half otherwise.
        let oneSided = minimum >= 0 || maximum <= 0
        let levels = Swift.max(2, Int(scheme.qmax - scheme.qmin + 1) / (oneSided ? 1 : 2))
        let lastUsed = (absolute.lastIndex { $0 > 0 } ?? 0) + 1
        guard lastUsed > levels else { return (minimum, maximum) }
        var bestI = lastUsed, bestKL = Double.infinity
        let step = Swift.max(1, (lastUsed - levels) / 512)     // at most ~512 candidates
        for i in stride(from: levels, through: lastUsed, by: step) {
            var p = Array(absolute[0..<i])
            p[i - 1] += absolute[i...].reduce(0, +)
            var q = [Double](repeating: 0, count: i)
            for level in 0..<levels {
                let start = level * i / levels, end = (level + 1) * i / levels
                guard end > start else { continue }
                let sum = absolute[start..<end].reduce(0, +)
                let nonzero = absolute[start..<end].filter { $0 > 0 }.count
                guard nonzero > 0 else { continue }
                for j in start..<end where absolute[j] > 0 { q[j] = sum / Double(nonzero) }
            }
            let pSum = p.reduce(0, +), qSum = q.reduce(0, +)
            guard pSum > 0 && qSum > 0 else { continue }
            var kl = 0.0
            for j in 0..<i where p[j] > 0 {
                let pj = p[j] / pSum, qj = q[j] / qSum
                kl += qj > 0 ? pj * Foundation.log(pj / qj) : pj * 30   // an empty Q bin under mass: large penalty
            }
            if kl < bestKL { bestKL = kl; bestI = i }
        }
        return clipped(Float(bestI) * binWidth)
    }
}
