extension SupportVectorMachine {
    /// The dual solution α, the offset ρ and the iterations taken, for kernel matrix `k` [n][n].
    static func solve(_ k: [Double], _ y: [Double], c: Double, tolerance: Double, maxIterations: Int) -> ([Double], Double, Int) {
        let n = y.count
        var alpha = [Double](repeating: 0, count: n)
        var g = [Double](repeating: -1, count: n)   // ∇ of the dual: Qα − e
        var iterations = 0
        while iterations < maxIterations {
            guard let (i, j) = workingSet(k, y, alpha, g, c: c, tolerance: tolerance) else { break }
            let a = max(k[i * n + i] + k[j * n + j] - 2 * k[i * n + j], 1e-12)
            let b = -y[i] * g[i] + y[j] * g[j]
            var step = b / a
            step = min(step, y[i] > 0 ? c - alpha[i] : alpha[i])
            step = min(step, y[j] > 0 ? alpha[j] : c - alpha[j])
            alpha[i] += y[i] * step
            alpha[j] -= y[j] * step
            for t in 0..<n { g[t] += y[t] * step * (k[t * n + i] - k[t * n + j]) }
            iterations += 1
        }
        return (alpha, offset(y, alpha, g, c: c), iterations)
    }

    /// libsvm's WSS 2: i maximises −y_t∇_t over I_up, j minimises the second-order gain over
    /// I_low among violators; nil when the maximal violation is below the tolerance.
    static func workingSet(_ k: [Double], _ y: [Double], _ alpha: [Double], _ g: [Double], c: Double, tolerance: Double) -> (Int, Int)? {
        let n = y.count
        var i = -1
        var largest = -Double.infinity
        for t in 0..<n where isUp(y[t], alpha[t], c) && -y[t] * g[t] > largest {
            largest = -y[t] * g[t]
            i = t
        }
        guard i >= 0 else { return nil }
        var j = -1
        var smallest = Double.infinity
        var best = Double.infinity
        for t in 0..<n where isLow(y[t], alpha[t], c) {
            let v = -y[t] * g[t]
            smallest = min(smallest, v)
            let b = largest - v
            guard b > 0 else { continue }
            let a = max(k[i * n + i] + k[t * n + t] - 2 * k[i * n + t], 1e-12)
            if -b * b / a < best {
                best = -b * b / a
                j = t
            }
        }
        return largest - smallest < tolerance || j < 0 ? nil : (i, j)
    }

    static func isUp(_ y: Double, _ a: Double, _ c: Double) -> Bool { (y > 0 && a < c) || (y < 0 && a > 0) }
    static func isLow(_ y: Double, _ a: Double, _ c: Double) -> Bool { (y > 0 && a > 0) || (y < 0 && a < c) }

    /// ρ: the mean of y∇ over free multipliers, else the middle of the feasible interval.
    static func offset(_ y: [Double], _ alpha: [Double], _ g: [Double], c: Double) -> Double {
        var sum = 0.0
        var free = 0
        var upper = Double.infinity
        var lower = -Double.infinity
        for t in y.indices {
            let v = y[t] * g[t]
            if alpha[t] > 0 && alpha[t] < c {
                sum += v
                free += 1
            } else if (alpha[t] >= c) == (y[t] > 0) {
                lower = max(lower, v)
            } else {
                upper = min(upper, v)
            }
        }
        return free > 0 ? sum / Double(free) : (upper + lower) / 2
    }
}
