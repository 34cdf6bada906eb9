import Foundation

extension CodebookQuantization {
    /// Codebooks for every Linear/Conv2D of `model`: k-means, then (with `iterations` > 0) joint
    /// learning on each layer's float inputs from `calibration`. Returns the model computing with
    /// the codebook weights (inputs fake-quantized when `activationBits` is given) and the codes.
    public func quantize(_ model: Sequential<Float>, calibration: [Tensor<Float>], activationBits: Int? = nil,
                         log: (String) -> Void = { _ in }) throws -> (model: Sequential<Float>, codes: [String: LayerCodes]) {
        let layers = quantizableLayers(of: model)
        let paths = Set(layers.map(\.path))
        let inputs = CapturedInputs.of(model, paths: paths, batches: Array(calibration.prefix(8)))
        var observers: [String: any Observer] = [:]
        if activationBits != nil {
            observers = MixedPrecisionQuantization().observeInputs(of: model, paths: paths, batches: calibration)
        }
        var rng = RandomGenerator(seed: seed)
        var all: [String: LayerCodes] = [:]
        var replacements: [String: any Layer<Float>] = [:]
        for (path, layer) in layers {
            var codes = initialCodes(layer.weightMatrix)
            if iterations > 0 {
                let x = Tensor.concatenated(inputs.values[path] ?? [], axis: 0)
                let (before, after) = try learn(&codes, layer: layer, inputs: x, rng: &rng)
                log(String(format: "codebook: %@ output error %.3g k-means → %.3g learned", path, before, after))
            }
            all[path] = codes
            let fixed = FixedWeightAffine(layer, weight: codes.weights().reshaped(layer.affineParts.weight.shape))
            replacements[path] = try withInputQuantizer(fixed, bits: activationBits, observer: observers[path])
        }
        return (model.mappingLeaves { path, _ in replacements[path] }, all)
    }

    /// Joint learning of one layer's codebook values (Adam) and assignments (neighbour moves);
    /// returns the output error before and after on up to 256 rows.
    func learn(_ codes: inout LayerCodes, layer: any Quantizable, inputs x: Tensor<Float>,
               rng: inout RandomGenerator) throws -> (Double, Double) {
        let shape = layer.affineParts.weight.shape
        let target = FixedWeightAffine(layer, weight: layer.affineParts.weight)(x)
        let entries = 1 << bits
        let books = Variable(Tensor(codes.codebooks.flatMap { $0 }), requiresGrad: true)
        let optimizer = Adam([books], learningRate: learningRate)
        let probe = Array(0..<Swift.min(x.shape[0], 256))
        let error = { (c: LayerCodes) -> Double in
            let y = FixedWeightAffine(layer, weight: c.weights().reshaped(shape))(x.gatherRows(probe))
            return Double((y - target.gatherRows(probe)).squared().mean().scalar)
        }
        let before = error(codes)
        var best = (error: before, codes: codes)
        let group = Self.groupOfRows(codes)
        for step in 1...iterations {
            let rows = (0..<Swift.min(batchSize, x.shape[0])).map { _ in Int(rng.next() % UInt64(x.shape[0])) }
            let flat = codes.indices.enumerated().map { Int32(group[$0.offset / codes.columns] * entries) + $0.element }
            let weight = books.gathered(at: flat, shape: [codes.rows, codes.columns])
            let quantized = Variable(weight.value.reshaped(shape), requiresGrad: true)
            let output = PowerQuantization().affine(layer, x: Variable(x.gatherRows(rows)), weight: quantized)
            (output - Variable(target.gatherRows(rows))).squared().mean().backward()
            guard let gradient = quantized.grad else { break }
            books.zeroGrad()
            weight.backward(seed: gradient.reshaped([codes.rows, codes.columns]))
            optimizer.step()
            codes.codebooks = (0..<codes.codebooks.count).map { Array(books.value.scalars[$0 * entries..<($0 + 1) * entries]) }
            if step % moveEvery == 0 { Self.moveToNeighbours(&codes, gradient: gradient.scalars, group: group) }
            Self.sortBooks(&codes, group: group)
            books.value = Tensor(codes.codebooks.flatMap { $0 })
            if step % moveEvery == 0 {
                let e = error(codes)
                if e < best.error { best = (e, codes) }
            }
        }
        codes = best.codes
        return (before, best.error)
    }

    /// The group of every row (original row index → codebook).
    static func groupOfRows(_ codes: LayerCodes) -> [Int] {
        var group = [Int](repeating: 0, count: codes.rows)
        for (position, row) in codes.order.enumerated() { group[row] = position / codes.groupSize }
        return group
    }

    /// Moves an index to the neighbouring entry (one up or one down) where the first-order change
    /// g·(c_new − c_old) of the loss is negative; only the best 1 % of such moves per round.
    static func moveToNeighbours(_ codes: inout LayerCodes, gradient: [Float], group: [Int]) {
        var candidates: [(gain: Float, index: Int, to: Int32)] = []
        for i in 0..<codes.indices.count {
            let book = codes.codebooks[group[i / codes.columns]]
            let j = Int(codes.indices[i])
            for k in [j - 1, j + 1] where k >= 0 && k < book.count {
                let change = gradient[i] * (book[k] - book[j])
                if change < 0 { candidates.append((-change, i, Int32(k))) }
            }
        }
        candidates.sort { $0.gain > $1.gain }
        for c in candidates.prefix(Swift.max(1, codes.indices.count / 100)) { codes.indices[c.index] = c.to }
    }

    /// Sorts each codebook and renumbers the indices, so neighbours stay neighbours in value.
    static func sortBooks(_ codes: inout LayerCodes, group: [Int]) {
        var remap: [[Int32]] = []
        for g in 0..<codes.codebooks.count {
            let order = codes.codebooks[g].indices.sorted { codes.codebooks[g][$0] < codes.codebooks[g][$1] }
            var inverse = [Int32](repeating: 0, count: order.count)
            for (newIndex, old) in order.enumerated() { inverse[old] = Int32(newIndex) }
            remap.append(inverse)
            codes.codebooks[g] = order.map { codes.codebooks[g][$0] }
        }
        for i in 0..<codes.indices.count { codes.indices[i] = remap[group[i / codes.columns]][Int(codes.indices[i])] }
    }
}
