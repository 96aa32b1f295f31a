/// Folding for filters: case, diacritics and đ/Đ ignored, so `ha noi` finds `Hà Nội` and `dak lak`
/// finds `Đắk Lắk`.
public enum Search {
    /// Lowercase ASCII letters stand for themselves; Latin letters with marks stand for their base
    /// letter (from the Unicode name: "LATIN SMALL LETTER A WITH BREVE AND ACUTE" → a); combining marks
    /// and controls vanish; runs of white space become one space.
    public static func fold(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                if v <= 0x20 || v == 0x7F {
                    if !lastWasSpace { out.append(" ") }
                    lastWasSpace = true
                    continue
                }
                out.append(v >= 0x41 && v <= 0x5A ? Unicode.Scalar(v + 0x20)! : scalar)
                lastWasSpace = false
                continue
            }
            // Vietnamese's letters first: a table lookup, no Unicode properties.
            if let base = latinBase(scalar) {
                out.append(base)
                lastWasSpace = false
                continue
            }
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark, .format, .control:
                continue
            default:
                break
            }
            if scalar.properties.isWhitespace {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
                continue
            }
            lastWasSpace = false
            for l in scalar.properties.lowercaseMapping.unicodeScalars { out.append(l) }
        }
        if out.last == " " { out.removeLast() }
        return String(out)
    }

    /// True when every word of the folded `query` occurs in the folded `text`, in any order.
    public static func matches(folded text: String, query foldedQuery: String) -> Bool {
        Query(folded: foldedQuery).matches(text)
    }

    /// A folded query split into words once, then compared with many rows as bytes: a keystroke of
    /// `/` compares it with thousands of folded names, with no Unicode processing per comparison.
    public struct Query: Sendable {
        let words: [[UInt8]]

        public init(folded: String) {
            words = folded.utf8.split(separator: UInt8(ascii: " ")).map(Array.init)
        }

        public func matches(_ folded: String) -> Bool {
            if words.isEmpty { return true }
            var text = folded
            return text.withUTF8 { hay in words.allSatisfy { Self.find($0, in: hay) } }
        }

        private static func find(_ needle: [UInt8], in hay: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let first = needle.first else { return true }
            guard hay.count >= needle.count else { return false }
            var i = 0
            while i <= hay.count - needle.count {
                if hay[i] == first {
                    var j = 1
                    while j < needle.count && hay[i + j] == needle[j] { j += 1 }
                    if j == needle.count { return true }
                }
                i += 1
            }
            return false
        }
    }

    /// The base letter of a precomposed Latin letter, lowercase: from a table made once from the
    /// scalars' Unicode names (a name lookup per letter made folding a list of 3,321 names slow).
    static func latinBase(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        let v = scalar.value
        if (0xC0..<0x250).contains(v) { return latinBases[Int(v - 0xC0)] }
        if (0x1E00..<0x1F00).contains(v) { return latinBases[0x250 - 0xC0 + Int(v - 0x1E00)] }
        return nil
    }

    private static let latinBases: [Unicode.Scalar?] =
        (Array(0xC0..<0x250) + Array(0x1E00..<0x1F00)).map { Unicode.Scalar(UInt32($0)).flatMap(baseFromName) }

    private static func baseFromName(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        guard let name = scalar.properties.name else { return nil }
        for prefix in ["LATIN SMALL LETTER ", "LATIN CAPITAL LETTER "] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let letter = rest.first, letter.isASCII, letter.isLetter else { return nil }
            let after = rest.dropFirst()
            guard after.isEmpty || after.hasPrefix(" WITH ") else { return nil }
            return Unicode.Scalar(letter.lowercased().unicodeScalars.first!.value)
        }
        return nil
    }
}
