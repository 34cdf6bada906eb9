/// Batch normalisation in training mode as one autodiff op, for x viewed as [N, C, S] (S = H·W
/// for [N, C, H, W], 1 for [N, C]): y = x̂·γ_c + β_c with x̂ = (x − μ_c)/√(σ²_c + ε), μ and the
/// biased σ² over the M = N·S values of channel c.
///
/// Backward in closed form: ∂β_c = Σ g, ∂γ_c = Σ g·x̂, ∂x = γ_c/√(σ²_c + ε)·(g − ∂β_c/M −
/// x̂·∂γ_c/M). Two passes over x forward and two backward, instead of the dozen full-size
/// tensors the composed operations make. O(N·C·S); sums per plane in SIMD, across planes in Double.
/// Specialised for Float and Double: called from other modules, generic code would run unspecialised.
enum BatchNormTraining {
    /// The output and the batch statistics (μ, biased σ²) per channel.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func apply<Scalar: TensorScalar>(_ x: Variable<Scalar>, gamma: Variable<Scalar>, beta: Variable<Scalar>,
                                            epsilon: Double) -> (output: Variable<Scalar>, mean: [Double], variance: [Double]) {
        let (n, c) = (x.shape[0], x.shape[1])
        let s = x.value.count / Swift.max(n * c, 1)
        let m = Double(Swift.max(n * s, 1))
        var mean = [Double](repeating: 0, count: c), variance = [Double](repeating: 0, count: c)
        x.value.withUnsafeBufferPointer { xp in
            for ch in 0..<c {
                var sum = 0.0
                for i in 0..<n { sum += planeSum(xp.baseAddress! + (i * c + ch) * s, s) }
                mean[ch] = sum / m
                var squares = 0.0
                for i in 0..<n { squares += planeSquares(xp.baseAddress! + (i * c + ch) * s, s, shift: Scalar(mean[ch])) }
                variance[ch] = squares / m
            }
        }
        let invStd = variance.map { 1 / ($0 + epsilon).squareRoot() }
        let (g, b) = (gamma.value.scalars, beta.value.scalars)
        // x̂ (kept for the backward) and y in one pass
        var y = Tensor<Scalar>.zeros(x.shape)
        let normalized = Tensor<Scalar>(shape: x.shape) { h in
            x.value.withUnsafeBufferPointer { xp in y.withUnsafeMutableBufferPointer { out in
                for i in 0..<n { for ch in 0..<c {
                    let base = (i * c + ch) * s
                    let (mu, k) = (Scalar(mean[ch]), Scalar(invStd[ch]))
                    for j in 0..<s {
                        h[base + j] = (xp[base + j] - mu) * k
                        out[base + j] = h[base + j] * g[ch] + b[ch]
                    }
                } }
            } }
        }
        let output = Variable.custom("batchNorm", inputs: [x, gamma, beta], value: y) { grad, needed in
            backward(grad, normalized: normalized, gamma: g, invStd: invStd, needed: needed, n: n, c: c, s: s)
        }
        return (output, mean, variance)
    }

    /// ∂x, ∂γ, ∂β from g = ∂L/∂y (nil where not needed).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func backward<Scalar: TensorScalar>(_ grad: Tensor<Scalar>, normalized: Tensor<Scalar>, gamma: [Scalar],
                                               invStd: [Double], needed: [Bool], n: Int, c: Int, s: Int) -> [Tensor<Scalar>?] {
        var dBeta = [Double](repeating: 0, count: c), dGamma = [Double](repeating: 0, count: c)
        grad.withUnsafeBufferPointer { gp in normalized.withUnsafeBufferPointer { hp in
            for i in 0..<n { for ch in 0..<c {
                let base = (i * c + ch) * s
                dBeta[ch] += planeSum(gp.baseAddress! + base, s)
                dGamma[ch] += planeDot(gp.baseAddress! + base, hp.baseAddress! + base, s)
            } }
        } }
        var dx: Tensor<Scalar>?
        if needed[0] {
            let m = Double(Swift.max(n * s, 1))
            dx = Tensor<Scalar>(shape: grad.shape) { out in
                grad.withUnsafeBufferPointer { gp in normalized.withUnsafeBufferPointer { hp in
                    for i in 0..<n { for ch in 0..<c {
                        let base = (i * c + ch) * s
                        let k = Scalar(Double(gamma[ch]) * invStd[ch])
                        let (shift, slope) = (Scalar(dBeta[ch] / m), Scalar(dGamma[ch] / m))
                        for j in 0..<s { out[base + j] = k * (gp[base + j] - shift - hp[base + j] * slope) }
                    } }
                } }
            }
        }
        return [dx, needed[1] ? Tensor(shape: [c], scalars: dGamma.map { Scalar($0) }) : nil,
                needed[2] ? Tensor(shape: [c], scalars: dBeta.map { Scalar($0) }) : nil]
    }

    /// Σ p[j] over `count` values, 16 lanes at a time.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func planeSum<Scalar: TensorScalar>(_ p: UnsafePointer<Scalar>, _ count: Int) -> Double {
        var acc = SIMD16<Scalar>(repeating: 0)
        var j = 0
        while j + 16 <= count {
            acc += UnsafeRawPointer(p + j).loadUnaligned(as: SIMD16<Scalar>.self)
            j += 16
        }
        var total = Double(acc.sum())
        while j < count {
            total += Double(p[j])
            j += 1
        }
        return total
    }

    /// Σ (p[j] − shift)².
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func planeSquares<Scalar: TensorScalar>(_ p: UnsafePointer<Scalar>, _ count: Int, shift: Scalar) -> Double {
        var acc = SIMD16<Scalar>(repeating: 0)
        let lanes = SIMD16<Scalar>(repeating: shift)
        var j = 0
        while j + 16 <= count {
            let d = UnsafeRawPointer(p + j).loadUnaligned(as: SIMD16<Scalar>.self) - lanes
            acc += d * d
            j += 16
        }
        var total = Double(acc.sum())
        while j < count {
            let d = p[j] - shift
            total += Double(d * d)
            j += 1
        }
        return total
    }

    /// Σ a[j]·b[j].
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func planeDot<Scalar: TensorScalar>(_ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, _ count: Int) -> Double {
        var acc = SIMD16<Scalar>(repeating: 0)
        var j = 0
        while j + 16 <= count {
            acc += UnsafeRawPointer(a + j).loadUnaligned(as: SIMD16<Scalar>.self)
                * UnsafeRawPointer(b + j).loadUnaligned(as: SIMD16<Scalar>.self)
            j += 16
        }
        var total = Double(acc.sum())
        while j < count {
            total += Double(a[j] * b[j])
            j += 1
        }
        return total
    }
}
