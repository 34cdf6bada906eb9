import Foundation
import Testing

/// Issue #14 item 4: every training, quantization and evaluation run's JSON carries the fields
/// the README documents, in snake_case, and numbers only.
@Suite(.enabled(if: QuantaBinary.isBuilt, "the quanta executable is built next to the tests"))
struct JSONFieldTests {
    static let documented = ["test_loss", "confusion", "parameters"]

    func lastJSON(_ r: QuantaBinary.Result) throws -> [String: Any] {
        let line = try #require(r.stdout.split(separator: "\n").last, "no output: \(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    func expectDocumented(_ json: [String: Any], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for key in Self.documented {
            #expect(json[key] != nil, "\(what) lacks \(key)", sourceLocation: sourceLocation)
        }
        #expect(json.keys.allSatisfy { $0 == $0.lowercased() }, "\(what) keys \(json.keys.sorted())", sourceLocation: sourceLocation)
        let loss = json["test_loss"] as? Double
        #expect(loss.map { $0.isFinite && $0 >= 0 } == true, "\(what) test_loss \(String(describing: loss))",
                sourceLocation: sourceLocation)
    }

    @Test func quantumAndQuantizedRunsCarryTheDocumentedFields() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let paper = try QuantaBinary.run(["train", "--model", "reupload-1q", "--epochs", "1", "--json"])
        #expect(paper.status == 0, "\(paper.stderr)")
        let quantum = try lastJSON(paper)
        expectDocumented(quantum, "paper train")
        let confusion = try #require(quantum["confusion"] as? [[Int]])
        let correct = confusion.indices.map { confusion[$0][$0] }.reduce(0, +)
        let total = confusion.flatMap { $0 }.reduce(0, +)
        #expect(abs(Double(correct) / Double(total) - (quantum["test_accuracy"] as? Double ?? -1)) < 1e-12)

        let checkpoint = dir.appendingPathComponent("m.safetensors")
        #expect(try QuantaBinary.run(["train", "--hidden", "16", "--epochs", "1", "--save", checkpoint.path]).status == 0)
        let out = dir.appendingPathComponent("q.safetensors")
        let ptq = try QuantaBinary.run(["quantize", "--checkpoint", checkpoint.path, "--method", "ptq", "--json", "--out", out.path])
        #expect(ptq.status == 0, "\(ptq.stderr)")
        expectDocumented(try lastJSON(ptq), "quantize ptq")
        let eval = try QuantaBinary.run(["eval", "--checkpoint", out.path, "--json"])
        expectDocumented(try lastJSON(eval), "eval of a quantized file")
    }
}
