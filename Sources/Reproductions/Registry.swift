/// The one list of reproductions and of paper models. Adding a paper: one file under `QML/`
/// or `Quantization/` with a static `Reproduction` (and a `PaperModel` when `quanta train`
/// should build it), then one line here (docs/Reproductions.md).
public enum Reproductions {
    public static let all: [Reproduction] = [
        .adaround,
        .adversarial,
        .codebooks,
        .distillation,
        .federated,
        .hamiltonianEmbedding,
        .hawq,
        .hqnn,
        .hurQCNN,
        .nupes,
        .onionReservoir,
        .qcae,
        .qfwp,
        .qfx,
        .hybridCNN,
        .localOptimizers,
        .quxai,
        .proteinQTN,
        .tnInit,
        .qas,
        .qkan,
        .qrnnReservoir,
        .qvf,
        .quantumCreep,
        .quanvolution,
        .reuploadingCircle,
        .transferLearning,
        .whitepaper,
        .zeroq,
        .gptq,
        .rsq,
        .zneNN,
    ]

    public static let models: [PaperModel] = [
        .hamemb,
        .pennyLaneQCNN,
        .hurQCNN,
        .hqnnParallel,
        .hqnnQuanv,
        .quanvolution,
        .hybridCNN,
        .transferLearning,
        .qkanCNN,
        .qkanRegression,
        .reuploadingQubit,
        .qadv,
    ] + PaperModel.quantumCreep

    /// The reproduction called `name`.
    public static func named(_ name: String) -> Reproduction? { all.first { $0.name == name } }

    /// The paper model called `name`.
    public static func model(named name: String) -> PaperModel? { models.first { $0.name == name } }
}
