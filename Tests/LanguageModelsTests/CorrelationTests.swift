import Testing
@testable import LanguageModels

/// Pearson and Spearman coefficients against values worked by hand and scipy.stats.
struct CorrelationTests {
    @Test func pearsonByHand() {
        // x = (1, 2, 3), y = (2, 4, 7): deviations (−1, 0, 1) and (−7/3, −1/3, 8/3);
        // Σ dx·dy = 5, Σ dx² = 2, Σ dy² = 114/9, so r = 5 / √(2 · 114/9) = 0.99339…
        #expect(abs(Correlation.pearson([1, 2, 3], [2, 4, 7]) - 5 / (2 * 114.0 / 9).squareRoot()) < 1e-12)
        #expect(Correlation.pearson([1], [2]).isNaN)
    }

    @Test func spearmanAveragesTiedRanks() {
        #expect(Correlation.ranks([10, 20, 20, 5]) == [2, 3.5, 3.5, 1])
        // scipy.stats.spearmanr([1, 2, 2, 3, 5], [2, 1, 4, 4, 9]) = 0.76315789473…
        #expect(abs(Correlation.spearman([1, 2, 2, 3, 5], [2, 1, 4, 4, 9]) - 0.7631578947368421) < 1e-12)
        #expect(abs(Correlation.spearman([1, 2, 3], [30, 20, 10]) + 1) < 1e-12)
    }
}
