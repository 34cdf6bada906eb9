/// How far a run made of starts got (several random initialisations, or one L-BFGS run),
/// stored in its checkpoint as "quanta.starts" beside the best model so far.
struct StartProgress: Codable, Equatable {
    static let metadataKey = "quanta.starts"
    /// Starts finished.
    var completed = 0
    /// The best start's final training loss (nil before any start finished).
    var bestLoss: Double?
    /// Epochs (iterations) the best start ran, and all starts together.
    var bestEpochs = 0
    var epochs = 0
    /// Training time of the finished starts, seconds.
    var trainSeconds = 0.0
    /// Whether the whole run (starts and any training after them) is done.
    var finished = false
}
