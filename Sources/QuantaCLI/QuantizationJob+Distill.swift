import Foundation
import Quanta

extension QuantizationJob {
    /// `--method distill`: the checkpoint's model trained with its weights quantized in every step,
    /// on the `--teacher`'s softened logits and the labels; the same training on the labels alone
    /// beside it. Both start from the checkpoint; `--out` saves the distilled student (weight-only).
    func distill(_ result: inout QuantizeResult, out: URL?) throws {
        if isHybrid { throw CommandError("--method distill trains catalog models; \(spec.name) is a paper model with quantum layers") }
        let teacher = try teacherModel()
        let teacherAccuracy = evaluate(teacher, test, batchSize: settings.batchSize).metrics.accuracy
        io.out(String(format: "distill    teacher %@: accuracy %.2f%%", settings.teacher!.lastPathComponent, 100 * teacherAccuracy))
        let logits = Self.logits(teacher, train.features, batchSize: settings.batchSize)
        var distillation = QuantizedDistillation()
        distillation.bits = settings.weightBits
        distillation.temperature = Float(settings.temperature)
        distillation.epochs = Swift.max(1, Int(settings.epochs.rounded(.up)))
        distillation.learningRate = settings.learningRate
        distillation.seed = settings.seed
        let io = io
        func student(_ teacherLogits: Tensor<Float>?, _ what: String) throws -> (Sequential<Float>, ClassificationReport) {
            let s = try ModelCatalog.build(spec)
            try Checkpoint.load(into: s, from: checkpoint)
            try distillation.train(s, data: train, teacherLogits: teacherLogits) { epoch, loss in
                io.err(String(format: "distill: %@ epoch %d: loss %.4f", what, epoch, loss))
            }
            let quantized = try distillation.quantized(s)
            return (quantized, evaluate(quantized, test, batchSize: settings.batchSize))
        }
        let (distilled, report) = try student(logits, "with the teacher")
        let accuracy = result.record(report)
        let alone = try student(nil, "labels only").1.metrics.accuracy
        io.out(String(format: "distill    W%d student with the teacher (T = %g): accuracy %.2f%% (%+.2f pts)", settings.weightBits,
                      settings.temperature, 100 * accuracy, 100 * (accuracy - result.floatAccuracy)))
        io.out(String(format: "distill    W%d student on the labels alone beside it: accuracy %.2f%%", settings.weightBits, 100 * alone))
        result.teacherAccuracy = teacherAccuracy
        result.withoutTeacherAccuracy = alone
        result.weightScheme = try distillation.scheme(columns: 256).description
        result.quantizedBytes = WeightOnlyQuantization.byteCount(distilled)
        if let out {
            try WeightOnlyQuantization.save(distilled, to: out, metadata: savedMetadata)
            io.err("saved \(out.path)")
        }
    }

    /// The `--teacher` checkpoint, checked to classify the same inputs into the same classes.
    func teacherModel() throws -> Sequential<Float> {
        let url = settings.teacher!
        let metadata = try Checkpoint.metadata(of: url)
        let teacherSpec = try ModelCatalog.spec(in: metadata, file: url.path)
        guard teacherSpec.classes == spec.classes, teacherSpec.inputShape == spec.inputShape else {
            throw CommandError("\(url.path): the teacher maps \(teacherSpec.inputShape) to \(teacherSpec.classes) classes, "
                + "the student \(spec.inputShape) to \(spec.classes)")
        }
        let teacher = try ModelCatalog.build(teacherSpec)
        try Checkpoint.load(into: teacher, from: url)
        teacher.isTraining = false
        return teacher
    }

    /// The model's logits for `features`, in batches.
    static func logits(_ model: Sequential<Float>, _ features: Tensor<Float>, batchSize: Int) -> Tensor<Float> {
        let n = features.shape[0]
        let parts = stride(from: 0, to: n, by: batchSize).map { model(features.gatherRows(Array($0..<Swift.min($0 + batchSize, n)))) }
        return Tensor<Float>(shape: [n, parts[0].shape[1]], scalars: parts.flatMap { $0.scalars })
    }
}
