/// Updates parameters from their accumulated gradients. Optimisers keep per-parameter state
/// (moments) aligned with `parameters`; `state`/`restore` make it checkpointable.
public protocol Optimizer<Scalar>: AnyObject {
    associatedtype Scalar: TensorScalar
    /// The parameters updated by `step()`.
    var parameters: [Variable<Scalar>] { get }
    /// The learning rate used by the next `step()` (schedules set it).
    var learningRate: Double { get set }
    /// Applies one update using each parameter's `grad` (parameters without one are skipped).
    func step()
    /// Named state tensors (moments, step counts) for checkpoints.
    var state: [(name: String, tensor: Tensor<Scalar>)] { get }
    /// Restores state saved by `state`; throws when names or shapes do not match.
    func restore(_ state: [String: Tensor<Scalar>]) throws
}

extension Optimizer {
    /// Clears every parameter's gradient.
    public func zeroGrad() { for p in parameters { p.grad = nil } }
}

/// Per-parameter state slots, named "<slot>.<index>", shared by the optimisers.
struct SlotState<Scalar: TensorScalar> {
    var slots: [String: [Tensor<Scalar>?]]

    init(names: [String], count: Int) {
        slots = Dictionary(uniqueKeysWithValues: names.map { ($0, [Tensor<Scalar>?](repeating: nil, count: count)) })
    }

    var named: [(name: String, tensor: Tensor<Scalar>)] {
        slots.keys.sorted().flatMap { key in
            slots[key]!.enumerated().compactMap { i, t in t.map { ("\(key).\(i)", $0) } }
        }
    }

    mutating func restore(_ state: [String: Tensor<Scalar>], shapes: [[Int]]) throws {
        for key in Array(slots.keys) {
            for i in shapes.indices {
                guard let t = state["\(key).\(i)"] else { slots[key]![i] = nil; continue }
                guard t.shape == shapes[i] else {
                    throw OptimizerStateError(description: "optimizer state \(key).\(i) has shape \(t.shape), parameter has \(shapes[i])")
                }
                slots[key]![i] = t
            }
        }
        let known = Set(slots.keys.flatMap { k in shapes.indices.map { "\(k).\($0)" } })
        if let unknown = state.keys.first(where: { !known.contains($0) && !$0.hasPrefix("step") }) {
            throw OptimizerStateError(description: "optimizer state has unknown entry \(unknown)")
        }
    }
}
