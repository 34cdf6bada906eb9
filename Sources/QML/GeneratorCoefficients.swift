/// How the coefficients θ of an SU(2ⁿ) block exp(i Σ θ_k P_k) are held.
public enum GeneratorCoefficients: String, Codable, Sendable, CaseIterable {
    /// θ real: unitary blocks.
    case real
    /// θ = a + i·b with b starting at 0, both trained: code that keeps θ in complex tensors
    /// lets its optimiser move b, and its blocks stop being unitary (the state's norm, and
    /// with it every output, can grow). Weights per block: a then b.
    case complex
}
