/// A classical classifier on rows of real features (`x` row-major [n][d]) with integer labels
/// 0..<classes: fitted once, then predicting labels.
public protocol Classifier {
    /// Labels of the rows of `x` ([n][d] row-major, d as fitted).
    func predict(_ x: [Double]) -> [Int]
}

/// Scores of predictions against true labels.
public enum ClassifierScores {
    /// The fraction predicted right.
    public static func accuracy(_ predicted: [Int], _ truth: [Int]) -> Double {
        guard !truth.isEmpty else { return 0 }
        return Double(zip(predicted, truth).filter { $0 == $1 }.count) / Double(truth.count)
    }

    /// F1 of class `positive`: 2·precision·recall / (precision + recall), 0 when undefined.
    public static func f1(_ predicted: [Int], _ truth: [Int], positive: Int = 1) -> Double {
        let tp = Double(zip(predicted, truth).filter { $0 == positive && $1 == positive }.count)
        let fp = Double(zip(predicted, truth).filter { $0 == positive && $1 != positive }.count)
        let fn = Double(zip(predicted, truth).filter { $0 != positive && $1 == positive }.count)
        guard tp > 0 else { return 0 }
        return 2 * tp / (2 * tp + fp + fn)
    }
}

/// Refusals of a learner's data or settings.
public struct LearnerError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Checks that `x` holds whole rows of `d` features for `labels` and returns n.
func rowCount(_ x: [Double], _ labels: [Int], features d: Int) throws -> Int {
    guard d > 0, !labels.isEmpty, x.count == labels.count * d else {
        throw LearnerError("\(x.count) feature values do not make \(labels.count) rows of \(d) features")
    }
    guard x.allSatisfy(\.isFinite) else { throw LearnerError("features must be finite numbers") }
    guard labels.allSatisfy({ $0 >= 0 }) else { throw LearnerError("labels must be ≥ 0") }
    return labels.count
}
