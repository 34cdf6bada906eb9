import Foundation
import Testing

/// Issue #14 item 7: SIGTERM or Ctrl-C during training writes a resumable checkpoint and
/// exits 130; temporary files left by a kill are cleaned at the next write; identical runs
/// write byte-identical files.
@Suite(.enabled(if: QuantaBinary.isBuilt, "the quanta executable is built next to the tests"))
struct InterruptionTests {
    @Test func terminatedRunSavesAndResumesToTheSameBytes() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let stopped = dir.appendingPathComponent("stopped.safetensors")
        let whole = dir.appendingPathComponent("whole.safetensors")
        let run = ["train", "--hidden", "16", "--epochs", "2"]
        let term = try QuantaBinary.run(run + ["--save", stopped.path],
                                        environment: ["QUANTA_KILL_SIGNAL": "TERM", "QUANTA_KILL_AFTER_STEPS": "17"])
        #expect(term.status == 130 && !term.crashed, "\(term.status) \(term.stderr)")
        #expect(term.stderr.contains("interrupted after epoch 0, batch 17") && term.stderr.contains("--resume"), "\(term.stderr)")
        #expect(try QuantaBinary.run(["train", "--resume", stopped.path]).status == 0)
        #expect(try QuantaBinary.run(run + ["--save", whole.path]).status == 0)
        #expect(try Data(contentsOf: stopped) == Data(contentsOf: whole))
        // Metadata keys are sorted: a second identical run writes the same bytes.
        let again = dir.appendingPathComponent("again.safetensors")
        #expect(try QuantaBinary.run(run + ["--save", again.path]).status == 0)
        let bytes = try Data(contentsOf: again)
        #expect(bytes == (try Data(contentsOf: whole)))
    }

    @Test func interruptWithoutSaveSaysNothingWasSaved() throws {
        let r = try QuantaBinary.run(["train", "--hidden", "16", "--epochs", "3"],
                                     environment: ["QUANTA_KILL_SIGNAL": "INT", "QUANTA_KILL_AFTER_STEPS": "5"])
        #expect(r.status == 130 && r.stderr.contains("nothing saved"), "\(r.status) \(r.stderr)")
    }

    @Test func leftoversOfKilledWritesAreCleaned() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let leftover = dir.appendingPathComponent(".m.safetensors.2147483000.tmp")
        let unrelated = dir.appendingPathComponent(".other.safetensors.2147483000.tmp")
        for file in [leftover, unrelated] { try Data([1, 2, 3]).write(to: file) }
        let save = dir.appendingPathComponent("m.safetensors")
        #expect(try QuantaBinary.run(["train", "--hidden", "8", "--epochs", "1", "--save", save.path]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: leftover.path))
        #expect(FileManager.default.fileExists(atPath: unrelated.path))
    }
}
