/// GPT-2's reversible map from bytes to printable characters: bytes that are printable
/// Latin-1 ('!'…'~', '¡'…'¬', '®'…'ÿ') stand for themselves; the other 68 are shifted to
/// U+0100 onwards in byte order (so a space is 'Ġ', a newline 'Ċ'). Byte-level BPE
/// vocabularies are written in these characters.
public enum ByteEncoding {
    /// The character of each byte (one Unicode scalar each; strings of them are handled as
    /// scalars, never grapheme clusters).
    public static let characters: [Unicode.Scalar] = {
        let printable = Array(33...126) + Array(161...172) + Array(174...255)
        var map = [Unicode.Scalar](repeating: " ", count: 256)
        var next = 256
        for b in 0..<256 {
            if printable.contains(b) {
                map[b] = Unicode.Scalar(UInt32(b))!
            } else {
                map[b] = Unicode.Scalar(UInt32(next))!
                next += 1
            }
        }
        return map
    }()

    /// The byte of each character in `characters`.
    public static let bytes: [Unicode.Scalar: UInt8] = {
        Dictionary(uniqueKeysWithValues: characters.enumerated().map { ($0.element, UInt8($0.offset)) })
    }()

    /// `text`'s UTF-8 bytes written as characters.
    public static func encode<S: Sequence<UInt8>>(_ utf8: S) -> String {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: utf8.map { characters[Int($0)] })
        return String(out)
    }

    /// The bytes a string of mapped characters stands for; nil if a character is not one of them.
    public static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        for c in text.unicodeScalars {
            guard let b = bytes[c] else { return nil }
            out.append(b)
        }
        return out
    }
}
