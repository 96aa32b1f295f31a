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

/// How long a text field may be: characters are Unicode code points (what SQLite's `length` counts,
/// so the database's guards and Swift agree; a letter with a thousand combining marks is a thousand
/// and one), and bytes at most four a character.
public enum TextLimit {
    public static func bytes(forCharacters n: Int) -> Int { 4 * n }

    /// What is wrong with `text` as a field of at most `maxCharacters`, or nil. Counts bytes first, so a
    /// huge value costs no more than a pass over its bytes.
    public static func problem(_ text: String, maxCharacters: Int) -> String? {
        let bytes = text.utf8.count
        if bytes > Self.bytes(forCharacters: maxCharacters) {
            return "is \(bytes) bytes long; the limit is \(maxCharacters) characters and \(Self.bytes(forCharacters: maxCharacters)) bytes"
        }
        if bytes > maxCharacters {
            let n = text.unicodeScalars.count
            if n > maxCharacters { return "is \(n) characters long; the limit is \(maxCharacters)" }
        }
        if text.utf8.contains(0) { return "holds a NUL character" }
        return nil
    }

    /// Bytes made into text within the limit: bad UTF-8 becomes U+FFFD, NUL is removed, and the text is
    /// cut to `maxCharacters` code points (and so to the byte limit).
    public static func repaired(_ bytes: [UInt8], maxCharacters: Int) -> String {
        var scalars = String.UnicodeScalarView()
        for s in String(decoding: bytes, as: UTF8.self).unicodeScalars where s.value != 0 {
            if scalars.count == maxCharacters { break }
            scalars.append(s)
        }
        return String(scalars)
    }
}
