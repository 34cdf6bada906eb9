extension GGUF {
    /// The integer at `key` (signed or unsigned types); throws naming the key when it is
    /// missing or not an integer.
    public func integer(_ key: String) throws -> Int {
        switch metadata[key] {
        case .int(let v)?: return Int(v)
        case .unsigned(let v)? where v <= UInt64(Int.max): return Int(v)
        default: throw missing(key, "an integer")
        }
    }

    /// The number at `key` (float or integer types).
    public func number(_ key: String) throws -> Double {
        switch metadata[key] {
        case .float(let v)?: return v
        case .int(let v)?: return Double(v)
        case .unsigned(let v)?: return Double(v)
        default: throw missing(key, "a number")
        }
    }

    /// The string at `key`.
    public func string(_ key: String) throws -> String {
        guard case .string(let v)? = metadata[key] else { throw missing(key, "a string") }
        return v
    }

    /// The array of strings at `key`.
    public func strings(_ key: String) throws -> [String] {
        guard case .array(let items)? = metadata[key] else { throw missing(key, "an array of strings") }
        return try items.map {
            guard case .string(let v) = $0 else { throw missing(key, "an array of strings") }
            return v
        }
    }

    /// The array of integers at `key`.
    public func integers(_ key: String) throws -> [Int] {
        guard case .array(let items)? = metadata[key] else { throw missing(key, "an array of integers") }
        return try items.map {
            switch $0 {
            case .int(let v): return Int(v)
            case .unsigned(let v) where v <= UInt64(Int.max): return Int(v)
            default: throw missing(key, "an array of integers")
            }
        }
    }

    private func missing(_ key: String, _ kind: String) -> FormatError {
        FormatError(file: file, problem: metadata[key] == nil ? "metadata key \(key) is missing"
                                                              : "metadata key \(key) is not \(kind)")
    }
}
