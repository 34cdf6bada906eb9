import Tensor

/// Transforms applied to both parts of a data set at once, keeping `info` true.
extension Dataset {
    /// Both parts' features passed through `transform`; `info.sampleShape` follows.
    public func mapFeatures(_ transform: (Tensor<Float>) throws -> Tensor<Float>) rethrows -> Dataset {
        var result = self
        result.train = try train.mapFeatures(transform)
        result.test = try test?.mapFeatures(transform)
        result.info.sampleShape = result.train.sampleShape
        return result
    }

    /// Standardised with statistics fitted on the training part only (no test leakage);
    /// returns the statistics too, to save with a model.
    public func normalized(channelAxis: Int = 1) -> (dataset: Dataset, normalization: Normalization) {
        let stats = Normalization.fit(train.features, channelAxis: channelAxis)
        return (mapFeatures { stats.apply($0) }, stats)
    }

    /// Only the samples of `classes` in both parts, relabelled 0..<classes.count, with
    /// `info.classes` and the counts updated (e.g. digits 0–7: `filterClasses(Array(0...7))`).
    public func filterClasses(_ classes: [Int]) throws -> Dataset {
        if let names = info.classes, let bad = classes.first(where: { $0 < 0 || $0 >= names.count }) {
            throw DatasetError.invalidArgument("filterClasses: \(info.name) has no class \(bad) (classes 0..<\(names.count))")
        }
        var result = self
        result.train = try train.filterClasses(classes)
        result.test = try test?.filterClasses(classes)
        result.info.classes = info.classes.map { names in classes.map { names[$0] } }
        result.info.trainCount = result.train.count
        result.info.testCount = result.test?.count
        return result
    }
}
