import Foundation
import Testing
@testable import NeuralNetworks

/// Issue #23: the data-parallel step on one rank is the plain step; shares and agreement.
@Suite struct DataParallelTests {
    static func trainer() -> Trainer<Float> { CheckpointTests.trainer() }

    @Test func oneRankDataParallelIsBitIdenticalToThePlainTrainer() throws {
        let data = CheckpointTests.data(seed: 4)
        let plain = Self.trainer()
        try plain.fit(data, options: FitOptions(epochs: 2))
        let shared = Self.trainer()
        shared.collective = SingleProcess()
        try shared.fit(data, options: FitOptions(epochs: 2))
        for (a, b) in zip(plain.model.parameters, shared.model.parameters) {
            #expect(a.value.scalars == b.value.scalars)
        }
        #expect(plain.state == shared.state)
    }

    @Test func sharesCoverTheBatchInRankOrder() {
        final class Rank: Collective {
            let rank: Int
            let size: Int
            init(_ rank: Int, of size: Int) {
                self.rank = rank
                self.size = size
            }
            func sum(_ values: inout [Double]) {}
            func maximum(_ values: inout [Double]) {}
            func broadcast(_ values: inout [Double], from root: Int) {}
        }
        for (count, size) in [(10, 4), (3, 4), (64, 2), (0, 3)] {
            let shares = (0..<size).map { Rank($0, of: size).share(of: count) }
            #expect(shares.flatMap { Array($0) } == Array(0..<count))
            #expect(shares.map(\.count).max()! - shares.map(\.count).min()! <= 1)
        }
        #expect(Rank(1, of: 4).share(of: 10) == 3..<6)
    }

    @Test func parameterHashSeesEveryChange() {
        let trainer = Self.trainer()
        let before = trainer.parameterHash
        let first = trainer.model.parameters[0]
        var changed = first.value.scalars
        changed[0] += 1e-6
        first.value = Tensor(shape: first.value.shape, scalars: changed)
        #expect(trainer.parameterHash != before)
        #expect(SingleProcess().agree(before))
        #expect(SingleProcess().gathered([1, 2]) == [[1, 2]])
    }

    @Test func packingRoundTripsAndScales() {
        let trainer = Self.trainer()
        let parameters = trainer.model.parameters
        for (i, p) in parameters.enumerated() {
            p.grad = Tensor(shape: p.value.shape, scalars: (0..<p.value.count).map { Float($0 + i) * 0.5 })
        }
        let packed = trainer.packedGradients(parameters, scale: 2)
        #expect(packed.count == trainer.model.parameterCount)
        #expect(packed[1] == 1)
        let expected = parameters.map { $0.grad!.scalars.map { $0 * 2 } }
        trainer.unpackGradients(packed, into: parameters)
        #expect(parameters.map { $0.grad!.scalars } == expected)
    }
}
