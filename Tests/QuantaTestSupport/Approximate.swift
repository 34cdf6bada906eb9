import QuantumSim

/// Approximate comparison for tests: the largest element-wise difference, and closeness with
/// absolute and relative tolerances (|a − b| ≤ atol + rtol·|b| for every element).
public enum Approximate {
    /// max |a_i − b_i| (0 for empty arrays); the shorter length is compared.
    public static func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }

    /// max |a_i − b_i| of complex arrays.
    public static func maxDifference(_ a: [Complex], _ b: [Complex]) -> Double {
        zip(a, b).map { ($0 - $1).magnitude }.max() ?? 0
    }

    /// Same length and every |a_i − b_i| ≤ atol + rtol·|b_i|.
    public static func isClose(_ a: [Double], _ b: [Double], atol: Double = 1e-12, rtol: Double = 0) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= atol + rtol * abs($1) }
    }

    /// Same length and every |a_i − b_i| ≤ atol + rtol·|b_i| for complex values.
    public static func isClose(_ a: [Complex], _ b: [Complex], atol: Double = 1e-12, rtol: Double = 0) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { ($0 - $1).magnitude <= atol + rtol * $1.magnitude }
    }
}
