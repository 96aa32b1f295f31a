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
        for prefix in ["Thành phố ", "Tỉnh "] where nfc.hasPrefix(prefix) { return String(nfc.dropFirst(prefix.count)) }
        return nfc
    }

    /// A commune's name with its kind abbreviated as Vietnamese addresses write it: `P.`, `X.`, `ĐK`.
    public static func shortUnit(_ name: String) -> String {
        let nfc = Text.clean(name)
        for (prefix, short) in [("Phường ", "P. "), ("Xã ", "X. "), ("Đặc khu ", "ĐK ")] where nfc.hasPrefix(prefix) {
            return short + nfc.dropFirst(prefix.count)
        }
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
