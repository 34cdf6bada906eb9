import Testing
@testable import LanguageModels

/// Sampling: greedy at temperature 0, the nucleus cut, seeded repeatability; streaming text
/// that never splits a UTF-8 character.
struct SamplerTests {
    @Test func greedyAndNucleus() {
        var greedy = Sampler()
        #expect(greedy.next([0.1, 3, -1, 2.9]) == 1)
        // Probabilities ∝ e^x: 0.665, 0.245, 0.090 — top-p 0.6 keeps only the first.
        var nucleus = Sampler(temperature: 1, topP: 0.6, seed: 4)
        #expect((0..<50).allSatisfy { _ in nucleus.next([2, 1, 0]) == 0 })
        var wide = Sampler(temperature: 1, topP: 1, seed: 4)
        let draws = (0..<400).map { _ in wide.next([2, 1, 0]) }
        let share = Double(draws.filter { $0 == 0 }.count) / 400
        #expect(abs(share - 0.665) < 0.08 && Set(draws).count == 3)
        var a = Sampler(temperature: 0.7, topP: 0.9, seed: 9)
        var b = Sampler(temperature: 0.7, topP: 0.9, seed: 9)
        #expect((0..<20).map { _ in a.next([1, 2, 3, 2.5]) } == (0..<20).map { _ in b.next([1, 2, 3, 2.5]) })
    }

    @Test func streamingKeepsCharactersWhole() {
        var stream = StreamingText()
        let bytes = Array("aé€😀".utf8)   // 1 + 2 + 3 + 4 bytes
        var text = ""
        for b in bytes { text += stream.append([b]) }
        #expect(text == "aé€😀")
        #expect(stream.append([0xE2, 0x82]) == "")
        #expect(stream.finish() == "\u{FFFD}")
    }
}
