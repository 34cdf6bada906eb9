/// Values and gradients of one sample.
public struct SampleGradient: Sendable {
    /// ⟨O_k⟩ for each observable.
    public var values: [Double]
    /// ∂L/∂w_j (length `weightCount`), L = Σ_k g_k⟨O_k⟩.
    public var weightGradient: [Double]
    /// ∂L/∂x_i (length `inputCount`).
    public var inputGradient: [Double]
}

/// Two scratch states for the adjoint method.
final class AdjointWorkspace<R: SimReal> {
    let n: Int
    let phi: AmplitudeStorage<R>
    let lam: AmplitudeStorage<R>
    init(qubits n: Int) {
        self.n = n
        phi = AmplitudeStorage(reals: 2 << n)
        lam = AmplitudeStorage(reals: 2 << n)
    }
}

extension QuantumProgram {
    /// The adjoint method on one sample: a forward sweep, λ = Σ_k g_k O_k |ψ⟩ with
    /// g = `upstream(values)`, and one backward sweep that uncomputes φ and λ gate by gate
    /// (O(1) extra states) while reading off every parameter derivative as
    /// `2·Re Tr(∂U·R)` from a fused kernel (see `AdjointKernels`). Gradients are accumulated
    /// (added) into `wGrad` and `xGrad`. Returns the values ⟨O_k⟩.
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    func adjointSweep<R: SimReal>(_ ws: AdjointWorkspace<R>, weights: [Double], inputs: [Double],
                                  observables: [Observable], upstream: ([Double]) -> [Double], threads: Int,
                                  wGrad: UnsafeMutablePointer<Double>, xGrad: UnsafeMutablePointer<Double>) -> [Double] {
        let n = qubitCount
        let phi = ws.phi.pointer, lam = ws.lam.pointer
        let reals = 2 << n
        phi.initialize(repeating: 0, count: reals)
        phi[0] = 1
        let bound = boundGatesWithDerivatives(weights: weights, inputs: inputs)
        for b in bound { b.gate.apply(to: phi, qubits: n, threads: threads) }
        let values = observables.map { ObservableKernels.expectation(UnsafePointer(phi), qubits: n, $0) }
        let g = upstream(values)
        lam.initialize(repeating: 0, count: reals)
        for (o, gk) in zip(observables, g) where gk != 0 {
            ObservableKernels.accumulateApply(UnsafePointer(phi), into: lam, qubits: n, o, scale: gk)
        }
        for b in bound.reversed() {
            if b.derivs.isEmpty {
                let adj = b.gate.adjoint
                adj.apply(to: phi, qubits: n, threads: threads)
                adj.apply(to: lam, qubits: n, threads: threads)
                continue
            }
            let r = AdjointKernels.backwardStep(phi: phi, lam: lam, qubits: n, gate: b.gate, threads: threads)
            for dv in b.derivs {
                // ⟨ψ|O|ψ⟩ derivative: 2 Re ⟨λ|∂U|φ⟩.
                let v = 2 * dv.scale * AdjointKernels.realTrace(dv.matrix, r)
                switch dv.source {
                case let .weight(i): wGrad[i] += v
                case let .input(i): xGrad[i] += v
                case .constant: break
                }
            }
        }
        return values
    }

    /// Value ⟨O⟩ and the exact gradient with respect to every weight and input, by the adjoint
    /// method: one forward and one backward sweep, two states of memory.
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    public func gradient<R: SimReal>(_ type: R.Type = Double.self, weights: [Double], inputs: [Double] = [],
                                     observable: Observable, policy: ExecutionPolicy = .serial) throws -> SampleGradient {
        try vectorJacobianProduct(type, weights: weights, inputs: inputs, observables: [observable], upstream: [1], policy: policy)
    }

    /// Values ⟨O_k⟩ and the vector–Jacobian product with upstream weights `g_k`: the gradient
    /// of `Σ_k g_k⟨O_k⟩` with respect to weights and inputs, in one backward sweep with the
    /// single observable `Σ_k g_k O_k`.
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    public func vectorJacobianProduct<R: SimReal>(_ type: R.Type = Double.self, weights: [Double], inputs: [Double] = [],
                                                  observables: [Observable], upstream: [Double],
                                                  policy: ExecutionPolicy = .serial) throws -> SampleGradient {
        try validate(weights: weights.count, inputs: inputs.count, observables: observables)
        precondition(upstream.count == observables.count, "\(upstream.count) upstream weights for \(observables.count) observables")
        let ws = AdjointWorkspace<R>(qubits: qubitCount)
        var wg = [Double](repeating: 0, count: weightCount), xg = [Double](repeating: 0, count: inputCount)
        let values = wg.withUnsafeMutableBufferPointer { w in xg.withUnsafeMutableBufferPointer { x in
            adjointSweep(ws, weights: weights, inputs: inputs, observables: observables, upstream: { _ in upstream },
                         threads: policy.threads(forQubits: qubitCount), wGrad: w.baseAddress ?? .allocate(capacity: 0),
                         xGrad: x.baseAddress ?? .allocate(capacity: 0))
        } }
        return SampleGradient(values: values, weightGradient: wg, inputGradient: xg)
    }

    /// Throws typed errors for too-short parameter vectors, observables outside the register,
    /// or a state that does not fit in memory.
    public func validate(weights: Int, inputs: Int, observables: [Observable]) throws {
        if weights < weightCount { throw QuantumSimError.parameterCountMismatch(kind: "weight", needed: weightCount, given: weights) }
        if inputs < inputCount { throw QuantumSimError.parameterCountMismatch(kind: "input", needed: inputCount, given: inputs) }
        for o in observables { try o.validate(qubitCount: qubitCount) }
        let bytes = 2 * 16 * Double(1 << min(qubitCount, 60))
        let avail = StateVector<Double>.availableMemoryBytes()
        if bytes > avail { throw QuantumSimError.stateTooLarge(qubits: qubitCount, bytes: bytes, available: avail) }
    }
}
