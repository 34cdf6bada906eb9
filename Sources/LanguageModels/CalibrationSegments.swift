import Tensor

/// Calibration data as GPTQ draws it: `count` segments of `length` consecutive tokens starting
/// at uniformly random positions of a token stream (seeded); the whole stream, cut into
/// segments, when it is shorter than one segment per draw would need.
public enum CalibrationSegments {
    public static func draw(from ids: [Int], count: Int, length: Int, seed: UInt64) throws -> [[Int]] {
        guard ids.count >= 2 else { throw TokenizerError.unsupported("the calibration text has \(ids.count) token(s)") }
        guard ids.count > length else { return [ids] }
        var rng = RandomGenerator(seed: seed)
        return (0..<count).map { _ in
            let start = Int(rng.next() % UInt64(ids.count - length))
            return Array(ids[start..<(start + length)])
        }
    }
}
