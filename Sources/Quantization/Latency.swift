import Foundation

/// Median wall-clock milliseconds of a call: 2 warm-up calls, then 7 samples of at least 0.1 s each.
public enum Latency {
    /// Medians of `body` and `reference` with their samples interleaved (A B A B …), so that load
    /// from other processes hits both alike.
    public static func paired(_ body: () -> Void, against reference: () -> Void) -> (Double, Double) {
        func calls(_ f: () -> Void) -> Int {
            f(); f()
            let t0 = Date(); f()
            return Swift.max(1, Int(0.1 / Swift.max(Date().timeIntervalSince(t0), 1e-6)))
        }
        let (n, m) = (calls(body), calls(reference))
        var a: [Double] = [], b: [Double] = []
        for _ in 0..<7 {
            var t0 = Date()
            for _ in 0..<n { body() }
            a.append(Date().timeIntervalSince(t0) * 1000 / Double(n))
            t0 = Date()
            for _ in 0..<m { reference() }
            b.append(Date().timeIntervalSince(t0) * 1000 / Double(m))
        }
        return (a.sorted()[3], b.sorted()[3])
    }

    /// Median milliseconds of `body`: 2 warm-up calls, then 7 samples of at least 0.1 s.
    public static func milliseconds(_ body: () -> Void) -> Double {
        body(); body()
        var t0 = Date()
        body()
        let once = Swift.max(Date().timeIntervalSince(t0), 1e-6)
        let calls = Swift.max(1, Int(0.1 / once))
        var samples: [Double] = []
        for _ in 0..<7 {
            t0 = Date()
            for _ in 0..<calls { body() }
            samples.append(Date().timeIntervalSince(t0) * 1000 / Double(calls))
        }
        return samples.sorted()[3]
    }
}
