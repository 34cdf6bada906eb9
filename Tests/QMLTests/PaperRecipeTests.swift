import Foundation
import Testing
@testable import QML

/// Stored recipes: a round trip keeps every field, and a recipe written before the
/// `restarts`/`cost` fields existed still decodes, with the defaults it was trained under.
@Suite struct PaperRecipeTests {
    @Test func roundTripAndOlderRecipes() throws {
        var recipe = try PaperRecipe.defaults(model: "reupload-1q", dataset: nil)
        recipe.layers = 3
        let back = try JSONDecoder().decode(PaperRecipe.self, from: try JSONEncoder().encode(recipe))
        #expect(back == recipe)
        let old = #"{"model":"hamemb","dataset":"digits","qubits":3,"layers":15,"classes":[0,1,2,3,4,5,6,7],"trainSize":1200,"#
            + #""testSize":100,"epochs":500,"batchSize":2000,"learningRate":0.1,"optimizer":"adam"}"#
        let decoded = try JSONDecoder().decode(PaperRecipe.self, from: Data(old.utf8))
        #expect(decoded == (try PaperRecipe.defaults(model: "hamemb", dataset: "digits")))
        #expect(decoded.cost == "fidelity" && decoded.restarts == 1 && decoded.evaluateEveryEpoch)
        let broken = #"{"model":"hamemb","dataset":"digits"}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PaperRecipe.self, from: Data(broken.utf8)) }
    }
}
