import Datasets
import Foundation
import Plotting
import QML

/// The `qvf` reproduction: quantum visual fields (Wang, Theobalt, Golyanik 2025, papers.md §A8)
/// against a SIREN of the same parameter count, fitting three grey photographs at 32×32 and
/// 64×64, completing them with 30 % of the pixels hidden, and a sweep over the qubit count.
public enum QVFPaper {
    /// The QVF trunk: sine layers and their width; circuit layers; Adam's learning rate.
    static let (hidden, width, circuitLayers, learningRate) = (3, 16, 4, 1e-3)

    /// The recipe's qubits: 2ⁿ energies for a 32×32 (n = 6) or 64×64 (n = 8) image.
    static func qubits(side: Int) -> Int { side == 32 ? 6 : 8 }

    /// One fitted model.
    struct Fit {
        let psnr: Double
        let ssim: Double
        let hiddenPSNR: Double?
        let completedSSIM: Double?
        let losses: [Double]
        let rendered: [Float]
        let parameters: Int
        let seconds: Double
    }

    /// Fits `model`; with `log`, a progress line at most every 30 s ("label: step s/steps, MSE …").
    static func fit(_ model: any Layer<Float>, _ field: ImageField, steps: Int,
                    log: (label: String, context: ReproductionContext)? = nil) -> Fit {
        let start = Date()
        var lastLog = start
        let losses = field.fit(model, steps: steps, learningRate: learningRate) { step, loss in
            guard let log, Date().timeIntervalSince(lastLog) >= 30 else { return }
            lastLog = Date()
            log.context.log(String(format: "%@: step %d/%d, MSE %.3g", log.label, step + 1, steps, loss))
        }
        let seconds = Date().timeIntervalSince(start)
        let rendered = field.render(model)
        let s = field.scores(rendered)
        return Fit(psnr: s.psnr, ssim: s.ssim, hiddenPSNR: s.hiddenPSNR, completedSSIM: s.completedSSIM, losses: losses,
                   rendered: rendered, parameters: model.parameterCount, seconds: seconds)
    }

    /// QVF with `qubits` and trunk `width`, and the SIREN (3 sine layers) closest to its size.
    static func pair(qubits: Int, width: Int, seed: UInt64) throws -> (qvf: Sequential<Float>, siren: Sequential<Float>) {
        let qvf: Sequential<Float> = try QuantumVisualField.model(width: width, hidden: hidden, qubits: qubits, layers: circuitLayers,
                                                                  seed: seed)
        let sirenWidth = Models.sirenWidth(inputs: 2, hidden: hidden, outputs: 1, parameters: qvf.parameterCount)
        return (qvf, Models.siren(inputs: 2, width: sirenWidth, hidden: hidden, outputs: 1, seed: seed))
    }

    static let reproduction = Reproduction(
        name: "qvf",
        paper: PaperReference(title: "Quantum Visual Fields with Neural Amplitude Encoding", arxiv: "2508.10900",
                              citation: "Wang, Theobalt, Golyanik 2025"),
        summary: "coordinate network → 2ⁿ energies → Boltzmann amplitude state → RY + CNOT circuit → P(qubit 0 = 1) as the pixel; "
            + "camera, astronaut and brick at 32×32 (6 qubits) and 64×64 (8 qubits) against an equal-size SIREN, field completion "
            + "with 30 % hidden, and a qubit sweep at a fixed budget",
        quickForm: "32×32 only, 300 Adam steps instead of 1,000",
        datasets: [], seeds: (full: 1, quick: 1)
    ) { context in
        let steps = context.quick ? 300 : 1000
        var result = ReproductionResult()
        for side in context.quick ? [32] : [32, 64] {
            result.append(try fits(side: side, steps: steps, context))
        }
        result.append(try sweep(steps: steps, context))
        result.notes.append("Read from the abstract (no code published): the trunk is 3 SIREN sine layers of 16 (ω₀ = 30), a linear layer "
            + "gives 2ⁿ energies E, the state has amplitudes exp(−E/2)/√Σexp(−E), the circuit is 4 layers of RY on every qubit and a CNOT "
            + "ring (orthogonal, simulated as one matrix per step), the pixel is the probability that qubit 0 reads 1. Full-batch Adam "
            + "1e-3 on the MSE for both models; the SIREN has 3 sine layers and the width that matches the QVF's parameter count. "
            + "Completion: 30 % of the pixels (seeded) hidden while fitting, scored by PSNR on them and SSIM of the completed image.")
        return result
    }
}

extension Reproduction {
    static let qvf = QVFPaper.reproduction
}
