import Foundation
import Testing

/// Issue #14 item 9: the user's own table or arrays train from the CLI, and `quanta predict`
/// runs float, paper (quantum) and quantized checkpoints on new samples.
@Suite(.enabled(if: QuantaBinary.isBuilt, "the quanta executable is built next to the tests"))
struct UserDataTests {
    /// Three well-separated species in a table with a byte-order mark and a named class column
    /// that is not the last one.
    static func flowers(_ count: Int) -> String {
        let names = ["setosa", "versicolor", "virginica"]
        var lines = ["\u{FEFF}length,species,width"]
        for i in 0..<count {
            let k = i % 3
            let jitter = Double((i * 7919) % 100) / 500
            lines.append(String(format: "%.3f,%@,%.3f", Double(3 * k) + jitter, names[k], Double(2 * k) - jitter))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func trainEvalAndPredictFromACSVTable() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let table = dir.appendingPathComponent("flowers.csv")
        try Self.flowers(150).write(to: table, atomically: true, encoding: .utf8)
        let model = dir.appendingPathComponent("flowers.safetensors")
        let train = try QuantaBinary.run(["train", "--dataset", "csv:\(table.path)", "--label-column", "species",
                                          "--epochs", "20", "--save", model.path, "--json"])
        #expect(train.status == 0, "\(train.stderr)")
        let result = try JSONSerialization.jsonObject(with: Data(train.stdout.split(separator: "\n").last!.utf8)) as? [String: Any]
        #expect((result?["test_accuracy"] as? Double ?? 0) > 0.9, "\(train.stdout)")
        #expect(result?["data_source"] as? String == table.path)
        #expect(try QuantaBinary.run(["eval", "--checkpoint", model.path]).status == 0)

        let new = dir.appendingPathComponent("new.csv")
        try "length,width\n0.05,-0.05\n6.1,3.9\n3.0,2.0\n".write(to: new, atomically: true, encoding: .utf8)
        let predicted = try QuantaBinary.run(["predict", "--checkpoint", model.path, "--input", new.path])
        #expect(predicted.status == 0, "\(predicted.stderr)")
        let rows = predicted.stdout.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(rows.first == ["row", "class", "label", "output_0", "output_1", "output_2"])
        #expect(rows.dropFirst().map { $0[2] } == ["setosa", "virginica", "versicolor"], "\(predicted.stdout)")

        // The same through the int8 model, as JSON lines into a file; the class column of a
        // full table is ignored.
        let int8 = dir.appendingPathComponent("flowers-int8.safetensors")
        #expect(try QuantaBinary.run(["quantize", "--checkpoint", model.path, "--method", "ptq", "--out", int8.path]).status == 0)
        let out = dir.appendingPathComponent("p.jsonl")
        let quantized = try QuantaBinary.run(["predict", "--checkpoint", int8.path, "--input", table.path, "--out", out.path])
        #expect(quantized.status == 0, "\(quantized.stderr)")
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 150)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(first?["label"] as? String == "setosa" && first?["row"] as? Int == 0)

        let wrong = try QuantaBinary.run(["predict", "--checkpoint", model.path, "--input", model.path + ".csv"])
        #expect(wrong.status == 1 && wrong.stderr.contains("no such file"), "\(wrong.stderr)")
    }

    /// A .npy array in NumPy's format version 1 (float32, C order).
    static func npy(_ values: [Float], shape: [Int]) -> Data {
        let dims = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(dims)), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        data += Data([UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
        data += Data(header.utf8)
        values.withUnsafeBytes { data += Data($0) }
        return data
    }

    @Test func trainAndPredictFromNumPyArrays() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let n = 120
        var x: [Float] = []
        for i in 0..<n {
            let side: Float = i % 2 == 0 ? 1 : -1
            x.append(side + Float(i % 7) / 20)
            x.append(Float(i % 5) / 10)
        }
        let y = (0..<n).map { Float($0 % 2 == 0 ? 1 : 0) }
        let xFile = dir.appendingPathComponent("x.npy"), yFile = dir.appendingPathComponent("y.npy")
        try Self.npy(x, shape: [n, 2]).write(to: xFile)
        try Self.npy(y, shape: [n]).write(to: yFile)
        let model = dir.appendingPathComponent("m.safetensors")
        let train = try QuantaBinary.run(["train", "--dataset", "npy:\(xFile.path),\(yFile.path)", "--epochs", "10", "--save", model.path])
        #expect(train.status == 0 && train.stdout.contains("test accuracy 100.00%"), "\(train.stdout) \(train.stderr)")
        let predicted = try QuantaBinary.run(["predict", "--checkpoint", model.path, "--input", xFile.path, "--json"])
        #expect(predicted.status == 0, "\(predicted.stderr)")
        let classes = try predicted.stdout.split(separator: "\n").map { line in
            (try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["class"] as? Int ?? -1
        }
        #expect(classes == y.map { Int($0) })
    }

    /// A real-valued target trains a regression model (mean squared error on standardised
    /// targets); eval reports errors in the target's units and predict writes values.
    @Test func regressionFromATable() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var lines = ["size,rooms,price"]
        for i in 0..<300 {
            let size = 30 + Double((i * 37) % 170), rooms = Double(1 + i % 5)
            let noise = Double((i * 7919) % 200) / 3 - 33
            lines.append(String(format: "%.1f,%.0f,%.2f", size, rooms, 1000 * size + 5000 * rooms + noise))
        }
        let table = dir.appendingPathComponent("houses.csv")
        try (lines.joined(separator: "\n") + "\n").write(to: table, atomically: true, encoding: .utf8)
        let model = dir.appendingPathComponent("h.safetensors")
        let train = try QuantaBinary.run(["train", "--dataset", "csv:\(table.path)", "--epochs", "40", "--save", model.path, "--json"])
        #expect(train.status == 0, "\(train.stderr)")
        let result = try JSONSerialization.jsonObject(with: Data(train.stdout.split(separator: "\n").last!.utf8)) as? [String: Any]
        #expect(result?["task"] as? String == "regression")
        #expect((result?["test_r2"] as? Double ?? 0) > 0.99, "\(train.stdout)")
        #expect(try QuantaBinary.run(["eval", "--checkpoint", model.path]).stdout.contains("RMSE"))
        let new = dir.appendingPathComponent("new.csv")
        try "size,rooms\n100,3\n".write(to: new, atomically: true, encoding: .utf8)
        let predicted = try QuantaBinary.run(["predict", "--checkpoint", model.path, "--input", new.path])
        let value = Double(predicted.stdout.split(separator: "\n").last?.split(separator: ",").last ?? "") ?? 0
        #expect(abs(value - 115_000) < 5_000, "\(predicted.stdout)")
        // Integer targets are classes unless --task regression says otherwise.
        let asClasses = try QuantaBinary.run(["train", "--dataset", "csv:\(table.path)", "--label-column", "rooms", "--epochs", "1"])
        #expect(asClasses.stdout.contains("test accuracy"), "\(asClasses.stderr)")
        let asValues = try QuantaBinary.run(["train", "--dataset", "csv:\(table.path)", "--label-column", "rooms", "--epochs", "1",
                                             "--task", "regression"])
        #expect(asValues.stdout.contains("RMSE"), "\(asValues.stderr)")
    }

    /// A quantum (paper) model predicts from samples in the form it was trained on: points (x, y).
    @Test func quantumCheckpointsPredict() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("q.safetensors")
        #expect(try QuantaBinary.run(["train", "--model", "reupload-1q", "--epochs", "1", "--save", model.path]).status == 0)
        let points = dir.appendingPathComponent("points.csv")
        try "x,y\n0.1,0.2\n0.9,-0.9\n".write(to: points, atomically: true, encoding: .utf8)
        let r = try QuantaBinary.run(["predict", "--checkpoint", model.path, "--input", points.path])
        #expect(r.status == 0 && r.stdout.split(separator: "\n").count == 3 && r.stderr.contains("paper reupload-1q"), "\(r.stderr)")
    }
}
