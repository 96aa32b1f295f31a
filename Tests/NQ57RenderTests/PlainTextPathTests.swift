@testable import NQ57Render
import Testing

/// Issue 14 (refresh): text whose scalars are all plain narrow is cut and drawn a scalar at a time,
/// without walking graphemes. It must give exactly what the grapheme walk gives: the same cut, the
/// same `…`, one cell per grapheme.
@Suite struct PlainTextPathTests {
    /// The grapheme walk: at most `columns` columns, `…` in the last one when anything was cut.
    static func walkedFit(_ s: String, _ columns: Int) -> String {
        guard columns > 0 else { return "" }
        let text = Text.clean(s)
        var w = 0
        var out = ""
        for g in text {
            let gw = Text.width(of: g)
            if w + gw > columns {
                var cut = ""
                var cw = 0
                for h in out where cw + Text.width(of: h) <= columns - 1 {
                    cut.append(h)
                    cw += Text.width(of: h)
                }
                return cut + "…"
            }
            w += gw
            out.append(g)
        }
        return text
    }

    static let samples = [
        "Thành phố Hồ Chí Minh", "Bộ Khoa học và Công nghệ", "Ủy ban nhân dân tỉnh Thừa Thiên Huế", "Phường Xuân Phương",
        "Đã tiếp thu và trả lời: nội dung trả lời mẫu số 1.", "│ ─ ┼ ▲ ▼ → ← ·", "abc", "", "Ωμέγα и кириллица",
        "giá trị “trích dẫn” – gạch ngang …",
    ]

    @Test(arguments: 0 ... 40)
    func plainTextCutsAndDrawsAsTheGraphemeWalk(columns: Int) {
        for s in Self.samples {
            #expect(Text.plainNarrowCount(s) != nil, "\(s)")
            let fitted = Text.fit(s, columns)
            #expect(fitted == Self.walkedFit(s, columns), "\(s) in \(columns)")
            #expect(Text.width(fitted) == fitted.count)
            var b = Buffer(width: 45, height: 1)
            let used = b.put(s, x: 2, y: 0, maxWidth: columns)
            #expect(used == fitted.count)
            let cells = (0..<used).map { b[2 + $0, 0].text }
            #expect(cells == fitted.map(String.init), "\(s) in \(columns)")
        }
    }

    /// The count reads UTF-8 bytes in place: for every scalar of the first three planes' samples,
    /// alone and between plain letters, it agrees with the scalar view.
    @Test func theByteWalkAgreesWithTheScalarViewForEveryScalar() {
        var values = Array(0 ..< 0xD800) + Array(0xE000 ..< 0x1_0000)
        values += stride(from: 0x1_0000, to: 0x3_0000, by: 97).map { $0 }
        for v in values {
            let scalar = Unicode.Scalar(UInt32(v))!
            for s in [String(Character(scalar)), "ă" + String(Character(scalar)) + "z"] {
                let expected = s.unicodeScalars.allSatisfy { Text.isPlainNarrow($0.value) } ? s.unicodeScalars.count : nil
                #expect(Text.plainNarrowCount(s) == expected, "U+\(String(v, radix: 16))")
                guard Text.plainNarrowCount(s) != expected else { continue }
                return  // one failure says enough
            }
        }
    }

    @Test func textWithMarksOrWideGraphemesTakesTheGraphemeWalk() {
        // A combining mark, a wide ideograph, an emoji: not plain narrow.
        for s in ["Vie\u{0323}\u{0302}t", "越南", "🇻🇳 cờ"] { #expect(Text.plainNarrowCount(s) == nil, "\(s)") }
        var b = Buffer(width: 10, height: 1)
        b.put("越南", x: 0, y: 0)
        #expect(b[0, 0].text == "越" && b[1, 0].isContinuation && b[2, 0].text == "南")
    }
}
