import Foundation
import Quanta

/// The options of `quanta quantize`, read and cross-checked.
struct QuantizationSettings {
    static let methods = ["ptq", "qat", "rtn", "hawq", "zeroq", "adaround", "brecq", "distill", "nupes", "codebook", "qfx", "gptq", "rsq"]
    /// Methods whose activation width --bits may differ from 8 (or that keep float activations).
    static let mixedMethods: Set<String> = ["hawq", "zeroq", "adaround", "brecq", "distill", "nupes", "codebook", "qfx"]

    var method: String
    var weightBits: Int
    var granularityName: String
    var granularity: QuantizationScheme.Granularity
    var observer: ObserverKind
    var calibrationBatches: Int
    var signedActivations: Bool
    var epochs: Double
    var learningRate: Double
    var quantizer: WeightQuantizer
    var batchSize: Int
    var seed: UInt64
    var threads: Int
    /// hawq: average weight bits, input activation bits, Hutchinson samples, images, stages.
    var budgetBits: Double
    var activationBits: Int
    var hessianSamples: Int
    var hessianImages: Int
    var stages: Int
    /// zeroq: distilled inputs and optimisation steps per batch.
    var distilledSamples: Int
    var distillIterations: Int
    /// adaround, brecq: steps per reconstruction and the optimiser.
    var roundingIterations: Int
    var roundingOptimizer: LearnedRounding.Optimizer
    /// distill: the teacher checkpoint and the softmax temperature.
    var teacher: URL?
    var temperature: Double
    /// qfx: the starting binary point and, in multiplier-free mode, powers of two per weight.
    var fractionalBits: Int
    var powers: Int?

    init(_ args: Arguments) throws {
        method = try args.choice("method")
        let bits = try args.int("bits")
        weightBits = try args.int("weight-bits", default: bits)
        if args.given("codebook-bits") {
            guard method == "codebook" else { throw UsageError("--codebook-bits is for --method codebook") }
            guard !args.given("weight-bits") else { throw UsageError("give --codebook-bits or --weight-bits, not both") }
            weightBits = try args.int("codebook-bits")
        }
        activationBits = bits
        if method != "rtn" && !Self.mixedMethods.contains(method) && bits != 8 {
            throw UsageError("--bits must be 8 for \(method): the integer kernels take 8-bit activations (use --weight-bits for the weights)")
        }
        granularityName = try args.choice("granularity")
        if granularityName == "group" && method != "rtn" {
            throw UsageError("--granularity group is for --method rtn (integer layers need per-tensor or per-channel weights)")
        }
        budgetBits = try args.double("budget-bits")
        hessianSamples = try args.int("hessian-samples")
        hessianImages = try args.int("hessian-images")
        stages = try args.int("stages")
        distilledSamples = try args.int("distilled-samples")
        distillIterations = try args.int("distill-iterations")
        for name in ["hessian-samples", "hessian-images"] where args.given(name) && method != "hawq" && !args.flag("sensitivity") {
            throw UsageError("--\(name) is for --method hawq and --sensitivity")
        }
        if args.given("stages") && method != "hawq" { throw UsageError("--stages is for --method hawq") }
        for name in ["distilled-samples", "distill-iterations"] where args.given(name) && method != "zeroq" {
            throw UsageError("--\(name) is for --method zeroq")
        }
        if args.given("budget-bits") && method != "hawq" && method != "zeroq" {
            throw UsageError("--budget-bits is for --method hawq or zeroq")
        }
        if (method == "nupes" || method == "codebook") && args.given("out") {
            throw UsageError("--out is not available for --method \(method) yet: non-uniform weights have no file format")
        }
        roundingIterations = try args.int("rounding-iterations")
        roundingOptimizer = LearnedRounding.Optimizer(rawValue: try args.choice("rounding-optimizer"))!
        for name in ["rounding-iterations", "rounding-optimizer"] where args.given(name) && method != "adaround" && method != "brecq" {
            throw UsageError("--\(name) is for --method adaround or brecq")
        }
        let groupSize = try args.int("group-size")
        granularity = granularityName == "tensor" ? .perTensor : granularityName == "channel" ? .perChannel(axis: 0)
            : .perGroup(size: groupSize)
        observer = ObserverKind(rawValue: try args.choice("observer"))!
        calibrationBatches = try args.int("calibration-batches")
        signedActivations = try args.choice("activations") == "int8"
        epochs = try args.double("epochs")
        if epochs == 0 && method != "hawq" { throw UsageError("--epochs 0 is for --method hawq (post-training only)") }
        learningRate = try args.double("learning-rate")
        quantizer = WeightQuantizer(rawValue: try args.choice("weight-quantizer"))!
        teacher = args.url("teacher")
        temperature = try args.double("temperature")
        fractionalBits = try args.int("fractional-bits")
        powers = args.given("powers") ? try args.int("powers") : nil
        try Self.checkMethodOptions(args, method: method)
        batchSize = try args.int("batch-size")
        seed = try args.seed()
        threads = try args.int("threads")
    }

    /// Refuses the distill and qfx options with other methods, and distill without a teacher.
    static func checkMethodOptions(_ args: Arguments, method: String) throws {
        for name in ["teacher", "temperature"] where args.given(name) && method != "distill" {
            throw UsageError("--\(name) is for --method distill")
        }
        for name in ["fractional-bits", "powers"] where args.given(name) && method != "qfx" {
            throw UsageError("--\(name) is for --method qfx")
        }
        if method == "distill" && !args.given("teacher") {
            throw UsageError("--method distill needs --teacher FILE (a float checkpoint trained on the same task)")
        }
    }

    var weightScheme: QuantizationScheme {
        get throws { try QuantizationScheme.weights(bits: weightBits, granularity: granularity) }
    }

    var activationScheme: QuantizationScheme {
        get throws { try QuantizationScheme.activations(bits: 8, signed: signedActivations) }
    }
}
