extension PauliSum {
    /// Parses text such as `0.5*Z0 Z1 - 1.2*X2 + Y3`.
    ///
    /// Throws `QuantumSimError.invalidPauliString` naming the character position and the
    /// problem (unknown letter, missing qubit index, repeated qubit in a term, bad number).
    public init(_ text: String) throws {
        let chars = Array(text)
        var pos = 0
        var terms: [(Double, PauliString)] = []
        func fail(_ reason: String) -> QuantumSimError { .invalidPauliString(text: text, position: pos, reason: reason) }
        func skipSpaces() { while pos < chars.count, chars[pos] == " " || chars[pos] == "\t" { pos += 1 } }
        skipSpaces()
        if pos == chars.count { throw fail("empty expression") }
        var first = true
        while true {
            skipSpaces()
            if pos == chars.count { break }
            var sign = 1.0
            if chars[pos] == "+" || chars[pos] == "-" {
                sign = chars[pos] == "-" ? -1 : 1
                pos += 1
                skipSpaces()
            } else if !first {
                throw fail("expected '+' or '-' between terms, found '\(chars[pos])'")
            }
            first = false
            if pos == chars.count { throw fail("expected a term after the sign") }
            var coefficient = 1.0
            var hadNumber = false
            if chars[pos].isNumber || chars[pos] == "." {
                let start = pos
                while pos < chars.count, chars[pos].isNumber || chars[pos] == "." || chars[pos] == "e" || chars[pos] == "E"
                    || ((chars[pos] == "-" || chars[pos] == "+") && pos > start && (chars[pos - 1] == "e" || chars[pos - 1] == "E")) {
                    pos += 1
                }
                let text = String(chars[start..<pos])
                guard let v = Double(text), v.isFinite else {
                    pos = start
                    // 1e400 parses as infinity: a sum with it has no finite expectation
                    throw fail(Double(text) == nil ? "invalid number '\(text)'" : "coefficient '\(text)' is not a finite number")
                }
                coefficient = v
                hadNumber = true
                skipSpaces()
                if pos < chars.count, chars[pos] == "*" { pos += 1; skipSpaces() }
            }
            var factors: [(Int, Character)] = []
            var seen = Set<Int>()
            while pos < chars.count, chars[pos] != "+" && chars[pos] != "-" {
                let c = chars[pos]
                if c == " " || c == "*" { pos += 1; continue }
                guard "IXYZixyz".contains(c) else { throw fail("unknown Pauli letter '\(c)' (expected I, X, Y or Z)") }
                let letterPos = pos
                pos += 1
                let start = pos
                while pos < chars.count, chars[pos].isNumber { pos += 1 }
                guard pos > start, let q = Int(String(chars[start..<pos])) else {
                    throw fail("missing qubit index after '\(c)'")
                }
                guard q < 62 else { pos = start; throw fail("qubit index \(q) too large") }
                if seen.contains(q) { pos = letterPos; throw fail("qubit \(q) appears twice in one term") }
                seen.insert(q)
                factors.append((q, Character(c.uppercased())))
            }
            if factors.isEmpty && !hadNumber { throw fail("empty term") }
            terms.append((sign * coefficient, PauliString(factors)))
        }
        self.init(terms)
    }
}
