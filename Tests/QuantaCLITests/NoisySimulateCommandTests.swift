import Foundation
import Testing

/// `quanta simulate --noise`: exact density matrices, trajectories, readout error in counts,
/// and bad noise files, through the built binary.
@Suite(.enabled(if: QuantaBinary.isBuilt, "the quanta executable is built next to the tests"))
struct NoisySimulateCommandTests {
    static let bell = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0], q[1];\n"
        + "measure q[0] -> c[0];\nmeasure q[1] -> c[1];\n"
    static let model = #"{"gates": {"cx": [{"channel": "depolarizing", "p": 0.2}]}, "readout": {"p1given0": 0.1, "p0given1": 0}}"#

    func write(_ text: String, _ name: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func exactTrajectoriesAndCounts() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (qasm, noise) = (try write(Self.bell, "bell.qasm", in: dir), try write(Self.model, "noise.json", in: dir))
        let exact = try QuantaBinary.run(["simulate", qasm, "--noise", noise, "--probabilities", "--expect", "Z0 Z1", "--json"])
        #expect(exact.status == 0, "\(exact.stderr)")
        let j = try #require(try JSONSerialization.jsonObject(with: Data(exact.stdout.utf8)) as? [String: Any])
        let p = try #require(j["probabilities"] as? [Double])
        for (a, b) in zip(p, [0.45, 0.05, 0.05, 0.45]) { #expect(abs(a - b) < 1e-12) }
        let e = try #require((j["expectations"] as? [[String: Any]])?.first?["value"] as? Double)
        #expect(abs(e - 0.8) < 1e-12)

        let sampled = try QuantaBinary.run(["simulate", qasm, "--noise", noise, "--expect", "Z0 Z1", "--trajectories", "400", "--json"])
        #expect(sampled.status == 0 && sampled.stderr.contains("over 400 trajectories"), "\(sampled.stderr)")

        // Readout: P(00) = 0.45 · 0.81 (each 0 read as 1 with 0.1); P(11) = 0.45 + 2 · 0.05 · 0.1 + 0.45 · 0.01.
        let counts = try QuantaBinary.run(["simulate", qasm, "--noise", noise, "--shots", "20000", "--seed", "3", "--json"])
        let c = try #require((try JSONSerialization.jsonObject(with: Data(counts.stdout.utf8)) as? [String: Any])?["counts"] as? [String: Int])
        #expect(abs(Double(c["00"] ?? 0) / 20000 - 0.3645) < 0.015)
        #expect(abs(Double(c["11"] ?? 0) / 20000 - 0.4645) < 0.015)
    }

    @Test func badNoiseFilesAndOptions() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let qasm = try write(Self.bell, "bell.qasm", in: dir)
        let cases: [(String, [String], Int32, String)] = [
            (#"{"gates": {"cx": [{"channel": "depolarising", "p": 0.1}]}}"#, [], 1, "unknown noise channel 'depolarising'"),
            (#"{"default": [{"channel": "thermal_relaxation", "t1": 10, "t2": 50, "time": 1}]}"#, [], 1, "0 < T2 ≤ 2·T1"),
            (#"{"default": 3}"#, [], 1, "at .default"),
            ("{}", ["--statevector"], 64, "--statevector has no meaning with --noise"),
        ]
        for (text, extra, status, message) in cases {
            let noise = try write(text, "n.json", in: dir)
            let r = try QuantaBinary.run(["simulate", qasm, "--noise", noise] + extra)
            #expect(r.status == status && r.stderr.contains(message), "\(text): \(r.status) \(r.stderr)")
        }
        let midCircuit = try write(Self.bell + "x q[0];\n", "mid.qasm", in: dir)
        let r = try QuantaBinary.run(["simulate", midCircuit, "--noise", try write("{}", "e.json", in: dir)])
        #expect(r.status == 1 && r.stderr.contains("may only measure at its end"))
        let t = try QuantaBinary.run(["simulate", qasm, "--trajectories", "4"])
        #expect(t.status == 64 && t.stderr.contains("--trajectories needs --noise"))
    }
}
