import Foundation
import Testing

/// Issue #23: commands under `mpirun --oversubscribe -np 2 / 4` — data-parallel training equal
/// to one process, distributed state vectors equal to the one-process state, federated
/// clients over ranks, and a dead or hung rank ending the run with a message.
@Suite(.enabled(if: QuantaBinary.isBuilt, "the quanta executable is built next to the tests"))
struct DistributedCommandTests {
    static let training = ["train", "--hidden", "32", "--epochs", "2", "--seed", "3", "--json"]

    /// The JSON line's test accuracy.
    static func accuracy(_ stdout: String) throws -> Double {
        let line = try #require(stdout.split(separator: "\n").last { $0.hasPrefix("{") })
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        return try #require(object?["test_accuracy"] as? Double)
    }

    @Test(arguments: [2, 4])
    func dataParallelTrainingMatchesOneProcess(ranks: Int) throws {
        #expect(MPIRun.isInstalled, "mpirun is missing: make deps installs openmpi-bin")
        let one = try QuantaBinary.run(Self.training)
        #expect(one.status == 0, "\(one.stderr)")
        let shared = try MPIRun.run(ranks: ranks, Self.training + ["--distributed"])
        #expect(shared.status == 0 && !shared.timedOut, "\(shared.stderr)")
        #expect(shared.stderr.contains("data-parallel over \(ranks) ranks (mpirun)"), "\(shared.stderr)")
        // rank 0 alone prints: one JSON line, one result line
        #expect(shared.stdout.split(separator: "\n").filter { $0.hasPrefix("{") }.count == 1, "\(shared.stdout)")
        // The documented tolerance: the order of additions only; on digits the accuracy agrees to 1 point.
        #expect(abs(try Self.accuracy(one.stdout) - Self.accuracy(shared.stdout)) <= 0.01, "\(one.stdout)\n\(shared.stdout)")
    }

    @Test func quantumPaperModelsTrainOverRanksAndLBFGSIsRefused() throws {
        let run = ["train", "--model", "hamemb", "--epochs", "20", "--seed", "4"]
        let one = try QuantaBinary.run(run)
        let quantum = try MPIRun.run(ranks: 2, run + ["--distributed"])
        #expect(quantum.status == 0 && quantum.stderr.contains("communication on rank 0"), "\(quantum.stderr)")
        let accuracy = { (text: String) in text.split(separator: "\n").first { $0.hasPrefix("test accuracy") }?.prefix(21) }
        #expect(accuracy(one.stdout) != nil && accuracy(one.stdout) == accuracy(quantum.stdout), "\(one.stdout)\n\(quantum.stdout)")
        let lbfgs = try MPIRun.run(ranks: 2, ["train", "--model", "reupload-1q", "--distributed"])
        #expect(lbfgs.status == 64 && lbfgs.stderr.contains("trains by full-batch L-BFGS"), "\(lbfgs.status) \(lbfgs.stderr)")
    }

    @Test func interruptedDistributedRunResumesToTheSameBytes() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let whole = dir.appendingPathComponent("whole.safetensors")
        let stopped = dir.appendingPathComponent("stopped.safetensors")
        let run = ["train", "--hidden", "16", "--seed", "5", "--epochs", "2", "--distributed"]
        let full = try MPIRun.run(ranks: 2, run + ["--save", whole.path])
        #expect(full.status == 0, "\(full.stderr)")
        // SIGTERM reaches rank 1 alone after its step 17: the ranks agree in step 18's allreduce to stop there.
        let term = try MPIRun.run(ranks: 2, run + ["--save", stopped.path],
                                  environment: ["QUANTA_KILL_RANK": "1", "QUANTA_KILL_SIGNAL": "TERM", "QUANTA_KILL_AFTER_STEPS": "17"])
        #expect(term.status == 130 && term.stderr.contains("interrupted after epoch 0, batch 18"), "\(term.status) \(term.stderr)")
        let resumed = try MPIRun.run(ranks: 2, ["train", "--resume", stopped.path, "--distributed"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try Data(contentsOf: stopped) == Data(contentsOf: whole))
    }

    @Test func deadRankStopsTheRunWithAMessage() throws {
        let run = ["train", "--model", "mlp", "--epochs", "1000", "--distributed"]
        let r = try MPIRun.run(ranks: 2, run, environment: ["QUANTA_KILL_RANK": "1", "QUANTA_KILL_AFTER_STEPS": "20"],
                               timeout: 90)
        #expect(!r.timedOut && r.status != 0, "\(r.status) \(r.stderr)")
        #expect(r.seconds < 60)
        #expect(r.stderr.contains("rank 1") || r.stderr.contains("signal 9"), "\(r.stderr)")
    }

    @Test func hungRankEndsTheRunAfterTheTimeout() throws {
        let run = ["train", "--model", "mlp", "--epochs", "1000", "--distributed", "--rank-timeout", "3"]
        let r = try MPIRun.run(ranks: 2, run, environment: [
            "QUANTA_KILL_RANK": "1", "QUANTA_KILL_AFTER_STEPS": "20", "QUANTA_KILL_SIGNAL": "STOP",
        ], timeout: 90)
        #expect(!r.timedOut && r.status != 0, "\(r.status) \(r.stderr)")
        #expect(r.stderr.contains("rank 0: error: no answer from the other ranks for 3 s"), "\(r.stderr)")
    }

    /// A seeded random circuit of one- to three-qubit gates on all `qubits` (global ones too),
    /// diagonal ones (rz, cz, rzz, cu1) among them.
    static func randomProgram(qubits: Int, gates: Int, seed: UInt64) -> String {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        func distinct(_ count: Int) -> [Int] {
            var chosen: [Int] = []
            while chosen.count < count {
                let q = next(qubits)
                if !chosen.contains(q) { chosen.append(q) }
            }
            return chosen
        }
        var lines = ["OPENQASM 2.0;", "include \"qelib1.inc\";", "qreg q[\(qubits)];"]
        for _ in 0..<gates {
            let angle = Double(next(6283)) / 1000 - 3.1
            let single = ["h", "ry(\(angle))", "rz(\(angle))"]
            let pairs = ["cx", "cu3(\(angle),0.4,-0.7)", "cz", "rzz(\(angle))", "cu1(\(angle))"]
            let kind = next(single.count + pairs.count + 1)
            if kind < single.count {
                lines.append("\(single[kind]) q[\(next(qubits))];")
            } else if kind < single.count + pairs.count {
                let q = distinct(2)
                lines.append("\(pairs[kind - single.count]) q[\(q[0])],q[\(q[1])];")
            } else {
                let q = distinct(3)
                lines.append("ccx q[\(q[0])],q[\(q[1])],q[\(q[2])];")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The W1 workload: rounds × (H on every qubit, CX(i, i+1), RX(0.3) on every qubit).
    static func w1(qubits n: Int, rounds: Int) -> String {
        var lines = ["OPENQASM 2.0;", "include \"qelib1.inc\";", "qreg q[\(n)];"]
        for _ in 0..<rounds {
            lines += (0..<n).map { "h q[\($0)];" }
            lines += (0..<(n - 1)).map { "cx q[\($0)],q[\($0 + 1)];" }
            lines += (0..<n).map { "rx(0.3) q[\($0)];" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The fidelity the distributed run printed.
    static func fidelity(_ stderr: String) throws -> Double {
        let line = try #require(stderr.split(separator: "\n").first { $0.contains("fidelity with the one-process state") })
        let value = line.split(separator: ":")[1].split(separator: " ")[0]
        return try #require(Double(value))
    }

    @Test(arguments: [(2, "w1"), (4, "w1"), (2, "random"), (4, "random")])
    func distributedStateEqualsTheOneProcessState(ranks: Int, circuit: String) throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("c.qasm")
        let text = circuit == "w1" ? Self.w1(qubits: 14, rounds: 3) : Self.randomProgram(qubits: 14, gates: 120, seed: 9)
        try text.write(to: file, atomically: true, encoding: .utf8)
        let outputs = ["--expect", "Z0 Z13", "--expect", "X13 Y12 Z1", "--probabilities", "--qubits", "13,0,12"]
        let one = try QuantaBinary.run(["simulate", file.path] + outputs)
        #expect(one.status == 0, "\(one.stderr)")
        let shared = try MPIRun.run(ranks: ranks, ["simulate", file.path, "--distributed", "--verify"] + outputs)
        #expect(shared.status == 0 && !shared.timedOut, "\(shared.stderr)")
        #expect(try Self.fidelity(shared.stderr) >= 1 - 1e-12, "\(shared.stderr)")
        // both ways of handling global qubits ran: swaps, and (random circuit) gates run per rank without exchange
        let summary = try #require(shared.stderr.split(separator: "\n").first { $0.contains("with targets on global ones") })
        let numbers = Self.counts(in: String(summary))
        #expect(numbers.swapped > 0 && (circuit == "w1" || numbers.conditioned > 0), "\(summary)")
        // the same values to the 12 printed decimals
        #expect(shared.stdout == one.stdout, "\(one.stdout)\n\(shared.stdout)")
    }

    /// "…, B on global ones without exchange (…), C with targets on global ones …" → (B, C).
    static func counts(in summary: String) -> (conditioned: Int, swapped: Int) {
        func before(_ phrase: String) -> Int {
            guard let range = summary.range(of: phrase) else { return -1 }
            return Int(summary[..<range.lowerBound].split(separator: " ").last ?? "") ?? -1
        }
        return (before(" on global ones without exchange"), before(" with targets on global"))
    }

    @Test func distributedShotsCountEveryShot() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("ghz.qasm")
        let ghz = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[6];\ncreg c[2];\nh q[5];\n"
            + (0..<5).map { "cx q[5],q[\($0)];\n" }.joined() + "measure q[0] -> c[0];\nmeasure q[5] -> c[1];\n"
        try ghz.write(to: file, atomically: true, encoding: .utf8)
        let r = try MPIRun.run(ranks: 4, ["simulate", file.path, "--distributed", "--shots", "1000", "--seed", "2", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let counts = try #require(object?["counts"] as? [String: Int])
        #expect(Set(counts.keys) == ["00", "11"] && counts.values.reduce(0, +) == 1000, "\(counts)")
        #expect(abs(counts["11", default: 0] - 500) < 80, "\(counts)")
        let distributed = try #require(object?["distributed"] as? [String: Any])
        #expect(distributed["ranks"] as? Int == 4 && distributed["local_qubits"] as? Int == 4, "\(distributed)")
    }

    @Test func memoryGuardAppliesPerRank() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("w1.qasm")
        try Self.w1(qubits: 24, rounds: 1).write(to: file, atomically: true, encoding: .utf8)
        let r = try MPIRun.run(ranks: 2, ["simulate", file.path, "--distributed", "--expect", "Z0"],
                               environment: ["QUANTA_MEMORY_LIMIT": "200M"])
        #expect(r.status == 1 && !r.timedOut, "\(r.status) \(r.stderr)")
        #expect(r.stderr.contains("24 qubits over 2 ranks need") && r.stderr.contains("per rank"), "\(r.stderr)")
    }

    @Test func federatedClientsOverRanksMatchOneProcess() throws {
        let one = try QuantaBinary.run(["reproduce", "federated", "--quick"])
        #expect(one.status == 0, "\(one.stderr)")
        let shared = try MPIRun.run(ranks: 2, ["reproduce", "federated", "--quick", "--distributed"])
        #expect(shared.status == 0, "\(shared.stderr)")
        let rows = { (text: String) in text.split(separator: "\n").filter { $0.contains("test accuracy") }.map { $0.prefix(70) } }
        #expect(rows(one.stdout).count == 5 && rows(one.stdout) == rows(shared.stdout), "\(one.stdout)\n\(shared.stdout)")
    }

    @Test func distributedOptionsNeedDistributed() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("w1.qasm")
        try Self.w1(qubits: 4, rounds: 1).write(to: file, atomically: true, encoding: .utf8)
        let verify = try QuantaBinary.run(["simulate", file.path, "--verify"])
        #expect(verify.status == 64 && verify.stderr.contains("--verify needs --distributed"), "\(verify.stderr)")
        let timeout = try QuantaBinary.run(["train", "--rank-timeout", "5"])
        #expect(timeout.status == 64 && timeout.stderr.contains("--rank-timeout needs --distributed"), "\(timeout.stderr)")
    }
}
