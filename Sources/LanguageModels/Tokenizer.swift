/// Text ↔ token ids.
public protocol Tokenizer: Sendable {
    /// Number of ids (0..<vocabularySize).
    var vocabularySize: Int { get }
    /// The ids of `text` as the model's reference tokenizer gives them, without any
    /// beginning-of-sequence token; throws `TokenizerError` for text it cannot encode.
    func encode(_ text: String) throws -> [Int]
    /// The text of `ids`. Ids outside the vocabulary throw.
    func decode(_ ids: [Int]) throws -> String
}

/// Why text or ids could not be converted.
public enum TokenizerError: Error, CustomStringConvertible, Equatable {
    /// A symbol the vocabulary has no id for (and no unknown token to stand in).
    case unknownSymbol(String)
    /// An id outside 0..<vocabularySize.
    case unknownID(Int, vocabularySize: Int)
    /// The model file's tokenizer is missing or of a kind not handled here.
    case unsupported(String)

    public var description: String {
        switch self {
        case .unknownSymbol(let s): "the vocabulary has no token for \(s.debugDescription)"
        case .unknownID(let id, let n): "token id \(id) is outside the vocabulary (0..<\(n))"
        case .unsupported(let why): why
        }
    }
}
