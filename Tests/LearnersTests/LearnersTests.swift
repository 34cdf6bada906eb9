import Foundation
import XCTest
@testable import Learners
import Datasets
import Tensor

/// Reference values from scikit-learn 1.x on the same 30 points (two Gaussian blobs, seeded,
/// rounded to 3 decimals): SVC(C = 1, tol = 1e-6) and LogisticRegression(C = 1).
final class LearnersTests: XCTestCase {
    let x: [Double] = [-0.802, -1.324, -0.248, 0.42, 1.136, 0.11, -0.553, -0.785, 0.749, 1.635, 0.273, -1.233, -0.958, 1.6, 0.203,
                       -1.732, -0.084, -1.163, -0.629, -0.488, -0.713, 0.553, -0.063, -0.589, 0.41, 0.83, -1.643, -0.257, -0.981,
                       -0.173, 0.211, 1.521, 1.462, 1.196, 0.452, 1.104, 0.409, 0.145, 1.725, 0.391, 2.67, 2.217, -0.498, 1.772,
                       0.398, 1.533, 1.544, -0.488, 1.267, 1.244, 2.462, 0.319, 2.238, 0.401, 1.169, 0.66, 2.949, 2.068, 3.932, 2.142]
    let labels = [Int](repeating: 0, count: 15) + [Int](repeating: 1, count: 15)
    let probes: [Double] = [0.2, 0.1, 1.0, 1.2, 2, -1, -1, 2]

    func testSMOMatchesLibsvmWithAnRBFKernel() throws {
        let svm = try SupportVectorMachine.fit(x, labels: labels, features: 2, kernel: .rbf(gamma: 0.5), tolerance: 1e-6)
        XCTAssertEqual(svm.supportIndices, [0, 1, 2, 4, 5, 6, 7, 10, 12, 13, 15, 17, 18, 20, 21, 22, 23, 25, 27, 29])
        let dual = [-0.1045035034217753, -1.0, -1.0, -1.0, -0.8909635643830129, -1.0, -0.45710343398678044, -0.6200755374824488,
                    -1.0, -0.49561024920418517, 1.0, 1.0, 1.0, 0.49182053196493375, 1.0, 0.4030567537969889, 1.0,
                    0.251983146393622, 0.8557895787465186, 0.5656062775761392]
        for (a, b) in zip(svm.coefficients, dual) { XCTAssertEqual(a, b, accuracy: 1e-4) }
        XCTAssertEqual(-svm.rho, 0.19472554234635694, accuracy: 1e-4)
        let expected = [-0.33562101037730485, 1.0465375908134513, 0.6886289809118215, 0.16502293513831678]
        for (a, b) in zip(svm.decision(probes), expected) { XCTAssertEqual(a, b, accuracy: 1e-4) }
    }

    func testSMOMatchesLibsvmWithLinearAndPrecomputedKernels() throws {
        let svm = try SupportVectorMachine.fit(x, labels: labels, features: 2, kernel: .linear, tolerance: 1e-6)
        XCTAssertEqual(svm.supportIndices, [1, 2, 4, 6, 11, 12, 15, 17, 18, 21, 22, 23])
        let expected = [-0.21443734671987325, 1.4965216030785604, 1.199092598203253, -0.3617839372810505]
        for (a, b) in zip(svm.decision(probes), expected) { XCTAssertEqual(a, b, accuracy: 1e-4) }
        // The same problem through a precomputed Gram matrix.
        let n = labels.count
        func dot(_ a: [Double], _ i: Int, _ j: Int) -> Double { a[2 * i] * x[2 * j] + a[2 * i + 1] * x[2 * j + 1] }
        let gram = (0..<(n * n)).map { dot(x, $0 / n, $0 % n) }
        let pre = try SupportVectorMachine.fit(gram, labels: labels, features: n, kernel: .precomputed, tolerance: 1e-6)
        let rows = (0..<(4 * n)).map { dot(probes, $0 / n, $0 % n) }
        for (a, b) in zip(pre.decision(rows), expected) { XCTAssertEqual(a, b, accuracy: 1e-4) }
        XCTAssertThrowsError(try SupportVectorMachine.fit(x, labels: [Int](repeating: 0, count: 30), features: 2))
    }

    func testLogisticRegressionMatchesScikitLearn() throws {
        let lr = try LogisticRegression.fit(x, labels: labels, features: 2)
        XCTAssertEqual(lr.weights[0], 1.3756984181952698, accuracy: 1e-5)
        XCTAssertEqual(lr.weights[1], 0.9670416229420894, accuracy: 1e-5)
        XCTAssertEqual(lr.bias[0], -1.147324600412677, accuracy: 1e-5)
        // Three classes: separable thirds along one axis are learnt.
        let line = (0..<30).map { Double($0) / 10 }
        let thirds = (0..<30).map { $0 / 10 }
        XCTAssertEqual(ClassifierScores.accuracy(try LogisticRegression.fit(line, labels: thirds, features: 1, c: 100).predict(line), thirds),
                       1, accuracy: 0.04)
    }

    func testTreesAndForestsLearnAndAreSeeded() throws {
        let tree = try DecisionTree.fit(x, labels: labels, features: 2)
        XCTAssertEqual(tree.predict(x), labels)   // grown until pure
        let a = try RandomForest.fit(x, labels: labels, features: 2, trees: 30, seed: 4)
        let b = try RandomForest.fit(x, labels: labels, features: 2, trees: 30, seed: 4)
        XCTAssertEqual(a.predict(probes), b.predict(probes))
        XCTAssertEqual(a.predict(probes)[0], 0)
        XCTAssertEqual(a.predict(probes)[1], 1)
        XCTAssertGreaterThan(ClassifierScores.accuracy(a.predict(x), labels), 0.9)
    }

    func testScores() {
        XCTAssertEqual(ClassifierScores.accuracy([1, 0, 1, 1], [1, 0, 0, 1]), 0.75)
        // tp 2, fp 1, fn 1: F1 = 4 / 6.
        XCTAssertEqual(ClassifierScores.f1([1, 0, 1, 1, 0], [1, 1, 0, 1, 0]), 4.0 / 6, accuracy: 1e-12)
    }

    /// Iris rows 0, 3, 6, … (50) to train, rows 1, 11, …, 141 to predict; scikit-learn's
    /// SVC(C = 1, tol = 1e-6), GaussianNB() and KNeighborsClassifier(5) predictions stored.
    func iris() throws -> (x: [Double], y: [Int], probes: [Double]) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let data = try DatasetRegistry.load("iris", from: root.appendingPathComponent("data/iris")).train
        let all = data.features.scalars.map(Double.init)
        let train = Array(stride(from: 0, to: 150, by: 3))
        let x = train.flatMap { all[($0 * 4)..<($0 * 4 + 4)] }
        let probes = stride(from: 1, to: 150, by: 10).flatMap { all[($0 * 4)..<($0 * 4 + 4)] }
        return (x, train.map { data.labels[$0] }, probes)
    }

    func testMulticlassLearnersMatchScikitLearnOnIris() throws {
        let (x, y, probes) = try iris()
        XCTAssertEqual(try MulticlassSVM.fit(x, labels: y, features: 4, tolerance: 1e-6).predict(probes),
                       [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 1, 2, 2])
        XCTAssertEqual(try GaussianNaiveBayes.fit(x, labels: y, features: 4).predict(probes),
                       [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2])
        XCTAssertEqual(try NearestNeighbors.fit(x, labels: y, features: 4, k: 5).predict(probes),
                       [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2])
    }

    func testPrecomputedKernelsAndDistancesGiveTheSameAnswers() throws {
        let (x, y, probes) = try iris()
        let n = y.count
        let m = probes.count / 4
        func distance(_ a: [Double], _ i: Int, _ b: [Double], _ j: Int) -> Double {
            (0..<4).reduce(0) { $0 + (a[i * 4 + $1] - b[j * 4 + $1]) * (a[i * 4 + $1] - b[j * 4 + $1]) }
        }
        let trainDistances = (0..<(n * n)).map { distance(x, $0 / n, x, $0 % n) }
        let probeDistances = (0..<(m * n)).map { distance(probes, $0 / n, x, $0 % n) }
        let knn = try NearestNeighbors.fit(trainDistances, labels: y, features: n, k: 5, metric: .precomputed)
        XCTAssertEqual(knn.predict(probeDistances), try NearestNeighbors.fit(x, labels: y, features: 4, k: 5).predict(probes))
        let gamma = 0.5
        let svm = try MulticlassSVM.fit(trainDistances.map { exp(-gamma * $0) }, labels: y, features: n, kernel: .precomputed)
        let direct = try MulticlassSVM.fit(x, labels: y, features: 4, kernel: .rbf(gamma: gamma))
        XCTAssertEqual(svm.predict(probeDistances.map { exp(-gamma * $0) }), direct.predict(probes))
        XCTAssertThrowsError(try NearestNeighbors.fit(x, labels: y, features: 4, k: 0))
    }
}

final class FeatureImportanceTests: XCTestCase {
    /// Label = [x0 > 0]; x1 is ignored. Rows x0 = ±1 alternate, x1 = row index.
    func testAModelThatReadsOneFeature() throws {
        let n = 40
        let x = (0..<n).flatMap { [$0 % 2 == 0 ? 1.0 : -1.0, Double($0)] }
        let labels = (0..<n).map { $0 % 2 == 0 ? 1 : 0 }
        let predict: ([Double]) -> [Int] = { rows in stride(from: 0, to: rows.count, by: 2).map { rows[$0] > 0 ? 1 : 0 } }
        let result = try FeatureImportance.measure(x, labels: labels, features: 2, repeats: 4, seed: 3, predict: predict)
        XCTAssertEqual(result.baseline, 1)
        // x0 = 0 everywhere predicts 0: half the rows wrong.
        XCTAssertEqual(result.dropColumn, [0.5, 0])
        XCTAssertEqual(result.permutation[1], 0)
        XCTAssertEqual(result.interactionPermutation[1], 0)
        XCTAssertGreaterThan(result.permutation[0], 0.3)
        XCTAssertEqual(result.medley[1], 0)
        XCTAssertEqual(result.medley[0], (0.5 + result.permutation[0]) / 2, accuracy: 1e-15)
    }

    func testSeveralModelsAtOnceEqualEachAlone() throws {
        var rng = RandomGenerator(seed: 9)
        let x = (0..<90).map { _ in rng.nextNormal() }
        let labels = stride(from: 0, to: 90, by: 3).map { x[$0] + x[$0 + 2] > 0 ? 1 : 0 }
        let a: ([Double]) -> [Int] = { r in stride(from: 0, to: r.count, by: 3).map { r[$0] + r[$0 + 2] > 0 ? 1 : 0 } }
        let b: ([Double]) -> [Int] = { r in stride(from: 0, to: r.count, by: 3).map { r[$0 + 1] > 0.2 ? 1 : 0 } }
        let both = try FeatureImportance.measure(x, labels: labels, features: 3, seed: 4, models: 2) { [a($0), b($0)] }
        let alone = try FeatureImportance.measure(x, labels: labels, features: 3, seed: 4, predict: b)
        XCTAssertEqual(both[1].permutation, alone.permutation)
        XCTAssertEqual(both[1].interactionPermutation, alone.interactionPermutation)
        XCTAssertEqual(both[1].dropColumn, alone.dropColumn)
        let lines = (0..<30).flatMap { i -> [Double] in
            let t = Double(i)
            return [t, sin(t), 3 - 2 * t + 0.1 * cos(t)]
        }
        XCTAssertEqual(FeatureImportance.mostCorrelated(with: 0, lines, rows: 30, features: 3), 2)
        XCTAssertThrowsError(try FeatureImportance.measure(x, labels: labels, features: 3, repeats: 0, seed: 1, predict: a))
    }

    func testWideDistancesMatchTheSimpleSum() {
        var rng = RandomGenerator(seed: 2)
        for count in [1, 7, 16, 33, 100] {
            let a = (0..<(2 * count)).map { _ in rng.nextNormal() }
            let b = (0..<(3 * count)).map { _ in rng.nextNormal() }
            let simple = (0..<count).reduce(0.0) { $0 + (a[count + $1] - b[2 * count + $1]) * (a[count + $1] - b[2 * count + $1]) }
            XCTAssertEqual(NearestNeighbors.squaredDistance(a, count, b, 2 * count, count: count), simple, accuracy: 1e-12)
        }
    }
}
