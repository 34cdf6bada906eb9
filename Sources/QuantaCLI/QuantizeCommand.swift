import Foundation
import Quanta

/// `quanta quantize`: post-training quantization, quantization-aware training or weight-only
/// RTN of a checkpoint from `quanta train`; prints float vs quantized accuracy, size and latency.
struct QuantizeCommand: Command {
    let name = "quantize"
    let summary = "quantize a checkpoint (ptq | qat | rtn | hawq | zeroq | adaround | brecq | nupes | codebook): accuracy, size, latency"
    let usage = ["quantize --checkpoint FILE --method ptq|qat|rtn|hawq|zeroq|adaround|brecq|nupes|codebook [--weight-bits B] [--granularity G] [--observer O] "
        + "[--budget-bits X] [--out FILE] [--json] [options]"]
    let discussion = """
        Methods:
          ptq   static post-training quantization: BatchNorm folded, activation ranges calibrated on N training
                batches, int8 weights (symmetric, [-127, 127]) and 8-bit per-tensor affine activations, run by
                integer kernels (oneDNN int8 GEMM, int32 bias, fixed-point requantisation). With per-channel
                weights the per-tensor result is shown beside it.
          qat   quantization-aware training: fake quantization (LSQ weights, moving-average activation ranges),
                fine-tuned for --epochs, BatchNorm and ranges frozen late, converted to the integer model.
          rtn   weight-only round-to-nearest at --weight-bits (8, 4, 3, 2), dequantised on the fly; float activations.
          hawq  Hessian-aware mixed precision (HAWQ-V2): per-layer Hessian traces (Hutchinson, exact Hessian-vector
                products) times the rounding error at 2/3/4/8 bits, the least sensitive widths under an average of
                --budget-bits, then fine-tuning in --stages, most sensitive layers first (--epochs in all; 0: none).
                Any layer tree (ResNet, MobileNet). Simulated: weights packed at their widths, inputs fake-quantized
                at --bits; the uniform plan at the budget's width is shown beside it.
          zeroq data-free (ZeroQ): --distilled-samples inputs optimised until every BatchNorm sees its stored
                statistics calibrate the activations; per-layer KL divergence at 2/3/4/8 bits on them; the Pareto
                plan under --budget-bits. Data-free W8A8, training-image calibration and uniform widths beside it.
          adaround  learned rounding (AdaRound): each layer in turn learns whether each weight rounds up or down so
                its output on the calibration images is reconstructed from the inputs the quantized layers before
                it give; --weight-bits, activations at --bits, --granularity channel|tensor; nearest rounding beside.
          brecq the same, one block (top-level child: a residual block) at a time (BRECQ).
          nupes NUPES' power grid: weights companded by sign(x)|x|^a per layer (a searched, then refined by gradient
                on the layer's output), --weight-bits, inputs at --bits; the uniform grid beside it. No --out yet.
          codebook  JLCM codebooks: 2^--weight-bits entries per group of 8 neurons (ordered by spread), k-means start,
                codebook values and neighbour-only index moves learned on each layer's output. No --out yet.
        """
    let sections = [
        OptionSection("Options", [
            Option("checkpoint", "FILE", "float checkpoint written by quanta train"),
            Option("method", "M", "quantization method", .choice(QuantizationSettings.methods)),
            Option("dataset", "NAME", "the data set", default: "the checkpoint's"),
            Option("bits", "B", "activation bits (8, except hawq: any) and default weight bits", .int(2...8), default: "8"),
            Option("weight-bits", "B", "weight bits", .int(2...8), default: "--bits"),
            Option("granularity", "G", "weight scales; group is for rtn", .choice(["tensor", "channel", "group"]),
                   default: "channel"),
            Option("group-size", "G", "group size for --granularity group", .int(1...1 << 20), default: "32"),
            Option("observer", "O", "activation range observer", .choice(ObserverKind.allCases.map(\.rawValue)), default: "minmax"),
            Option("calibration-batches", "N", "calibration batches of 32 training images", .int(1...100_000), default: "32"),
            Option("activations", "A", "activation type", .choice(["uint8", "int8"]), default: "uint8"),
            Option("epochs", "E", "QAT epochs, may be fractional (hawq: 0 for post-training only)", .double(0...1000),
                   default: "1"),
            Option("learning-rate", "LR", "QAT Adam learning rate", .double(1e-9...10), default: "1e-4"),
            Option("weight-quantizer", "Q", "QAT weights", .choice(WeightQuantizer.allCases.map(\.rawValue)), default: "lsq"),
            Option("budget-bits", "X", "hawq, zeroq: average weight bits of the plan", .double(2...8), default: "4"),
            Option("hessian-samples", "N", "hawq, --sensitivity: Hutchinson samples per trace", .int(1...10_000), default: "32"),
            Option("hessian-images", "N", "hawq, --sensitivity: training images the Hessian is taken on", .int(1...1_000_000), default: "256"),
            Option("stages", "N", "hawq: fine-tuning stages", .int(1...100), default: "3"),
            Option("distilled-samples", "N", "zeroq: distilled inputs", .int(1...100_000), default: "256"),
            Option("distill-iterations", "N", "zeroq: Adam steps per batch of 32 distilled inputs", .int(1...100_000),
                   default: "500"),
            Option("rounding-iterations", "N", "adaround, brecq: steps per reconstruction", .int(1...1_000_000), default: "1000"),
            Option("rounding-optimizer", "O", "adaround, brecq: optimiser of the rounding variables",
                   .choice(LearnedRounding.Optimizer.allCases.map(\.rawValue)), default: "adam"),
            Option.flag("sensitivity", "also print the per-layer sensitivity table (accuracy drop, SQNR, Hessian trace, KL)"),
            Option("out", "FILE", "save the quantized model as safetensors (ptq, qat: the integer model; rtn: bit-packed "
                + "weight codes, scales, float biases); quanta eval --checkpoint FILE runs it"),
            Option("batch-size", "N", "evaluation and latency batch", .int(1...1_000_000), default: "256"),
        ]),
        CommonOptions.section([CommonOptions.seed, CommonOptions.threads, CommonOptions.dataDir, CommonOptions.json]),
    ]
    let epilogue = """
        --seed draws the calibration images and QAT's batches. --json ends stdout with one JSON object:
        parameters, float_accuracy, float_test_loss, quantized_accuracy, test_loss and confusion (of the
        quantized model), float_bytes, quantized_bytes, float_ms_per_batch, quantized_ms_per_batch, …
        """

    func run(_ args: Arguments, io: Console) throws -> Int32 {
        try args.expectPositionals([])
        guard args.given("method") else { throw UsageError("--method ptq|qat|rtn|hawq|zeroq|adaround|brecq|nupes|codebook is required") }
        let settings = try QuantizationSettings(args)
        guard let path = args.string("checkpoint") else { throw UsageError("--checkpoint FILE is required") }
        try OutputFiles.check(outputs: OutputFiles.given(args, ["out"]), inputs: OutputFiles.given(args, ["checkpoint"]))
        Threading.setThreads(settings.threads)
        IntegerGEMM.setThreads(settings.threads)
        let job = try QuantizationJob(checkpoint: URL(fileURLWithPath: path), settings: settings, args: args, io: io)
        var result = job.floatResult()
        switch settings.method {
        case "rtn": try job.roundToNearest(&result, out: args.url("out"))
        case "ptq": try job.postTraining(&result, out: args.url("out"))
        case "hawq": try job.hessianAware(&result, out: args.url("out"))
        case "zeroq": try job.zeroShot(&result, out: args.url("out"))
        case "adaround", "brecq": try job.learnedRounding(&result, out: args.url("out"))
        case "nupes", "codebook": try job.nonUniform(&result)
        default: try job.quantizationAware(&result, out: args.url("out"))
        }
        if result.quantizedMsPerBatch == 0 {
            io.out(String(format: "size %.2fx smaller (weights at their widths, run in float kernels: no integer model for %@, so no latency)",
                          Double(result.floatBytes) / Double(result.quantizedBytes), settings.method))
        } else {
            io.out(String(format: "speed-up %.2fx (float %.3f ms, samples interleaved), size %.2fx smaller",
                          result.floatMsPerBatch / result.quantizedMsPerBatch, result.floatMsPerBatch,
                          Double(result.floatBytes) / Double(result.quantizedBytes)))
        }
        if args.flag("sensitivity") { result.sensitivity = try job.sensitivity() }
        if args.flag("json") { io.out(try JSONLine.encode(result)) }
        return 0
    }
}
