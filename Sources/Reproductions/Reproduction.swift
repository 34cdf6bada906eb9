import Foundation

/// A published result that Quanta reruns: `quanta reproduce NAME` runs it and prints Quanta's
/// numbers beside the paper's. Each paper is one file under `QML/` or `Quantization/` that
/// defines a static member of this type; `Reproductions.all` lists them.
public struct Reproduction: Sendable {
    /// The word after `quanta reproduce`, e.g. "reupload-circle".
    public let name: String
    /// The paper: title, arXiv id.
    public let paper: PaperReference
    /// One line for `quanta reproduce --list`.
    public let summary: String
    /// What `--quick` leaves out, one line (printed with a quick run).
    public let quickForm: String
    /// Registered data sets the run reads (`--list` says which are present).
    public let datasets: [String]
    /// Seeds of a full run and of a quick one, unless `--seeds` says otherwise.
    public let seeds: (full: Int, quick: Int)
    /// Runs the reproduction.
    public let run: @Sendable (ReproductionContext) throws -> ReproductionResult

    public init(name: String, paper: PaperReference, summary: String, quickForm: String, datasets: [String],
                seeds: (full: Int, quick: Int) = (5, 2),
                run: @escaping @Sendable (ReproductionContext) throws -> ReproductionResult) {
        self.name = name
        self.paper = paper
        self.summary = summary
        self.quickForm = quickForm
        self.datasets = datasets
        self.seeds = seeds
        self.run = run
    }
}

/// Which paper a reproduction follows.
public struct PaperReference: Sendable, Codable, Equatable {
    /// The paper's title.
    public var title: String
    /// arXiv identifier, e.g. "2407.14055".
    public var arxiv: String
    /// Authors and venue, short.
    public var citation: String

    public init(title: String, arxiv: String, citation: String) {
        self.title = title
        self.arxiv = arxiv
        self.citation = citation
    }
}

/// A number the paper reports, with where it comes from.
public struct Reported: Sendable, Equatable {
    /// As the paper gives it, e.g. "94.4 ± 2.8 %".
    public var text: String
    /// The value in the row's unit, when the paper gives one number (nil: a range or a claim).
    public var value: Double?
    /// Where in the paper or its code the number is, e.g. "repository CSVs, digits".
    public var source: String

    public init(_ text: String, value: Double? = nil, source: String) {
        self.text = text
        self.value = value
        self.source = source
    }
}
