import Datasets
import Foundation
import Plotting
import QML

extension QVFPaper {
    /// Every sample image at `side`: QVF and SIREN fitted to all pixels, then to 70 % of them.
    static func fits(side: Int, steps: Int, _ context: ReproductionContext) throws -> ReproductionResult {
        var result = ReproductionResult()
        let n = qubits(side: side)
        let claim = Reported("QVF above classical INRs (SIREN …)", source: "abstract (no numbers verified)")
        let none = Reported("—", source: "not reported")
        var pictures: [[Float]] = []
        var curves = LinePlot(title: "\(side)×\(side) camera: fitting loss", xLabel: "Adam step", yLabel: "MSE")
        for name in SampleImages.names {
            let image = try SampleImages.image(name, side: side)
            let full = ImageField(image: image)
            let partial = ImageField(image: image, hiddenFraction: 0.3, seed: 2)
            var outcome: [String: (fit: Fit, completion: Fit)] = [:]
            for kind in ["QVF", "SIREN"] {
                let run = "\(name) \(side)×\(side) \(kind)"
                let fitted = fit(try model(kind, qubits: n), full, steps: steps, log: (run, context))
                let completion = fit(try model(kind, qubits: n), partial, steps: steps, log: (run + ", 30 % hidden", context))
                outcome[kind] = (fitted, completion)
                context.log(String(format: "%@ %d×%d %@ (%d parameters): PSNR %.2f dB, SSIM %.4f (%.0f s); completion: hidden PSNR %.2f dB, "
                                   + "SSIM %.4f", name, side, side, kind, fitted.parameters, fitted.psnr, fitted.ssim, fitted.seconds,
                                   completion.hiddenPSNR ?? .nan, completion.completedSSIM ?? .nan))
                let label = "\(name) \(side)×\(side): \(kind) (\(fitted.parameters) parameters\(kind == "QVF" ? ", \(n) qubits" : ""))"
                result.rows.append(ResultRow(label: label, metric: "PSNR", values: [fitted.psnr], unit: "dB", higherIsBetter: true,
                                             reported: kind == "QVF" ? claim : none, seconds: fitted.seconds))
                result.rows.append(ResultRow(label: label, metric: "SSIM", values: [fitted.ssim], unit: "", higherIsBetter: true,
                                             reported: none, seconds: 0))
                result.rows.append(ResultRow(label: "\(name) \(side)×\(side): \(kind), 30 % hidden", metric: "PSNR on the hidden pixels",
                                             values: [completion.hiddenPSNR ?? .nan], unit: "dB", higherIsBetter: true,
                                             reported: none, seconds: completion.seconds))
                result.rows.append(ResultRow(label: "\(name) \(side)×\(side): \(kind), 30 % hidden", metric: "SSIM of the completed image",
                                             values: [completion.completedSSIM ?? .nan], unit: "", higherIsBetter: true,
                                             reported: none, seconds: 0))
                if name == "camera" { curves.add(kind, y: fitted.losses) }
            }
            let masked = partial.pixels.enumerated().map { Set(partial.hidden).contains($0.offset) ? 0 : $0.element }
            pictures += [full.pixels, outcome["SIREN"]!.fit.rendered, outcome["QVF"]!.fit.rendered, masked,
                         outcome["SIREN"]!.completion.rendered, outcome["QVF"]!.completion.rendered]
        }
        result.plots.append(curves)
        let grid = PNG.grid(pictures, width: side, height: side, columns: 6)
        result.images.append(("\(side)×\(side): image, SIREN, QVF; 30 % hidden, SIREN completion, QVF completion",
                              PNG.greyscale(grid.pixels, width: grid.width, height: grid.height)))
        return result
    }

    /// The QVF of the recipe at `qubits`, or the SIREN of its size.
    static func model(_ kind: String, qubits: Int) throws -> Sequential<Float> {
        let (qvf, siren) = try pair(qubits: qubits, width: width, seed: 1)
        return kind == "QVF" ? qvf : siren
    }

    /// At 32×32 and about 1,024 parameters, the mean PSNR over the images of QVFs with 2…6
    /// qubits (trunk width chosen to meet the budget) beside the SIREN's.
    static func sweep(steps: Int, _ context: ReproductionContext) throws -> ReproductionResult {
        var result = ReproductionResult()
        let budget = 1024
        let fields = try SampleImages.names.map { ImageField(image: try SampleImages.image($0, side: 32)) }
        func meanPSNR(_ make: () throws -> Sequential<Float>) throws -> (psnr: Double, parameters: Int) {
            var total = 0.0, parameters = 0
            for field in fields {
                let m = try make()
                parameters = m.parameterCount
                total += fit(m, field, steps: steps).psnr
            }
            return (total / Double(fields.count), parameters)
        }
        let none = Reported("—", source: "not reported")
        let sirenWidth = Models.sirenWidth(inputs: 2, hidden: hidden, outputs: 1, parameters: budget)
        let siren = try meanPSNR { Models.siren(inputs: 2, width: sirenWidth, hidden: hidden, outputs: 1, seed: 1) }
        result.rows.append(ResultRow(label: "32×32, ~\(budget) parameters: SIREN (\(siren.parameters))", metric: "mean PSNR, 3 images",
                                     values: [siren.psnr], unit: "dB", higherIsBetter: true, reported: none, seconds: 0))
        var line = LinePlot(title: "32×32 at ~\(budget) parameters: QVF qubits vs SIREN", xLabel: "qubits", yLabel: "mean PSNR (dB)")
        var curve: [Double] = []
        for n in 2...6 {
            let w = trunkWidth(qubits: n, budget: budget)
            let q = try meanPSNR { try QuantumVisualField.model(width: w, hidden: hidden, qubits: n, layers: circuitLayers, seed: 1) }
            context.log(String(format: "sweep: %d qubits, width %d (%d parameters): mean PSNR %.2f dB (SIREN %.2f)", n, w, q.parameters,
                               q.psnr, siren.psnr))
            result.rows.append(ResultRow(label: "32×32, ~\(budget) parameters: QVF \(n) qubits, width \(w) (\(q.parameters))",
                                         metric: "mean PSNR, 3 images", values: [q.psnr], unit: "dB", higherIsBetter: true,
                                         reported: none, seconds: 0))
            curve.append(q.psnr)
        }
        line.add("QVF", x: (2...6).map(Double.init), y: curve)
        line.add("SIREN", x: (2...6).map(Double.init), y: Array(repeating: siren.psnr, count: 5))
        result.plots.append(line)
        return result
    }

    /// The QVF trunk width whose parameter count is closest to `budget`.
    static func trunkWidth(qubits n: Int, budget: Int) -> Int {
        func count(_ w: Int) -> Int { 3 * w + (hidden - 1) * (w + 1) * w + (w + 1) * (1 << n) + n * circuitLayers }
        return (1...512).min { abs(count($0) - budget) < abs(count($1) - budget) } ?? 1
    }
}
