import Foundation

/// The one JSON writer of the CLI: a `Codable` result as one line, keys sorted and in
/// snake_case (`testAccuracy` → "test_accuracy"), non-finite numbers as "inf", "-inf", "nan".
enum JSONLine {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// One number as `encode` writes it (shortest round-trip digits, no ".0"), for values
    /// streamed outside an encoder.
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "\"nan\"" : (x > 0 ? "\"inf\"" : "\"-inf\"") }
        let text = x.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
