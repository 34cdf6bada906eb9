import Foundation
import Testing

/// `quanta vqe` through the built binary: H₂ to the exact energy, Max-Cut's ratio, noise with
/// mitigation, and refusals.
@Suite(.enabled(if: QuantaBinary.isBuilt, "the quanta executable is built next to the tests"))
struct VQECommandTests {
    func json(_ stdout: String) throws -> [String: Any] {
        let last = try #require(stdout.split(separator: "\n").last)
        return try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
    }

    @Test func h2DefaultsReachTheExactEnergy() throws {
        let run = try QuantaBinary.run(["vqe", "--hamiltonian", "h2", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let j = try json(run.stdout)
        let energy = try #require(j["energy"] as? Double)
        let exact = try #require(j["exact_energy"] as? Double)
        #expect(abs(exact - -1.137306035753) < 1e-9)
        #expect(abs(energy - exact) < 1.6e-3)
        #expect((j["iterations"] as? Int ?? 0) > 0 && (j["evaluations"] as? Int ?? 0) > 0)
    }

    @Test func maxCutPrintsTheApproximationRatio() throws {
        let run = try QuantaBinary.run(["vqe", "--hamiltonian", "maxcut:ring:6", "--ansatz", "qaoa:2", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let ratio = try #require(try json(run.stdout)["approximation_ratio"] as? Double)
        #expect(ratio > 0.7 && ratio <= 1)
        #expect(run.stdout.contains("approximation ratio"))
    }

    @Test func noisyEnergiesAndMitigation() throws {
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let noise = dir.appendingPathComponent("noise.json")
        try #"{"default": [{"channel": "depolarizing", "p": 0.002}]}"#.write(to: noise, atomically: true, encoding: .utf8)
        let raw = try json(try QuantaBinary.run(["vqe", "--hamiltonian", "h2", "--noise", noise.path, "--json"]).stdout)
        let zne = try json(try QuantaBinary.run(["vqe", "--hamiltonian", "h2", "--noise", noise.path, "--zne", "richardson",
                                                 "--zne-scaling", "noise", "--json"]).stdout)
        let rawError = abs(try #require(raw["error"] as? Double))
        let zneError = abs(try #require(zne["error"] as? Double))
        #expect(rawError > 0.01)
        #expect(zneError < rawError / 3)
    }

    @Test func badInputIsRefused() throws {
        for (args, message) in [(["--hamiltonian", "h3"], "unknown --hamiltonian"),
                                (["--hamiltonian", "maxcut:0-0"], "two different vertices"),
                                (["--hamiltonian", "h2", "--zne", "linear"], "give --noise"),
                                (["--hamiltonian", "ising:4,1", "--ansatz", "qaoa"], "diagonal cost"),
                                (["--hamiltonian", "ising:4,1", "--ansatz", "uccd"], "use it with --hamiltonian h2"),
                                (["--hamiltonian", "h2", "--learning-rate", "0.1"], "for adam, qng and aqgd")] {
            let run = try QuantaBinary.run(["vqe"] + args)
            #expect(run.status == 64 && run.stderr.contains(message), "\(args): \(run.stderr)")
        }
        let dir = try QuantaBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let noise = dir.appendingPathComponent("noise.json")
        try #"{"gates": {"cx": [{"channel": "bit_flip", "p": -0.1}]}}"#.write(to: noise, atomically: true, encoding: .utf8)
        let run = try QuantaBinary.run(["vqe", "--hamiltonian", "h2", "--noise", noise.path])
        #expect(run.status == 1 && run.stderr.contains("\"cx\" channel 1"), "\(run.stderr)")
    }
}
