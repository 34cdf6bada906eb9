import Foundation
import Testing
@testable import Datasets

/// Amino-acid tokens, the peptide and SCL2205 readers, and refusals.
struct ProteinSequencesTests {
    @Test func tokensAndRefusals() throws {
        #expect(try ProteinSequences.tokens("ACdy") == [0, 1, 2, 19])
        #expect(try ProteinSequences.tokens("XUB") == [20, 21, 22])
        #expect(throws: DatasetError.invalidArgument("sequence 2, position 3: 'J' is not an amino-acid code (ACDEFGHIKLMNPQRSTVWYXUBZO)")) {
            try ProteinSequences(sequences: ["AC", "GAJ"], labels: [0, 1], classes: ["a", "b"]).tokenized()
        }
        #expect(throws: DatasetError.invalidArgument("sequence is empty")) { try ProteinSequences.tokens("") }
        let composition = try ProteinSequences(sequences: ["AAC"], labels: [0], classes: ["a"]).composition().scalars
        #expect(abs(composition[0] - 2.0 / 3) < 1e-6 && abs(composition[1] - 1.0 / 3) < 1e-6)
    }

    @Test func peptideFilesParseAndBadRowsAreNamed() throws {
        let dir = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.csv")
        try "3,1,TM,AMP\r\nGLWSK, 1\r\nLLAV,0\r\nKKLL,1\r\n".write(to: good, atomically: true, encoding: .utf8)
        let set = try ProteinSequences.readPeptides(good)
        #expect(set.sequences == ["GLWSK", "LLAV", "KKLL"] && set.labels == [1, 0, 1] && set.classes == ["TM", "AMP"])
        let bad = dir.appendingPathComponent("bad.csv")
        try "2,1,TM,AMP\nGLW1K,1\nLLAV,0\n".write(to: bad, atomically: true, encoding: .utf8)
        #expect(throws: DatasetError.self) { try ProteinSequences.readPeptides(bad) }
    }

    @Test(.enabled(if: TestData.hasShared, TestData.sharedMissing))
    func sharedProteinSetsLoad() throws {
        let peptides = try ProteinSequences.readPeptides(TestData.shared.appendingPathComponent("peptides/AMPvsTMset.csv"))
        #expect(peptides.sequences.count == 412 && peptides.labels.filter { $0 == 1 }.count == 206)
        let scl = try ProteinSequences.readSCL(TestData.shared.appendingPathComponent("scl2205"))
        #expect(scl.train.sequences.count == 15_183 && scl.validation.sequences.count == 1_260 && scl.test.sequences.count == 2_631)
        #expect(scl.train.classes.count == 13 && scl.train.classes[1] == "ER")
        let registered = try DatasetRegistry.load("peptides", from: TestData.shared.appendingPathComponent("peptides"))
        #expect(registered.train.features.shape == [412, 25])
    }
}
