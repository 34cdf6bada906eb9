import CBLAS
import Foundation

/// A layer's rounded weights: the grid values, their codes, the grids and which grid each
/// original column uses (GPTQ's g_idx; groups follow the rounding order under act-order
/// unless static).
public struct RoundedWeights: Sendable {
    /// Ŵ [rows, cols], row-major, in the original column order.
    public var values: [Float]
    /// Codes 0…2^bits − 1, same layout.
    public var codes: [UInt8]
    /// [rows · gridsPerRow].
    public var grids: [UniformGrid]
    /// For each original column, its grid's index within the row.
    public var groupOfColumn: [Int]
    public var gridsPerRow: Int
    /// GPTQ's proxy loss Σ (w − ŵ)² / (2 U_ii²) over all weights (0 for round-to-nearest).
    public var loss: Double
}

extension GPTQ {
    /// What a run accumulates, in the rounding (permuted) column order.
    struct ColumnState {
        let rows: Int
        let cols: Int
        let group: Int
        let order: [Int]
        let staticGrids: [UniformGrid]?
        var values: [Float]
        var codes: [UInt8]
        var grids: [UniformGrid]
        var loss = 0.0

        init(rows: Int, cols: Int, group: Int, order: [Int], staticGrids: [UniformGrid]?) {
            (self.rows, self.cols, self.group, self.order, self.staticGrids) = (rows, cols, group, order, staticGrids)
            values = [Float](repeating: 0, count: rows * cols)
            codes = [UInt8](repeating: 0, count: rows * cols)
            let groups = (cols + group - 1) / group
            grids = staticGrids ?? Array(repeating: UniformGrid(step: 1, offset: 0, maxCode: 1), count: rows * groups)
        }

        var groups: Int { (cols + group - 1) / group }

        /// Back to the original column order.
        func result(inverse order: [Int]) -> RoundedWeights {
            var v = values
            var q = codes
            for r in 0..<rows {
                for c in 0..<cols {
                    v[r * cols + order[c]] = values[r * cols + c]
                    q[r * cols + order[c]] = codes[r * cols + c]
                }
            }
            var groupOf = [Int](repeating: 0, count: cols)
            for c in 0..<cols { groupOf[order[c]] = staticGrids == nil ? c / group : order[c] / group }
            return RoundedWeights(values: v, codes: q, grids: grids, groupOfColumn: groupOf, gridsPerRow: groups, loss: loss)
        }
    }

    /// Rounds the columns `columns` of w (permuted order, already carrying the errors of earlier
    /// blocks) row by row — rows are independent inside a block — then pushes the block's
    /// errors onto the later columns with one GEMM: W[:, end:] −= E · U[block, end:].
    func roundBlock(_ w: inout [Float], _ state: inout ColumnState, u: [Float], columns: Range<Int>) {
        let (rows, cols, width, first) = (state.rows, state.cols, columns.count, columns.lowerBound)
        var errors = [Float](repeating: 0, count: rows * width)
        let parts = max(1, min(threads, rows / 16))
        var losses = [Double](repeating: 0, count: parts)
        let groups = state.groups
        let (group, order, staticGrids) = (state.group, state.order, state.staticGrids)
        w.withUnsafeMutableBufferPointer { wp in
            state.values.withUnsafeMutableBufferPointer { vp in
                state.codes.withUnsafeMutableBufferPointer { qp in
                    state.grids.withUnsafeMutableBufferPointer { gp in
                        errors.withUnsafeMutableBufferPointer { ep in
                            losses.withUnsafeMutableBufferPointer { lp in
                                let (wb, vb, qb, gb, eb, lb) = (wp.baseAddress!, vp.baseAddress!, qp.baseAddress!, gp.baseAddress!,
                                                                ep.baseAddress!, lp.baseAddress!)
                                DispatchQueue.concurrentPerform(iterations: parts) { p in
                                    var copy = [Float](repeating: 0, count: width)
                                    for r in (rows * p / parts)..<(rows * (p + 1) / parts) {
                                        for i in 0..<width { copy[i] = wb[r * cols + first + i] }
                                        for i in 0..<width {
                                            let c = first + i
                                            let grid: UniformGrid
                                            if let staticGrids {
                                                grid = staticGrids[r * groups + order[c] / group]
                                            } else {
                                                if c % group == 0 {
                                                    let end = min(cols, c + group)
                                                    gb[r * groups + c / group] = UniformGrid(
                                                        fitting: UnsafeBufferPointer(start: wb + r * cols + c, count: end - c),
                                                        bits: bits, half: halfPrecisionGrid)
                                                }
                                                grid = gb[r * groups + c / group]
                                            }
                                            let x = copy[i]
                                            let q = grid.code(x)
                                            let v = grid.value(q)
                                            vb[r * cols + c] = v
                                            qb[r * cols + c] = UInt8(q)
                                            let d = u[c * cols + c]
                                            let e = (x - v) / d
                                            lb[p] += Double((x - v) * (x - v)) / Double(2 * d * d)
                                            for j in (i + 1)..<max(i + 1, width) { copy[j] -= e * u[c * cols + first + j] }
                                            eb[r * width + i] = e
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        state.loss += losses.reduce(0, +)
        let end = columns.upperBound
        guard end < cols else { return }
        w.withUnsafeMutableBufferPointer { wp in
            u.withUnsafeBufferPointer { up in
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(cols - end), Int32(width), -1,
                            errors, Int32(width), up.baseAddress! + first * cols + end, Int32(cols), 1,
                            wp.baseAddress! + end, Int32(cols))
            }
        }
    }
}
