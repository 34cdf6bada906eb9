import Foundation
import Testing
@testable import Reproductions

/// protein-qtn's parts: k-mer columns and one-hot windows by hand, the CNN's size, and a short
/// run on the real SCL2205 task when ../shared/datasets holds it.
@Suite struct ProteinQTNTests {
    static let sharedData = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/datasets")
    static var hasSCL: Bool { FileManager.default.fileExists(atPath: sharedData.appendingPathComponent("scl2205").path) }

    @Test func kmersAndOneHotByHand() {
        // "ACA" then X (token 20, not standard): A twice, C once; pairs AC and CA; X counts nowhere.
        let v = ProteinQTN.kmers([[0, 1, 0, 20]])
        #expect(v.count == 420)
        let pairAC = 20 + 1
        let pairCA = 20 + 20
        #expect(v[0] == 0.5 && v[1] == 0.25 && v[pairAC] == 0.25 && v[pairCA] == 0.25)
        let total: Double = v.reduce(0, +)
        #expect(total == 1.25)   // 3 singles and 2 pairs over length 4
        let x = ProteinQTN.oneHot([[2, 0], Array(repeating: 1, count: 40)])
        #expect(x.shape == [2, 25, 1, 32])
        let s = x.scalars
        // sequence 0: token 2 at position 0, token 0 at position 1, nothing at position 2
        #expect(s[64] == 1 && s[1] == 1 && s[2] == 0)
        // sequence 1: token 1 at all 32 positions (the rest of its 40 cut)
        #expect(s[(26 * 32)..<(27 * 32)].allSatisfy { $0 == 1 })
    }

    @Test func cnnGivesTwoFiniteLogitsPerSequence() {
        let model = ProteinQTN.cnn(seed: 0)
        let count = model.parameters.reduce(0) { $0 + $1.value.count }
        #expect(count == 756 + 186 + 146)   // 25·6·5 + 6, 6·6·5 + 6, 72·2 + 2
        let y = model(Variable(ProteinQTN.oneHot([[0, 1, 2], [4, 4, 4, 4]]))).value
        #expect(y.shape == [2, 2] && y.scalars.allSatisfy(\.isFinite))
    }

    @Test(.enabled(if: hasSCL)) func aShortRunOnSecretedVersusCytoplasm() throws {
        let task = try ProteinQTN.task(dataDir: Self.sharedData, limit: 300)
        #expect(task.train.count == 300 && task.test.count == 100 && task.train.allSatisfy { $0.count <= 32 })
        #expect(task.trainFull.contains { $0.count > 32 })
        var net = try SequenceTensorNetwork(shape: .tree, sharing: .hierarchical(5), vocabulary: 25, hiddenQubits: 1, layers: 4,
                                            window: 32, seed: 0)
        let losses = try net.fit(task.train, labels: task.trainLabels, epochs: 8, threads: 2, seed: 1)
        #expect(losses.last! < losses.first!)
        let accuracy = zip(try net.predict(task.test), task.testLabels).filter { $0 == $1 }.count
        let majority = max(task.testLabels.filter { $0 == 1 }.count, task.testLabels.filter { $0 == 0 }.count)
        #expect(accuracy > majority + 10, "\(accuracy) of 100, majority class \(majority)")
    }
}
