import Foundation
import Testing

/// Issue #14 item 5: --resume keeps the stored run. Options that contradict it are refused,
/// the same values are accepted, and --epochs extends the run without reshaping the schedule.
@Suite(.enabled(if: QuantaBinary.isBuilt, "the quanta executable is built next to the tests"))
struct ResumeRuleTests {
    @Test func contradictingOptionsAreRefused() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("run.safetensors").path
        #expect(try QuantaBinary.run(["train", "--hidden", "16", "--epochs", "2", "--save", file]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: file))
        for options in [["--lr", "50"], ["--batch-size", "7"], ["--model", "cnn"], ["--dataset", "iris"], ["--hidden", "32"],
                        ["--seed", "3"], ["--epochs", "1"]] {
            let r = try QuantaBinary.run(["train", "--resume", file] + options)
            #expect(r.status == 64 && r.stderr.contains(options[0]), "\(options): \(r.status) \(r.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == before)
        let same = try QuantaBinary.run(["train", "--resume", file, "--batch-size", "32", "--hidden", "16", "--dataset", "digits"])
        #expect(same.status == 0, "\(same.stderr)")

        let paper = dir.appendingPathComponent("paper.safetensors").path
        #expect(try QuantaBinary.run(["train", "--model", "reupload-1q", "--epochs", "1", "--save", paper]).status == 0)
        let lr = try QuantaBinary.run(["train", "--resume", paper, "--lr", "0.5"])
        #expect(lr.status == 64 && lr.stderr.contains("--lr 0.5 contradicts"), "\(lr.stderr)")
    }

    /// Extending a cosine run: the added epochs continue at the schedule's final rate (the rate
    /// used to jump from 2.6e-10 back to 2.9e-4).
    @Test func extendingKeepsTheSchedule() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("run.safetensors").path
        let metrics = dir.appendingPathComponent("m.jsonl").path
        #expect(try QuantaBinary.run(["train", "--hidden", "16", "--epochs", "3", "--save", file, "--metrics-out", metrics]).status == 0)
        let r = try QuantaBinary.run(["train", "--resume", file, "--epochs", "5", "--metrics-out", metrics])
        #expect(r.status == 0 && r.stderr.contains("keeps its 3 epochs"), "\(r.stderr)")
        let rates = try String(contentsOfFile: metrics, encoding: .utf8).split(separator: "\n").map { line -> Double in
            let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return json?["lr"] as? Double ?? .nan
        }
        #expect(rates.count == 5)
        #expect(rates[3] <= rates[2] && rates[4] <= rates[2], "\(rates)")
        #expect(rates[1] < rates[0] && rates[2] < rates[1], "\(rates)")
    }
}
