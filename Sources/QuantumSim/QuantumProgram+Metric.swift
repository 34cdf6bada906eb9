extension QuantumProgram {
    /// Which entries of the metric tensor are kept.
    public enum MetricApproximation: String, Sendable, CaseIterable {
        case full
        /// Entries between weights of one layer (`Circuit.weightLayers`), as PennyLane's default.
        case blockDiagonal = "block-diagonal"
        case diagonal
    }

    /// The Fubini–Study metric of the weights, g_ij = Re(⟨∂ᵢψ|∂ⱼψ⟩ − ⟨∂ᵢψ|ψ⟩⟨ψ|∂ⱼψ⟩), the quantum
    /// natural gradient's preconditioner; ∂ᵢψ by central differences of step `h` (error O(h²)).
    /// Row-major [weights][weights]. 2·weights + 1 simulations and O(weights²·2ⁿ) inner products.
    public func fubiniStudyMetric(weights: [Double], inputs: [Double] = [], approximation: MetricApproximation = .blockDiagonal,
                                  step h: Double = 1e-4) throws -> [Double] {
        let psi = try state(Double.self, weights: weights, inputs: inputs)
        let derivatives = try weights.indices.map { i -> StateVector<Double> in
            var plus = weights
            var minus = weights
            plus[i] += h
            minus[i] -= h
            let a = try state(Double.self, weights: plus, inputs: inputs).amplitudes
            let b = try state(Double.self, weights: minus, inputs: inputs).amplitudes
            return StateVector(amplitudes: zip(a, b).map { ($0 - $1) / (2 * h) })
        }
        let overlaps = derivatives.map { $0.inner(psi) }   // ⟨∂ᵢψ|ψ⟩
        let layer = circuit.weightLayers(weightCount: weightCount)
        let p = weights.count
        var g = [Double](repeating: 0, count: p * p)
        for i in 0..<p {
            for j in i..<p where keeps(approximation, i, j, layer) {
                let value = (derivatives[i].inner(derivatives[j]) - overlaps[i] * overlaps[j].conjugate).re
                g[i * p + j] = value
                g[j * p + i] = value
            }
        }
        return g
    }

    func keeps(_ approximation: MetricApproximation, _ i: Int, _ j: Int, _ layer: [Int]) -> Bool {
        switch approximation {
        case .full: return true
        case .blockDiagonal: return layer[i] == layer[j]
        case .diagonal: return i == j
        }
    }
}

extension Circuit {
    /// The layer of each weight: layers are runs of weight-driven gates, a new one starting at
    /// the first such gate after a gate without weights (an entangler) or on a qubit the run
    /// already rotated. A weight used in several layers counts in its first.
    public func weightLayers(weightCount: Int) -> [Int] {
        var layer = [Int](repeating: -1, count: weightCount)
        var current = 0
        var touched = Set<Int>()
        var sawFixed = false
        for op in instructions {
            let ws = op.parameters.compactMap { p -> Int? in if case let .weight(k) = p.source { return k } else { return nil } }
            let qubits = Set(op.targets + op.controls)
            guard !ws.isEmpty else {
                sawFixed = true
                continue
            }
            if sawFixed || !touched.isDisjoint(with: qubits) {
                if !touched.isEmpty { current += 1 }
                touched = []
                sawFixed = false
            }
            touched.formUnion(qubits)
            for k in ws where layer[k] < 0 { layer[k] = current }
        }
        return layer.map { $0 < 0 ? current + 1 : $0 }
    }
}
