import Foundation
import Testing
@testable import Reproductions
import Learners

/// quxai on iris (the one set small enough for a test): the table's columns, the injected
/// noise, the split, and the models' rows and charts.
@Suite struct QuXAITests {
    @Test func irisTableHasNoiseAndARedundantCopy() throws {
        let t = try QuXAI.table("iris", columns: QuXAI.sets[0].columns, dataDir: nil, seed: 1)
        #expect(t.d == 7 && t.rows == 150 && t.noise == [4, 5])
        #expect(t.features[6] == "redundant petal length")   // the widest iris column (σ 1.76 cm)
        for j in 0..<t.d {
            let s = FeatureImportance.columnStatistics(j, t.x, rows: t.rows, features: t.d)
            #expect(abs(s.mean) < 1e-12 && abs(s.std - 1) < 1e-12)
        }
        let (train, test) = QuXAI.split(t, seed: 1)
        #expect(train.rows == 105 && test.rows == 45)
        #expect(Set(test.labels.map { l in test.labels.filter { $0 == l }.count }) == [15])
    }

    @Test func irisExplanationsPutTheNoiseLow() throws {
        let result = try QuXAI.explain("iris", columns: QuXAI.sets[0].columns, context: ReproductionContext(quick: true, seeds: 1))
        #expect(result.rows.count == 16 && result.plots.count == 2)
        let value = Dictionary(uniqueKeysWithValues: result.rows.map { ("\($0.label) / \($0.metric)", $0.value) })
        let svm = try #require(value["iris: fidelity kernel + SVM / test accuracy"])
        let classical = try #require(value["iris: classical SVM (RBF) / test accuracy"])
        #expect(svm > 85 && classical > 85, "kernel SVM \(svm) %, RBF SVM \(classical) %")
        let knn = try #require(value["iris: fidelity kernel + kNN (5, 1 − fidelity) / noise share of top Q-MEDLEY (seed mean)"])
        #expect(knn < 20)
        #expect(result.plots[0].svg.contains("noise (Gaussian)"))
    }

    @Test func noiseShareIsClippedAndGuarded() {
        #expect(QuXAI.noiseShare([0.4, 0.1, -0.2], noise: [1, 2]) == 0.25)
        #expect(QuXAI.noiseShare([0.4, -0.1, -0.2], noise: [1, 2]) == 0)
        #expect(QuXAI.noiseShare([0, 0, 0], noise: [1]) == 0)
    }
}
