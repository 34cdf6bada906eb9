import CBLAS
import Foundation

/// GPTQ (Frantar et al., 2023): rounds a linear layer's weights W [rows, cols] column by column
/// to a uniform grid per row (and per group of columns), pushing each column's rounding error
/// onto the columns not yet rounded through the inverse Hessian of the layer-wise loss
/// ‖WX − ŴX‖², H = 2XXᵀ/N. Columns go in blocks whose errors reach later columns by one
/// matrix product (lazy batch updates). Cost O(rows · cols²) plus the O(cols³) Cholesky factors.
public struct GPTQ: Sendable {
    /// Bits per weight (2…8).
    public var bits: Int
    /// Columns sharing one grid per row, or nil for one grid per row.
    public var groupSize: Int?
    /// Round columns in decreasing order of H's diagonal (act-order).
    public var actOrder: Bool
    /// Fit the groups' grids on the original weights before any rounding (needed with
    /// act-order when groups must stay contiguous in the original column order).
    public var staticGroups: Bool
    /// Columns per lazy-update block.
    public var blockSize: Int
    /// λ: H + λ·mean(diag H)·I.
    public var damping: Double
    /// Grids with Float16 step and offset (exactly what a GGUF Q4_1 block stores).
    public var halfPrecisionGrid: Bool
    /// Threads for the rows of a block.
    public var threads: Int

    public init(bits: Int = 4, groupSize: Int? = 128, actOrder: Bool = false, staticGroups: Bool = false, blockSize: Int = 128,
                damping: Double = 0.01, halfPrecisionGrid: Bool = false, threads: Int = 1) {
        self.bits = bits
        self.groupSize = groupSize
        self.actOrder = actOrder
        self.staticGroups = staticGroups
        self.blockSize = blockSize
        self.damping = damping
        self.halfPrecisionGrid = halfPrecisionGrid
        self.threads = threads
    }

    /// Rounds `weight` [rows, cols] (row-major) given the layer's Hessian [cols, cols].
    public func quantize(weight: [Float], rows: Int, cols: Int, hessian: [Double]) throws -> RoundedWeights {
        precondition(weight.count == rows * cols && hessian.count == cols * cols, "GPTQ: shapes do not match")
        let group = groupSize ?? cols
        var h = hessian
        var w = weight
        for i in 0..<cols where h[i * cols + i] == 0 {
            // A dead input: its weights cannot matter; zero them and keep H invertible.
            h[i * cols + i] = 1
            for r in 0..<rows { w[r * cols + i] = 0 }
        }
        let staticGrids = staticGroups ? fitGrids(w, rows: rows, cols: cols, group: group) : nil
        let order = actOrder ? (0..<cols).sorted { h[$0 * cols + $0] > h[$1 * cols + $1] } : Array(0..<cols)
        w = permuteColumns(w, rows: rows, cols: cols, order)
        h = (0..<(cols * cols)).map { h[order[$0 / cols] * cols + order[$0 % cols]] }
        let u = try inverseCholesky(h, size: cols)
        var state = ColumnState(rows: rows, cols: cols, group: group, order: order, staticGrids: staticGrids)
        var start = 0
        while start < cols {
            let end = min(start + blockSize, cols)
            roundBlock(&w, &state, u: u, columns: start..<end)
            start = end
        }
        return state.result(inverse: order)
    }

    /// Round to nearest on the same grids (the baseline GPTQ is compared with).
    public func roundToNearest(weight: [Float], rows: Int, cols: Int) -> RoundedWeights {
        let group = groupSize ?? cols
        let grids = fitGrids(weight, rows: rows, cols: cols, group: group)
        let groups = (cols + group - 1) / group
        var values = weight
        var codes = [UInt8](repeating: 0, count: rows * cols)
        for r in 0..<rows {
            for c in 0..<cols {
                let grid = grids[r * groups + c / group]
                let q = grid.code(weight[r * cols + c])
                codes[r * cols + c] = UInt8(q)
                values[r * cols + c] = grid.value(q)
            }
        }
        return RoundedWeights(values: values, codes: codes, grids: grids, groupOfColumn: (0..<cols).map { $0 / group },
                              gridsPerRow: groups, loss: 0)
    }

    /// Grids per row and group of contiguous columns: [rows · groups].
    func fitGrids(_ w: [Float], rows: Int, cols: Int, group: Int) -> [UniformGrid] {
        let groups = (cols + group - 1) / group
        return (0..<(rows * groups)).map { k in
            let (r, g) = (k / groups, k % groups)
            return UniformGrid(fitting: w[(r * cols + g * group)..<(r * cols + min(cols, (g + 1) * group))], bits: bits,
                               half: halfPrecisionGrid)
        }
    }

    func permuteColumns(_ w: [Float], rows: Int, cols: Int, _ order: [Int]) -> [Float] {
        var out = w
        for r in 0..<rows {
            for c in 0..<cols { out[r * cols + c] = w[r * cols + order[c]] }
        }
        return out
    }

    /// The upper Cholesky factor U of (H + λ·mean(diag H)·I)⁻¹ (row-major, Float), the damping
    /// raised tenfold up to four times if H is not positive definite.
    func inverseCholesky(_ h: [Double], size n: Int) throws -> [Float] {
        let mean = (0..<n).reduce(0.0) { $0 + h[$1 * n + $1] } / Double(n)
        var lambda = damping
        for _ in 0..<5 {
            var a = h
            for i in 0..<n { a[i * n + i] += lambda * mean }
            let upper = Int8(UInt8(ascii: "U"))
            if LAPACKE_dpotrf(LAPACK_ROW_MAJOR, upper, Int32(n), &a, Int32(n)) == 0,
               LAPACKE_dpotri(LAPACK_ROW_MAJOR, upper, Int32(n), &a, Int32(n)) == 0 {
                for i in 0..<n {
                    for j in 0..<i { a[i * n + j] = a[j * n + i] }
                }
                if LAPACKE_dpotrf(LAPACK_ROW_MAJOR, upper, Int32(n), &a, Int32(n)) == 0 {
                    return (0..<(n * n)).map { $0 % n >= $0 / n ? Float(a[$0]) : 0 }
                }
            }
            lambda *= 10
        }
        throw QuantizationError.invalidArgument("GPTQ: the Hessian is not positive definite even with damping \(lambda / 10)")
    }
}
