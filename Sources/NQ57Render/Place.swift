import NQ57Core

/// Where a unit is: a commune always shows its province, as a column where the table has room and
/// as a short suffix (`P. Hoàn Kiếm · Hà Nội`) where it has not, so that two `Xã Tân Thành` never
/// look alike.
public enum Place {
    /// Tables at least this wide (inside the box) give the province its own column.
    public static let columnWidth = 110

    /// A province's name without its kind: `Hà Nội` for `Thành phố Hà Nội`, `Đắk Lắk` for `Tỉnh Đắk Lắk`.
    public static func shortProvince(_ name: String) -> String {
        let nfc = Text.clean(name)
        if let rest = after("Thành phố ", in: nfc) ?? after("Tỉnh ", in: nfc) { return rest }
        return nfc
    }

    /// What follows `prefix` at the start of `text` (both NFC), as `hasPrefix` and `dropFirst` find it.
    /// Byte for byte where the text after the prefix starts a grapheme of its own (a mark after the
    /// space would join it, and `hasPrefix`'s comparison by graphemes then says no): String's
    /// comparison by canonical equivalence cost most of a feed row's drawing.
    static func after(_ prefix: String, in text: String) -> String? {
        guard text.utf8.starts(with: prefix.utf8) else { return nil }
        let rest = Substring(text.utf8.dropFirst(prefix.utf8.count))
        if let first = rest.unicodeScalars.first, Text.isZeroWidth(first) || !Text.isPlainNarrow(first.value) {
            // Rare: whatever follows could join the prefix's last grapheme; the comparison by graphemes decides.
            return text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : nil
        }
        return String(rest)
    }

    /// A commune's name with its kind abbreviated as Vietnamese addresses write it: `P.`, `X.`, `ĐK`.
    public static func shortUnit(_ name: String) -> String {
        let nfc = Text.clean(name)
        if let rest = after("Phường ", in: nfc) { return "P. " + rest }
        if let rest = after("Xã ", in: nfc) { return "X. " + rest }
        if let rest = after("Đặc khu ", in: nfc) { return "ĐK " + rest }
        return nfc
    }

    /// One line naming a unit and, for a commune, its province: `Phường Hoàn Kiếm · Hà Nội`.
    public static func line(_ unit: String, _ province: String?) -> String {
        province.map { unit + " · " + shortProvince($0) } ?? unit
    }

    /// The cell of a unit in a table without a province column: the short suffix form, the unit's
    /// name cut first so that the province always shows within `columns`.
    static func suffixCell(_ unit: String, _ province: String?, columns: Int) -> [Span] {
        guard let province else { return [Span(unit, .text)] }
        let suffix = " · " + shortProvince(province)
        return [Span(Text.fit(shortUnit(unit), max(1, columns - Text.width(suffix))), .text), Span(suffix, .dim)]
    }
}

extension Panes {
    /// The unit column, and the province's own column when the table is `width` wide or more.
    func placeColumns(width: Int, unitWidth: Int = 18, priority: Int = 0) -> [Column] {
        if width >= Place.columnWidth {
            return [Column(labels.colUnit, width: unitWidth, priority: priority),
                    Column(labels.colProvince, width: 16, priority: priority)]
        }
        return [Column(labels.colUnit, width: unitWidth + 4, priority: priority)]
    }

    /// The cells that go under `placeColumns(width:)`.
    func placeCells(width: Int, unit: String, province: String?, unitWidth: Int = 18) -> [[Span]] {
        if width >= Place.columnWidth {
            return [[Span(unit, .text)], [Span(province.map(Place.shortProvince) ?? "", .dim)]]
        }
        return [Place.suffixCell(unit, province, columns: unitWidth + 4)]
    }
}
