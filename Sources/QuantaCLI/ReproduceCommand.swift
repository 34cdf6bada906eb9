import Foundation
import Quanta
import Reproductions

/// `quanta reproduce NAME`: reruns a paper's experiments and prints Quanta's numbers beside
/// the paper's. Every Quanta number is computed in the run; the paper's are constants in the
/// paper's file under `Sources/Reproductions`.
struct ReproduceCommand: Command {
    let name = "reproduce"
    let summary = "rerun a published model and print Quanta's numbers beside the paper's"
    let usage = ["reproduce NAME [--quick] [--seeds N] [--threads T] [--data-dir DIR] [--json] [--report FILE.md]",
                 "reproduce --list"]

    var discussion: String {
        let width = Reproductions.all.map(\.name.count).max() ?? 0
        let rows = Reproductions.all.map { r in
            "  " + r.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + r.summary
        }
        return "Reproductions:\n" + rows.joined(separator: "\n")
    }

    let epilogue = """
        The CNN quantization papers (hawq, …) start from one float ResNet-20, trained once per configuration and
        kept under $QUANTA_CACHE (default ~/.cache/quanta)/baselines; delete a file there to train it again.
        """

    let sections = [
        OptionSection("Options", [
            Option.flag("list", "list the reproductions, their papers and whether their data sets are present"),
            Option.flag("quick", "the quick form: fewer epochs, seeds and samples (≤ 3 minutes on 2 cores)"),
            Option("seeds", "N", "seeds per row", .int(1...100), default: "5; --quick 2"),
            Option("report", "FILE.md", "also write a markdown report with the table and SVG learning curves beside it"),
        ]),
        OptionSection("Distributed", DistributedRun.options, note: """
            mpirun -np K quanta reproduce NAME --distributed: reproductions that share work over ranks do
            (federated: the clients); the others run whole on every rank. Rank 0 prints and writes the report.
            """),
        CommonOptions.section([CommonOptions.threads, CommonOptions.dataDir, CommonOptions.json]),
    ]

    func run(_ args: Arguments, io: Console) throws -> Int32 {
        let dataDir = args.url("data-dir")
        if args.flag("list") {
            try args.expectPositionals([])
            io.out(Self.list(dataDir: dataDir))
            return 0
        }
        try args.expectPositionals(["the reproduction's NAME (quanta reproduce --list)"])
        let name = args.positionals[0]
        guard let reproduction = Reproductions.named(name) else {
            let suggestion = Suggestion.text(for: name, among: Reproductions.all.map(\.name))
            throw UsageError("unknown reproduction '\(name)'\(suggestion) (quanta reproduce --list)")
        }
        let quick = args.flag("quick")
        let seeds = try args.int("seeds", default: quick ? reproduction.seeds.quick : reproduction.seeds.full)
        let threads = try args.int("threads")
        Threading.setThreads(threads)
        IntegerGEMM.setThreads(threads)
        let reportURL = args.url("report")
        try OutputFiles.check(outputs: OutputFiles.given(args, ["report"], createsFolders: true), inputs: [])
        let log = io.err
        var context = ReproductionContext(quick: quick, seeds: seeds, threads: threads, dataDir: dataDir, log: { log($0) })
        context.collective = try DistributedRun.collective(args)
        if quick { io.err("\(reproduction.name), quick form: \(reproduction.quickForm)") }
        for name in reproduction.datasets {
            io.err("\(name) read from \(DatasetRegistry.find(name, dataDir: dataDir)?.path ?? "(not found)")")
        }
        let result = try reproduction.run(context)
        io.out((quick ? "\(reproduction.name) (quick form: \(reproduction.quickForm))\n" : "") + result.table)
        for note in result.notes { io.out("note: " + note) }
        if let reportURL, DistributedRun.writesFiles(args) { try Self.writeReport(result, of: reproduction, quick: quick, to: reportURL, io: io) }
        if args.flag("json") { io.out(try JSONLine.encode(result.summary(of: reproduction, quick: quick))) }
        return 0
    }

    /// `--list`: name, paper, data sets present or not.
    static func list(dataDir: URL?) -> String {
        let rows = Reproductions.all.map { r -> [String] in
            let data = r.datasets.map { name in
                DatasetRegistry.find(name, dataDir: dataDir) == nil ? "\(name) (missing)" : name
            }
            return [r.name, "\(r.paper.citation), arXiv \(r.paper.arxiv)", data.isEmpty ? "generated" : data.joined(separator: ", ")]
        }
        return TextTable(header: ["name", "paper", "data sets"], rows: rows).text
    }

    /// The markdown report and its plots (FILE-1.svg, …) and images (FILE-image-1.png, …) beside it.
    static func writeReport(_ result: ReproductionResult, of reproduction: Reproduction, quick: Bool, to url: URL,
                            io: Console) throws {
        let base = url.deletingPathExtension().lastPathComponent
        let folder = url.deletingLastPathComponent()
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw CommandError("\(folder.path): cannot create the report's folder: \(error.localizedDescription)")
        }
        var files: [String] = []
        for (i, plot) in result.plots.enumerated() {
            let file = "\(base)-\(i + 1).svg"
            try SafeTensors.writeAtomically(Data(plot.svg.utf8), to: folder.appendingPathComponent(file))
            files.append(file)
        }
        var pictures: [String] = []
        for (i, image) in result.images.enumerated() {
            let file = "\(base)-image-\(i + 1).png"
            try SafeTensors.writeAtomically(image.png, to: folder.appendingPathComponent(file))
            pictures.append(file)
        }
        let markdown = result.markdown(of: reproduction, quick: quick, plotFiles: files, imageFiles: pictures)
        try SafeTensors.writeAtomically(Data(markdown.utf8), to: url)
        io.err("report written to \(url.path) (\(files.count) plots" + (pictures.isEmpty ? ")" : ", \(pictures.count) images)"))
    }
}
