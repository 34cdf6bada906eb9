import Foundation
import Testing
@testable import Quantization

/// Quantized distillation: the loss by hand, hard labels alone equal cross-entropy, codebook
/// layers use their nearest points and learn them, quantized students pack at their width.
@Suite struct QuantizedDistillationTests {
    @Test func lossByHand() throws {
        var d = QuantizedDistillation()
        d.temperature = 2
        d.softWeight = 0.25
        let student = Tensor<Float>(shape: [1, 2], scalars: [1, 0]), teacher = Tensor<Float>(shape: [1, 2], scalars: [0, 2])
        let targets = QuantizedDistillation.targets(labels: [1], classes: 2, teacherLogits: teacher)
        #expect(targets.scalars == [0, 2, 1])
        let value = Double(d.loss(classes: 2)(Variable(student), targets: targets).value.scalar)
        // hard: −log softmax(1, 0)[1] = log(1 + e); soft at T = 2: teacher softmax(0, 1), student log softmax(0.5, 0), × T².
        let hard = log(1 + exp(1.0))
        let pt = [1 / (1 + exp(1.0)), exp(1.0) / (1 + exp(1.0))]
        let logQ = [0.5 - log(exp(0.5) + 1), -log(exp(0.5) + 1)]
        let soft = -(pt[0] * logQ[0] + pt[1] * logQ[1]) * 4
        #expect(Swift.abs(value - (0.75 * hard + 0.25 * soft)) < 1e-5)
        d.softWeight = 0
        let plain = Double(softmaxCrossEntropy(Variable(student), labels: [1]).value.scalar)
        #expect(Swift.abs(Double(d.loss(classes: 2)(Variable(student), targets: targets).value.scalar) - plain) < 1e-6)
    }

    @Test func codebookLayersUseAndLearnTheirPoints() throws {
        var rng = RandomGenerator(seed: 1)
        let student = Sequential<Float>(Linear(6, 3, rng: &rng))
        let x = Tensor<Float>.normal([128, 6], rng: &rng)
        let labels = student(x).argmax(axis: 1)
        let data = LabeledData(features: x, labels: labels)
        var d = QuantizedDistillation()
        d.bits = 2
        d.softWeight = 0
        d.epochs = 20
        d.learningRate = 0.01
        let coded = CodebookAffine(student.layers[0] as! Linear<Float>, entries: 4)
        let p = coded.points.value.scalars, w = (student.layers[0] as! Linear<Float>).weight.value.scalars
        for (i, a) in coded.assignments().enumerated() {
            #expect(p.allSatisfy { Swift.abs($0 - w[i]) >= Swift.abs(p[Int(a)] - w[i]) })
        }
        let before = evaluate(Sequential<Float>(CodebookAffine(student.layers[0] as! Linear<Float>, entries: 4)), data).metrics.loss
        var losses: [Double] = []
        let learned = try d.learnPoints(student, data: data, teacherLogits: nil) { _, loss in losses.append(loss) }
        #expect(evaluate(learned, data).metrics.loss < before, "\(evaluate(learned, data).metrics.loss) vs \(before), \(losses)")
    }

    @Test func quantizedStudentPacksAtItsWidth() throws {
        var rng = RandomGenerator(seed: 2)
        let student = Sequential<Float>(Conv2D(1, 4, kernelSize: 3, rng: &rng), Flatten(), Linear(4 * 16, 3, rng: &rng))
        let x = Tensor<Float>.normal([64, 1, 6, 6], rng: &rng)
        let data = LabeledData(features: x, labels: (0..<64).map { $0 % 3 })
        var d = QuantizedDistillation()
        d.bits = 3
        d.bucketSize = 32
        d.epochs = 1
        let before = (student.layers[0] as! Conv2D<Float>).weight.value
        try d.train(student, data: data, teacherLogits: Tensor<Float>.normal([64, 3], rng: &rng))
        #expect((student.layers[0] as! Conv2D<Float>).weight.value != before)      // shadow weights trained
        let packed = try d.quantized(student).leaves.compactMap { $0.layer as? any WeightOnlyLayer }
        #expect(packed.map(\.weights.bits) == [3, 3])
        #expect(packed[1].weights.parameters.scheme.granularity == .perGroup(size: 32))
        #expect(packed[0].weights.parameters.scheme.granularity == .perGroup(size: 9))
    }
}
