@testable import NQ57Render
import NQ57Core
import Testing

/// Issue 14 (render): a cell is a scalar or a numbered cluster and a role, eight bytes, and text
/// of one-column scalars is written as a run. Both must draw exactly what the grapheme strings and
/// the cell-by-cell writing drew: the same text per cell, the same halves blanked, the same roles.
@Suite struct CellTests {
    @Test func cellsGiveBackTheGraphemeTheyWereMadeFrom() {
        for g in ["a", " ", "ệ", "Đ", "…", "█", "越", "◌\u{0323}", "🇻🇳", "👨‍👩‍👧", "☀\u{FE0F}", "e\u{0301}\u{0302}"] {
            let cell = Cell(g, role: .overdue)
            #expect(cell.text == g, "\(g)")
            #expect(cell.role == .overdue)
            #expect(!cell.isContinuation)
        }
        #expect(Cell("", role: .text).isContinuation && Cell("", role: .text).text == "")
        #expect(MemoryLayout<Cell>.stride == 8)
    }

    @Test func cellsCompareByWhatTheyDrawAcrossBuffers() {
        var a = Buffer(width: 8, height: 1), b = Buffer(width: 8, height: 1)
        a.put("🇻🇳 Việt", x: 0, y: 0, role: .title)
        b.put("🇻🇳 Việt", x: 0, y: 0, role: .title)
        #expect(a == b)
        b.put("🇯🇵", x: 0, y: 0, role: .title)
        #expect(a != b)
        #expect(a[0, 0].text == "🇻🇳" && b[0, 0].text == "🇯🇵" && a[1, 0].isContinuation)
        var c = Buffer(width: 8, height: 1)
        c.put("🇻🇳 Việt", x: 0, y: 0, role: .text)
        #expect(a != c, "the role is part of the cell")
    }

    /// A wide grapheme whose right half would fall past the right edge is cut with `…`; one that
    /// ends exactly at the edge is drawn whole.
    @Test func wideGraphemesAtTheRightEdge() {
        var b = Buffer(width: 6, height: 1)
        b.put("abcd越", x: 0, y: 0, role: .value)
        #expect(b.lines() == ["abcd越"])
        #expect(b[4, 0].text == "越" && b[5, 0].isContinuation && b[5, 0].role == .value)
        var c = Buffer(width: 6, height: 1)
        c.put("abcde越", x: 0, y: 0)
        #expect(c.lines() == ["abcde…"])
        var d = Buffer(width: 6, height: 1)
        d.put("abcd🇻🇳", x: 0, y: 0)
        #expect(d[4, 0].text == "🇻🇳" && d[5, 0].isContinuation)
        // A lone combining mark is drawn on a dotted circle, one column.
        var e = Buffer(width: 4, height: 1)
        e.put("\u{0323}x", x: 0, y: 0)
        #expect(e[0, 0].text == "◌\u{0323}" && e[1, 0].text == "x")
    }

    /// Plain text written over halves of wide graphemes, at every offset and width: the run gives
    /// what writing its cells one at a time (`buffer[x, y] = cell`) gives, roles included.
    @Test(arguments: 0 ... 11)
    func aRunOverWideGraphemesBlanksTheirOtherHalvesAsCellByCellWritingDoes(x: Int) {
        for text in ["ab", "Việt Nam", "x", "Thành phố Hồ Chí Minh"] {
            for maxWidth in [1, 2, 3, 5, 12] {
                var run = Self.wideRow(), cellByCell = Self.wideRow()
                let used = run.put(text, x: x, y: 0, maxWidth: maxWidth, role: .selection)
                var cx = x
                for ch in Text.fit(text, min(maxWidth, 12 - x)) {
                    cellByCell[cx, 0] = Cell(String(ch), role: .selection)
                    cx += 1
                }
                #expect(used == cx - x)
                #expect(run.lines() == cellByCell.lines(), "\(text) at \(x) in \(maxWidth)")
                #expect(run.roleLines() == cellByCell.roleLines(), "\(text) at \(x) in \(maxWidth)")
                #expect(run == cellByCell, "\(text) at \(x) in \(maxWidth)")
            }
        }
    }

    /// Filling a rectangle over wide graphemes, also from a negative x and to past the edge.
    @Test(arguments: -2 ... 11)
    func aFillOverWideGraphemesBlanksTheirOtherHalvesAsCellByCellWritingDoes(x: Int) {
        for width in [1, 2, 3, 6, 20] {
            var filled = Self.wideRow(), cellByCell = Self.wideRow()
            let cell = Cell("─", role: .paneBorder)
            filled.fill(Rect(x: x, y: 0, width: width, height: 1), cell)
            for cx in max(0, x)..<max(max(0, x), min(12, x + width)) { cellByCell[cx, 0] = cell }
            #expect(filled == cellByCell, "\(width) at \(x)")
            #expect(filled.lines().allSatisfy { Text.width($0) == 12 })
        }
    }

    /// A row of wide graphemes in two roles: 越 南 🇻🇳 越 南 🇻🇳 across 12 columns.
    static func wideRow() -> Buffer {
        var b = Buffer(width: 12, height: 1)
        for (i, g) in ["越", "南", "🇻🇳", "越", "南", "🇻🇳"].enumerated() {
            b.put(g, x: 2 * i, y: 0, role: i % 2 == 0 ? .overdue : .doneOnTime)
        }
        return b
    }
}
