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
                if scalar.properties.isWhitespace || v < 0x20 || v == 0x7F {
                    if !lastWasSpace { out.append(" ") }
                    lastWasSpace = true
                    continue
                }
                out.append(v >= 0x41 && v <= 0x5A ? Unicode.Scalar(v + 0x20)! : scalar)
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
            if let base = latinBase(scalar) {
                out.append(base)
            } else {
                for l in scalar.properties.lowercaseMapping.unicodeScalars { out.append(l) }
            }
        }
        if out.last == " " { out.removeLast() }
        return String(out)
    }

    /// True when every word of the folded `query` occurs in the folded `text`, in any order.
    public static func matches(folded text: String, query foldedQuery: String) -> Bool {
        if foldedQuery.isEmpty { return true }
        for word in foldedQuery.split(separator: " ") where !text.contains(word) { return false }
        return true
    }

    /// The base letter of a precomposed Latin letter, lowercase.
    static func latinBase(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        guard (0xC0...0x24F).contains(scalar.value) || (0x1E00...0x1EFF).contains(scalar.value),
              let name = scalar.properties.name else { return nil }
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
