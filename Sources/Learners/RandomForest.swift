import Tensor

/// A random forest (Breiman 2001) as scikit-learn's classifier: `trees` CART trees, each on a
/// bootstrap sample of the rows and √d features drawn per split, voting by majority. Seeded.
public struct RandomForest: Classifier {
    public let trees: [DecisionTree]
    public let classes: Int

    public static func fit(_ x: [Double], labels: [Int], features d: Int, trees count: Int = 100, maxDepth: Int = .max,
                           seed: UInt64 = 0) throws -> RandomForest {
        let n = try rowCount(x, labels, features: d)
        guard count >= 1 else { throw LearnerError("a forest needs at least one tree") }
        var rng = RandomGenerator(seed: seed)
        let perSplit = max(1, Int(Double(d).squareRoot()))
        var trees = [DecisionTree]()
        for t in 0..<count {
            let rows = (0..<n).map { _ in Int(rng.next(upperBound: UInt64(n))) }
            let xs = rows.flatMap { x[($0 * d)..<(($0 + 1) * d)] }
            trees.append(try DecisionTree.fit(xs, labels: rows.map { labels[$0] }, features: d, maxDepth: maxDepth,
                                              maxFeatures: perSplit, seed: seed &+ UInt64(t) &+ 1))
        }
        return RandomForest(trees: trees, classes: labels.max()! + 1)
    }

    public func predict(_ x: [Double]) -> [Int] {
        let votes = trees.map { $0.predict(x) }
        return (0..<(votes.first?.count ?? 0)).map { i in
            var counts = [Int](repeating: 0, count: classes)
            for v in votes where v[i] < classes { counts[v[i]] += 1 }
            return counts.indices.max { counts[$0] < counts[$1] }!
        }
    }
}
