import Foundation
import Quanta

/// `quanta quantize`: post-training quantization, quantization-aware training or weight-only
/// RTN of a checkpoint from `quanta train`; prints float vs quantized accuracy, size and latency.
struct QuantizeCommand: Command {
    let name = "quantize"
    let summary = "quantize a checkpoint (ptq | qat | rtn): accuracy, size and latency vs float"
    var help: String {
        """
        Usage: quanta quantize --checkpoint FILE [--dataset NAME] --method ptq|qat|rtn [--bits 8] [--weight-bits B]
                               [--granularity tensor|channel|group] [--group-size G] [--observer minmax|ema|percentile|mse|entropy]
                               [--calibration-batches N] [--activations uint8|int8] [--epochs E] [--learning-rate LR]
                               [--sensitivity] [--out FILE] [--json]

        Methods:
          ptq   static post-training quantization: BatchNorm folded, activation ranges calibrated on N training
                batches, int8 weights (symmetric, [-127, 127]) and 8-bit per-tensor affine activations, run by
                integer kernels (oneDNN int8 GEMM, int32 bias, fixed-point requantisation). With per-channel
                weights the per-tensor result is shown beside it.
          qat   quantization-aware training: fake quantization (LSQ weights, moving-average activation ranges),
                fine-tuned for --epochs, BatchNorm and ranges frozen late, converted to the integer model.
          rtn   weight-only round-to-nearest at --weight-bits (8, 4, 3, 2), dequantised on the fly; float activations.

        Options:
          --checkpoint FILE         float checkpoint written by quanta train
          --dataset NAME            default: the checkpoint's data set
          --bits B                  activation bits (8; integer kernels are 8-bit) and default weight bits
          --weight-bits B           weight bits (default --bits; 2…8)
          --granularity G           weights: tensor | channel (default) | group (rtn only)
          --group-size G            group size for --granularity group (default 32)
          --observer O              activation range observer (default minmax)
          --calibration-batches N   calibration batches of 32 training images (default 32)
          --activations A           uint8 (default) or int8 activations
          --epochs E                QAT epochs, may be fractional (default 1)
          --learning-rate LR        QAT Adam learning rate (default 1e-4)
          --weight-quantizer Q      QAT weights: lsq (default) or minmax
          --sensitivity             also print the per-layer sensitivity table (accuracy drop, SQNR)
          --out FILE                save the quantized model as safetensors (ptq, qat: the integer model; rtn: bit-packed
                                    weight codes, scales, float biases); quanta eval --checkpoint FILE runs it
          --batch-size N            evaluation and latency batch (default 256)
          --data-dir DIR            data root (also $QUANTA_DATA)
          --threads T               threads (default 1)
          --seed S                  calibration sampling and QAT shuffling (default 0)
          --json                    end stdout with one JSON object: float_accuracy, quantized_accuracy, float_bytes,
                                    quantized_bytes, float_ms_per_batch, quantized_ms_per_batch, …
        """
    }

    func run(_ arguments: [String], io: Console) throws -> Int32 {
        let args = try Arguments(arguments, valueOptions: [
            "checkpoint", "dataset", "method", "bits", "weight-bits", "granularity", "group-size", "observer", "calibration-batches",
            "activations", "epochs", "learning-rate", "weight-quantizer", "out", "batch-size", "data-dir", "threads", "seed",
        ], flagOptions: ["json", "sensitivity"])
        guard args.positionals.isEmpty else { throw UsageError("unexpected argument '\(args.positionals[0])'") }
        guard let path = args.string("checkpoint") else { throw UsageError("--checkpoint FILE is required") }
        guard let method = args.string("method") else { throw UsageError("--method ptq|qat|rtn is required") }
        guard ["ptq", "qat", "rtn"].contains(method) else { throw UsageError("--method must be one of ptq, qat, rtn, got '\(method)'") }
        let bits = try args.int("bits", default: 8, in: 2...8)
        let weightBits = try args.int("weight-bits", default: bits, in: 2...8)
        if method != "rtn" && bits != 8 { throw UsageError("--bits must be 8 for \(method): the integer kernels take 8-bit activations (use --weight-bits for the weights)") }
        let granularityName = try args.choice("granularity", default: "channel", from: ["tensor", "channel", "group"])
        let groupSize = try args.int("group-size", default: 32, in: 1...1 << 20)
        if granularityName == "group" && method != "rtn" { throw UsageError("--granularity group is for --method rtn (integer layers need per-tensor or per-channel weights)") }
        let observer = ObserverKind(rawValue: try args.choice("observer", default: "minmax", from: ObserverKind.allCases.map(\.rawValue)))!
        let calibrationBatches = try args.int("calibration-batches", default: 32, in: 1...100_000)
        let signedActivations = try args.choice("activations", default: "uint8", from: ["uint8", "int8"]) == "int8"
        let epochs = try args.double("epochs", default: 1, in: 0.001...1000)
        let learningRate = try args.double("learning-rate", default: 1e-4, in: 1e-9...10)
        let quantizer = WeightQuantizer(rawValue: try args.choice("weight-quantizer", default: "lsq", from: WeightQuantizer.allCases.map(\.rawValue)))!
        let batchSize = try args.int("batch-size", default: 256, in: 1...1_000_000)
        let seed = try args.seed()
        let threads = try args.int("threads", default: 1, in: 1...256)
        Threading.setThreads(threads)
        IntegerGEMM.setThreads(threads)

        // The float model and its data, as quanta eval rebuilds them.
        let url = URL(fileURLWithPath: path)
        let metadata = try Checkpoint.metadata(of: url)
        if QuantizedModel.formatVersion == metadata[QuantizedModel.formatKey] || WeightOnlyQuantization.isWeightOnly(metadata) {
            throw SafeTensorsError(file: path, problem: "already a quantized model (\(metadata[QuantizedModel.formatKey] ?? "")); quantize takes a float checkpoint from quanta train")
        }
        let spec = try ModelCatalog.spec(in: metadata, file: path)
        // What a saved quantized model keeps of the float checkpoint: its model spec (with the input
        // standardisation) and training configuration (the data split), so eval rebuilds the same test data.
        var savedMetadata = [ModelSpec.metadataKey: metadata[ModelSpec.metadataKey] ?? ""]
        if let c = metadata[TrainConfig.metadataKey] { savedMetadata[TrainConfig.metadataKey] = c }
        let data = try PreparedData.forCheckpoint(spec, metadata: metadata, file: path, args: args)
        let dataset = data.info.name
        let model = try ModelCatalog.build(spec)
        try Checkpoint.load(into: model, from: url)
        model.isTraining = false

        let granularity: QuantizationScheme.Granularity = granularityName == "tensor" ? .perTensor
            : granularityName == "channel" ? .perChannel(axis: 0) : .perGroup(size: groupSize)
        let weightScheme = try QuantizationScheme.weights(bits: weightBits, granularity: granularity)
        let activationScheme = try QuantizationScheme.activations(bits: 8, signed: signedActivations)
        var rng = RandomGenerator(seed: seed)
        let order = rng.permutation(data.train.count)
        let calibration = stride(from: 0, to: Swift.min(calibrationBatches * 32, data.train.count), by: 32).map {
            data.train.features.gatherRows(Array(order[$0..<Swift.min($0 + 32, data.train.count)]))
        }
        let test = data.test
        let latencyBatch = test.features.gatherRows(Array(0..<Swift.min(batchSize, test.count)))

        let floatAccuracy = evaluate(model, test, batchSize: batchSize).metrics.accuracy
        let floatBytes = 4 * (model.parameterCount + model.namedBuffers.reduce(0) { $0 + $1.tensor.count })
        let floatRun: () -> Void = { _ = model(latencyBatch) }
        let floatMs = Latency.milliseconds(floatRun)
        io.out(String(format: "float      %@ on %@ test (%d samples): accuracy %.2f%%  %d bytes  %.3f ms/batch of %d",
                      spec.name, dataset, test.count, 100 * floatAccuracy, floatBytes, floatMs, latencyBatch.shape[0]))

        var result: [String: Any] = [
            "method": method, "model": spec.name, "dataset": dataset, "samples": test.count, "batch": latencyBatch.shape[0],
            "weight_bits": weightBits, "granularity": granularityName, "threads": threads,
            "float_accuracy": floatAccuracy, "float_bytes": floatBytes, "float_ms_per_batch": floatMs,
        ]
        switch method {
        case "rtn":
            let scheme = try QuantizationScheme(bits: weightBits, signed: true, symmetric: true, granularity: granularity)
            let rtn = try WeightOnlyQuantization.roundToNearest(model, scheme: scheme)
            let accuracy = evaluate(rtn, test, batchSize: batchSize).metrics.accuracy
            let bytes = WeightOnlyQuantization.byteCount(rtn)
            let (ms, pairedFloat) = Latency.paired({ _ = rtn(latencyBatch) }, against: floatRun)
            result["float_ms_per_batch"] = pairedFloat
            io.out(String(format: "rtn        weights %@: accuracy %.2f%% (%+.2f pts)  %d bytes  %.3f ms/batch",
                          scheme.description, 100 * accuracy, 100 * (accuracy - floatAccuracy), bytes, ms))
            result["weight_scheme"] = scheme.description
            result["quantized_accuracy"] = accuracy; result["quantized_bytes"] = bytes; result["quantized_ms_per_batch"] = ms
            if let out = args.string("out") {
                try WeightOnlyQuantization.save(rtn, to: URL(fileURLWithPath: out), metadata: savedMetadata)
                io.err("saved \(out)")
            }
        default:
            let quantized: QuantizedModel
            if method == "ptq" {
                let ptq = PostTrainingQuantization(weightScheme: weightScheme, activationScheme: activationScheme, observer: observer)
                quantized = try ptq.quantize(model, calibration: calibration)
                result["observer"] = observer.rawValue; result["calibration_batches"] = calibration.count
            } else {
                io.err("qat: \(epochs) epoch(s) on \(data.train.count) training samples, weights \(weightScheme), \(quantizer.rawValue)")
                let qat = try QuantizationAwareTraining(model, weightScheme: weightScheme, activationScheme: activationScheme, quantizer: quantizer)
                quantized = try qat.fineTune(features: data.train.features, labels: data.train.labels, epochs: epochs,
                                             learningRate: learningRate, batchSize: 64, seed: seed) { epoch, loss, accuracy in
                    io.err(String(format: "qat epoch %d: loss %.4f  train accuracy %.2f%%", epoch + 1, loss, 100 * accuracy))
                }
                result["epochs"] = epochs; result["learning_rate"] = learningRate; result["weight_quantizer"] = quantizer.rawValue
            }
            let accuracy = quantized.accuracy(features: test.features, labels: test.labels, batchSize: batchSize)
            let (ms, pairedFloat) = Latency.paired({ _ = quantized.predict(latencyBatch) }, against: floatRun)
            result["float_ms_per_batch"] = pairedFloat
            io.out(String(format: "%@ W%dA8 weights %@, %@ activations: accuracy %.2f%% (%+.2f pts)  %d bytes (%d packed)  %.3f ms/batch",
                          method.padding(toLength: 10, withPad: " ", startingAt: 0), weightBits, weightScheme.description,
                          signedActivations ? "int8" : "uint8", 100 * accuracy, 100 * (accuracy - floatAccuracy),
                          quantized.byteCount, quantized.packedByteCount, ms))
            result["weight_scheme"] = weightScheme.description
            result["quantized_accuracy"] = accuracy; result["quantized_bytes"] = quantized.byteCount
            result["quantized_packed_bytes"] = quantized.packedByteCount; result["quantized_ms_per_batch"] = ms
            // Both integer paths on the same test batch: must agree bit for bit.
            let exact = quantized.run(latencyBatch, backend: .oneDNN).codes == quantized.run(latencyBatch, backend: .reference).codes
            result["onednn_equals_reference"] = exact
            if method == "ptq" && granularityName == "channel" {
                let perTensor = PostTrainingQuantization(weightScheme: try QuantizationScheme.weights(bits: weightBits, granularity: .perTensor),
                                                         activationScheme: activationScheme, observer: observer)
                let tensorAccuracy = try perTensor.quantize(model, calibration: calibration).accuracy(features: test.features, labels: test.labels,
                                                                                                    batchSize: batchSize)
                io.out(String(format: "ptq        per-tensor weights beside it: accuracy %.2f%% (%+.2f pts)", 100 * tensorAccuracy,
                              100 * (tensorAccuracy - floatAccuracy)))
                result["quantized_accuracy_per_tensor"] = tensorAccuracy
            }
            if let out = args.string("out") {
                try quantized.save(to: URL(fileURLWithPath: out), metadata: savedMetadata)
                io.err("saved \(out)")
            }
        }
        io.out(String(format: "speed-up %.2fx (float %.3f ms, samples interleaved), size %.2fx smaller",
                      (result["float_ms_per_batch"] as! Double) / (result["quantized_ms_per_batch"] as! Double), result["float_ms_per_batch"] as! Double,
                      Double(floatBytes) / Double(result["quantized_bytes"] as! Int)))

        if args.flag("sensitivity") {
            let report = try SensitivityReport(model: model, weightScheme: granularityName == "group" ? try QuantizationScheme.weights(bits: weightBits) : weightScheme,
                                               activationScheme: activationScheme, observer: observer, calibration: calibration,
                                               features: test.features, labels: test.labels, batchSize: batchSize)
            io.out(report.table)
            result["sensitivity"] = try JSONSerialization.jsonObject(with: Data(report.json.utf8))
        }
        if args.flag("json") { io.out(try JSONLineText.encode(result)) }
        return 0
    }
}

/// Median wall-clock milliseconds of a call: 2 warm-up calls, then 7 samples of at least 0.1 s each.
enum Latency {
    /// Medians of `body` and `reference` with their samples interleaved (A B A B …), so that load
    /// from other processes hits both alike.
    static func paired(_ body: () -> Void, against reference: () -> Void) -> (Double, Double) {
        func calls(_ f: () -> Void) -> Int {
            f(); f()
            let t0 = Date(); f()
            return Swift.max(1, Int(0.1 / Swift.max(Date().timeIntervalSince(t0), 1e-6)))
        }
        let (n, m) = (calls(body), calls(reference))
        var a: [Double] = [], b: [Double] = []
        for _ in 0..<7 {
            var t0 = Date()
            for _ in 0..<n { body() }
            a.append(Date().timeIntervalSince(t0) * 1000 / Double(n))
            t0 = Date()
            for _ in 0..<m { reference() }
            b.append(Date().timeIntervalSince(t0) * 1000 / Double(m))
        }
        return (a.sorted()[3], b.sorted()[3])
    }

    static func milliseconds(_ body: () -> Void) -> Double {
        body(); body()
        var t0 = Date()
        body()
        let once = Swift.max(Date().timeIntervalSince(t0), 1e-6)
        let calls = Swift.max(1, Int(0.1 / once))
        var samples: [Double] = []
        for _ in 0..<7 {
            t0 = Date()
            for _ in 0..<calls { body() }
            samples.append(Date().timeIntervalSince(t0) * 1000 / Double(calls))
        }
        return samples.sorted()[3]
    }
}
