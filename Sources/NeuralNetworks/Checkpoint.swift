import Foundation

/// Model (and optionally optimizer) state in one safetensors file.
///
/// Tensor names: the model's parameters and buffers exactly as `namedParameters` /
/// `namedBuffers` give them ("0.weight", "1.running_mean", …, as a PyTorch `state_dict`),
/// and the optimizer's state as "optimizer.<name>". String metadata carries the rest (model
/// spec, trainer progress) as JSON. Writes are atomic (temporary file + rename).
public enum Checkpoint {
    /// The metadata key holding the format marker.
    public static let formatKey = "quanta.format"
    /// The format marker of files written by this version.
    public static let formatVersion = "quanta-checkpoint-1"

    /// Writes `model` (and `optimizer`'s state) with `metadata` to `url`, atomically.
    public static func save<Scalar: TensorScalar>(model: any Layer<Scalar>, optimizer: (any Optimizer<Scalar>)? = nil,
                                                  metadata: [String: String] = [:], to url: URL) throws {
        var tensors: [(name: String, entry: SafeTensors.Entry)] = []
        for (name, variable) in model.namedParameters { tensors.append((name, SafeTensors.Entry(variable.value))) }
        for (name, tensor) in model.namedBuffers { tensors.append((name, SafeTensors.Entry(tensor))) }
        for (name, tensor) in optimizer?.state ?? [] { tensors.append(("optimizer.\(name)", SafeTensors.Entry(tensor))) }
        var meta = metadata
        meta[formatKey] = formatVersion
        try SafeTensors.write(tensors, metadata: meta, to: url)
    }

    /// Reads only the metadata of a checkpoint (validating the whole file).
    public static func metadata(of url: URL) throws -> [String: String] {
        try SafeTensors.read(url).metadata
    }

    /// Loads a checkpoint into `model` (and `optimizer`), after checking that every parameter
    /// and buffer is present with the model's shape and nothing unknown is in the file.
    /// Nothing is modified unless the whole file fits. Returns the metadata.
    @discardableResult
    public static func load<Scalar: TensorScalar>(into model: any Layer<Scalar>, optimizer: (any Optimizer<Scalar>)? = nil,
                                                  from url: URL) throws -> [String: String] {
        let (entries, metadata) = try SafeTensors.read(url)
        let file = url.path
        func fail(_ problem: String) -> SafeTensorsError { SafeTensorsError(file: file, problem: problem) }

        var parameterValues: [Tensor<Scalar>] = []
        for (name, variable) in model.namedParameters {
            parameterValues.append(try tensor(entries, name, shape: variable.shape, file: file))
        }
        var bufferValues: [(String, Tensor<Scalar>)] = []
        for (name, current) in model.namedBuffers {
            bufferValues.append((name, try tensor(entries, name, shape: current.shape, file: file)))
        }
        let known = Set(model.namedParameters.map(\.name) + model.namedBuffers.map(\.name))
        if let extra = entries.keys.sorted().first(where: { !known.contains($0) && !$0.hasPrefix("optimizer.") }) {
            throw fail("tensor '\(extra)' does not belong to this model (different architecture?)")
        }
        var optimizerState: [String: Tensor<Scalar>] = [:]
        for (name, entry) in entries where name.hasPrefix("optimizer.") {
            let value: Tensor<Scalar> = try entry.tensor(name: name, file: file)
            guard value.isFinite else {
                throw fail("tensor '\(name)' holds values that are not finite (NaN or infinity)")
            }
            optimizerState[String(name.dropFirst("optimizer.".count))] = value
        }
        if let optimizer {
            do { try optimizer.restore(optimizerState) } catch { throw fail("\(error)") }
        }
        for ((_, variable), value) in Swift.zip(model.namedParameters, parameterValues) { variable.value = value }
        for (name, value) in bufferValues where !model.setBuffer(name, to: value) {
            throw fail("buffer '\(name)' was refused by the model")
        }
        return metadata
    }

    static func tensor<Scalar: TensorScalar>(_ entries: [String: SafeTensors.Entry], _ name: String, shape: [Int],
                                             file: String) throws -> Tensor<Scalar> {
        guard let entry = entries[name] else {
            throw SafeTensorsError(file: file, problem: "tensor '\(name)' is missing (checkpoint of a different model?)")
        }
        guard entry.shape == shape else {
            throw SafeTensorsError(file: file, problem: "tensor '\(name)' has shape \(entry.shape), the model expects \(shape)")
        }
        let value: Tensor<Scalar> = try entry.tensor(name: name, file: file)
        guard value.isFinite else {
            throw SafeTensorsError(file: file, problem: "tensor '\(name)' holds values that are not finite (NaN or infinity)")
        }
        return value
    }
}
