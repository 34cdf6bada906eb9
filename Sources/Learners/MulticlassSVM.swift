/// A support-vector machine for any number of classes by one-vs-one voting, as libsvm and
/// scikit-learn's `SVC`: one binary machine per pair of classes on that pair's rows; a row goes
/// to the class with most votes (ties to the lower class). With a precomputed kernel, `fit`
/// takes the n×n training Gram matrix and `predict` rows of kernel values against all n
/// training rows. O(classes²) machines.
public struct MulticlassSVM: Classifier {
    /// (class a, class b, the machine with class a as label 0, its training rows).
    let machines: [(a: Int, b: Int, svm: SupportVectorMachine, rows: [Int])]
    public let classes: Int
    public let kernel: SupportVectorMachine.Kernel
    let trainingRows: Int

    public static func fit(_ x: [Double], labels: [Int], features d: Int, kernel: SupportVectorMachine.Kernel = .rbf(gamma: nil),
                           c: Double = 1, tolerance: Double = 1e-3) throws -> MulticlassSVM {
        let n = try rowCount(x, labels, features: d)
        let classes = labels.max()! + 1
        guard Set(labels).count >= 2 else { throw LearnerError("an SVM needs at least two classes") }
        // scikit-learn's "scale" γ is taken over all the training rows, not each pair's
        let shared: SupportVectorMachine.Kernel
        if case .rbf(nil) = kernel { shared = .rbf(gamma: SupportVectorMachine.gamma(kernel, x, d)) } else { shared = kernel }
        var machines = [(a: Int, b: Int, svm: SupportVectorMachine, rows: [Int])]()
        for a in 0..<classes {
            for b in (a + 1)..<classes {
                let rows = (0..<n).filter { labels[$0] == a || labels[$0] == b }
                guard rows.contains(where: { labels[$0] == a }), rows.contains(where: { labels[$0] == b }) else { continue }
                let sub = kernel == .precomputed ? Self.columns(x, rows, width: n, take: rows) : Self.columns(x, rows, width: d, take: nil)
                let svm = try SupportVectorMachine.fit(sub, labels: rows.map { labels[$0] == b ? 1 : 0 },
                                                       features: kernel == .precomputed ? rows.count : d,
                                                       kernel: shared, c: c, tolerance: tolerance)
                machines.append((a, b, svm, rows))
            }
        }
        return MulticlassSVM(machines: machines, classes: classes, kernel: kernel, trainingRows: kernel == .precomputed ? n : d)
    }

    public func predict(_ x: [Double]) -> [Int] {
        let m = x.count / trainingRows
        var votes = [Int](repeating: 0, count: m * classes)
        for (a, b, svm, rows) in machines {
            let input = kernel == .precomputed ? Self.columns(x, Array(0..<m), width: trainingRows, take: rows) : x
            for (i, label) in svm.predict(input).enumerated() { votes[i * classes + (label == 1 ? b : a)] += 1 }
        }
        return (0..<m).map { i in
            let row = votes[(i * classes)..<((i + 1) * classes)]
            return row.firstIndex(of: row.max()!)! - i * classes   // the lowest class among the most voted
        }
    }

    /// Rows `rows` of a matrix of `width` columns, keeping the columns `take` (all when nil).
    static func columns(_ x: [Double], _ rows: [Int], width: Int, take: [Int]?) -> [Double] {
        rows.flatMap { i in take.map { $0.map { x[i * width + $0] } } ?? Array(x[(i * width)..<((i + 1) * width)]) }
    }
}
