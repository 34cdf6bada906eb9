/// Command-line options of `QuantaBench`.
///
/// `QuantaBench [workload ...] [--threads 1,2] [--samples N] [--min-time S] [--out FILE] [--list]`
struct Options: Sendable {
    /// Workload names in the order given; empty = all runnable workloads.
    var workloads: [String] = []
    /// Thread counts to run each workload at, in order.
    var threads: [Int] = [1, 2]
    /// Overrides every workload's default number of timed samples.
    var samples: Int?
    /// Overrides every workload's default minimum seconds per sample.
    var minTime: Double?
    /// Substrings of case names to run (`--case`); empty = every case.
    var cases: [String] = []
    /// A file the JSON lines are appended to (besides stdout).
    var outPath: String?
    /// Print the workloads and exit.
    var list = false
    var help = false

    static let usage = """
        usage: QuantaBench [workload ...] [--threads 1,2] [--samples N] [--min-time S] [--case S,...] [--out FILE] [--list]
          workload     names from --list (default: all runnable workloads)
          --threads    comma-separated thread counts (default 1,2)
          --samples    timed samples per case (default: the workload's, e.g. 7)
          --min-time   minimum seconds per sample (default: the workload's, e.g. 0.2)
          --case S,... only the cases whose name contains one of these (e.g. n=24/complex128/gate-by-gate)
          --out FILE   also append the JSON lines to FILE (e.g. Results/gemm.jsonl)
          --list       list workloads and exit
        """

    /// A usage error: what was wrong with the arguments.
    struct UsageError: Error, CustomStringConvertible {
        let description: String
    }

    /// Parses `arguments` (without the program name).
    init(parsing arguments: [String]) throws {
        var rest = arguments[...]
        func value(_ flag: String) throws -> String {
            guard let v = rest.popFirst() else { throw UsageError(description: "\(flag) needs a value") }
            return v
        }
        while let arg = rest.popFirst() {
            switch arg {
            case "--threads":
                let text = try value(arg)
                let counts = text.split(separator: ",").map { Int($0) }
                guard !counts.isEmpty, counts.allSatisfy({ ($0 ?? 0) >= 1 }) else {
                    throw UsageError(description: "--threads wants positive integers like 1,2, not '\(text)'")
                }
                threads = counts.map { $0! }
            case "--samples":
                let text = try value(arg)
                guard let n = Int(text), n >= 1 else { throw UsageError(description: "--samples wants a positive integer, not '\(text)'") }
                samples = n
            case "--min-time":
                let text = try value(arg)
                guard let s = Double(text), s > 0 else { throw UsageError(description: "--min-time wants positive seconds, not '\(text)'") }
                minTime = s
            case "--case":
                let text = try value(arg)
                cases = text.split(separator: ",").map(String.init)
                guard !cases.isEmpty else { throw UsageError(description: "--case wants case names like n=24/complex128, not '\(text)'") }
            case "--out": outPath = try value(arg)
            case "--list": list = true
            case "-h", "--help": help = true
            case _ where arg.hasPrefix("-"): throw UsageError(description: "unknown option \(arg)")
            default: workloads.append(arg.lowercased())
            }
        }
    }
}
