import Tensor

/// Choosing samples: class filters, stratified subsets, seeded splits, time slices.
extension DataSplit {
    /// The samples whose label is in `classes`, in their original order.
    ///
    /// - Parameter relabel: when true, labels become positions in `classes` (keeping digits
    ///   0–7 of 0–9 with `relabel` gives labels 0–7; keeping [3, 8] gives 0 and 1).
    /// - Throws: `DatasetError.invalidArgument` for a split without labels.
    public func filterClasses(_ classes: [Int], relabel: Bool = true) throws -> DataSplit {
        guard !labels.isEmpty || count == 0 else { throw DatasetError.invalidArgument("filterClasses: this split has no class labels") }
        var position = [Int: Int]()
        for (i, c) in classes.enumerated() where position[c] == nil { position[c] = i }
        let keep = labels.indices.filter { position[labels[$0]] != nil }
        // every sample kept under its own label (all ten MNIST digits): no copy of the features
        if keep.count == count && labels.allSatisfy({ !relabel || position[$0] == $0 }) { return self }
        var result = gather(keep)
        if relabel { result.labels = result.labels.map { position[$0]! } }
        return result
    }

    /// Sample indices of each class label, in order.
    public func indicesByClass() -> [Int: [Int]] {
        Dictionary(grouping: labels.indices, by: { labels[$0] })
    }

    /// `perClass` samples of every class, drawn at random with `seed`; the result is
    /// shuffled with the same seed.
    /// - Throws: `DatasetError.invalidArgument` if a class has fewer than `perClass` samples.
    public func stratifiedSubset(perClass: Int, seed: UInt64) throws -> DataSplit {
        guard perClass >= 0 else { throw DatasetError.invalidArgument("stratifiedSubset: perClass \(perClass) < 0") }
        guard !labels.isEmpty else { throw DatasetError.invalidArgument("stratifiedSubset: this split has no class labels") }
        var rng = RandomGenerator(seed: seed)
        var chosen = [Int]()
        for (label, members) in indicesByClass().sorted(by: { $0.key < $1.key }) {
            guard members.count >= perClass else {
                throw DatasetError.invalidArgument("stratifiedSubset: class \(label) has \(members.count) samples, fewer than \(perClass)")
            }
            chosen += rng.permutation(members.count).prefix(perClass).map { members[$0] }
        }
        return gather(rng.permutation(chosen.count).map { chosen[$0] })
    }

    /// `total` samples with class proportions kept (largest-remainder rounding), drawn with `seed`.
    public func stratifiedSubset(total: Int, seed: UInt64) throws -> DataSplit {
        guard (0...count).contains(total) else { throw DatasetError.invalidArgument("stratifiedSubset: total \(total) not in 0...\(count)") }
        let (picked, _) = try stratifiedPartition(first: total, seed: seed)
        return gather(picked)
    }

    /// A seeded split into training and validation parts; stratified by class when the
    /// split has labels, so each class keeps its share (±1) in both parts.
    ///
    /// - Parameter validationFraction: in [0, 1]; the validation part gets
    ///   `round(fraction × N)` samples.
    public func split(validationFraction: Double, seed: UInt64, stratified: Bool = true) throws -> (train: DataSplit, validation: DataSplit) {
        guard (0...1).contains(validationFraction) else {
            throw DatasetError.invalidArgument("split: validation fraction \(validationFraction) is not in [0, 1]")
        }
        let n = Int((validationFraction * Double(count)).rounded())
        if stratified && !labels.isEmpty {
            let (validation, train) = try stratifiedPartition(first: n, seed: seed)
            return (gather(train), gather(validation))
        }
        var rng = RandomGenerator(seed: seed)
        let order = rng.permutation(count)
        return (gather(Array(order[n...])), gather(Array(order[..<n])))
    }

    /// Splits the indices into `first` samples with class shares kept, and the rest; both shuffled.
    func stratifiedPartition(first: Int, seed: UInt64) throws -> (first: [Int], rest: [Int]) {
        guard !labels.isEmpty else {
            var rng = RandomGenerator(seed: seed)
            let order = rng.permutation(count)
            return (Array(order[..<first]), Array(order[first...]))
        }
        var rng = RandomGenerator(seed: seed)
        let groups = indicesByClass().sorted(by: { $0.key < $1.key }).map { members in
            rng.permutation(members.value.count).map { members.value[$0] }
        }
        // Largest remainder: floor of each share, then one more to the largest fractions.
        let exact = groups.map { Double($0.count) * Double(first) / Double(max(count, 1)) }
        var take = exact.map { Int($0) }
        let order = exact.indices.sorted { (exact[$0] - Double(take[$0]), -$0) > (exact[$1] - Double(take[$1]), -$1) }
        var missing = first - take.reduce(0, +)
        for g in order where missing > 0 && take[g] < groups[g].count { take[g] += 1; missing -= 1 }
        var a = [Int](), b = [Int]()
        for (g, members) in groups.enumerated() { a += members[..<take[g]]; b += members[take[g]...] }
        return (rng.permutation(a.count).map { a[$0] }, rng.permutation(b.count).map { b[$0] })
    }

    /// The same samples in a seeded random order.
    public func shuffled(seed: UInt64) -> DataSplit {
        var rng = RandomGenerator(seed: seed)
        return gather(rng.permutation(count))
    }

    /// Samples `range` (for example the first 80 % of a series, in time order).
    public func slice(_ range: Range<Int>) -> DataSplit {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "DataSplit.slice: \(range) out of 0..<\(count)")
        return gather(Array(range))
    }
}
