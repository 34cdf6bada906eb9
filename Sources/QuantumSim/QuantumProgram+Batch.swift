import Dispatch
import Foundation

/// Results of a batched forward and backward pass.
public struct BatchGradient: Sendable {
    /// ⟨O_k⟩ per sample, row-major `[batch][observables]`.
    public var values: [Double]
    /// Gradient of `Σ_s Σ_k g[s][k]·⟨O_k⟩_s` with respect to the weights (summed over the batch).
    public var weightGradient: [Double]
    /// Per-sample gradients with respect to the inputs, row-major `[batch][inputCount]`.
    public var inputGradient: [Double]
}

/// A program's copies for batch workers 1, 2, …, compiled once on first use. Each worker reads
/// its own plan arrays: when two cores retain and release the same buffers, the reference
/// counts bounce between them (swift_retain/release took 19 % of W3 at 2 threads).
final class WorkerCopies: @unchecked Sendable {
    private let lock = NSLock()
    private var copies: [Int: QuantumProgram] = [:]

    func copy(_ worker: Int, of program: QuantumProgram) -> QuantumProgram {
        lock.lock()
        defer { lock.unlock() }
        if let existing = copies[worker] { return existing }
        let made = QuantumProgram(program.circuit, options: program.options)
        copies[worker] = made
        return made
    }
}

extension QuantumProgram {
    /// The program worker `worker` of a batch runs: this one for worker 0, else its own copy.
    func worker(_ worker: Int) -> QuantumProgram {
        worker == 0 ? self : workerCopies.copy(worker, of: self)
    }

    /// Splits a batch across threads when states are small (each sample's two states stay in
    /// cache), or runs samples one after another with threaded kernels when they are large.
    /// `worker` 0 runs on the caller's data; other workers should use their own copies of
    /// shared arrays (reference counting on shared buffers makes cores fight over one line).
    func forEachSample(batch: Int, policy: ExecutionPolicy, _ body: (_ sampleRange: Range<Int>, _ kernelThreads: Int, _ worker: Int) -> Void) {
        if qubitCount < policy.parallelThreshold && policy.threads > 1 && batch > 1 {
            let t = min(policy.threads, batch)
            DispatchQueue.concurrentPerform(iterations: t) { w in
                body((batch * w / t)..<(batch * (w + 1) / t), 1, w)
            }
        } else {
            body(0..<batch, policy.threads(forQubits: qubitCount), 0)
        }
    }

    /// Expectation values for a batch: `inputs` is row-major `[batch][inputStride]`
    /// (`inputStride ≥ inputCount`), one weight vector shared by all samples. Returns
    /// `[batch][observables.count]` row-major. Compile once, call per batch.
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    public func expectations<R: SimReal>(_ type: R.Type = Double.self, weights: [Double], inputs: [Double], batch: Int,
                                         observables: [Observable], policy: ExecutionPolicy = .serial) throws -> [Double] {
        let stride = batch == 0 ? 0 : inputs.count / batch
        precondition(stride * batch == inputs.count, "\(inputs.count) input values do not split into \(batch) rows")
        try validate(weights: weights.count, inputs: stride, observables: observables)
        let k = observables.count, n = qubitCount
        var out = [Double](repeating: 0, count: batch * k)
        out.withUnsafeMutableBufferPointer { o in
            let op = o.baseAddress!
            forEachSample(batch: batch, policy: policy) { range, threads, worker in
                // per-worker plans and arrays, as in `valuesAndVJP`
                let plan = self.worker(worker).forwardPlan
                let myWeights = worker == 0 ? weights : weights.map { $0 }
                let prepared = observables.map { PreparedObservable($0, qubits: n) }
                let st = AmplitudeStorage<R>(reals: 2 << n)
                let pw = PlanWorkspace(plan)
                for s in range {
                    zeroFill(st.pointer, count: 2 << n)
                    st.pointer[0] = 1
                    myWeights.withUnsafeBufferPointer { w in inputs.withUnsafeBufferPointer { xa in
                        pw.bind(plan, weights: w, inputs: UnsafeBufferPointer(rebasing: xa[(s * stride)..<((s + 1) * stride)]),
                                derivatives: false)
                    } }
                    pw.forward(plan, st.pointer, qubits: n, threads: threads, chunkQubits: options.chunkQubits)
                    for (j, obs) in prepared.enumerated() {
                        op[s * k + j] = obs.expectation(UnsafePointer(st.pointer), qubits: n)
                    }
                }
            }
        }
        return out
    }

    /// Values and the vector–Jacobian product for a batch: `upstream` is `[batch][observables]`
    /// row-major (g[s][k] = ∂L/∂⟨O_k⟩_s). One adjoint sweep per sample with Σ_k g[s][k]·O_k.
    /// Weight gradients are summed over the batch; input gradients are per sample.
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    public func vectorJacobianProduct<R: SimReal>(_ type: R.Type = Double.self, weights: [Double], inputs: [Double],
                                                  batch: Int, observables: [Observable], upstream: [Double],
                                                  policy: ExecutionPolicy = .serial) throws -> BatchGradient {
        precondition(upstream.count == batch * observables.count, "upstream has \(upstream.count) values for \(batch)×\(observables.count)")
        return try valuesAndVJP(type, weights: weights, inputs: inputs, batch: batch, observables: observables,
                                policy: policy) { s, _ in Array(upstream[(s * observables.count)..<((s + 1) * observables.count)]) }
    }

    /// Like `vectorJacobianProduct`, but the upstream weights of sample s are computed from its
    /// values by `upstream(s, values)` between the forward and backward sweeps (so a loss such as
    /// `(⟨O⟩ − y)²` needs only one forward pass). `upstream` may run concurrently.
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    public func valuesAndVJP<R: SimReal>(_ type: R.Type = Double.self, weights: [Double], inputs: [Double], batch: Int,
                                         observables: [Observable], policy: ExecutionPolicy = .serial,
                                         upstream: @escaping (_ sample: Int, _ values: [Double]) -> [Double]) throws -> BatchGradient {
        let stride = batch == 0 ? 0 : inputs.count / batch
        precondition(stride * batch == inputs.count, "\(inputs.count) input values do not split into \(batch) rows")
        try validate(weights: weights.count, inputs: stride, observables: observables)
        let k = observables.count, nw = weightCount
        var values = [Double](repeating: 0, count: batch * k)
        var xg = [Double](repeating: 0, count: batch * stride)
        let workers = max(1, policy.threads)
        var wParts = [Double](repeating: 0, count: workers * max(nw, 1))
        values.withUnsafeMutableBufferPointer { vb in xg.withUnsafeMutableBufferPointer { xb in wParts.withUnsafeMutableBufferPointer { wb in
            let vp = vb.baseAddress!, xp = xb.baseAddress, wp = wb.baseAddress!
            forEachSample(batch: batch, policy: policy) { range, threads, worker in
                // Workers beyond the first get their own plans and arrays: reference counts of
                // shared buffers bounced between the cores (swift_retain was 19 % at 2 threads).
                let own = self.worker(worker)
                let myWeights = worker == 0 ? weights : weights.map { $0 }
                // prepared once per worker, not per sample
                let prepared = observables.map { PreparedObservable($0, qubits: qubitCount) }
                let ws = AdjointWorkspace<R>(qubits: qubitCount, plan: own.gradientPlan)
                var dummy = 0.0
                for s in range {
                    let x = inputs[(s * stride)..<((s + 1) * stride)].map { $0 }
                    let v = withUnsafeMutablePointer(to: &dummy) { d in
                        own.adjointSweep(ws, weights: myWeights, inputs: x, observables: prepared, upstream: { upstream(s, $0) },
                                         threads: threads, wGrad: nw == 0 ? d : wp + worker * nw, xGrad: stride == 0 ? d : xp! + s * stride)
                    }
                    for j in 0..<k { vp[s * k + j] = v[j] }
                }
            }
        } } }
        var wg = [Double](repeating: 0, count: nw)
        for w in 0..<workers { for j in 0..<nw { wg[j] += wParts[w * nw + j] } }
        return BatchGradient(values: values, weightGradient: wg, inputGradient: xg)
    }
}
