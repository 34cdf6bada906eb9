import Quanta

extension GemmCase {
    /// Variants that go through whole-tensor APIs (allocating the result per call, as a
    /// user's code does). Empty until `Tensor.matmul` lands in the Tensor module.
    static func tensorVariants(a: Tensor<Float>, b: Tensor<Float>) -> [(name: String, loop: Timing.Loop)] {
        []
    }
}
