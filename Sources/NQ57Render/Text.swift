import Foundation

/// The one way text from data reaches a screen: normalised to NFC, made harmless, measured per grapheme.
///
/// Every string that did not come from this program's own label tables (names, titles, notes, sources)
/// passes `Text.clean` before it is drawn or laid out, so that:
/// - Vietnamese typed in NFD (base letter plus combining marks) draws exactly like NFC;
/// - control characters (C0, DEL, C1) and bidirectional controls never reach the terminal: `ESC [ 2 J`
///   in a task title draws as `␛[2J`, a right-to-left override as `�`;
/// - widths are counted in terminal columns per grapheme (combining marks 0, East Asian wide and emoji 2),
///   so nothing overflows its column.
public enum Text {
    /// What a C1 control or a bidirectional control draws as.
    public static let placeholder: Unicode.Scalar = "\u{FFFD}"
    /// What a lone combining mark is drawn on.
    static let markBase: Unicode.Scalar = "\u{25CC}"

    /// NFC text with every control character replaced by a visible placeholder.
    public static func clean(_ s: String) -> String {
        var needsWork = false
        // U+00A0–U+00BF (`·`, `°`, `«`…) are printable and stay under NFC: no work for them.
        for scalar in s.unicodeScalars where scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0) || scalar.value >= 0x0300 {
            if scalar.value >= 0x0300 && !mayNeedNormalising(scalar) && !isBidiControl(scalar) { continue }
            needsWork = true
            break
        }
        guard needsWork else { return s }
        var out = String.UnicodeScalarView()
        for scalar in s.precomposedStringWithCanonicalMapping.unicodeScalars {
            out.append(visible(scalar))
        }
        return String(out)
    }

    /// The scalar itself, or what stands in for it when it is a control.
    static func visible(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x00..<0x20: Unicode.Scalar(0x2400 + scalar.value)!  // Control Pictures: ␀ … ␛ …
        case 0x7F: "\u{2421}"  // ␡
        case 0x80..<0xA0: placeholder
        default: isBidiControl(scalar) ? placeholder : scalar
        }
    }

    static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Scalars that can change under NFC: combining marks and the scripts that compose (Hangul jamo).
    /// Everything else above U+0300 is left alone without calling the normaliser.
    static func mayNeedNormalising(_ scalar: Unicode.Scalar) -> Bool {
        // Vietnamese's precomposed letters and the usual symbols: no property lookup.
        if isPlainNarrow(scalar.value) { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return (0x1100...0x11FF).contains(scalar.value) || (0xAC00...0xD7A3).contains(scalar.value)
        }
    }

    /// Terminal columns of one grapheme of cleaned text: 0, 1 or 2.
    public static func width(of g: Character) -> Int {
        let scalars = g.unicodeScalars
        guard let first = scalars.first else { return 0 }
        // Most of what a dashboard draws: one scalar, known to be one column. No property lookups.
        if scalars.index(after: scalars.startIndex) == scalars.endIndex, isPlainNarrow(first.value) { return 1 }
        if isZeroWidth(first) {
            // A grapheme made only of marks or format characters: drawn on a dotted circle when it has a
            // mark, dropped otherwise.
            return g.unicodeScalars.contains { isMark($0) } ? 1 : 0
        }
        if isWide(first) { return 2 }
        if g.unicodeScalars.count > 1, g.unicodeScalars.contains("\u{FE0F}"), first.properties.isEmoji { return 2 }
        return 1
    }

    /// Terminal columns of cleaned text.
    public static func width(_ s: String) -> Int {
        if let n = plainNarrowCount(s) { return n }
        var w = 0
        for g in s { w += width(of: g) }
        return w
    }

    /// Terminal columns of text once cleaned: `width(clean(s))`, without making the cleaned string
    /// when every scalar is plain narrow (then cleaning leaves it as it is).
    public static func cleanWidth(_ s: String) -> Int {
        plainNarrowCount(s) ?? width(clean(s))
    }

    /// Scalars that always take exactly one column on their own: printable ASCII, Latin (with
    /// Vietnamese's precomposed letters), Greek, Cyrillic, general punctuation, arrows, box drawing,
    /// block elements and geometric shapes.
    @inline(__always)
    static func isPlainNarrow(_ v: UInt32) -> Bool {
        switch v {
        case 0x20..<0x7F, 0xA0..<0x300, 0x370..<0x483, 0x1E00..<0x1F00, 0x2010..<0x2028, 0x2030..<0x205F,
             0x2190..<0x2200, 0x2500..<0x2600:
            return true
        default:
            return false
        }
    }

    /// The number of scalars of `s` when each is plain narrow (then each is a grapheme of its own, one
    /// column wide: no mark, control, joiner or wide scalar is among them), nil otherwise.
    ///
    /// Reads the UTF-8 bytes in place where the string has them contiguous (native and small
    /// strings): a dashboard measures and draws a few thousand short strings a frame, and the scalar
    /// view's generic walk was most of it.
    @inline(__always)
    static func plainNarrowCount(_ s: String) -> Int? {
        if let n = s.utf8.withContiguousStorageIfAvailable({ plainNarrowCount($0) }) { return n }
        var n = 0
        for scalar in s.unicodeScalars {
            guard isPlainNarrow(scalar.value) else { return nil }
            n += 1
        }
        return n
    }

    /// `plainNarrowCount` of a string's UTF-8 bytes.
    static func plainNarrowCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0, n = 0
        while i < bytes.count {
            let b = bytes[i]
            if b >= 0x20 && b < 0x7F {  // printable ASCII: most of what is drawn
                i += 1
                n += 1
                continue
            }
            guard let (v, length) = plainScalar(bytes, at: i), isPlainNarrow(v) else { return nil }
            i += length
            n += 1
        }
        return n
    }

    /// The scalar starting at byte `i` of valid UTF-8 and its length in bytes, for a scalar of at
    /// most three bytes (every plain narrow one); nil for a four-byte scalar.
    @inline(__always)
    static func plainScalar(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int)? {
        let b0 = UInt32(bytes[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 { return ((b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F), 3) }
        return nil
    }

    /// Plain narrow text of `count` scalars (one column each) cut to `columns`, ending in `…` when cut.
    private static func plainFit(_ text: String, count: Int, _ columns: Int) -> String {
        count <= columns ? text : String(String.UnicodeScalarView(text.unicodeScalars.prefix(columns - 1))) + "…"
    }

    /// Cleaned text cut to at most `columns` columns, ending in `…` when anything was cut.
    public static func fit(_ s: String, _ columns: Int) -> String {
        guard columns > 0 else { return "" }
        // All plain narrow: `clean` would leave it as it is; cut by scalars without scanning it twice.
        if let n = plainNarrowCount(s) { return plainFit(s, count: n, columns) }
        let text = clean(s)
        // Most text a dashboard draws (Vietnamese included): one column per scalar, cut by scalars.
        if let n = plainNarrowCount(text) { return plainFit(text, count: n, columns) }
        // One pass: remember where a cut would go (leaving room for the ellipsis), stop once past the width.
        var w = 0
        var cut = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let g = text[index]
            let gw = width(of: g)
            if w + gw > columns { return String(text[..<cut]) + "…" }
            w += gw
            index = text.index(after: index)
            if w <= columns - 1 { cut = index }
        }
        return text
    }

    /// Cleaned text padded with spaces or cut with `…` to exactly `columns` columns.
    public static func pad(_ s: String, _ columns: Int, alignRight: Bool = false) -> String {
        let t = fit(s, columns)
        let gap = String(repeating: " ", count: max(0, columns - width(t)))
        return alignRight ? gap + t : t + gap
    }

    static func isMark(_ s: Unicode.Scalar) -> Bool {
        // Combining marks start at U+0300; none is among the plain narrow scalars. No property lookup
        // for what a dashboard mostly draws.
        if s.value < 0x300 || isPlainNarrow(s.value) { return false }
        switch s.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    static func isZeroWidth(_ s: Unicode.Scalar) -> Bool {
        if isMark(s) { return true }
        switch s.value {
        case 0x200B...0x200D, 0x2060...0x2064, 0xFEFF, 0xFE00...0xFE0F: return true
        default: return s.properties.generalCategory == .format
        }
    }

    /// East Asian Wide and Fullwidth, and emoji shown as pictures by default.
    static func isWide(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x1100 { return false }
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
             0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x16FE0...0x18AFF, 0x1B000...0x1B2FF, 0x1F200...0x1F2FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return s.properties.isEmojiPresentation
        }
    }
}
