/// Small generative-modelling data sets of n-bit strings, as basis indices (bit i = pixel or
/// position i): the targets of Born machines.
public enum BitstringPatterns {
    /// Bars and stripes on a rows×columns grid (pixel (r, c) is bit r·columns + c): every choice of
    /// full rows (stripes) or of full columns (bars); the empty and full grids once each.
    /// 2^rows + 2^columns − 2 patterns.
    public static func barsAndStripes(rows: Int, columns: Int) throws -> [Int] {
        guard rows >= 1, columns >= 1, rows * columns <= 30 else {
            throw DatasetError.invalidArgument("bars and stripes need 1–30 pixels, got \(rows)×\(columns)")
        }
        var patterns = Set<Int>()
        for choice in 0..<(1 << rows) {
            patterns.insert((0..<(rows * columns)).reduce(0) { $0 | ((choice >> ($1 / columns)) & 1) << $1 })
        }
        for choice in 0..<(1 << columns) {
            patterns.insert((0..<(rows * columns)).reduce(0) { $0 | ((choice >> ($1 % columns)) & 1) << $1 })
        }
        return patterns.sorted()
    }

    /// The n-bit strings with exactly k ones: C(n, k) patterns.
    public static func cardinality(bits n: Int, ones k: Int) throws -> [Int] {
        guard (1...24).contains(n), (0...n).contains(k) else {
            throw DatasetError.invalidArgument("cardinality data need 1–24 bits and 0…n ones, got \(n) bits, \(k) ones")
        }
        return (0..<(1 << n)).filter { $0.nonzeroBitCount == k }
    }
}
