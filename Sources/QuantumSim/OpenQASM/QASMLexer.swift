/// One token of OpenQASM text.
struct QASMToken: Equatable {
    enum Kind: Equatable {
        case identifier
        case integer
        case real
        case string
        /// Punctuation or operator: `; , ( ) [ ] { } -> == @ + - * / ^ ** : = < > <= >= !=` …
        case symbol
        case end
    }
    var kind: Kind
    var text: String
    var location: QASMLocation

    var describe: String {
        switch kind {
        case .end: return "end of file"
        case .string: return "\"\(text)\""
        default: return "'\(text)'"
        }
    }
}

/// Splits OpenQASM 2/3 text into tokens, skipping whitespace and `//` / `/* */` comments.
/// Identifiers may use Unicode letters (`π`, `θ`). O(length).
enum QASMLexer {
    /// The time units of OpenQASM 3 duration literals.
    static let durationUnits: Set<String> = ["dt", "ns", "us", "µs", "ms", "s"]

    static let maxTokens = 5_000_000

    static func tokenize(_ text: String) throws -> [QASMToken] {
        var tokens: [QASMToken] = []
        let chars = Array(text.unicodeScalars)
        var i = 0, line = 1, col = 1
        func advance(_ n: Int = 1) {
            for _ in 0..<n where i < chars.count {
                if chars[i] == "\n" { line += 1; col = 1 } else { col += 1 }
                i += 1
            }
        }
        func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < chars.count ? chars[i + k] : nil }
        func isIdentStart(_ c: Unicode.Scalar) -> Bool {
            c == "_" || c == "$" || (c.properties.isAlphabetic && c != "·") || c == "ℇ"
        }
        func isIdentContinue(_ c: Unicode.Scalar) -> Bool { isIdentStart(c) || ("0"..."9").contains(c) }
        let threeChar: Set<String> = ["**="]
        let twoChar: Set<String> = ["->", "==", "!=", "<=", ">=", "**", "&&", "||", "++", "+=", "-=", "*=", "/=", "<<", ">>"]
        let oneChar: Set<Unicode.Scalar> = [";", ",", "(", ")", "[", "]", "{", "}", "@", "+", "-", "*", "/", "^", ":",
                                            "=", "<", ">", "!", "~", "%", "&", "|", "."]
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{FEFF}" { advance(); continue }
            let loc = QASMLocation(line: line, column: col)
            if c == "/" && peek(1) == "/" {
                while let d = peek(), d != "\n" { advance() }
                continue
            }
            if c == "/" && peek(1) == "*" {
                advance(2)
                var closed = false
                while i < chars.count {
                    if chars[i] == "*" && peek(1) == "/" { advance(2); closed = true; break }
                    advance()
                }
                if !closed { throw loc.error("/*", "unterminated block comment") }
                continue
            }
            if tokens.count >= maxTokens { throw loc.error("file", "file has more than \(maxTokens) tokens") }
            if ("0"..."9").contains(c) || (c == "." && peek(1).map { ("0"..."9").contains($0) } == true) {
                var s = "", isReal = false
                while let d = peek(), ("0"..."9").contains(d) || d == "_" { if d != "_" { s.unicodeScalars.append(d) }; advance() }
                if peek() == ".", peek(1).map({ ("0"..."9").contains($0) || !isIdentStart($0) }) ?? true {
                    isReal = true; s += "."; advance()
                    if !(peek().map { ("0"..."9").contains($0) } ?? false) { s += "0" }
                    while let d = peek(), ("0"..."9").contains(d) || d == "_" { if d != "_" { s.unicodeScalars.append(d) }; advance() }
                }
                if let e = peek(), e == "e" || e == "E" {
                    let sign = peek(1)
                    let digitAt = (sign == "+" || sign == "-") ? 2 : 1
                    if let d = peek(digitAt), ("0"..."9").contains(d) {
                        isReal = true; s += "e"; advance()
                        if digitAt == 2 { s.unicodeScalars.append(sign!); advance() }
                        while let d = peek(), ("0"..."9").contains(d) { s.unicodeScalars.append(d); advance() }
                    }
                }
                if let d = peek(), isIdentStart(d) {
                    // `2pi`, `1.5ns`: units and juxtaposition are not part of the supported subset.
                    var word = s
                    while let d = peek(), isIdentContinue(d) { word.unicodeScalars.append(d); advance() }
                    // A duration (`100ns`) is left to the parser, which names the unsupported construct around it.
                    guard QASMLexer.durationUnits.contains(String(word.dropFirst(s.count))) else {
                        throw loc.error(word, "invalid number '\(word)'")
                    }
                    tokens.append(QASMToken(kind: .real, text: word, location: loc))
                    continue
                }
                tokens.append(QASMToken(kind: isReal ? .real : .integer, text: s, location: loc))
                continue
            }
            if isIdentStart(c) {
                var s = ""
                while let d = peek(), isIdentContinue(d) { s.unicodeScalars.append(d); advance() }
                tokens.append(QASMToken(kind: .identifier, text: s, location: loc))
                continue
            }
            if c == "\"" || c == "'" {
                advance()
                var s = ""
                while let d = peek(), d != c, d != "\n" { s.unicodeScalars.append(d); advance() }
                guard peek() == c else { throw loc.error("string", "unterminated string") }
                advance()
                tokens.append(QASMToken(kind: .string, text: s, location: loc))
                continue
            }
            var three = String(c), two = String(c)
            if let d = peek(1) { two.unicodeScalars.append(d); three = two; if let e = peek(2) { three.unicodeScalars.append(e) } }
            if threeChar.contains(three) { advance(3); tokens.append(QASMToken(kind: .symbol, text: three, location: loc)); continue }
            if twoChar.contains(two) { advance(2); tokens.append(QASMToken(kind: .symbol, text: two, location: loc)); continue }
            if oneChar.contains(c) { advance(); tokens.append(QASMToken(kind: .symbol, text: String(c), location: loc)); continue }
            throw loc.error(String(c), "unexpected character '\(String(c).debugDescription.dropFirst().dropLast())'")
        }
        tokens.append(QASMToken(kind: .end, text: "", location: QASMLocation(line: line, column: col)))
        return tokens
    }
}
