import Foundation
import Tensor

extension DenseProgram {
    /// The vector–Jacobian product of `forward`: `upstream` is ∂L/∂values, row-major
    /// [batch][outputCount]. Returns ∂L/∂weights (summed over the batch) and, when
    /// `inputGradients`, ∂L/∂inputs per sample (row-major like the inputs). One adjoint sweep
    /// per sample: the state is uncomputed op by op while the cotangent φ = ∂L/∂ψ travels
    /// back (convention δL = Re⟨φ, δψ⟩). SU(2ᵏ) cotangents are summed over the batch and
    /// pulled back through their exponential once (one Fréchet contraction per gate).
    public func backward(_ tape: Tape, upstream: [Double], inputGradients: Bool) -> (weights: [Double], inputs: [Double]?) {
        let c = circuit, d = dimension, k = c.readout.outputCount, f = c.inputCount, batch = tape.batch
        precondition(upstream.count == batch * k, "backward: \(upstream.count) upstream values for \(batch)×\(k)")
        let nw = c.weightCount, workers = Swift.max(1, Swift.min(threads ?? Threading.threads, batch / 8))
        // Per worker: weight gradients, then the summed cotangent of every SU(2ᵏ) gate.
        var suOffsets = [Int](repeating: -1, count: c.operations.count), suSize = 0
        for (i, op) in c.operations.enumerated() {
            switch op {
            case .specialUnitary(let wires, _), .complexSpecialUnitary(let wires, _):
                suOffsets[i] = suSize
                suSize += 2 << (2 * wires.count)
            default: break
            }
        }
        let stride = nw + suSize
        var partials = [Double](repeating: 0, count: workers * stride)
        var xGrad = inputGradients ? [Double](repeating: 0, count: batch * f) : []
        let w = tape.weights
        tape.inputs.withUnsafeBufferPointer { xb in tape.states.withUnsafeBufferPointer { sb in
        partials.withUnsafeMutableBufferPointer { pb in xGrad.withUnsafeMutableBufferPointer { gb in
            // An empty array may still have a (shared, unwritable) base address: input gradients only when asked for.
            let (xp, sp, pp, gp) = (xb.baseAddress!, sb.baseAddress!, pb.baseAddress!, inputGradients ? gb.baseAddress : nil)
            _ = parallelSamples(batch) { range, worker in
                let wGrad = pp + worker * stride, suBar = wGrad + nw
                let psi = UnsafeMutablePointer<Double>.allocate(capacity: 2 * d), phi = UnsafeMutablePointer<Double>.allocate(capacity: 2 * d)
                let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 4 * d), gBar = UnsafeMutablePointer<Double>.allocate(capacity: 32)
                let work = UnsafeMutablePointer<Double>.allocate(capacity: 2 * d * d)
                defer { psi.deallocate(); phi.deallocate(); scratch.deallocate(); gBar.deallocate(); work.deallocate() }
                for s in range {
                    let x = xp + s * f, xg = gp.map { $0 + s * f }
                    psi.update(from: sp + s * 2 * d, count: 2 * d)
                    readoutCotangent(UnsafePointer(psi), upstream, s * k, phi)
                    for i in c.operations.indices.reversed() {
                        let site = sites[i]
                        switch c.operations[i] {
                        case let .gate(gate, _, controls, angles):
                            let g = tape.fixedGates[i] ?? BoundGate(gate, controls: controls.count, angles.map { angleValue($0, w, x) }, derivatives: true)
                            g.adjoint.withUnsafeBufferPointer { a in
                                Self.apply(a.baseAddress!, offsets: site.offsets, bases: site.bases, psi, scratch: scratch)
                            }
                            if !angles.isEmpty {
                                let m = site.offsets.count
                                gBar.initialize(repeating: 0, count: 2 * m * m)
                                Self.accumulateCotangent(gBar, offsets: site.offsets, bases: site.bases, phi: phi, psi: psi)
                                for (a, angle) in angles.enumerated() {
                                    var gTheta = 0.0
                                    g.derivatives[a].withUnsafeBufferPointer { dm in
                                        for e in 0..<(m * m) { gTheta += gBar[2 * e] * dm[2 * e] + gBar[2 * e + 1] * dm[2 * e + 1] }
                                    }
                                    distribute(gTheta, angle, w, x, wGrad, xg)
                                }
                            }
                            g.adjoint.withUnsafeBufferPointer { a in
                                Self.apply(a.baseAddress!, offsets: site.offsets, bases: site.bases, phi, scratch: scratch)
                            }
                        case .specialUnitary, .complexSpecialUnitary:
                            let e = tape.exponentials[i]!
                            e.inverse.storage.withUnsafeBufferPointer { v in
                                Self.apply(v.baseAddress!, offsets: site.offsets, bases: site.bases, psi, scratch: scratch)
                            }
                            Self.accumulateCotangent(suBar + suOffsets[i], offsets: site.offsets, bases: site.bases, phi: phi, psi: psi)
                            e.adjoint.storage.withUnsafeBufferPointer { v in
                                Self.apply(v.baseAddress!, offsets: site.offsets, bases: site.bases, phi, scratch: scratch)
                            }
                        case .hamiltonian(let t):
                            hamiltonianStep(tape.eigens[s], c: -w[t] / 2, psi, phi, scratch, work,
                                            gradC: { wGrad[t] += -$0 / 2 }, inputGrad: xg.map { g in { i, j, v in g[i * d + j] += v } })
                        case .fixedHamiltonian(let time):
                            hamiltonianStep(tape.eigens[s], c: -time / 2, psi, phi, scratch, work,
                                            gradC: { _ in }, inputGrad: xg.map { g in { i, j, v in g[i * d + j] += v } })
                        }
                    }
                    if let xg, case .amplitude(let features) = c.initialState {
                        var norm = 0.0, dot = 0.0
                        for j in 0..<features { norm += x[j] * x[j] }
                        guard norm > 0 else { continue }
                        norm = norm.squareRoot()
                        for j in 0..<features { dot += x[j] / norm * phi[2 * j] }
                        for j in 0..<features { xg[j] += (phi[2 * j] - x[j] / norm * dot) / norm }
                    }
                }
            }
        } } } }
        for worker in 1..<workers { for j in 0..<stride { partials[j] += partials[worker * stride + j] } }
        var wGrad = Array(partials[0..<nw])
        for (i, op) in c.operations.enumerated() {
            guard let e = tape.exponentials[i] else { continue }
            let offset = switch op { case let .specialUnitary(_, o), let .complexSpecialUnitary(_, o): o; default: 0 }
            var gU = ComplexMatrix(zeros: e.matrix.n)
            gU.storage = Array(partials[(nw + suOffsets[i])..<(nw + suOffsets[i] + gU.storage.count)])
            wGrad.withUnsafeMutableBufferPointer { p in
                e.weightGradient(gU, basis: paulis[i]!, into: UnsafeMutableBufferPointer(rebasing: p[offset..<(offset + op.weightsRead)]))
            }
        }
        return (wGrad, inputGradients ? xGrad : nil)
    }

    @inline(__always)
    func distribute(_ g: Double, _ angle: DenseCircuit.Angle, _ w: [Double], _ x: UnsafePointer<Double>,
                    _ wGrad: UnsafeMutablePointer<Double>, _ xGrad: UnsafeMutablePointer<Double>?) {
        switch angle {
        case .constant: break
        case .weight(let i): wGrad[i] += g
        case let .input(j, scale): xGrad?[j] += scale * g
        case let .affine(b, wi, j):
            wGrad[b] += g; wGrad[wi] += x[j] * g
            xGrad?[j] += w[wi] * g
        }
    }

    /// ∂L/∂ψ of the readout: a probability gives 2·g·ψ_j on its basis states, ⟨O⟩ gives
    /// 2·g·O·ψ, a fidelity 2·g·⟨t|ψ⟩·t.
    func readoutCotangent(_ psi: UnsafePointer<Double>, _ upstream: [Double], _ offset: Int, _ phi: UnsafeMutablePointer<Double>) {
        let d = dimension
        phi.initialize(repeating: 0, count: 2 * d)
        switch circuit.readout {
        case .basisStates, .marginals:
            for j in 0..<d where outcome[j] >= 0 {
                let factor = 2 * upstream[offset + outcome[j]]
                phi[2 * j] = factor * psi[2 * j]
                phi[2 * j + 1] = factor * psi[2 * j + 1]
            }
        case .expectations(let observables):
            for (k, o) in observables.enumerated() {
                ObservableKernels.accumulateApply(psi, into: phi, qubits: circuit.qubits, o, scale: 2 * upstream[offset + k])
            }
        case .fidelities:
            for (k, t) in targets.enumerated() {
                let zr = t.0 * psi[0] + t.1 * psi[1] + t.2 * psi[2] + t.3 * psi[3]
                let zi = t.0 * psi[1] - t.1 * psi[0] + t.2 * psi[3] - t.3 * psi[2]
                let g = 2 * upstream[offset + k]
                phi[0] += g * (zr * t.0 - zi * t.1)
                phi[1] += g * (zr * t.1 + zi * t.0)
                phi[2] += g * (zr * t.2 - zi * t.3)
                phi[3] += g * (zr * t.3 + zi * t.2)
            }
        }
    }

    /// Backward through ψ' = E·diag(e^{icλ})·Eᵀ·ψ: uncomputes ψ, reports ∂L/∂c and (optionally)
    /// ∂L/∂M_ij for A = (M + Mᵀ)/2 through the Daleckii–Krein formula, and moves φ back.
    func hamiltonianStep(_ e: SymmetricEigen, c: Double, _ psi: UnsafeMutablePointer<Double>, _ phi: UnsafeMutablePointer<Double>,
                         _ scratch: UnsafeMutablePointer<Double>, _ work: UnsafeMutablePointer<Double>,
                         gradC: (Double) -> Void, inputGrad: ((Int, Int, Double) -> Void)?) {
        let d = dimension
        let b = scratch, phiB = scratch + 2 * d
        e.vectors.withUnsafeBufferPointer { evb in e.values.withUnsafeBufferPointer { lvb in
            let ev = evb.baseAddress!, lv = lvb.baseAddress!
            Self.realTransform(ev, transpose: true, psi, b, d: d)          // b' = Eᵀψ'
            Self.realTransform(ev, transpose: true, phi, phiB, d: d)       // φ_b = Eᵀφ'
            var gc = 0.0
            for j in 0..<d { gc += lv[j] * (-phiB[2 * j] * b[2 * j + 1] + phiB[2 * j + 1] * b[2 * j]) }
            gradC(gc)
            Self.phase(b, lv, c: -c, d: d)                                 // a = e^{−icλ} b'
            if let inputGrad {
                // Re(C)_jk with C_jk = φ_b,j·conj(a_k)·conj(Φ_jk); then G = E·Re(C)·Eᵀ.
                for j in 0..<d { for k in 0..<d {
                    let half = c * (lv[j] - lv[k]) / 2
                    let sinc = Swift.abs(half) < 1e-8 ? 1 - half * half / 6 : Foundation.sin(half) / half
                    let ph = c * (lv[j] + lv[k]) / 2
                    let (pr, pi) = (-c * sinc * Foundation.sin(ph), -c * sinc * Foundation.cos(ph))
                    let (ur, ui) = (phiB[2 * j] * b[2 * k] + phiB[2 * j + 1] * b[2 * k + 1], phiB[2 * j + 1] * b[2 * k] - phiB[2 * j] * b[2 * k + 1])
                    work[j * d + k] = ur * pr - ui * pi
                } }
                let tmp = work + d * d
                cblas_dgemm_wrapper(ev, work, tmp, d: d, transposeSecond: false)     // E·Re(C)
                cblas_dgemm_wrapper(tmp, ev, work, d: d, transposeSecond: true)      // ·Eᵀ
                for i in 0..<d { for j in 0..<d { inputGrad(i, j, (work[i * d + j] + work[j * d + i]) / 2) } }
            }
            Self.realTransform(ev, transpose: false, b, psi, d: d)         // ψ = E·a
            Self.phase(phiB, lv, c: -c, d: d)
            Self.realTransform(ev, transpose: false, phiB, phi, d: d)
        } }
    }
}
