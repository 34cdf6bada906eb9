import Foundation
import Testing

/// `quanta train --task forecast`, `eval` and `predict` on forecasters, run as a user runs them;
/// bad windows, horizons and series end with a clear error (exit 1; 64 for usage).
@Suite(.enabled(if: QuantaBinary.isBuilt, "the quanta executable is built next to the tests"))
struct ForecastCommandTests {
    static func json(_ stdout: String) throws -> [String: Any] {
        let last = try #require(stdout.split(separator: "\n").last)
        return try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
    }

    /// A float64 .npy vector.
    static func npy(_ values: [Double]) -> Data {
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(values.count),), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
        data.append(Data(header.utf8))
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    @Test func trainEvaluateResumeAndForecast() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("lstm.safetensors")
        let train = try QuantaBinary.run(["train", "--task", "forecast", "--dataset", "pendulum", "--model", "lstm", "--window", "6",
                                          "--epochs", "30", "--lr", "0.01", "--save", file.path, "--json"])
        #expect(train.status == 0, "\(train.stderr)")
        let result = try Self.json(train.stdout)
        #expect(result["task"] as? String == "forecast" && result["window"] as? Int == 6 && result["horizon"] as? Int == 1)
        // A damped oscillation one step ahead: far better than predicting the mean.
        #expect((result["test_nmse"] as? Double ?? 1) < 0.2, "\(result)")
        #expect(result["free_running_nmse"] is Double)
        let eval = try QuantaBinary.run(["eval", "--checkpoint", file.path, "--json"])
        #expect(eval.status == 0 && eval.stdout.contains("lstm on pendulum test RMSE"), "\(eval.stderr)")
        #expect(abs((try Self.json(eval.stdout)["test_nmse"] as? Double ?? -1) - (result["test_nmse"] as? Double ?? -2)) < 1e-9)
        let contradicting = try QuantaBinary.run(["train", "--resume", file.path, "--task", "forecast", "--window", "5"])
        #expect(contradicting.status == 64 && contradicting.stderr.contains("--window 5 contradicts"), "\(contradicting.stderr)")
        let resumed = try QuantaBinary.run(["train", "--resume", file.path, "--epochs", "32"])
        #expect(resumed.status == 0 && resumed.stderr.contains("resumed"), "\(resumed.stderr)")
        let predict = try QuantaBinary.run(["predict", "--checkpoint", file.path, "--steps", "5"])
        #expect(predict.status == 0, "\(predict.stderr)")
        let lines = predict.stdout.split(separator: "\n")
        #expect(lines.count == 6 && lines[0] == "step,value" && lines[1].hasPrefix("1,"))
        // From the user's own recent values.
        let recent = dir.appendingPathComponent("recent.csv")
        try "v\n0.5\n1.0\n1.5\n1.0\n0.2\n-0.5\n-1.0\n".write(to: recent, atomically: true, encoding: .utf8)
        let own = try QuantaBinary.run(["predict", "--checkpoint", file.path, "--input", recent.path, "--steps", "3", "--json"])
        #expect(own.status == 0 && own.stdout.split(separator: "\n").count == 3 && own.stdout.hasPrefix("{\"step\":1"), "\(own.stderr)")
    }

    @Test func quantumRecurrentModelsTrainOnAGeneratedSeries() throws {
        for model in ["qlstm", "qfwp"] {
            let r = try QuantaBinary.run(["train", "--task", "forecast", "--dataset", "narma5:length=120,seed=2", "--model", model,
                                          "--window", "3", "--horizon", "2", "--qubits", "3", "--layers", "1", "--epochs", "2", "--json"])
            #expect(r.status == 0, "\(model): \(r.stderr)")
            #expect(try Self.json(r.stdout)["horizon"] as? Int == 2)
        }
    }

    @Test func badWindowsHorizonsAndSeriesAreClearErrors() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let gap = dir.appendingPathComponent("gap.csv")
        let text = "v\n" + (0..<30).map { $0 == 17 ? "nan" : "\($0)" }.joined(separator: "\n") + "\n"
        try text.write(to: gap, atomically: true, encoding: .utf8)
        let gapArray = dir.appendingPathComponent("gap.npy")
        try Self.npy((0..<30).map { $0 == 17 ? .nan : Double($0) }).write(to: gapArray)
        let cases: [([String], Int32, String)] = [
            (["--dataset", "pendulum", "--window", "240"], 64, "not shorter than pendulum"),
            (["--dataset", "pendulum", "--window", "4", "--horizon", "48"], 64, "the test part of pendulum"),
            (["--dataset", "csv:\(gap.path)", "--window", "4"], 1, "line 19, column 1"),
            (["--dataset", "npy:\(gapArray.path)", "--window", "4"], 1, "value 17 is nan"),
            (["--dataset", "digits", "--window", "4"], 64, "not a series"),
            (["--dataset", "pendulum:b=x", "--window", "4"], 1, "not a finite number"),
        ]
        for (extra, status, message) in cases {
            let r = try QuantaBinary.run(["train", "--task", "forecast", "--model", "gru", "--epochs", "1"] + extra)
            #expect(r.status == status && r.stderr.contains(message) && !r.crashed, "\(extra): \(r.status) \(r.stderr)")
        }
        let noWindow = try QuantaBinary.run(["train", "--task", "forecast", "--dataset", "pendulum"])
        #expect(noWindow.status == 64 && noWindow.stderr.contains("--window"), "\(noWindow.stderr)")
        let stray = try QuantaBinary.run(["train", "--dataset", "pendulum", "--window", "4"])
        #expect(stray.status == 64 && stray.stderr.contains("--task forecast"), "\(stray.stderr)")
        let untasked = try QuantaBinary.run(["train", "--dataset", "pendulum", "--epochs", "1"])
        #expect(untasked.status == 64 && untasked.stderr.contains("--task forecast"), "\(untasked.stderr)")
    }

    @Test func generatedSeriesAreListed() throws {
        let r = try QuantaBinary.run(["datasets", "list"])
        for name in ["damped-shm", "pendulum", "bessel-j2", "narma5", "narma10"] {
            #expect(r.stdout.contains("\(name) ") && r.stdout.contains("generated: \(name):"), "\(name)")
        }
        let info = try QuantaBinary.run(["datasets", "info", "narma10:length=300,seed=4"])
        #expect(info.status == 0 && info.stdout.contains("300 train"), "\(info.stderr)")
    }
}
