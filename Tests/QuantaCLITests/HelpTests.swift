import Foundation
import Testing

/// The generated help (snapshots of every command's `--help`), `quanta help CMD`, `--version`,
/// short usage errors with suggestions, and `quanta reproduce --list/--json` — through the binary.
@Suite(.enabled(if: QuantaBinary.isBuilt)) struct HelpTests {
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("HelpSnapshots")
    static let commands = ["demo", "train", "eval", "predict", "datasets", "quantize", "simulate", "reproduce", "attack", "vqe", "tokenize", "embed", "generate", "perplexity", "models"]

    /// The reproductions' names (first column of `quanta reproduce --list`).
    static func reproductionNames() throws -> [String] {
        let list = try QuantaBinary.run(["reproduce", "--list"]).stdout.split(separator: "\n").dropFirst(2)
        return list.compactMap { $0.split(separator: " ").first.map(String.init) }
    }

    /// The help without the lines generated from the reproduction registry (one per
    /// reproduction, "  NAME  summary"), which `reproduceListsEveryReproduction` checks instead.
    static func withoutRegistryLines(_ help: String) throws -> String {
        let names = try reproductionNames()
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            !names.contains { line.hasPrefix("  \($0) ") }
        }
        return lines.joined(separator: "\n")
    }

    /// Each command's help is its snapshot, whole (but for reproduce's registry lines). After an
    /// intended change, run the tests with QUANTA_UPDATE_SNAPSHOTS=1 to rewrite the files, and
    /// review their diff.
    @Test(arguments: commands) func helpMatchesItsSnapshot(command: String) throws {
        let help = try QuantaBinary.run([command, "--help"])
        #expect(help.status == 0 && help.stderr.isEmpty)
        let file = Self.snapshots.appendingPathComponent("\(command).txt")
        // Only reproduce's help lists the registry (a method such as quantize's hawq may share a name).
        let text = command == "reproduce" ? try Self.withoutRegistryLines(help.stdout) : help.stdout
        if ProcessInfo.processInfo.environment["QUANTA_UPDATE_SNAPSHOTS"] != nil {
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(text == expected, "quanta \(command) --help differs from \(file.path)")
        #expect(try QuantaBinary.run(["help", command]).stdout == help.stdout)
    }

    @Test func versionAndTopLevelHelp() throws {
        let version = try QuantaBinary.run(["--version"])
        #expect(version.status == 0 && version.stdout.range(of: #"^quanta \d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil)
        let help = try QuantaBinary.run(["help"])
        #expect(help.status == 0 && Self.commands.allSatisfy { help.stdout.contains("  " + $0 + " ") })
        let unknown = try QuantaBinary.run(["help", "trian"])
        #expect(unknown.status == 64 && unknown.stderr.contains("Did you mean 'train'?"))
    }

    /// A usage error prints the error, one usage line and where the help is: at most 4 lines, exit 64.
    @Test func usageErrorsAreShortAndSuggest() throws {
        let cases: [([String], String)] = [
            (["train", "--epoch", "3"], "Did you mean '--epochs'?"),
            (["quantize", "--method", "xyz"], "--method must be one of ptq, qat, rtn, hawq, zeroq, adaround, brecq, distill, nupes, codebook, qfx, gptq, rsq, got 'xyz'"),
            (["trian"], "Did you mean 'train'?"),
            (["reproduce", "qcnn-hurr"], "Did you mean 'qcnn-hur'?"),
            (["train", "--model", "lenet"], "Did you mean 'lenet5'?"),
            (["simulate"], "missing FILE.qasm"),
            (["train", "--optimizer", "adma"], "Did you mean 'adam'?"),
        ]
        for (arguments, message) in cases {
            let r = try QuantaBinary.run(arguments)
            let lines = r.stderr.split(separator: "\n")
            #expect(r.status == 64 && lines.count <= 4 && r.stderr.contains(message), "\(arguments): \(r.stderr)")
            #expect(r.stderr.hasPrefix("error: ") && r.stdout.isEmpty)
        }
        let train = try QuantaBinary.run(["train", "--epoch", "3"]).stderr
        #expect(train.contains("Usage: quanta train") && train.contains("See 'quanta train --help'."))
    }

    @Test func reproduceListsEveryReproduction() throws {
        let list = try QuantaBinary.run(["reproduce", "--list"])
        #expect(list.status == 0)
        let names = try Self.reproductionNames()
        for name in ["hamiltonian-embedding", "qcnn-hur", "reupload-circle"] { #expect(names.contains(name)) }
        #expect(list.stdout.contains("arXiv 2407.14055") && list.stdout.contains("digits"))
        let help = try QuantaBinary.run(["reproduce", "--help"]).stdout
        for name in names { #expect(help.contains("  \(name)  "), "\(name) is not in reproduce --help") }
    }

    static let sharedData = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/datasets")

    /// The quick form of the fastest reproduction ends stdout with the documented JSON object and
    /// writes its report and plot.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedData.appendingPathComponent("mnist").path)))
    func reproduceQuickJSONAndReport() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = dir.appendingPathComponent("out/hur.md")
        let r = try QuantaBinary.run(["reproduce", "qcnn-hur", "--quick", "--seeds", "1", "--json", "--data-dir", Self.sharedData.path,
                                      "--report", report.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("quick form"))
        let last = try #require(r.stdout.split(separator: "\n").last)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect(object["reproduction"] as? String == "qcnn-hur" && object["quick"] as? Bool == true)
        #expect((object["paper"] as? [String: Any])?["arxiv"] as? String == "2108.00661")
        let row = try #require((object["rows"] as? [[String: Any]])?.first)
        #expect(row["seeds"] as? Int == 1 && row["std"] is NSNull && row["paper_value"] as? Double == 98.5)
        #expect((row["value"] as? Double ?? 0) > 90)
        let markdown = try String(contentsOf: report, encoding: .utf8)
        #expect(markdown.contains("![") && markdown.contains("| qcnn-hur"))
        let svg = try String(contentsOf: dir.appendingPathComponent("out/hur-1.svg"), encoding: .utf8)
        #expect(svg.contains("<polyline"))
    }
}
