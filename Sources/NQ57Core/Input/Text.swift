/// How values are quoted in error messages: one rule for every layer.
public enum Quoting {
    /// Quotes a value for an error message, escaping anything a terminal would act on, and cuts it short.
    public static func quoted(_ value: String) -> String {
        var out = "\""
        var n = 0
        for scalar in value.unicodeScalars {
            if n == 60 {
                out += "…"
                break
            }
            n += 1
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x00..<0x20, 0x7F..<0xA0, 0x202A...0x202E, 0x2066...0x2069:
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// The UTF-8 byte-order mark some editors put at the start of a text file: every reader of a file
/// (imports, the catalogue, themes) skips it the same way.
public enum ByteOrderMark {
    public static let utf8: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// 3 when `bytes` start with the mark, else 0: the offset where the text begins.
    public static func length(_ bytes: some Collection<UInt8>) -> Int {
        bytes.starts(with: utf8) ? 3 : 0
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks: the one trimming rule
    /// of every input (reports, tasks, figures, the catalogue).
    public func trimmingASCIISpaces() -> String {
        // Fast path: nothing to trim (a space, tab or line break is one ASCII byte at either end).
        let isSpaceByte: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
        if let f = utf8.first, let l = utf8.last, !isSpaceByte(f), !isSpaceByte(l) { return self }
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
