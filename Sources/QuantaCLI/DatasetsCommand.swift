import Foundation
import Quanta

/// `quanta datasets list | info NAME | fetch NAME`.
struct DatasetsCommand: Command {
    let name = "datasets"
    let summary = "list the known data sets, describe one, or download one (checked by SHA-256)"
    let usage = ["datasets list [--data-dir DIR] [--json]", "datasets info NAME [--data-dir DIR] [--json]",
                 "datasets fetch NAME [--data-dir DIR] [--mirror URL]"]
    let discussion = """
        Data sets are looked for in: --data-dir DIR/NAME, $QUANTA_DATA/NAME, the folders Debian
        packages install to (e.g. /usr/share/datasets/fashion-mnist from dataset-fashion-mnist),
        and the project's data/ folder (small sets are embedded there).
        fetch downloads NAME's files from their canonical address (or --mirror URL, a folder
        holding the same file names) into DIR/NAME (default $QUANTA_DATA or the project data/),
        verifies each file's SHA-256 before moving it into place, and keeps good files already there.
        """
    let sections = [
        OptionSection("Options", [Option("mirror", "URL", "fetch from this folder URL instead of the canonical address")]),
        CommonOptions.section([CommonOptions.dataDir, CommonOptions.json]),
    ]

    /// One row of `list --json`.
    struct Entry: Encodable {
        var name: String
        var task: String
        var title: String
        var found: String?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(task, forKey: .task)
            try c.encode(title, forKey: .title)
            try c.encode(found, forKey: .found)
        }

        enum CodingKeys: String, CodingKey { case name, task, title, found }
    }

    /// `list --json`.
    struct List: Encodable { var datasets: [Entry] }

    func run(_ args: Arguments, io: Console) throws -> Int32 {
        guard let action = args.positionals.first else { throw UsageError("missing action: list, info or fetch") }
        let dataDir = args.url("data-dir")
        switch action {
        case "list":
            guard args.positionals.count == 1 else { throw UsageError("list takes no names") }
            var rows: [Entry] = []
            for d in DatasetRegistry.all {
                let found = DatasetRegistry.find(d.name, dataDir: dataDir)
                io.out("\(d.name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(d.task.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)) "
                    + (found.map { "found: \($0.path)" } ?? "not found (quanta datasets fetch \(d.name))"))
                rows.append(Entry(name: d.name, task: d.task.rawValue, title: d.title, found: found?.path))
            }
            for g in SeriesGenerator.all {
                let parameters = g.parameters.map { "\($0.name)=\(SeriesGenerator.text($0.value))" }.joined(separator: ",")
                io.out("\(g.name.padding(toLength: 20, withPad: " ", startingAt: 0)) \("forecasting".padding(toLength: 15, withPad: " ", startingAt: 0)) "
                    + "generated: \(g.name):\(parameters)")
                rows.append(Entry(name: g.name, task: "forecasting", title: g.title, found: "generated"))
            }
            if args.flag("json") { io.out(try JSONLine.encode(List(datasets: rows))) }
        case "info":
            guard args.positionals.count == 2 else { throw UsageError("info takes one data set name") }
            let info = try DatasetRegistry.info(args.positionals[1], dataDir: dataDir)
            io.out("""
                \(info.name): \(info.title)
                  task        \(info.task.rawValue)
                  samples     \(info.trainCount) train\(info.testCount.map { ", \($0) test" } ?? " (no test split of its own)")
                  sample      \(info.sampleShape)
                  classes     \(info.classes.map { "\($0.count): \($0.joined(separator: ", "))" } ?? "—")
                  source      \(info.source)
                  license     \(info.license)
                  location    \(info.location)
                """)
            if args.flag("json") { io.out(try JSONLine.encode(info)) }
        case "fetch":
            guard args.positionals.count == 2 else { throw UsageError("fetch takes one data set name") }
            if let g = SeriesGenerator.named(args.positionals[1]) {
                throw DatasetError.invalidArgument("\(g.name) is generated when used (--dataset \(g.name)[:key=value,…]); there is nothing to fetch")
            }
            let root = try dataDir ?? DatasetRegistry.defaultFetchRoot()
            let mirror = try args.string("mirror").map { text -> URL in
                guard let url = URL(string: text), url.scheme != nil else { throw UsageError("--mirror must be a URL, got '\(text)'") }
                return url
            }
            let folder = try DatasetRegistry.fetch(args.positionals[1], into: root, mirror: mirror, log: io.err)
            io.out("\(args.positionals[1]) is in \(folder.path)")
        default:
            let suggestion = Suggestion.text(for: action, among: ["list", "info", "fetch"])
            throw UsageError("unknown action '\(action)'\(suggestion) Use list, info or fetch.")
        }
        return 0
    }
}
