import Foundation
import Testing

/// Issue #14 item 10: seeded, time-bounded fuzzing inside the test process. Mutated float,
/// PTQ and RTN checkpoints, targeted metadata edits, IDX, CSV and .ts data files, QASM text
/// and numeric flags must each end with exit 0, 1 or 64 — never a crash (a crash would end
/// this process) — with a message on failure, and leave every input file as it was.
@Suite(.serialized) struct FuzzTests {
    /// A small deterministic generator (SplitMix64).
    struct Mutator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(max(bound, 1)))
        }

        /// Truncation, byte flips, a scrambled header or a block of garbage.
        mutating func mutate(_ bytes: [UInt8]) -> [UInt8] {
            var b = bytes
            switch next(5) {
            case 0: b = Array(b.prefix(next(b.count)))
            case 1: for _ in 0..<(1 + next(8)) where !b.isEmpty { b[next(b.count)] = UInt8(next(256)) }
            case 2: for i in 0..<min(24, b.count) { b[i] = UInt8(next(256)) }
            case 3: b.insert(contentsOf: (0..<(1 + next(64))).map { _ in UInt8(next(256)) }, at: next(b.count + 1))
            default:
                // a line or block repeated: drop the tail and append another part of the file
                b.removeSubrange(next(b.count + 1)..<b.count)
                b += Array(bytes.suffix(next(bytes.count + 1)))
            }
            return b
        }

        /// Every other case a byte mutation, else a line-level edit that keeps the file text.
        mutating func mutateText(_ bytes: [UInt8]) -> [UInt8] {
            guard next(2) == 0 else { return mutate(bytes) }
            var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let i = next(lines.count), j = next(lines.count)
            switch next(4) {
            case 0: lines.remove(at: i)
            case 1: lines.insert(lines[i], at: j)
            case 2: lines.swapAt(i, j)
            default:
                let number = FuzzTests.hostileNumbers[next(FuzzTests.hostileNumbers.count)]
                lines[i] = lines[i].replacingOccurrences(of: #"\d+(\.\d+)?"#, with: number, options: .regularExpression)
            }
            return Array(lines.joined(separator: "\n").utf8)
        }
    }

    /// Line-level edits of a text file: a line deleted, repeated or moved, or a number
    /// replaced by a hostile one — inputs that stay readable text.
    static let hostileNumbers = ["-1", "0", "1e400", "nan", "-inf", "99999999999999999999", "1.5", "", "0x1F", "--3"]

    static func expectClean(_ r: InProcessCLI.Result, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect([0, 1, 64].contains(r.status), "\(what): status \(r.status)", sourceLocation: sourceLocation)
        if r.status != 0 {
            #expect(r.stderr.hasPrefix("error: ") || r.stderr.contains(": error: "), "\(what): no message: \(r.stderr)",
                    sourceLocation: sourceLocation)
        }
    }

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quanta-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `command(bad)` for `count` mutations of `good`; the mutated file is not changed by the run.
    static func campaign(_ good: [UInt8], count: Int, seed: UInt64, in dir: URL, name: String, text: Bool = false,
                         command: (String) -> [String]) throws -> Int {
        var m = Mutator(state: seed)
        var failures = 0
        let bad = dir.appendingPathComponent(name)
        for i in 0..<count {
            let bytes = text ? m.mutateText(good) : m.mutate(good)
            try Data(bytes).write(to: bad)
            let r = InProcessCLI.run(command(bad.path))
            expectClean(r, "\(name) #\(i) (seed \(seed))")
            #expect(try Data(contentsOf: bad) == Data(bytes), "\(name) #\(i): the input changed")
            if r.status != 0 { failures += 1 }
        }
        return failures
    }

    @Test func checkpointsAndQuantizedFiles() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let float = dir.appendingPathComponent("f.safetensors").path
        #expect(InProcessCLI.run(["train", "--hidden", "8", "--epochs", "1", "--save", float]).status == 0)
        let ptq = dir.appendingPathComponent("p.safetensors").path
        let rtn = dir.appendingPathComponent("r.safetensors").path
        #expect(InProcessCLI.run(["quantize", "--checkpoint", float, "--method", "ptq", "--out", ptq]).status == 0)
        #expect(InProcessCLI.run(["quantize", "--checkpoint", float, "--method", "rtn", "--weight-bits", "4", "--out", rtn]).status == 0)
        for (i, file) in [float, ptq, rtn].enumerated() {
            let good = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
            let failed = try Self.campaign(good, count: 40, seed: UInt64(10 + i), in: dir, name: "bad\(i).safetensors") {
                ["eval", "--checkpoint", $0]
            }
            #expect(failed >= 20, "only \(failed) of 40 damaged files were refused")
        }
        let good = try [UInt8](Data(contentsOf: URL(fileURLWithPath: float)))
        _ = try Self.campaign(good, count: 10, seed: 20, in: dir, name: "resume.safetensors") { ["train", "--resume", $0] }
    }

    static let hostileValues: [Any] = [-1, 0, 2_147_483_648, 1e308, -1e308, 1.5, "x", NSNull(), [Int](), [-5], [0, 0], ["a"],
                                       ["k": 1], true, 9_223_372_036_854_775_807]

    @Test func targetedMetadataEdits() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.safetensors")
        #expect(InProcessCLI.run(["train", "--hidden", "8", "--epochs", "1", "--save", good.path]).status == 0)
        let fields = [("quanta.model", ["name", "inputShape", "classes", "hidden", "channels", "seed", "dataset", "normalization", "classNames"]),
                      ("quanta.train", ["epochs", "batchSize", "learningRate", "optimizer", "schedule", "warmup", "clipNorm",
                                        "testFraction", "validationFraction", "seed", "scheduleEpochs"]),
                      ("quanta.trainer", ["epoch", "step", "batchInEpoch", "lossSum", "correct", "seen", "bestAccuracy", "bestEpoch"])]
        var m = Mutator(state: 30)
        let bad = dir.appendingPathComponent("edited.safetensors")
        let samples = dir.appendingPathComponent("samples.csv")
        let header = (0..<64).map { "p\($0)" }.joined(separator: ",")
        try (header + "\n" + Array(repeating: "0.5", count: 64).joined(separator: ",") + "\n").write(to: samples, atomically: true, encoding: .utf8)
        for i in 0..<60 {
            let (key, names) = fields[m.next(fields.count)]
            let field = names[m.next(names.count)]
            let value = Self.hostileValues[m.next(Self.hostileValues.count)]
            try SafeTensorsEdit.metadata(good, to: bad, key: key, field: field, value: value)
            let before = try Data(contentsOf: bad)
            let command = i % 3 == 0 ? ["train", "--resume", bad.path, "--save", dir.appendingPathComponent("o.safetensors").path]
                : i % 3 == 1 ? ["eval", "--checkpoint", bad.path] : ["predict", "--checkpoint", bad.path, "--input", samples.path]
            Self.expectClean(InProcessCLI.run(command), "\(key).\(field) = \(value) (\(command[0]))")
            #expect(try Data(contentsOf: bad) == before)
        }
    }

    @Test func dataFiles() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let mnist = dir.appendingPathComponent("mnist")
        try FileManager.default.createDirectory(at: mnist, withIntermediateDirectories: true)
        var m = Mutator(state: 40)
        func header(_ words: [UInt32]) -> [UInt8] { words.flatMap { withUnsafeBytes(of: $0.bigEndian, Array.init) } }
        let images = header([0x803, 20, 28, 28]) + (0..<(20 * 784)).map { _ in UInt8(m.next(256)) }
        let labels = header([0x801, 20]) + (0..<20).map { UInt8($0 % 10) }
        for part in ["t10k", "train"] {
            try Data(images).write(to: mnist.appendingPathComponent("\(part)-images-idx3-ubyte"))
            try Data(labels).write(to: mnist.appendingPathComponent("\(part)-labels-idx1-ubyte"))
        }
        let train = ["train", "--dataset", "mnist", "--data-dir", dir.path, "--hidden", "4", "--epochs", "1"]
        for (name, good) in [("train-images-idx3-ubyte", images), ("train-labels-idx1-ubyte", labels)] {
            _ = try Self.campaign(good, count: 30, seed: 41, in: mnist, name: name) { _ in train }
            try Data(good).write(to: mnist.appendingPathComponent(name))
        }
        let table = Array("a,b,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n2,2,0\n9,9,1\n".utf8)
        _ = try Self.campaign(table, count: 40, seed: 42, in: dir, name: "t.csv", text: true) {
            ["train", "--dataset", "csv:\($0)", "--hidden", "4", "--epochs", "1", "--validation-fraction", "0"]
        }
        let ts = dir.appendingPathComponent("italy-power-demand")
        try FileManager.default.createDirectory(at: ts, withIntermediateDirectories: true)
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("data/italy-power-demand")
        let test = try Data(contentsOf: source.appendingPathComponent("ItalyPowerDemand_TEST.ts"))
        try test.write(to: ts.appendingPathComponent("ItalyPowerDemand_TEST.ts"))
        let trainTS = try [UInt8](Data(contentsOf: source.appendingPathComponent("ItalyPowerDemand_TRAIN.ts")))
        _ = try Self.campaign(trainTS, count: 30, seed: 43, in: ts, name: "ItalyPowerDemand_TRAIN.ts", text: true) { _ in
            ["datasets", "info", "italy-power-demand", "--data-dir", dir.path]
        }
    }

    @Test func qasmAndNumericFlags() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let program = Array("""
            OPENQASM 3.0;
            include "stdgates.inc";
            input float[64] theta;
            qubit[3] q;
            bit[3] c;
            h q[0];
            rx(theta / 2) q[1];
            ctrl @ x q[0], q[2];
            c = measure q;
            """.utf8)
        let simulate = { (file: String) in ["simulate", file, "--param", "theta=0.3", "--shots", "10", "--expect", "Z0"] }
        let original = dir.appendingPathComponent("good.qasm")
        try Data(program).write(to: original)
        #expect(InProcessCLI.run(simulate(original.path)).status == 0)
        _ = try Self.campaign(program, count: 80, seed: 50, in: dir, name: "c.qasm", text: true, command: simulate)
        let bell = dir.appendingPathComponent("bell.qasm")
        try "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nh q[0];\ncx q[0],q[1];\n".write(to: bell, atomically: true, encoding: .utf8)
        let values = ["-1", "0", "1e400", "nan", "inf", "0x10", "", "9999999999999999999999", "1.5", "-0", "1_000", " 3"]
        let flags: [(String, [String])] = [
            ("--epochs", ["train", "--hidden", "4"]), ("--batch-size", ["train", "--hidden", "4", "--epochs", "1"]),
            ("--lr", ["train", "--hidden", "4", "--epochs", "1"]), ("--hidden", ["train", "--epochs", "1"]),
            ("--shots", ["simulate", bell.path]), ("--seed", ["train", "--hidden", "4", "--epochs", "1"]),
            ("--threads", ["train", "--hidden", "4", "--epochs", "1"]), ("--test-fraction", ["train", "--hidden", "4", "--epochs", "1"]),
        ]
        for (flag, command) in flags {
            for value in values {
                let r = InProcessCLI.run(command + [flag, value])
                Self.expectClean(r, "\(flag) '\(value)'")
            }
        }
    }
}
