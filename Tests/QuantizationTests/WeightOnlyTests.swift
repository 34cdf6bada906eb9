import Foundation
import Testing
@testable import Quantization

@Suite struct WeightOnlyTests {
    @Test(arguments: [8, 4, 3, 2])
    func packRoundTrip(bits: Int) throws {
        var rng = RandomGenerator(seed: UInt64(bits))
        let w = Tensor<Float>.normal([5, 37], rng: &rng)
        for granularity in [QuantizationScheme.Granularity.perChannel(axis: 0), .perGroup(size: 8)] {
            let scheme = try QuantizationScheme.weights(bits: bits, granularity: granularity)
            let packed = try PackedWeights(w, scheme: scheme)
            #expect(packed.packed.count == 5 * ((37 * bits + 7) / 8))
            let p = packed.parameters
            #expect(packed.dequantized() == p.fakeQuantize(w))     // unpacking loses nothing
        }
    }

    @Test func weightOnlyLinearEqualsDequantizedMatmul() throws {
        var rng = RandomGenerator(seed: 9)
        let linear = Linear<Float>(70, 130, rng: &rng)      // 130 rows: three tiles of 64
        let layer = try WeightOnlyLinear(linear, scheme: try .weights(bits: 4, granularity: .perGroup(size: 16)))
        let x = Tensor<Float>.normal([6, 70], rng: &rng)
        let expected = x.matmul(layer.weights.dequantized(), transposeOther: true) + linear.bias!.value
        #expect(layer(x).isApproximatelyEqual(to: expected, atol: 1e-4, rtol: 1e-4))
    }

    @Test func sensitivityReportRows() throws {
        var rng = RandomGenerator(seed: 4)
        let model = Sequential<Float>(Flatten(), Linear(6, 8, rng: &rng), Activation(.relu), Linear(8, 3, rng: &rng))
        let x = Tensor<Float>.normal([64, 6], rng: &rng)
        let labels = model(x).argmax(axis: 1)
        let report = try SensitivityReport(model: model, weightScheme: try .weights(bits: 2), calibration: [x], features: x, labels: labels)
        #expect(report.floatAccuracy == 1)
        #expect(report.rows.map(\.layer) == ["1", "3", "all"])
        #expect(report.rows.allSatisfy { $0.sqnrDB.isFinite && $0.sqnrDB < 60 })
        #expect(report.json.contains("\"sqnr_db\""))
    }
}
