/// k-nearest-neighbour classification: the majority label of the k closest training rows
/// (ties to the nearest of the tied classes' neighbours), by Euclidean distance or by a given
/// distance matrix (e.g. 1 − a fidelity kernel). O(n) per query row.
public struct NearestNeighbors: Classifier {
    public enum Metric: Sendable, Equatable {
        case euclidean
        /// Rows of distances to every training row.
        case precomputed
    }

    let x: [Double]
    let labels: [Int]
    public let k: Int
    public let metric: Metric
    let width: Int

    /// Keeps the training rows ([n][d]) or, with `.precomputed`, only the labels (d = n).
    public static func fit(_ x: [Double], labels: [Int], features d: Int, k: Int = 5, metric: Metric = .euclidean) throws -> NearestNeighbors {
        let n = try rowCount(x, labels, features: d)
        guard (1...n).contains(k) else { throw LearnerError("k must lie in 1...\(n), got \(k)") }
        if metric == .precomputed, d != n { throw LearnerError("precomputed distances for \(n) rows come in rows of \(n), got \(d)") }
        return NearestNeighbors(x: metric == .precomputed ? [] : x, labels: labels, k: k, metric: metric, width: d)
    }

    public func predict(_ query: [Double]) -> [Int] {
        let n = labels.count
        return (0..<(query.count / width)).map { i -> Int in
            let distances = (0..<n).map { j -> Double in
                metric == .precomputed ? query[i * width + j] : Self.squaredDistance(query, i * width, x, j * width, count: width)
            }
            let nearest = (0..<n).sorted { distances[$0] < distances[$1] || (distances[$0] == distances[$1] && $0 < $1) }.prefix(k)
            var counts = [Int: Int]()
            for j in nearest { counts[labels[j], default: 0] += 1 }
            let top = counts.values.max()!
            return nearest.first { counts[labels[$0]] == top }.map { labels[$0] }!
        }
    }

    /// Σ (a[i + f] − b[j + f])² over f < count, with two SIMD8 accumulators (wide rows such as
    /// 2^q amplitudes are the costly case).
    static func squaredDistance(_ a: [Double], _ i: Int, _ b: [Double], _ j: Int, count: Int) -> Double {
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                let p = pa.baseAddress! + i
                let q = pb.baseAddress! + j
                var s0 = SIMD8<Double>(), s1 = SIMD8<Double>()
                var f = 0
                while f + 16 <= count {
                    let t0 = UnsafeRawPointer(p + f).loadUnaligned(as: SIMD8<Double>.self) - UnsafeRawPointer(q + f).loadUnaligned(as: SIMD8<Double>.self)
                    let t1 = UnsafeRawPointer(p + f + 8).loadUnaligned(as: SIMD8<Double>.self)
                        - UnsafeRawPointer(q + f + 8).loadUnaligned(as: SIMD8<Double>.self)
                    s0 += t0 * t0
                    s1 += t1 * t1
                    f += 16
                }
                var s = (s0 + s1).sum()
                while f < count {
                    let t = p[f] - q[f]
                    s += t * t
                    f += 1
                }
                return s
            }
        }
    }
}
