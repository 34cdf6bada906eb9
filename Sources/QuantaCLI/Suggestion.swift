/// "Did you mean" for a mistyped word: the closest candidate by edit distance, when it is
/// within 3 edits (and less than the word's length).
enum Suggestion {
    /// The closest of `candidates` to `word`, if close enough.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(word, $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }) else { return nil }
        return best.1 <= Swift.min(3, Swift.max(1, word.count - 1)) ? best.0 : nil
    }

    /// ". Did you mean '--epochs'?" or "".
    static func text(for word: String, among candidates: [String], prefix: String = "") -> String {
        closest(to: word, among: candidates).map { ". Did you mean '\(prefix)\($0)'?" } ?? ""
    }

    /// Levenshtein distance, O(|a|·|b|).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            previous = current
        }
        return previous[b.count]
    }
}
