import CBLAS

/// The classical echo-state network's reservoir (Jaeger) as a recurrent cell with fixed random
/// weights: h_t = (1 − a)·h_{t−1} + a·tanh(W_in·x_t + W·h_{t−1} + b), with W sparse, uniform in
/// [−1, 1] on `connectivity` of its entries and rescaled to spectral radius ρ (max |λ(W)|,
/// LAPACK `dgeev`); W_in and b uniform in [−s, s]. All three are buffers (never trained): a read-out
/// on the states is what learns. Cost per step O(N·H·(F + H)).
public final class EchoStateCell<Scalar: TensorScalar>: RecurrentCell {
    public let inputSize: Int
    public let hiddenSize: Int
    public let stateCount = 1
    /// Leak rate a ∈ (0, 1].
    public let leak: Double
    /// ρ, the spectral radius W was scaled to.
    public let radius: Double
    /// W_in [H, F], W [H, H], b [H].
    public private(set) var inputWeights: Tensor<Scalar>
    public private(set) var recurrentWeights: Tensor<Scalar>
    public private(set) var bias: Tensor<Scalar>
    public var isTraining = false

    /// A reservoir of `size` units, seeded; throws for sizes or rates out of range.
    public init(inputSize: Int, size: Int, spectralRadius rho: Double = 0.9, leak: Double = 1, inputScale: Double = 1,
                connectivity: Double = 0.1, seed: UInt64) throws {
        guard inputSize >= 1, size >= 1, size <= 4096, rho > 0, rho.isFinite, leak > 0, leak <= 1,
              inputScale > 0, inputScale.isFinite, connectivity > 0, connectivity <= 1 else {
            throw TrainingDataError("echo-state reservoir: need inputs ≥ 1, 1 ≤ size ≤ 4096, ρ > 0, 0 < leak ≤ 1, input "
                + "scale > 0, 0 < connectivity ≤ 1; got \(inputSize), \(size), \(rho), \(leak), \(inputScale), \(connectivity)")
        }
        var rng = RandomGenerator(seed: seed)
        var w = (0..<(size * size)).map { _ in rng.nextUnit() < connectivity ? 2 * rng.nextUnit() - 1 : 0.0 }
        let drawn = try Self.spectralRadius(w, n: size)
        if drawn > 0 { w = w.map { $0 * rho / drawn } }
        self.inputSize = inputSize
        hiddenSize = size
        self.leak = leak
        self.radius = rho
        recurrentWeights = Tensor(shape: [size, size], scalars: w.map { Scalar($0) })
        inputWeights = Tensor(shape: [size, inputSize], scalars: (0..<(size * inputSize)).map { _ in
            Scalar(inputScale * (2 * rng.nextUnit() - 1))
        })
        bias = Tensor(shape: [size], scalars: (0..<size).map { _ in Scalar(inputScale * (2 * rng.nextUnit() - 1)) })
    }

    /// max |λ| over the eigenvalues of the n×n matrix `a` (row-major).
    public static func spectralRadius(_ a: [Double], n: Int) throws -> Double {
        var m = a
        var re = [Double](repeating: 0, count: n), im = [Double](repeating: 0, count: n)
        var left = [Double](repeating: 0, count: 1), right = [Double](repeating: 0, count: 1)
        let no = Int8(UInt8(ascii: "N"))
        let info = LAPACKE_dgeev(LAPACK_ROW_MAJOR, no, no, Int32(n), &m, Int32(n), &re, &im, &left, 1, &right, 1)
        guard info == 0 else { throw TrainingDataError("echo-state reservoir: LAPACK dgeev failed with info \(info)") }
        return zip(re, im).map { ($0 * $0 + $1 * $1).squareRoot() }.max() ?? 0
    }

    public func step(_ x: Variable<Scalar>, _ state: [Variable<Scalar>]) -> [Variable<Scalar>] {
        let h = state[0]
        let drive = x.matmul(Variable(inputWeights), transposeOther: true) + h.matmul(Variable(recurrentWeights), transposeOther: true)
        let activated = (drive + Variable(bias)).tanh()
        guard leak < 1 else { return [activated] }
        return [h * Scalar(1 - leak) + activated * Scalar(leak)]
    }

    public var namedParameters: [(name: String, variable: Variable<Scalar>)] { [] }

    public var namedBuffers: [(name: String, tensor: Tensor<Scalar>)] {
        [("input_weight", inputWeights), ("recurrent_weight", recurrentWeights), ("bias", bias)]
    }

    public func setBuffer(_ name: String, to tensor: Tensor<Scalar>) -> Bool {
        switch name {
        case "input_weight" where tensor.shape == inputWeights.shape: inputWeights = tensor
        case "recurrent_weight" where tensor.shape == recurrentWeights.shape: recurrentWeights = tensor
        case "bias" where tensor.shape == bias.shape: bias = tensor
        default: return false
        }
        return true
    }

    public var children: [(name: String, layer: any Layer<Scalar>)] { [] }

    public func replacingChildren(_ layers: [any Layer<Scalar>]) -> any Layer<Scalar> { self }
}
