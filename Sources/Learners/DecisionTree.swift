import Tensor

/// A CART classification tree (Breiman et al. 1984) as scikit-learn's: binary splits on one
/// feature at the midpoint between sorted values, chosen to minimise weighted Gini impurity over
/// `maxFeatures` features drawn per node (all when nil); grown until nodes are pure, smaller than
/// `minSamplesSplit` or at `maxDepth`. Leaves predict their majority class.
public struct DecisionTree: Classifier {
    /// Nodes: a split (feature ≥ 0, threshold, children) or a leaf (feature −1, its class).
    struct Node {
        var feature: Int
        var threshold: Double
        var left: Int
        var right: Int
        var label: Int
    }

    var nodes: [Node] = []
    public let features: Int

    public static func fit(_ x: [Double], labels: [Int], features d: Int, maxDepth: Int = .max, minSamplesSplit: Int = 2,
                           maxFeatures: Int? = nil, seed: UInt64 = 0) throws -> DecisionTree {
        let n = try rowCount(x, labels, features: d)
        var tree = DecisionTree(features: d)
        var rng = RandomGenerator(seed: seed)
        let classes = labels.max()! + 1
        tree.grow(x, labels, Array(0..<n), depth: 0, classes: classes, maxDepth: maxDepth, minSplit: max(minSamplesSplit, 2),
                  maxFeatures: min(maxFeatures ?? d, d), &rng)
        return tree
    }

    /// Appends the subtree for `rows` and returns its index.
    @discardableResult
    mutating func grow(_ x: [Double], _ y: [Int], _ rows: [Int], depth: Int, classes: Int, maxDepth: Int, minSplit: Int,
                       maxFeatures: Int, _ rng: inout RandomGenerator) -> Int {
        var counts = [Int](repeating: 0, count: classes)
        for r in rows { counts[y[r]] += 1 }
        let majority = counts.indices.max { counts[$0] < counts[$1] }!
        let index = nodes.count
        nodes.append(Node(feature: -1, threshold: 0, left: -1, right: -1, label: majority))
        guard depth < maxDepth, rows.count >= minSplit, counts[majority] < rows.count,
              let split = bestSplit(x, y, rows, counts, classes: classes, maxFeatures: maxFeatures, &rng) else { return index }
        let left = rows.filter { x[$0 * features + split.feature] <= split.threshold }
        let right = rows.filter { x[$0 * features + split.feature] > split.threshold }
        let l = grow(x, y, left, depth: depth + 1, classes: classes, maxDepth: maxDepth, minSplit: minSplit, maxFeatures: maxFeatures, &rng)
        let r = grow(x, y, right, depth: depth + 1, classes: classes, maxDepth: maxDepth, minSplit: minSplit, maxFeatures: maxFeatures, &rng)
        nodes[index] = Node(feature: split.feature, threshold: split.threshold, left: l, right: r, label: majority)
        return index
    }

    /// The split of lowest weighted Gini impurity over `maxFeatures` features drawn at random.
    func bestSplit(_ x: [Double], _ y: [Int], _ rows: [Int], _ total: [Int], classes: Int, maxFeatures: Int,
                   _ rng: inout RandomGenerator) -> (feature: Int, threshold: Double)? {
        let candidates = rng.permutation(features).prefix(maxFeatures)
        var best: (feature: Int, threshold: Double, score: Double)?
        let n = Double(rows.count)
        for f in candidates {
            let sorted = rows.sorted { x[$0 * features + f] < x[$1 * features + f] }
            var left = [Int](repeating: 0, count: classes)
            for (k, r) in sorted.enumerated().dropLast() {
                left[y[r]] += 1
                let here = x[r * features + f]
                let next = x[sorted[k + 1] * features + f]
                guard next > here else { continue }
                let nl = Double(k + 1)
                let giniLeft = 1 - left.reduce(0) { $0 + pow2(Double($1) / nl) }
                let giniRight = 1 - zip(total, left).reduce(0) { $0 + pow2(Double($1.0 - $1.1) / (n - nl)) }
                let score = nl * giniLeft + (n - nl) * giniRight
                if best == nil || score < best!.score - 1e-12 { best = (f, (here + next) / 2, score) }
            }
        }
        return best.map { ($0.feature, $0.threshold) }
    }

    public func predict(_ x: [Double]) -> [Int] {
        (0..<(x.count / features)).map { i in
            var node = nodes[0]
            while node.feature >= 0 {
                node = nodes[x[i * features + node.feature] <= node.threshold ? node.left : node.right]
            }
            return node.label
        }
    }
}

func pow2(_ v: Double) -> Double { v * v }
