/// HQKAN (Jiang et al. 2025): a QKAN layer inside a linear bottleneck, as a replacement for a
/// wide MLP block: Linear(n → ⌈log₂ n⌉) → QKAN(⌈log₂ n⌉ → ⌈log₂ m⌉) → Linear(⌈log₂ m⌉ → m).
/// Its parameters grow as O(n·log n) where a dense n → m layer has n·m.
public enum HQKAN {
    /// ⌈log₂ n⌉, at least 1.
    public static func width(_ n: Int) -> Int { Swift.max(1, Int.bitWidth - (n - 1).leadingZeroBitCount) }

    /// The bottleneck block for `inputs` → `outputs`, seeded.
    public static func bottleneck<Scalar: TensorScalar>(_ inputs: Int, _ outputs: Int, activation: DARUAN = DARUAN(),
                                                        trainable: QKANLayer<Scalar>.Trainable = .init(),
                                                        seed: UInt64) -> Sequential<Scalar> {
        var rng = RandomGenerator(seed: seed)
        let (a, b) = (width(inputs), width(outputs))
        return Sequential([Linear<Scalar>(inputs, a, rng: &rng),
                           QKANLayer<Scalar>(a, b, activation: activation, trainable: trainable, seed: seed &+ 1),
                           Linear<Scalar>(b, outputs, rng: &rng)])
    }
}
