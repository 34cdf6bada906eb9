import Datasets
import Foundation

/// The data selection the classifier papers share: a registered data set cut to the settings'
/// classes and sizes.
enum ClassifierData {
    /// Train and test parts of `settings.dataset` with its classes relabelled 0..<count. A set
    /// with a test split keeps it (both parts subsampled to the sizes, seeded); a set without one
    /// (digits) is shuffled and cut into `trainSize` + `testSize` samples, as the papers do.
    static func select(_ settings: ClassifierSettings, dataDir: URL?, seed: UInt64) throws -> (train: DataSplit, test: DataSplit) {
        let data = try DatasetRegistry.load(settings.dataset, dataDir: dataDir)
        var train = try data.train.filterClasses(settings.classes)
        if let given = data.test {
            var test = try given.filterClasses(settings.classes)
            if let n = settings.trainSize, n < train.count { train = train.shuffled(seed: seed).slice(0..<n) }
            if let n = settings.testSize, n < test.count { test = test.shuffled(seed: seed &+ 1).slice(0..<n) }
            return (train, test)
        }
        let all = train.shuffled(seed: seed)
        let testCount = settings.testSize ?? all.count / 5
        let trainCount = Swift.min(settings.trainSize ?? (all.count - testCount), all.count - testCount)
        guard trainCount > 0, testCount > 0 else {
            throw ReproductionError.invalidSetting("\(settings.dataset) has \(all.count) samples of classes \(settings.classes): "
                + "too few for \(testCount) test samples")
        }
        return (all.slice(0..<trainCount), all.slice(trainCount..<(trainCount + testCount)))
    }

    /// `dataset` (nil: mnist) when it is one of the 28×28 image sets `model` runs on.
    static func imageSet(_ dataset: String?, model: String) throws -> String {
        let name = dataset ?? "mnist"
        guard name == "mnist" || name == "fashion-mnist" else {
            throw ReproductionError.invalidSetting("\(model) runs on 28×28 images (mnist, fashion-mnist), not \(name)")
        }
        return name
    }

    /// `dataset` (nil: `problem`) when it names the generated `problem` that `model` fits.
    static func generated(_ dataset: String?, problem: String, model: String) throws -> String {
        let name = dataset ?? problem
        guard name == problem else {
            throw ReproductionError.invalidSetting("\(model) runs on the generated \(problem) problem, not \(name)")
        }
        return name
    }

    /// The selected images as they are: pixels in [0, 1], [N, 1, 28, 28].
    static func images(_ settings: ClassifierSettings, dataDir: URL?, seed: UInt64) throws -> (train: LabeledData, test: LabeledData) {
        let (train, test) = try select(settings, dataDir: dataDir, seed: seed)
        return (LabeledData(features: train.features, labels: train.labels), LabeledData(features: test.features, labels: test.labels))
    }

    /// Images padded to side×side and flattened, as labelled data.
    static func padded(_ split: DataSplit, side: Int) throws -> LabeledData {
        LabeledData(features: try ImageTransforms.padToSquare(split.features, side: side), labels: split.labels)
    }

    /// `components` PCA features fitted on `train`, each scaled to [0, π] by its training range
    /// (angle-encoding inputs, Hur et al.).
    static func pcaAngles(_ train: DataSplit, _ test: DataSplit, components k: Int) throws -> (train: LabeledData, test: LabeledData) {
        let pca = try PCA.fit(train.features, components: k)
        let a = pca.transform(train.features)
        let b = pca.transform(test.features)
        var lo = [Float](repeating: .infinity, count: k)
        var hi = [Float](repeating: -.infinity, count: k)
        for (i, v) in a.scalars.enumerated() {
            lo[i % k] = Swift.min(lo[i % k], v)
            hi[i % k] = Swift.max(hi[i % k], v)
        }
        func scaled(_ t: Tensor<Float>) -> Tensor<Float> {
            Tensor(shape: t.shape, scalars: t.scalars.enumerated().map { i, v in
                Float.pi * (v - lo[i % k]) / Swift.max(hi[i % k] - lo[i % k], 1e-12)
            })
        }
        return (LabeledData(features: scaled(a), labels: train.labels), LabeledData(features: scaled(b), labels: test.labels))
    }
}
