/// How kernels use threads.
public struct ExecutionPolicy: Sendable, Hashable {
    /// Threads for one state's kernels (1 = serial).
    public var threads: Int
    /// States with fewer qubits than this run serially even when `threads > 1` (the measured
    /// point where splitting a kernel pays for the thread wake-up).
    public var parallelThreshold: Int

    /// A policy; `parallelThreshold` default from measurement.
    public init(threads: Int, parallelThreshold: Int = 14) {
        precondition(threads >= 1, "threads must be ≥ 1")
        self.threads = threads
        self.parallelThreshold = parallelThreshold
    }
    /// One thread.
    public static let serial = ExecutionPolicy(threads: 1)
    /// `threads` threads above the threshold.
    public static func parallel(threads: Int, threshold: Int = 14) -> ExecutionPolicy {
        ExecutionPolicy(threads: threads, parallelThreshold: threshold)
    }
    /// Threads to use on an n-qubit state.
    public func threads(forQubits n: Int) -> Int { n >= parallelThreshold ? threads : 1 }
}
