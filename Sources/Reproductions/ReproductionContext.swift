import Foundation

/// What a reproduction runs with: quick or full form, seeds, threads, data root and where
/// progress goes.
public struct ReproductionContext: Sendable {
    /// The quick form: fewer epochs, seeds and samples; at most 3 minutes on 2 cores.
    public var quick: Bool
    /// Seeds per row (each seed draws the data subset and the initialisation).
    public var seeds: Int
    /// Threads for kernels and BLAS.
    public var threads: Int
    /// Data root (`--data-dir`); nil: the usual look-up.
    public var dataDir: URL?
    /// Progress lines (stderr in the CLI).
    public var log: @Sendable (String) -> Void
    /// Where trained baselines are kept (`TrainedBaseline`); nil: `$QUANTA_CACHE` or the user's cache folder.
    public var cacheDir: URL?
    /// The ranks of a distributed run (`quanta reproduce --distributed` under mpirun);
    /// reproductions that share work over ranks use it, the others run whole on each.
    public var collective: (any Collective)?

    public init(quick: Bool, seeds: Int, threads: Int = 1, dataDir: URL? = nil, cacheDir: URL? = nil,
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.quick = quick
        self.seeds = seeds
        self.threads = threads
        self.dataDir = dataDir
        self.cacheDir = cacheDir
        self.log = log
    }

    /// Runs `body` for seeds 0..<`seeds` and folds the runs into one row (mean, sample std)
    /// and one mean learning curve.
    public func overSeeds(_ label: String, metric: String, unit: String = "%", higherIsBetter: Bool = true,
                          reported: Reported, seeds count: Int? = nil,
                          _ body: (UInt64) throws -> SeedRun) throws -> RowRun {
        var runs: [SeedRun] = []
        for seed in 0..<UInt64(count ?? seeds) {
            runs.append(try body(seed))
        }
        let values = runs.map(\.value)
        let row = ResultRow(label: label, metric: metric, values: values, unit: unit, higherIsBetter: higherIsBetter,
                            reported: reported, seconds: runs.map(\.seconds).reduce(0.0) { $0 + $1 })
        return RowRun(row: row, curve: Self.meanCurve(runs.map(\.curve)))
    }

    /// Point-wise mean of curves of possibly different lengths (as long as the shortest).
    static func meanCurve(_ curves: [[Double]]) -> [Double] {
        guard let length = curves.map(\.count).min(), length > 0 else { return [] }
        return (0..<length).map { i in curves.map { $0[i] }.reduce(0.0) { $0 + $1 } / Double(curves.count) }
    }
}

/// One seed's outcome: the row's value (in its unit), wall time and a learning curve
/// (training loss per epoch or iteration).
public struct SeedRun: Sendable {
    public var value: Double
    public var seconds: Double
    public var curve: [Double]

    public init(value: Double, seconds: Double, curve: [Double] = []) {
        self.value = value
        self.seconds = seconds
        self.curve = curve
    }
}

/// A finished row with its mean learning curve.
public struct RowRun: Sendable {
    public var row: ResultRow
    public var curve: [Double]
}
