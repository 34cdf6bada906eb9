import Datasets
import Foundation

/// The data of a paper experiment, prepared as its model expects: images scaled to [0, 1]
/// and zero-padded to 2ⁿ×2ⁿ (hamemb) or to 2ⁿ amplitudes (qcnn); 8 PCA features scaled to
/// [0, π] by the training range (qcnn-hur); the circle problem (reupload-1q).
public enum PaperData {
    /// Train and test parts for `recipe`, chosen with `seed`. Data sets without a test split
    /// (digits) are shuffled and cut into `trainSize` + `testSize` samples, as the paper does.
    public static func prepare(_ recipe: PaperRecipe, dataDir: URL?, seed: UInt64) throws -> (train: LabeledData, test: LabeledData) {
        if recipe.model == "reupload-1q" {
            return (circle(count: recipe.trainSize ?? 200, seed: seed), circle(count: recipe.testSize ?? 4000, seed: seed &+ 0x5EED))
        }
        let data = try DatasetRegistry.load(recipe.dataset, dataDir: dataDir)
        var train = try data.train.filterClasses(recipe.classes), test: DataSplit
        if let given = data.test {
            test = try given.filterClasses(recipe.classes)
            if let n = recipe.trainSize, n < train.count { train = train.shuffled(seed: seed).slice(0..<n) }
            if let n = recipe.testSize, n < test.count { test = test.shuffled(seed: seed &+ 1).slice(0..<n) }
        } else {
            let all = train.shuffled(seed: seed)
            let nTest = recipe.testSize ?? all.count / 5
            let nTrain = Swift.min(recipe.trainSize ?? (all.count - nTest), all.count - nTest)
            guard nTrain > 0, nTest > 0 else { throw QMLError.invalidArgument("\(recipe.dataset) has \(all.count) samples of classes \(recipe.classes): too few for \(nTest) test samples") }
            train = all.slice(0..<nTrain)
            test = all.slice(nTrain..<(nTrain + nTest))
        }
        switch recipe.model {
        case "hamemb": return (try padded(train, side: 1 << recipe.qubits), try padded(test, side: 1 << recipe.qubits))
        case "qcnn":
            let side = Int(Double(1 << recipe.qubits).squareRoot())
            guard side * side == 1 << recipe.qubits else { throw QMLError.invalidArgument("qcnn needs an even number of qubits (a square image of 2^n pixels), got \(recipe.qubits)") }
            return (try padded(train, side: side), try padded(test, side: side))
        case "qcnn-hur":
            let pca = try PCA.fit(train.features, components: 8)
            let (a, b) = (pca.transform(train.features), pca.transform(test.features))
            var lo = [Float](repeating: .infinity, count: 8), hi = [Float](repeating: -.infinity, count: 8)
            for r in 0..<train.count { for c in 0..<8 { lo[c] = Swift.min(lo[c], a.scalars[r * 8 + c]); hi[c] = Swift.max(hi[c], a.scalars[r * 8 + c]) } }
            func scaled(_ t: Tensor<Float>) -> Tensor<Float> {
                Tensor(shape: t.shape, scalars: t.scalars.enumerated().map { i, v in
                    Float.pi * (v - lo[i % 8]) / Swift.max(hi[i % 8] - lo[i % 8], 1e-12)
                })
            }
            return (LabeledData(features: scaled(a), labels: train.labels), LabeledData(features: scaled(b), labels: test.labels))
        default: throw QMLError.invalidArgument("unknown quantum model '\(recipe.model)'")
        }
    }

    /// Images [N, 1, H, W] (or [N, H·W] square) zero-padded symmetrically to side×side, flattened to [N, side²].
    static func padded(_ split: DataSplit, side: Int) throws -> LabeledData {
        let count = split.features.count / Swift.max(split.count, 1)
        let h = Int(Double(count).squareRoot())
        guard h * h == count, h <= side else {
            throw QMLError.invalidArgument("samples of \(count) values are not square images of side ≤ \(side)")
        }
        let images = split.features.reshaped([split.count, 1, h, h])
        let top = (side - h) / 2, left = (side - h) / 2
        let out = ImageTransforms.pad(images, top: top, bottom: side - h - top, left: left, right: side - h - left)
        return LabeledData(features: out.reshaped([split.count, side * side]), labels: split.labels)
    }

    /// Pérez-Salinas' circle problem: points uniform in [−1, 1]², class 1 inside the circle of
    /// radius √(2/π) (half the square's area), class 0 outside. Seeded.
    public static func circle(count: Int, seed: UInt64) -> LabeledData {
        var rng = RandomGenerator(seed: seed)
        var x = [Float](), y = [Int]()
        for _ in 0..<count {
            let (a, b) = (2 * rng.nextUnit() - 1, 2 * rng.nextUnit() - 1)
            x += [Float(a), Float(b)]
            y.append(a * a + b * b < 2 / Double.pi ? 1 : 0)
        }
        return LabeledData(features: Tensor(shape: [count, 2], scalars: x), labels: y)
    }
}
