/// Every workload `QuantaBench` knows. To add one, define `static let <name>: Workload` in its
/// own file (see `Workload`) and list it here.
enum Registry {
    /// Runnable workloads, in the order they run when no names are given.
    static let workloads: [Workload] = [
        .gemm,
        .lenet,
        .w1, .w2, .w3,
        .int8gemm, .int8lenet, .int8resnet, .lenetinfer,
        .dynamic, .density, .mps, .kernel,
        .quanv, .hqnn, .qlstm, .inputgrad,
        .hessian,
    ]

    /// Workloads specified in WORKLOADS.md that have no implementation yet: name → what they
    /// wait for. Asking for one is an error that says so (no placeholder numbers are printed).
    static let pending: [String: String] = [:]

    /// The workload with this command-line name, if it is runnable.
    static func workload(named name: String) -> Workload? {
        workloads.first { $0.name == name.lowercased() }
    }
}
