/// Everything a user can get wrong about quantization: schemes, options, models, files.
public enum QuantizationError: Error, CustomStringConvertible, Equatable {
    case invalidScheme(String)
    case unsupportedModel(String)
    case invalidFile(file: String, problem: String)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .invalidScheme(let m): return "invalid quantization scheme: \(m)"
        case .unsupportedModel(let m): return "cannot quantize this model: \(m)"
        case .invalidFile(let file, let problem): return "\(file): \(problem)"
        case .invalidArgument(let m): return m
        }
    }
}
