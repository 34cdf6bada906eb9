import Foundation
import Quanta

/// `quanta quantize`: post-training quantization, quantization-aware training or weight-only
/// RTN of a checkpoint from `quanta train`; prints float vs quantized accuracy, size and latency.
struct QuantizeCommand: Command {
    let name = "quantize"
    let summary = "quantize a checkpoint (ptq | qat | rtn | hawq | zeroq | adaround | brecq | distill | nupes | codebook | qfx): accuracy, size, latency"
    let usage = ["quantize --checkpoint FILE --method ptq|qat|rtn|hawq|zeroq|adaround|brecq|distill|nupes|codebook|qfx [--weight-bits B] [--granularity G] [--observer O] "
        + "[--budget-bits X] [--out FILE] [--json] [options]",
                 "quantize --model FILE.gguf --method rtn|gptq|rsq [--bits 4|3|2] [--group-size 128] [--act-order] [--true-sequential] "
        + "[--calibration FILE] --out FILE.gguf",
                 "quantize --model FILE.gguf --method rtn --format q8_0|q4_0|q4_1|f16 --out FILE.gguf"]
    let discussion = """
        Methods:
          ptq   static post-training quantization: BatchNorm folded, activation ranges calibrated on N training
                batches, int8 weights (symmetric, [-127, 127]) and 8-bit per-tensor affine activations, run by
                integer kernels (int32 bias, fixed-point requantisation; residual sums, average pooling and grouped
                convolutions in integers; oneDNN int8 convolutions channels last, or im2col + int8 GEMM for narrow
                layers). With per-channel weights the per-tensor result is shown beside it.
          qat   quantization-aware training: fake quantization (LSQ weights, moving-average activation ranges),
                fine-tuned for --epochs, BatchNorm and ranges frozen late, converted to the integer model. Residual
                networks: min–max weights (clipped STE) and moving-average input ranges, then calibrated conversion.
          rtn   weight-only round-to-nearest at --weight-bits (8, 4, 3, 2), dequantised on the fly; float activations.
          hawq  Hessian-aware mixed precision (HAWQ-V2): per-layer Hessian traces (Hutchinson, exact Hessian-vector
                products) times the rounding error at 2/3/4/8 bits, the least sensitive widths under an average of
                --budget-bits, then fine-tuning in --stages, most sensitive layers first (--epochs in all; 0: none).
                Any layer tree (ResNet, MobileNet). The simulated model and the uniform plan at the budget's width
                are shown, then the plan's integer model (packed 2/3/4/8-bit weights, inputs at --bits), which
                --out saves.
          zeroq data-free (ZeroQ): --distilled-samples inputs optimised until every BatchNorm sees its stored
                statistics calibrate the activations; per-layer KL divergence at 2/3/4/8 bits on them; the Pareto
                plan under --budget-bits. Data-free W8A8, training-image calibration and uniform widths beside it;
                then the plan's integer model calibrated on the distilled inputs, which --out saves.
          adaround  learned rounding (AdaRound): each layer in turn learns whether each weight rounds up or down so
                its output on the calibration images is reconstructed from the inputs the quantized layers before
                it give; --weight-bits, activations at --bits, --granularity channel|tensor; nearest rounding beside.
          brecq the same, one block (top-level child: a residual block) at a time (BRECQ).
          distill  quantized distillation: the checkpoint (the student) trains for --epochs with its weights rounded
                to --weight-bits in every step (buckets of 256), on the --teacher's logits softened by --temperature
                and the labels; the same training without the teacher beside it. Float activations.
          nupes NUPES' power grid: weights companded by sign(x)|x|^a per layer (a searched, then refined by gradient
                on the layer's output), --weight-bits, inputs at --bits; the uniform grid beside it. No --out yet.
          codebook  JLCM codebooks: 2^--weight-bits entries per group of 8 neurons (ordered by spread), k-means start,
                codebook values and neighbour-only index moves learned on each layer's output. No --out yet.
          qfx   trainable fixed point (QFX): every layer input, weight, BatchNorm output and residual sum a signed
                --weight-bits value with a binary point learned during --epochs of fine-tuning (starting at
                --fractional-bits; --powers K: weights as sums of K signed powers of two), then the shift-only
                integer model (every scale a power of two), which --out saves.
          gptq  (language models, --model FILE.gguf) GPTQ: each projection's columns rounded in turn, the error spread
                over the columns not yet rounded through the inverse Hessian of its inputs on --calibration text,
                block by block, each block calibrated on the outputs of the rounded blocks before it.
          rsq   (language models) RSQ: the decoder rotated first (QuaRot: norm gains folded in, head untied, residual
                stream and value heads turned by random Hadamard rotations drawn with --seed), then GPTQ with every
                calibration token's Hessian term weighted by the attention it receives, scaled into [1, 3].
        """
    let sections = [
        OptionSection("Language models (--model FILE.gguf)", [
            Option("model", "FILE", "a llama-architecture GGUF model: --method rtn|gptq|rsq, --weight-bits 2…4, --group-size "
                + "(default 128 here), --out FILE.gguf"),
            Option("format", "T", "rtn: every projection in llama.cpp's block type T with its reference rounding (blocks of "
                + "32; no --bits or --group-size)", .choice(["q8_0", "q4_0", "q4_1", "f16"])),
            Option("calibration", "FILE", "gptq, rsq: UTF-8 text whose random token segments calibrate the Hessians"),
            Option("samples", "N", "gptq: calibration segments", .int(1...100_000), default: "32"),
            Option("sequence-length", "L", "gptq: tokens per calibration segment", .int(2...100_000), default: "512"),
            Option("damping", "λ", "gptq, rsq: λ·mean(diag H) added to the Hessian's diagonal", .double(1e-8...10), default: "0.01"),
            Option.flag("act-order", "gptq: round columns in decreasing Hessian diagonal (groups fitted up front)"),
            Option.flag("true-sequential", "gptq: round a block's projections in stages (qkv, output, gate/up, down), each "
                + "calibrated on the rounded stages before it"),
        ]),
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
            Option("epochs", "E", "training epochs of qat, hawq, distill, qfx; may be fractional (hawq: 0 for post-training only)", .double(0...1000),
                   default: "1"),
            Option("learning-rate", "LR", "Adam learning rate of qat, hawq, distill, qfx", .double(1e-9...10), default: "1e-4"),
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
            Option("codebook-bits", "B", "codebook: 2^B codebook entries (the same as --weight-bits)", .int(2...8)),
            Option("teacher", "FILE", "distill: the teacher checkpoint (same data and classes)"),
            Option("temperature", "T", "distill: softmax temperature of the teacher's logits", .double(0.01...1000), default: "5"),
            Option("fractional-bits", "F", "qfx: starting binary point", .int(0...16), default: "4"),
            Option("powers", "K", "qfx: multiplier-free weights, sums of K signed powers of two", .int(1...8)),
            Option.flag("sensitivity", "also print the per-layer sensitivity table (accuracy drop, SQNR, Hessian trace, KL)"),
            Option("out", "FILE", "save the quantized model as safetensors (ptq, qat, hawq, zeroq, qfx: the integer model; rtn, "
                + "adaround, brecq, distill: bit-packed weight codes, scales, float biases); quanta eval --checkpoint FILE runs it"),
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
        guard args.given("method") else { throw UsageError("--method ptq|qat|rtn|hawq|zeroq|adaround|brecq|distill|nupes|codebook|qfx is required") }
        if args.given("model") { return try quantizeLanguageModel(args, io: io) }
        guard !["gptq", "rsq"].contains(args.string("method")) else {
            throw UsageError("--method \(args.string("method") ?? "") quantizes a language model: give --model FILE.gguf")
        }
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
        case "distill": try job.distill(&result, out: args.url("out"))
        case "qfx": try job.fixedPoint(&result, out: args.url("out"))
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
