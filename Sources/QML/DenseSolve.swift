/// Small dense linear systems for the least-squares fits and the natural-gradient step.
enum DenseSolve {
    /// x with A·x = b (A row-major n×n) by Gaussian elimination with partial pivoting. O(n³).
    static func solve(_ matrix: [Double], _ rhs: [Double]) -> [Double] {
        let n = rhs.count
        var a = matrix
        var b = rhs
        for col in 0..<n {
            let pivot = (col..<n).max { abs(a[$0 * n + col]) < abs(a[$1 * n + col]) }!
            if pivot != col {
                for k in 0..<n { a.swapAt(col * n + k, pivot * n + k) }
                b.swapAt(col, pivot)
            }
            for r in (col + 1)..<n {
                let f = a[r * n + col] / a[col * n + col]
                for k in col..<n { a[r * n + k] -= f * a[col * n + k] }
                b[r] -= f * b[col]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            var s = b[r]
            for k in (r + 1)..<n { s -= a[r * n + k] * x[k] }
            x[r] = s / a[r * n + r]
        }
        return x
    }
}
