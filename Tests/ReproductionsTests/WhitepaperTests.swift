import Foundation
import Testing
@testable import Reproductions

/// The whitepaper reproduction's pipeline on the embedded digits with the small CNN (seconds):
/// seven rows per data set, quantized accuracies close to float, the W8A8 size ratio by hand.
@Suite struct WhitepaperTests {
    @Test func digitsCNNThroughEveryMethod() throws {
        var config = Whitepaper.Config()
        config.model = "cnn"
        config.datasets = ["digits"]
        config.epochs = 4
        config.qatEpochs = 0.5
        let result = try Whitepaper.run(config, ReproductionContext(quick: true, seeds: 1))
        #expect(result.rows.count == 7 && result.plots.count == 1 && (result.plots[0] as! LinePlot).series[0].y.count == 4)
        let value = Dictionary(uniqueKeysWithValues: result.rows.map { ($0.label, $0.value) })
        let float = try #require(value["cnn digits float"])
        #expect(float > 90, "float \(float)")
        for name in ["PTQ W8A8 per-channel", "PTQ W8A8 per-tensor", "QAT W4A8 LSQ", "RTN W4 g32"] {
            let quantized = try #require(value["cnn digits \(name)"])
            #expect(quantized > float - 5, "\(name): \(quantized) vs float \(float)")
        }
        // int8 weights and int32 biases against fp32: a little under 4× smaller.
        let size = try #require(value["cnn digits W8A8 size"])
        #expect(size > 3 && size < 4, "\(size)")
        #expect((value["cnn digits int8 speed-up, batch 256"] ?? 0) > 0)
        #expect(result.rows.first { $0.label.hasSuffix("W8A8 size") }?.reported.value == 4)
    }
}
