import Foundation
import Quanta
import Reproductions

/// One `quanta quantize` run: the float model and its data as `quanta eval` rebuilds them, the
/// calibration images and the latency batch; one method per function.
struct QuantizationJob {
    let settings: QuantizationSettings
    /// The float checkpoint (distill rebuilds fresh students from it).
    let checkpoint: URL
    let spec: ModelSpec
    let model: Sequential<Float>
    /// The training and test parts as the model was trained on them.
    let train: LabeledData
    let test: LabeledData
    /// The data set's name and the folder it was read from.
    let dataName: String
    let dataSource: String
    /// A paper model whose layers are not one chain of classical layers (circuits, branches):
    /// ptq and qat quantize its classical stretches and keep the rest in float.
    let isHybrid: Bool
    let calibration: [Tensor<Float>]
    let latencyBatch: Tensor<Float>
    /// What a saved quantized model keeps of the float checkpoint: its model spec (with the input
    /// standardisation) and training configuration (the data split, or a paper model's recipe),
    /// so eval rebuilds the same test data.
    let savedMetadata: [String: String]
    let io: Console

    init(checkpoint url: URL, settings: QuantizationSettings, args: Arguments, io: Console) throws {
        checkpoint = url
        let metadata = try Checkpoint.metadata(of: url)
        if QuantizedModel.formatVersion == metadata[QuantizedModel.formatKey] || WeightOnlyQuantization.isWeightOnly(metadata) {
            throw SafeTensorsError(file: url.path, problem: "already a quantized model (\(metadata[QuantizedModel.formatKey] ?? "")); "
                + "quantize takes a float checkpoint from quanta train")
        }
        spec = try ModelCatalog.spec(in: metadata, file: url.path)
        if spec.isRegression {
            throw CommandError("\(url.path) holds a regression model; quanta quantize measures classifiers (accuracy)")
        }
        var saved = [ModelSpec.metadataKey: metadata[ModelSpec.metadataKey] ?? ""]
        for key in [TrainConfig.metadataKey, PaperModel.metadataKey] { if let c = metadata[key] { saved[key] = c } }
        savedMetadata = saved
        if metadata[PaperModel.metadataKey] != nil {
            let paper = try PaperData(url, metadata: metadata, spec: spec, args: args)
            model = try CheckpointModel.paperModel(metadata, spec: spec, file: url.path)
            try Checkpoint.load(into: model, from: url)
            (train, test, dataName, dataSource) = (paper.train, paper.test, paper.dataset, paper.source)
            isHybrid = (try? QuantizableGraph(model)) == nil
        } else {
            let data = try PreparedData.forCheckpoint(spec, metadata: metadata, file: url.path, args: args)
            model = try ModelCatalog.build(spec)
            try Checkpoint.load(into: model, from: url)
            (train, test, dataName, dataSource, isHybrid) = (data.train, data.test, data.info.name, data.info.location, false)
        }
        model.isTraining = false
        self.settings = settings
        self.io = io
        calibration = Calibration.batches(train.features, count: settings.calibrationBatches, seed: settings.seed)
        latencyBatch = test.features.gatherRows(Array(0..<Swift.min(settings.batchSize, test.count)))
    }

    /// The float model's accuracy, size and latency (printed), and the fields every method shares.
    func floatResult() -> QuantizeResult {
        let report = evaluate(model, test, batchSize: settings.batchSize)
        let accuracy = report.metrics.accuracy
        let bytes = 4 * (model.parameterCount + model.namedBuffers.reduce(0) { $0 + $1.tensor.count })
        let ms = Latency.milliseconds(floatRun)
        io.err("\(dataName) read from \(dataSource)")
        io.out(String(format: "float      %@ on %@ test (%d samples): accuracy %.2f%%  %d bytes  %.3f ms/batch of %d",
                      spec.name, dataName, test.count, 100 * accuracy, bytes, ms, latencyBatch.shape[0]))
        return QuantizeResult(method: settings.method, model: spec.name, dataset: dataName,
                              dataSource: dataSource, samples: test.count,
                              batch: latencyBatch.shape[0], weightBits: settings.weightBits,
                              granularity: settings.granularityName, threads: settings.threads,
                              parameters: model.parameterCount, floatAccuracy: accuracy, floatTestLoss: report.metrics.loss,
                              floatBytes: bytes, floatMsPerBatch: ms)
    }

    var floatRun: () -> Void {
        let model = model
        let batch = latencyBatch
        return { _ = model(batch) }
    }

    /// `--method rtn`: weight-only round-to-nearest, float activations.
    func roundToNearest(_ result: inout QuantizeResult, out: URL?) throws {
        let scheme = try QuantizationScheme(bits: settings.weightBits, signed: true, symmetric: true, granularity: settings.granularity)
        let rtn = try WeightOnlyQuantization.roundToNearest(model, scheme: scheme)
        let accuracy = result.record(evaluate(rtn, test, batchSize: settings.batchSize))
        let batch = latencyBatch
        (result.quantizedMsPerBatch, result.floatMsPerBatch) = Latency.paired({ _ = rtn(batch) }, against: floatRun)
        result.weightScheme = scheme.description
        result.quantizedBytes = WeightOnlyQuantization.byteCount(rtn)
        io.out(String(format: "rtn        weights %@: accuracy %.2f%% (%+.2f pts)  %d bytes  %.3f ms/batch", scheme.description,
                      100 * accuracy, 100 * (accuracy - result.floatAccuracy), result.quantizedBytes, result.quantizedMsPerBatch))
        if let out {
            try WeightOnlyQuantization.save(rtn, to: out, metadata: savedMetadata)
            io.err("saved \(out.path)")
        }
    }

    /// `--method ptq`: calibrated static quantization; per-channel runs show per-tensor beside them.
    func postTraining(_ result: inout QuantizeResult, out: URL?) throws {
        let ptq = PostTrainingQuantization(weightScheme: try settings.weightScheme, activationScheme: try settings.activationScheme,
                                           observer: settings.observer)
        result.observer = settings.observer.rawValue
        result.calibrationBatches = calibration.count
        guard !isHybrid else {
            return try hybridResult(try HybridQuantization.postTraining(model, ptq, calibration: calibration), &result, out: out)
        }
        try integerResult(try ptq.quantize(model, calibration: calibration), &result, out: out)
        guard settings.granularityName == "channel" else { return }
        let perTensor = PostTrainingQuantization(
            weightScheme: try QuantizationScheme.weights(bits: settings.weightBits, granularity: .perTensor),
            activationScheme: try settings.activationScheme, observer: settings.observer)
        let accuracy = try perTensor.quantize(model, calibration: calibration)
            .accuracy(features: test.features, labels: test.labels, batchSize: settings.batchSize)
        io.out(String(format: "ptq        per-tensor weights beside it: accuracy %.2f%% (%+.2f pts)", 100 * accuracy,
                      100 * (accuracy - result.floatAccuracy)))
        result.quantizedAccuracyPerTensor = accuracy
    }

    /// `--method qat`: fake-quantized fine-tuning, then the integer model.
    func quantizationAware(_ result: inout QuantizeResult, out: URL?) throws {
        let scheme = try settings.weightScheme
        io.err("qat: \(settings.epochs) epoch(s) on \(train.count) training samples, weights \(scheme), \(settings.quantizer.rawValue)")
        result.epochs = settings.epochs
        result.learningRate = settings.learningRate
        result.weightQuantizer = settings.quantizer.rawValue
        guard !isHybrid else { return try hybridQuantizationAware(&result, out: out) }
        guard (try? model.integerChain()) != nil else { return try treeQuantizationAware(&result, out: out) }
        let qat = try QuantizationAwareTraining(model, weightScheme: scheme, activationScheme: try settings.activationScheme,
                                                quantizer: settings.quantizer)
        let io = io
        let quantized = try qat.fineTune(features: train.features, labels: train.labels, epochs: settings.epochs,
                                         learningRate: settings.learningRate, batchSize: 64, seed: settings.seed) { epoch, loss, accuracy in
            io.err(String(format: "qat epoch %d: loss %.4f  train accuracy %.2f%%", epoch + 1, loss, 100 * accuracy))
        }
        try integerResult(quantized, &result, out: out)
    }

    /// `--method qat` on a layer tree (residual networks): the staged QAT of mixed precision with
    /// one stage and every layer at --weight-bits (min–max weights, clipped STE, EMA input ranges),
    /// then the fine-tuned weights converted to the integer model with calibrated activations.
    func treeQuantizationAware(_ result: inout QuantizeResult, out: URL?) throws {
        let plan = BitAllocation.uniform(model, bits: LayerBits(weight: settings.weightBits, activation: 8))
        let io = io
        try MixedPrecisionTraining(model: model, allocation: plan)
            .fineTune(stages: [plan.entries.map(\.path)], data: train, epochsPerStage: settings.epochs,
                      learningRate: settings.learningRate, batchSize: 64, seed: settings.seed) { _, epoch, loss, accuracy in
                io.err(String(format: "qat epoch %d: loss %.4f  train accuracy %.2f%%", epoch + 1, loss, 100 * accuracy))
            }
        let ptq = PostTrainingQuantization(weightScheme: try settings.weightScheme, activationScheme: try settings.activationScheme,
                                           observer: settings.observer)
        try integerResult(try ptq.quantize(model, calibration: calibration), &result, out: out)
    }

    /// Accuracy, sizes and paired latency of an integer model; both integer paths must agree bit for bit.
    func integerResult(_ quantized: QuantizedModel, _ result: inout QuantizeResult, out: URL?) throws {
        let accuracy = measure(quantized, &result)
        let scheme = try settings.weightScheme
        result.weightScheme = scheme.description
        result.quantizedBytes = quantized.byteCount
        let method = settings.method.padding(toLength: 10, withPad: " ", startingAt: 0)
        io.out(String(format: "%@ W%dA8 weights %@, %@ activations: accuracy %.2f%% (%+.2f pts)  %d bytes (%d packed)  %.3f ms/batch",
                      method, settings.weightBits, scheme.description, settings.signedActivations ? "int8" : "uint8",
                      100 * accuracy, 100 * (accuracy - result.floatAccuracy), quantized.byteCount, quantized.packedByteCount,
                      result.quantizedMsPerBatch))
        try save(quantized, out)
    }

    /// The integer model's test accuracy (recorded as the run's quantized model), latency paired
    /// with the float model, packed bytes, and whether the oneDNN path equals the reference.
    func measure(_ quantized: QuantizedModel, _ result: inout QuantizeResult) -> Double {
        let accuracy = result.record(evaluate(test, batchSize: settings.batchSize, logits: quantized.predict))
        let batch = latencyBatch
        (result.quantizedMsPerBatch, result.floatMsPerBatch) = Latency.paired({ _ = quantized.predict(batch) }, against: floatRun)
        result.quantizedPackedBytes = quantized.packedByteCount
        result.onednnEqualsReference = quantized.run(batch, backend: .oneDNN).codes == quantized.run(batch, backend: .reference).codes
        return accuracy
    }

    /// `--out`: the integer model with the float checkpoint's metadata.
    func save(_ quantized: QuantizedModel, _ out: URL?) throws {
        guard let out else { return }
        try quantized.save(to: out, metadata: savedMetadata)
        io.err("saved \(out.path)")
    }

    /// `--sensitivity`: each layer quantized alone (printed as a table).
    func sensitivity() throws -> SensitivityReport {
        if isHybrid {
            throw CommandError("--sensitivity quantizes one layer of a chain at a time; \(spec.name) has float (quantum) layers between its chains")
        }
        let scheme = settings.granularityName == "group" ? try QuantizationScheme.weights(bits: settings.weightBits)
                                                         : try settings.weightScheme
        var report = try SensitivityReport(model: model, weightScheme: scheme, activationScheme: try settings.activationScheme,
                                           observer: settings.observer, calibration: calibration, features: test.features,
                                           labels: test.labels, batchSize: settings.batchSize)
        try addSecondOrderColumns(&report)
        io.out(report.table)
        return report
    }

    /// The Hessian trace (HAWQ) and KL (ZeroQ) columns of `--sensitivity`, at `--weight-bits`:
    /// traces on `--hessian-images` training images with `--hessian-samples` Hutchinson vectors,
    /// KL on the calibration images. A model without second derivatives gets the KL column only.
    func addSecondOrderColumns(_ report: inout SensitivityReport) throws {
        let bits = settings.weightBits
        let images = Swift.min(settings.hessianImages, train.count)
        io.err("sensitivity: Hessian traces on \(images) training images, \(settings.hessianSamples) Hutchinson samples")
        do {
            let io = io
            let hessian = try HessianSensitivity(model: model, batches: train.leadingBatches(images), samples: settings.hessianSamples,
                                                 bits: [bits], seed: settings.seed) { done, total in
                if done == total || done % 8 == 0 { io.err("sensitivity: Hessian traces, \(done)/\(total) Hutchinson samples") }
            }
            report.addHessian(hessian, bits: bits)
        } catch let error as AutodiffError {
            io.err("sensitivity: no Hessian column (\(error))")
        }
        var zeroq = ZeroQ()
        zeroq.choices = [bits]
        report.addKL(try zeroq.sensitivity(model, data: calibration), bits: bits)
    }
}

/// `quanta quantize --json`.
struct QuantizeResult: Encodable {
    var method: String
    var model: String
    var dataset: String
    /// The folder the data set was read from.
    var dataSource: String
    var samples: Int
    var batch: Int
    var weightBits: Int
    var granularity: String
    var threads: Int
    /// Parameters of the float model (the quantized model holds as many weights and biases).
    var parameters: Int
    var floatAccuracy: Double
    var floatTestLoss: Double
    var floatBytes: Int
    var floatMsPerBatch: Double
    var weightScheme = ""
    var quantizedAccuracy = 0.0
    /// The quantized model's test loss (softmax cross-entropy) and confusion matrix.
    var testLoss = 0.0
    var confusion: [[Int]] = []
    var quantizedBytes = 0
    var quantizedMsPerBatch = 0.0
    var quantizedPackedBytes: Int?
    var quantizedAccuracyPerTensor: Double?
    var onednnEqualsReference: Bool?
    /// hawq, zeroq: the integer model's layers (widths, bytes) and the simulated model's accuracy beside it.
    var integerLayers: [QuantizedModel.LayerSize]?
    var simulatedAccuracy: Double?
    /// distill: the teacher's accuracy and the student trained without it.
    var teacherAccuracy: Double?
    var withoutTeacherAccuracy: Double?
    /// qfx: whether every requantisation of the integer model is a shift, and the mean learned binary point.
    var shiftOnly: Bool?
    var meanFractionalBits: Double?
    var observer: String?
    var calibrationBatches: Int?
    var epochs: Double?
    var learningRate: Double?
    var weightQuantizer: String?
    var sensitivity: SensitivityReport?
    /// --method hawq: the plan and its accuracies.
    var hawq: HAWQResult?
    /// --method zeroq: the plan, its KL sensitivities and accuracies.
    var zeroq: ZeroQResult?
    /// --method adaround|brecq: round-to-nearest at the same widths.
    var nearestAccuracy: Double?
    /// A hybrid model's parts: "integer 0…12", "float 13 (Parallel<Float>)", ….
    var layout: [String]?
}

extension QuantizeResult {
    /// Keeps the quantized model's accuracy, loss and confusion matrix; returns the accuracy.
    mutating func record(_ report: ClassificationReport) -> Double {
        quantizedAccuracy = report.metrics.accuracy
        testLoss = report.metrics.loss
        confusion = report.confusion
        return quantizedAccuracy
    }
}
