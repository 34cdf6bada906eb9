import Foundation
import Testing
@testable import Reproductions

/// The hawq reproduction's pipeline in its quick form (ResNet-20 on the 8×8 digits, seconds):
/// nine rows, a plan within the budget, quantized accuracies near float, the baseline kept in
/// the cache folder and reused.
@Suite struct HAWQPaperTests {
    @Test func quickFormOnDigits() throws {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("hawq-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        var config = HAWQPaper.Config.quick
        config.fineTuneEpochs = 0.5
        config.hessianImages = 64
        config.hessianSamples = 4
        config.budgets = [4]
        let context = ReproductionContext(quick: true, seeds: 1, cacheDir: cache)
        let result = try HAWQPaper.run(config, context)
        #expect(result.rows.count == 9 && result.plots.count == 1)
        let value = Dictionary(uniqueKeysWithValues: result.rows.map { ($0.label, $0.value) })
        let float = try #require(value["resnet20 digits float"])
        #expect(float > 90, "float \(float)")
        for name in ["HAWQ mixed W≤4A8, staged fine-tuning", "uniform W4A8, same fine-tuning", "HAWQ mixed W≤4A8, post-training",
                     "HAWQ mixed W≤4A8, fine-tuned, integer model"] {
            let quantized = try #require(value["resnet20 digits \(name)"])
            #expect(quantized > float - 5, "\(name): \(quantized) vs float \(float)")
        }
        #expect(try #require(value["resnet20 digits W≤4 plan"]) <= 4)
        let files = try FileManager.default.contentsOfDirectory(atPath: cache.appendingPathComponent("baselines").path)
        #expect(files.count == 1 && files[0].hasPrefix("resnet20-digits-"))
    }
}
