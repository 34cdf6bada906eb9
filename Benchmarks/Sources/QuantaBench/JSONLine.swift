import Foundation

/// A JSON value as written in a result line.
enum JSONValue: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral
{
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case array([JSONValue])
    case null

    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(floatLiteral value: Double) { self = .double(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }

    /// The JSON text. Doubles keep 6 significant digits; NaN and ±∞ become `null`
    /// (JSON has no spelling for them).
    var text: String {
        switch self {
        case .string(let s): return JSONValue.quoted(s)
        case .int(let i): return String(i)
        case .double(let d): return d.isFinite ? String(format: "%.6g", d) : "null"
        case .bool(let b): return b ? "true" : "false"
        case .array(let a): return "[" + a.map(\.text).joined(separator: ",") + "]"
        case .null: return "null"
        }
    }

    private static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// One JSON object on one line, keys in insertion order (so result files read well).
///
/// ```swift
/// var line: JSONLine = ["workload": "gemm", "threads": 2]
/// line["check_sum"] = .double(12.5)
/// print(line.text)   // {"workload":"gemm","threads":2,"check_sum":12.5}
/// ```
struct JSONLine: Sendable, ExpressibleByDictionaryLiteral {
    /// The fields in output order.
    private(set) var fields: [(key: String, value: JSONValue)]

    init(dictionaryLiteral elements: (String, JSONValue)...) {
        fields = []
        for (key, value) in elements { self[key] = value }
    }

    /// Reads a field, or sets it: an existing key keeps its place, a new one is appended.
    subscript(key: String) -> JSONValue? {
        get { fields.first { $0.key == key }?.value }
        set {
            let index = fields.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let i?, let v?): fields[i].value = v
            case (let i?, nil): fields.remove(at: i)
            case (nil, let v?): fields.append((key, v))
            case (nil, nil): break
            }
        }
    }

    /// `self` with the fields of `other` set on top (new keys appended in `other`'s order).
    func merging(_ other: JSONLine) -> JSONLine {
        var out = self
        for (key, value) in other.fields { out[key] = value }
        return out
    }

    /// The object as one line of JSON text (no trailing newline).
    var text: String {
        "{" + fields.map { JSONValue.string($0.key).text + ":" + $0.value.text }.joined(separator: ",") + "}"
    }
}
