import CBLAS

/// The layer-input second moment GPTQ weighs rounding errors with: H = (2/N) Σ_t r_t x_t x_tᵀ
/// over the N input rows seen, r_t a per-row weight (1 unless given; RSQ's token importance).
/// Accumulated in Double through a Float SYRK per call. Memory: size² Doubles.
public struct HessianAccumulator: Sendable {
    public let size: Int
    /// H [size, size], row-major (both triangles filled).
    public private(set) var matrix: [Double]
    /// Rows accumulated.
    public private(set) var count = 0

    public init(size: Int) {
        self.size = size
        matrix = [Double](repeating: 0, count: size * size)
    }

    /// Adds `rows` input rows x [rows, size] (row-major), each weighted by `weights[t]` when given.
    public mutating func add(_ x: [Float], rows: Int, weights: [Float]? = nil) {
        precondition(x.count == rows * size, "HessianAccumulator: \(x.count) values for \(rows) rows of \(size)")
        guard rows > 0 else { return }
        var scaled = x
        if let weights {
            precondition(weights.count == rows, "HessianAccumulator: \(weights.count) weights for \(rows) rows")
            for t in 0..<rows {
                let s = weights[t].squareRoot()
                for i in 0..<size { scaled[t * size + i] *= s }
            }
        }
        var product = [Float](repeating: 0, count: size * size)
        cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(size), Int32(rows), 1, scaled, Int32(size), 0, &product, Int32(size))
        let total = count + rows
        let keep = Double(count) / Double(total)
        let add = 2 / Double(total)
        for i in 0..<size {
            for j in i..<size {
                let v = matrix[i * size + j] * keep + add * Double(product[i * size + j])
                matrix[i * size + j] = v
                matrix[j * size + i] = v
            }
        }
        count = total
    }
}
