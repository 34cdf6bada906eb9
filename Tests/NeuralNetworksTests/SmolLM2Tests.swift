import Foundation
import XCTest
@testable import NeuralNetworks
import Tensor

/// SmolLM2-135M-Instruct from its GGUF file (when `QUANTA_SMOLLM2` names it) against Hugging
/// Face `transformers` 5.25 loading the same file (dequantised to fp32): 40 logits at the last
/// position of five prompts within 1e-3 of the largest, and 32 greedy tokens identical.
/// Reference made offline by Scripts/references/smollm2_reference.py.
final class SmolLM2Tests: XCTestCase {
    struct Reference {
        var prompt: String
        var ids: [Int]
        var indices: [Int]
        var logits: [Float]
        var greedy: [Int]
    }

    static let references: [Reference] = [
        Reference(prompt: "The capital of France is", ids: [504, 3575, 282, 4649, 314],
                  indices: [0, 216, 260, 441, 1315, 2048, 2250, 4096, 4528, 5145, 6144, 7042, 8192, 10240, 12288, 14336, 16384, 18432, 20480, 22528, 24576, 26624, 28672, 30720, 32768, 34816, 36864, 38912, 40960, 43008, 45056, 47104],
                  logits: [1.61364, 12.71331, 14.8886, 12.69786, 12.95152, -0.71852, 13.00947, -0.57522, 13.24498, 12.90495, 1.25235, 17.37127, 5.82925, -8.12326, 4.70322, -1.56677, -5.88284, -4.56835, -0.05244, -1.41031, -0.85956, -2.65947, 0.10591, -7.2223, 0.81787, 4.26276, -0.98426, -2.09838, -4.47903, -1.04594, 0.27351, -2.58133],
                  greedy: [7042, 30, 198, 198, 504, 2988, 314, 42, 216, 34, 32, 33, 40, 29, 32, 33, 29, 34, 34, 216, 33, 34, 42, 33, 34, 42, 37, 35, 30, 2]),
        Reference(prompt: "Once upon a time, there was a little", ids: [6403, 1980, 253, 655, 28, 665, 436, 253, 1838],
                  indices: [0, 555, 2048, 2698, 3102, 4096, 5432, 6144, 6560, 7706, 8180, 8192, 10240, 12288, 14336, 16384, 18432, 18904, 20480, 22528, 24576, 26624, 28672, 30720, 32768, 34816, 36864, 38912, 40960, 43008, 45056, 47104],
                  logits: [1.54634, 13.63393, 2.57428, 14.75599, 17.05774, 6.80703, 14.98769, 1.06395, 15.06429, 14.95168, 17.5509, -4.23108, -5.65494, 1.91259, -2.68786, 1.3302, -4.59649, 14.27511, 5.16225, 0.06395, 3.40249, 3.24799, -5.14268, 9.91454, -1.41872, 1.44587, -0.18897, -2.90027, -4.85369, 2.94265, 3.37401, -4.41251],
                  greedy: [8180, 3365, 20391, 617, 5732, 288, 1238, 281, 260, 2388, 30, 2306, 736, 1129, 685, 288, 260, 10724, 284, 1238, 351, 874, 2428, 30, 1963, 1194, 28, 1041, 4041, 288, 685, 288]),
        Reference(prompt: "def fibonacci(n):", ids: [1604, 3987, 46477, 24, 94, 727],
                  indices: [0, 198, 216, 448, 472, 1004, 2048, 3136, 3805, 4096, 6144, 8192, 10240, 12288, 14336, 16384, 16390, 18432, 20480, 22528, 24576, 26624, 28672, 30720, 32768, 34816, 36864, 38912, 40960, 43008, 45056, 47104],
                  logits: [17.00708, 26.7989, 25.5791, 24.8431, 30.84274, 25.79337, 10.34112, 25.15908, 26.10305, 8.88727, 15.04839, 13.49794, 6.92931, 14.135, 10.13998, 8.75234, 25.60937, 8.43806, 10.48205, 11.1727, 10.92739, 10.81576, 10.09334, 7.54546, 10.46661, 9.83933, 7.86972, 12.80816, 7.15439, 11.52479, 11.8283, 9.24486],
                  greedy: [472, 585, 304, 1758, 216, 32, 42, 448, 1003, 216, 33, 472, 1003, 304, 1672, 3987, 46477, 24, 94, 731, 216, 33, 25, 198, 198, 19, 4246, 260, 1517, 198, 3272, 24]),
        Reference(prompt: "Quantum computers use qubits, which", ids: [48021, 5530, 722, 41085, 28, 527],
                  indices: [0, 281, 359, 416, 457, 705, 1167, 2048, 2205, 4096, 5202, 6144, 8192, 10240, 12288, 14336, 16384, 18432, 20480, 22528, 24576, 26624, 28672, 30720, 32768, 34816, 36864, 38912, 40960, 43008, 45056, 47104],
                  logits: [8.0542, 19.26379, 24.16622, 21.77223, 19.98858, 18.18087, 18.9748, 9.04161, 18.62031, 0.73677, 18.28032, 7.73194, 13.2944, -2.2678, 4.48422, 1.20237, -0.68143, 3.47872, -4.62781, 1.78053, 5.18593, -1.21301, -3.68758, 6.75917, -2.7201, -0.25654, -1.26703, 2.05802, -0.37753, -4.44715, -0.07708, -1.01851],
                  greedy: [359, 4959, 5469, 338, 416, 325, 281, 2701, 2496, 7769, 30, 1216, 41085, 416, 325, 35547, 28, 2455, 502, 2316, 4395, 281, 715, 253, 970, 338, 480, 3849, 416, 325, 17829, 1699]),
        Reference(prompt: "In 1969, Neil Armstrong", ids: [788, 216, 33, 41, 38, 41, 28, 27639, 24955],
                  indices: [0, 28, 314, 436, 506, 1135, 2048, 2163, 3763, 4096, 6144, 8192, 10240, 12288, 14336, 16384, 18432, 20480, 22528, 24576, 24715, 26624, 28672, 30720, 32768, 34816, 36864, 38912, 40960, 43008, 45056, 47104],
                  logits: [9.59856, 22.20491, 21.01705, 22.44837, 21.95483, 21.32841, 8.73031, 21.79421, 20.80344, 6.03075, 6.30316, 9.60279, 4.45084, 8.018, 7.90689, 5.70024, 2.4496, 6.60784, 6.53113, 9.02112, 21.03438, 6.10343, 3.12153, 4.96063, 3.56534, 7.42682, 8.03699, 4.00822, 0.77744, 3.66978, 7.13718, 5.92742],
                  greedy: [436, 260, 808, 288, 7198, 253, 10584, 618, 1898, 30, 198, 198, 504, 17600, 216, 33, 33, 4527, 436, 253, 7709, 9016, 338, 20786, 260, 970, 327, 260, 17600, 11280, 288, 7621]),
    ]

    func testLogitsAndGreedyTokensAgainstTransformers() throws {
        guard let path = ProcessInfo.processInfo.environment["QUANTA_SMOLLM2"] else { throw XCTSkip("QUANTA_SMOLLM2 not set") }
        let model = try TransformerDecoder<Float>(gguf: GGUF(contentsOf: URL(fileURLWithPath: path)))
        for r in Self.references {
            let logits = model(tokens: r.ids).value
            let vocabulary = model.configuration.vocabularySize
            let last = Array(logits.scalars.suffix(vocabulary))
            let scale = r.logits.map(abs).max()!
            for (i, expected) in zip(r.indices, r.logits) {
                XCTAssertEqual(last[i], expected, accuracy: 1e-3 * scale, "\(r.prompt): logit \(i)")
            }
            XCTAssertEqual(greedy(model, r.ids, count: r.greedy.count), r.greedy, r.prompt)
        }
    }

    func greedy(_ model: TransformerDecoder<Float>, _ ids: [Int], count: Int) -> [Int] {
        let cache = model.makeCache()
        var logits = model(tokens: ids, cache: cache).value.scalars.suffix(model.configuration.vocabularySize)
        var out: [Int] = []
        for _ in 0..<count {
            let next = logits.indices.max { logits[$0] < logits[$1] }! - logits.startIndex
            out.append(next)
            logits = model(tokens: [next], cache: cache).value.scalars[...]
        }
        return out
    }
}
