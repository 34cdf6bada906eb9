import Foundation
import Quanta

/// Predictions as CSV or JSON lines.
struct PredictionTable {
    let json: Bool
    let model: CheckpointModel
    var text = ""

    init(json: Bool, model: CheckpointModel) {
        self.json = json
        self.model = model
        if !json {
            let classes = model.spec.classes
            let columns = model.spec.isRegression ? (0..<classes).map { "value_\($0)" }
                : ["class", "label"] + (0..<classes).map { "output_\($0)" }
            text = (["row"] + columns).joined(separator: ",") + "\n"
        }
    }

    /// Regression outputs in the target's units, one line per row.
    private mutating func appendValues(_ outputs: Tensor<Float>, firstRow: Int, scale: Normalization) {
        let width = outputs.shape[1]
        for i in 0..<outputs.shape[0] {
            // the spec's check made the standardisation as wide as the outputs
            let values = (0..<width).map { outputs.scalars[i * width + $0] * scale.std[$0] + scale.mean[$0] }
            if json {
                text += "{\"row\":\(firstRow + i),\"values\":[" + values.map { "\($0)" }.joined(separator: ",") + "]}\n"
            } else {
                text += "\(firstRow + i)," + values.map { "\($0)" }.joined(separator: ",") + "\n"
            }
        }
    }

    /// One line per row of `outputs` [n, classes] (a regression model's: [n, values]).
    mutating func append(_ outputs: Tensor<Float>, firstRow: Int) {
        if let scale = model.spec.targetNormalization {
            appendValues(outputs, firstRow: firstRow, scale: scale)
            return
        }
        let classes = outputs.shape[1]
        let best = outputs.argmax(axis: 1)
        for i in 0..<outputs.shape[0] {
            let values = (0..<classes).map { outputs.scalars[i * classes + $0] }
            let label = model.label(best[i])
            if json {
                let numbers = values.map { $0.isFinite ? "\($0)" : JSONLine.number(Double($0)) }.joined(separator: ",")
                let name = (try? JSONLine.encode(label)) ?? "\"\""
                text += "{\"class\":\(best[i]),\"label\":\(name),\"outputs\":[\(numbers)],\"row\":\(firstRow + i)}\n"
            } else {
                let quoted = label.contains(",") || label.contains("\"") ? "\"\(label.replacingOccurrences(of: "\"", with: "\"\""))\"" : label
                text += "\(firstRow + i),\(best[i]),\(quoted)," + values.map { "\($0)" }.joined(separator: ",") + "\n"
            }
        }
    }

    /// Writes to `url` atomically, or to stdout.
    func write(to url: URL?, io: Console) throws {
        guard let url else {
            io.outPart(text)
            return
        }
        try SafeTensors.writeAtomically(Data(text.utf8), to: url)
    }
}
