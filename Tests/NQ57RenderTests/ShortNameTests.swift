import Testing
import NQ57Core
@testable import NQ57Render

/// Issue 11 §6: the full name where it fits, the short name (data) where it does not.
@Suite struct ShortNameTests {
    let full = "Công nghệ trí tuệ nhân tạo, bản sao số, thực tế ảo/thực tế tăng cường"

    @Test func theFullNameWhereItFitsTheShortOneOtherwise() {
        let width = Text.width(full)
        #expect(NameFit.choose(full: full, short: "AI, bản sao số, XR", width: width) == full)
        #expect(NameFit.choose(full: full, short: "AI, bản sao số, XR", width: width + 20) == full)
        #expect(NameFit.choose(full: full, short: "AI, bản sao số, XR", width: width - 1) == "AI, bản sao số, XR")
        #expect(NameFit.choose(full: full, short: "AI, bản sao số, XR", width: 10) == "AI, bản sao số, XR")
        // No short name given: the full name (the table cuts it).
        #expect(NameFit.choose(full: full, short: nil, width: 10) == full)
        #expect(NameFit.choose(full: full, short: "", width: 10) == full)
        #expect(NameFit.isShortened(full: full, short: "AI", width: 20))
        #expect(!NameFit.isShortened(full: "Blockchain", short: "BC", width: 20))
    }

    @Test func aTableDrawsTheShortCellOnlyWhereTheFullOneDoesNotFit() {
        let columns = [Column("Nhóm", width: 10, flexible: true), Column("N", width: 3, align: .right)]
        var table = Table(columns: columns, rows: [[[Span(full)], [Span("192")]], [[Span("Chip bán dẫn")], [Span("147")]]])
        table.shortCells = [0: [0: [Span("AI, bản sao số, XR")]], 1: [0: [Span("Chip")]]]
        for (width, first, second) in [(30, "AI, bản sao số, XR", "Chip bán dẫn"), (100, full, "Chip bán dẫn"), (12, "AI, bản", "Chip")] {
            var buffer = Buffer(width: width, height: 3)
            table.draw(into: &buffer, Rect(x: 0, y: 0, width: width, height: 3), focused: false)
            let lines = buffer.lines()
            #expect(lines[1].hasPrefix(first), "\(width): \(lines)")
            #expect(lines[2].hasPrefix(second), "\(width): \(lines)")
        }
    }
}
