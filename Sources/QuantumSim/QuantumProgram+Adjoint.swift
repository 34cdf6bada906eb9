/// Values and gradients of one sample.
public struct SampleGradient: Sendable {
    /// ⟨O_k⟩ for each observable.
    public var values: [Double]
    /// ∂L/∂w_j (length `weightCount`), L = Σ_k g_k⟨O_k⟩.
    public var weightGradient: [Double]
    /// ∂L/∂x_i (length `inputCount`).
    public var inputGradient: [Double]
}

/// Two scratch states and a bound-plan workspace for the adjoint method.
final class AdjointWorkspace<R: SimReal> {
    let n: Int
    let phi: AmplitudeStorage<R>
    let lam: AmplitudeStorage<R>
    let plan: PlanWorkspace
    init(qubits n: Int, plan: ProgramPlan) {
        self.n = n
        phi = AmplitudeStorage(reals: 2 << n)
        lam = AmplitudeStorage(reals: 2 << n)
        self.plan = PlanWorkspace(plan)
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
                                  observables: [PreparedObservable], upstream: ([Double]) -> [Double], threads: Int,
                                  wGrad: UnsafeMutablePointer<Double>, xGrad: UnsafeMutablePointer<Double>) -> [Double] {
        let n = qubitCount
        let phi = ws.phi.pointer, lam = ws.lam.pointer
        let reals = 2 << n
        zeroFill(phi, count: reals)
        phi[0] = 1
        let plan = gradientPlan, pw = ws.plan
        weights.withUnsafeBufferPointer { w in inputs.withUnsafeBufferPointer { x in
            pw.bind(plan, weights: w, inputs: x, derivatives: true)
        } }
        pw.forward(plan, phi, qubits: n, threads: threads)
        let values = observables.map { $0.expectation(UnsafePointer(phi), qubits: n) }
        let g = upstream(values)
        zeroFill(lam, count: reals)
        for (o, gk) in zip(observables, g) where gk != 0 {
            ObservableKernels.accumulateApply(UnsafePointer(phi), into: lam, qubits: n, o.observable, scale: gk)
        }
        let rBuf = pw.temp, xBuf = pw.temp + pw.maxD2, yBuf = pw.temp + 2 * pw.maxD2, tBuf = pw.temp + 3 * pw.maxD2
        for b in plan.blocks.reversed() {
            if b.cycles != nil {
                pw.permute(b, phi, inverse: true)
                pw.permute(b, lam, inverse: true)
                continue
            }
            if b.derivativeCount == 0 {
                let ud: UnsafePointer<Complex> = b.constantUdag.map { c in c.withUnsafeBufferPointer { $0.baseAddress! } }
                    ?? UnsafePointer(pw.scratch + b.udag)
                GateDispatch.apply(phi, qubits: n, shape: b.shape, matrix: ud, structure: b.structure, threads: threads)
                GateDispatch.apply(lam, qubits: n, shape: b.shape, matrix: ud, structure: b.structure, threads: threads)
                continue
            }
            let d = b.d, d2 = d * d
            AdjointKernels.backwardStep(phi: phi, lam: lam, qubits: n, shape: b.shape, matrix: pw.scratch + b.u, rOut: rBuf, threads: threads)
            // ⟨λ|S_j ∂L_j P_j|φ⟩ = Tr(∂L_j · P_j R S_j); Y_j = R S_j, Y_{j−1} = Y_j L_j.
            var y = yBuf, t = tBuf
            y.update(from: rBuf, count: d2)
            for j in stride(from: b.ops.count - 1, through: 0, by: -1) {
                let op = b.ops[j]
                if !op.parameterSlots.isEmpty {
                    let xm: UnsafePointer<Complex>
                    if j == 0 { xm = UnsafePointer(y) } else { SmallMatrix.multiply(pw.scratch + b.p(j), y, into: xBuf, d); xm = UnsafePointer(xBuf) }
                    for (s, slot) in op.parameterSlots.enumerated() {
                        let p = op.parameters[slot]
                        let v = 2 * p.scale * AdjointKernels.realTrace(pw.scratch + b.dl(op.firstDerivative + s), xm, d)
                        switch p.source {
                        case let .weight(i): wGrad[i] += v
                        case let .input(i): xGrad[i] += v
                        case .constant: break
                        }
                    }
                }
                if j > 0 {
                    SmallMatrix.multiply(y, pw.scratch + b.l(j), into: t, d)
                    swap(&y, &t)
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
        let ws = AdjointWorkspace<R>(qubits: qubitCount, plan: gradientPlan)
        var wg = [Double](repeating: 0, count: weightCount), xg = [Double](repeating: 0, count: inputCount)
        let values = wg.withUnsafeMutableBufferPointer { w in xg.withUnsafeMutableBufferPointer { x in
            adjointSweep(ws, weights: weights, inputs: inputs,
                         observables: observables.map { PreparedObservable($0, qubits: qubitCount) }, upstream: { _ in upstream },
                         threads: policy.threads(forQubits: qubitCount), wGrad: w.baseAddress ?? .allocate(capacity: 0),
                         xGrad: x.baseAddress ?? .allocate(capacity: 0))
        } }
        return SampleGradient(values: values, weightGradient: wg, inputGradient: xg)
    }

    /// Throws typed errors for too-short parameter vectors, observables outside the register,
    /// or a state that does not fit in memory. States under 1 MiB (15 qubits) are not checked:
    /// reading the available memory costs more than a small circuit's whole evaluation, and
    /// layers call this every batch.
    public func validate(weights: Int, inputs: Int, observables: [Observable]) throws {
        if weights < weightCount { throw QuantumSimError.parameterCountMismatch(kind: "weight", needed: weightCount, given: weights) }
        if inputs < inputCount { throw QuantumSimError.parameterCountMismatch(kind: "input", needed: inputCount, given: inputs) }
        for o in observables { try o.validate(qubitCount: qubitCount) }
        let bytes = 2 * 16 * Double(1 << min(qubitCount, 60))
        guard bytes > Double(1 << 20) else { return }
        let avail = StateVector<Double>.availableMemoryBytes()
        if bytes > avail { throw QuantumSimError.stateTooLarge(qubits: qubitCount, bytes: bytes, available: avail) }
    }
}
