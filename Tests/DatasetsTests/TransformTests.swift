import Foundation
import Testing
import Tensor
@testable import Datasets

@Suite struct TransformTests {
    @Test func normalisationPerChannel() {
        // [N=2, C=2, 2]: channel 0 holds 1,2,3,4; channel 1 holds 10 everywhere.
        let x = Tensor<Float>(shape: [2, 2, 2], scalars: [1, 2, 10, 10, 3, 4, 10, 10])
        let n = Normalization.fit(x)
        #expect(n.mean == [2.5, 10])
        #expect(abs(n.std[0] - 1.118034) < 1e-5)
        #expect(n.std[1] == 1) // constant channel: no division by zero
        let y = n.apply(x)
        #expect(abs(y.scalars[0] + 1.341641) < 1e-5 && y.scalars[2] == 0)
        let back = n.invert(y)
        #expect(zip(back.scalars, x.scalars).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test func padAndFlatten() {
        let x = Tensor<Float>(shape: [1, 2, 2], scalars: [1, 2, 3, 4])
        let p = ImageTransforms.pad(x, top: 1, bottom: 0, left: 0, right: 2, value: -1)
        #expect(p.shape == [1, 3, 4])
        #expect(p.scalars == [-1, -1, -1, -1, 1, 2, -1, -1, 3, 4, -1, -1])
        #expect(ImageTransforms.flatten(p).shape == [1, 12])
    }

    @Test func resizeBilinearAndArea() {
        let x = Tensor<Float>(shape: [1, 1, 2, 2], scalars: [0, 1, 2, 3])
        // Half-pixel bilinear upsampling 2 → 4 (PyTorch align_corners=false gives these values).
        let up = ImageTransforms.resize(x, height: 4, width: 4, method: .bilinear)
        #expect(up.shape == [1, 1, 4, 4])
        let expectedRow0: [Float] = [0, 0.25, 0.75, 1]
        #expect(zip(up.scalars.prefix(4), expectedRow0).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(abs(up.scalars[15] - 3) < 1e-6)
        // Area 4×4 → 2×2 averages 2×2 blocks; 3 → 2 uses fractional overlaps.
        let big = Tensor<Float>(shape: [4, 4], scalars: (0..<16).map(Float.init))
        let small = ImageTransforms.resize(big, height: 2, width: 2, method: .area)
        #expect(small.scalars == [2.5, 4.5, 10.5, 12.5])
        let three = Tensor<Float>(shape: [1, 3], scalars: [0, 3, 6])
        let two = ImageTransforms.resize(three, height: 1, width: 2, method: .area)
        #expect(zip(two.scalars, [1, 5] as [Float]).allSatisfy { abs($0 - $1) < 1e-5 })
        // Identity size is the identity for both methods.
        for m in ImageTransforms.ResizeMethod.allCases {
            #expect(ImageTransforms.resize(big, height: 4, width: 4, method: m) == big)
        }
    }

    @Test func pcaRecoversDominantDirection() throws {
        // Points along (3, 4)/5 with small orthogonal noise.
        var rng = RandomGenerator(seed: 5)
        var values = [Float]()
        for _ in 0..<400 {
            let t = Float(rng.nextNormal()) * 4, s = Float(rng.nextNormal()) * 0.1
            values += [1 + 0.6 * t - 0.8 * s, -2 + 0.8 * t + 0.6 * s]
        }
        let x = Tensor(shape: [400, 2], scalars: values)
        let pca = try PCA.fit(x, components: 2)
        #expect(abs(pca.components[0] - 0.6) < 0.01 && abs(pca.components[1] - 0.8) < 0.01)
        #expect(pca.explainedVariance[0] > 100 * pca.explainedVariance[1])
        let dot = pca.components[0] * pca.components[2] + pca.components[1] * pca.components[3]
        #expect(abs(dot) < 1e-5)
        let z = pca.transform(x)
        #expect(z.shape == [400, 2])
        // Projected variance along component 0 equals its eigenvalue.
        let first = stride(from: 0, to: 800, by: 2).map { Double(z.scalars[$0]) }
        let variance = first.map { $0 * $0 }.reduce(0, +) / 399
        #expect(abs(variance - Double(pca.explainedVariance[0])) / variance < 1e-3)
        #expect(throws: DatasetError.self) { try PCA.fit(x, components: 3) }
    }

    @Test func classFilterStratifiedSubsetAndSplit() throws {
        let digits = try DatasetRegistry.load("digits", environment: TestData.cleanEnvironment).train
        let low = try digits.filterClasses(Array(0...7))
        #expect(Set(low.labels) == Set(0...7))
        #expect(low.count == digits.labels.filter { $0 <= 7 }.count)
        let pair = try digits.filterClasses([3, 8])
        #expect(Set(pair.labels) == [0, 1])

        let subset = try low.stratifiedSubset(perClass: 10, seed: 1)
        #expect(subset.count == 80)
        #expect((0...7).allSatisfy { c in subset.labels.filter { $0 == c }.count == 10 })
        #expect(try low.stratifiedSubset(perClass: 10, seed: 1) == subset)
        #expect(try low.stratifiedSubset(perClass: 10, seed: 2) != subset)
        #expect(throws: DatasetError.self) { try low.stratifiedSubset(perClass: 1000, seed: 1) }

        let (train, validation) = try digits.split(validationFraction: 0.2, seed: 9)
        #expect(train.count + validation.count == 1797 && validation.count == 359)
        for c in 0...9 {
            let share = Double(digits.labels.filter { $0 == c }.count) * 0.2
            #expect(abs(Double(validation.labels.filter { $0 == c }.count) - share) <= 1)
        }
        let again = try digits.split(validationFraction: 0.2, seed: 9)
        #expect(again.train == train && again.validation == validation)
        let totalSubset = try digits.stratifiedSubset(total: 100, seed: 3)
        #expect(totalSubset.count == 100)
    }

    @Test func batchesAreSeededPerEpochAndCoverEverySample() throws {
        let data = DataSplit(features: Tensor(shape: [10, 1], scalars: (0..<10).map(Float.init)), labels: Array(0..<10))
        let epoch0 = Batches(data, size: 4, seed: 7, epoch: 0)
        #expect(epoch0.count == 3)
        let seen = epoch0.flatMap(\.labels)
        #expect(seen.sorted() == Array(0..<10))
        #expect(Batches(data, size: 4, seed: 7, epoch: 0).flatMap(\.labels) == seen)
        #expect(Batches(data, size: 4, seed: 7, epoch: 1).flatMap(\.labels) != seen)
        #expect(Batches(data, size: 4, seed: 7, epoch: 0, dropLast: true).count == 2)
        #expect(Batches(data, size: 4, shuffle: false).flatMap(\.labels) == Array(0..<10))
        #expect(epoch0[2].features.shape == [2, 1])
        #expect(epoch0[1].features.scalars.map(Int.init) == epoch0[1].labels)
    }

    @Test func forecastingWindows() throws {
        let series = DataSplit(features: Tensor(shape: [6, 1], scalars: [0, 1, 2, 3, 4, 5]))
        let w = try series.windows(length: 3, horizon: 1)
        #expect(w.features.shape == [3, 3] && w.targets?.shape == [3, 1])
        #expect(w.features.scalars == [0, 1, 2, 1, 2, 3, 2, 3, 4])
        #expect(w.targets?.scalars == [3, 4, 5])
        #expect(try series.windows(length: 2, horizon: 2, stride: 2).count == 2)
        #expect(throws: DatasetError.self) { try series.windows(length: 6, horizon: 1) }
        let head = series.slice(0..<4)
        #expect(head.features.scalars == [0, 1, 2, 3])
    }

    @Test func datasetLevelTransformsKeepInfoTrue() throws {
        let italy = try DatasetRegistry.load("italy-power-demand", environment: TestData.cleanEnvironment)
        let (normalized, stats) = italy.normalized()
        #expect(stats.mean.count == 24)
        let refit = Normalization.fit(normalized.train.features)
        #expect(refit.mean.allSatisfy { abs($0) < 1e-4 })
        #expect(normalized.test?.count == 1029)

        let digits = try DatasetRegistry.load("digits", environment: TestData.cleanEnvironment)
        let small = try digits.mapFeatures { ImageTransforms.resize($0, height: 4, width: 4, method: .area) }
        #expect(small.info.sampleShape == [1, 4, 4])
        let flat = small.mapFeatures(ImageTransforms.flatten)
        #expect(flat.train.features.shape == [1797, 16])
        let low = try digits.filterClasses([0, 1, 2])
        #expect(low.info.classes == ["0", "1", "2"] && low.info.trainCount == low.train.count)
        #expect(throws: DatasetError.self) { try digits.filterClasses([10]) }
    }
}
