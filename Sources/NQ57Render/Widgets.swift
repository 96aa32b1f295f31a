import NQ57Core

/// A piece of text with the role that colours it.
public struct Span: Hashable, Sendable {
    public var text: String
    public var role: Role

    public init(_ text: String, _ role: Role = .text) {
        self.text = text
        self.role = role
    }
}

extension Buffer {
    /// Draws spans one after another from (x, y) within `maxWidth` columns; returns the columns used.
    @discardableResult
    public mutating func put(_ spans: [Span], x: Int, y: Int, maxWidth: Int) -> Int {
        var used = 0
        for span in spans where used < maxWidth {
            used += put(span.text, x: x + used, y: y, maxWidth: maxWidth - used, role: span.role)
        }
        return used
    }

    /// A box with a title in its top border; returns the inside.
    @discardableResult
    public mutating func box(_ rect: Rect, title: [Span], focused: Bool, right: [Span] = []) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        let role: Role = focused ? .focusedBorder : .paneBorder
        let (h, v): (Unicode.Scalar, Unicode.Scalar) = focused ? ("━", "┃") : ("─", "│")
        let corners: (Unicode.Scalar, Unicode.Scalar, Unicode.Scalar, Unicode.Scalar) = focused ? ("┏", "┓", "┗", "┛") : ("┌", "┐", "└", "┘")
        // The border's glyphs are one column each: cell by cell, without fitting text per cell.
        putGlyph(corners.0, x: rect.x, y: rect.y, role: role)
        putGlyph(corners.1, x: rect.maxX - 1, y: rect.y, role: role)
        putGlyph(corners.2, x: rect.x, y: rect.maxY - 1, role: role)
        putGlyph(corners.3, x: rect.maxX - 1, y: rect.maxY - 1, role: role)
        let line = Cell(code: h.value, role: role)
        fill(Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: 1), line)
        fill(Rect(x: rect.x + 1, y: rect.maxY - 1, width: rect.width - 2, height: 1), line)
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            putGlyph(v, x: rect.x, y: y, role: role)
            putGlyph(v, x: rect.maxX - 1, y: y, role: role)
        }
        let inner = rect.inset(1)
        fill(inner)
        let room = rect.width - 4
        if room > 0 {
            let rightWidth = min(room / 2, right.reduce(0) { $0 + Text.cleanWidth($1.text) })
            var used = 0
            if !title.isEmpty {
                used = put([Span(" ", .paneTitle)] + title + [Span(" ", .paneTitle)], x: rect.x + 2, y: rect.y, maxWidth: room - (rightWidth > 0 ? rightWidth + 3 : 0))
            }
            if rightWidth > 0, room - used > rightWidth + 2 {
                put([Span(" ", role)] + right + [Span(" ", role)], x: rect.maxX - 2 - rightWidth - 2, y: rect.y, maxWidth: rightWidth + 2)
            }
        }
        return inner
    }
}

/// A stacked bar of the four derived states, in proportion, `width` cells wide.
///
/// Each state has its own glyph as well as its role, so monochrome terminals still tell them apart:
/// █ done on time, ▓ done late, ░ open within deadline, ▒ overdue.
public enum StateBar {
    public static let glyphs: [DerivedState: String] = [.doneOnTime: "█", .doneLate: "▓", .openOnTime: "░", .overdue: "▒"]

    public static func spans(_ counts: StateCounts, width: Int) -> [Span] {
        guard width > 0 else { return [] }
        guard counts.total > 0 else { return [Span(String(repeating: "·", count: width), .barEmpty)] }
        let shares = (counts.doneOnTime * width, counts.doneLate * width, counts.openOnTime * width, counts.overdue * width)
        let total = counts.total
        // Largest-remainder rounding: cells add up to the width, and any state present gets at least one.
        var cells = (shares.0 / total, shares.1 / total, shares.2 / total, shares.3 / total)
        let remainders = (shares.0 % total, shares.1 % total, shares.2 % total, shares.3 % total)
        func remainder(_ i: Int) -> Int { i == 0 ? remainders.0 : i == 1 ? remainders.1 : i == 2 ? remainders.2 : remainders.3 }
        var left = width - (cells.0 + cells.1 + cells.2 + cells.3)
        // The states by remainder, largest first, in state order among equals (a stable sort).
        var byRemainder = (0, 1, 2, 3)
        withUnsafeMutableBytes(of: &byRemainder) { raw in
            let order = raw.bindMemory(to: Int.self)
            for i in 1..<4 {
                var j = i
                while j > 0, remainder(order[j - 1]) < remainder(order[j]) {
                    order.swapAt(j - 1, j)
                    j -= 1
                }
            }
        }
        withUnsafeMutableBytes(of: &cells) { raw in
            let cells = raw.bindMemory(to: Int.self)
            withUnsafeBytes(of: byRemainder) { order in
                for i in order.bindMemory(to: Int.self) where left > 0 {
                    cells[i] += 1
                    left -= 1
                }
            }
            func present(_ i: Int) -> Bool {
                (i == 0 ? counts.doneOnTime : i == 1 ? counts.doneLate : i == 2 ? counts.openOnTime : counts.overdue) > 0
            }
            for i in 0..<4 where present(i) && cells[i] == 0 {
                // The first of the largest gives one up, as `max(by:)` picks it.
                var donor = 0
                for j in 1..<4 where cells[j] > cells[donor] { donor = j }
                if cells[donor] > 1 {
                    cells[donor] -= 1
                    cells[i] = 1
                }
            }
        }
        var out: [Span] = []
        out.reserveCapacity(4)
        if cells.0 > 0 { out.append(Span(run(0, cells.0), .doneOnTime)) }
        if cells.1 > 0 { out.append(Span(run(1, cells.1), .doneLate)) }
        if cells.2 > 0 { out.append(Span(run(2, cells.2), .open)) }
        if cells.3 > 0 { out.append(Span(run(3, cells.3), .overdue)) }
        return out
    }

    /// `count` of the glyph of the state at `index` in bar order: made once for the widths panes use.
    private static func run(_ index: Int, _ count: Int) -> String {
        count < runs[index].count ? runs[index][count] : String(repeating: barGlyphs[index], count: count)
    }

    private static let barGlyphs: [Character] = ["█", "▓", "░", "▒"]
    private static let runs: [[String]] = barGlyphs.map { g in (0...16).map { String(repeating: g, count: $0) } }

    public static func role(for state: DerivedState) -> Role {
        switch state {
        case .doneOnTime: .doneOnTime
        case .doneLate: .doneLate
        case .openOnTime: .open
        case .overdue: .overdue
        }
    }
}

/// A one-line chart of a series with the eight block heights ▁▂▃▄▅▆▇█, scaled between its min and max.
public enum Sparkline {
    static let levels = Array("▁▂▃▄▅▆▇█")

    public static func render(_ values: [Double], width: Int) -> String {
        guard width > 0, !values.isEmpty else { return "" }
        let tail = Array(values.suffix(width))
        let lo = tail.min()!, hi = tail.max()!
        return String(tail.map { v in
            hi == lo ? levels[3] : levels[min(7, Int(((v - lo) / (hi - lo) * 7).rounded()))]
        })
    }
}

/// A column of a table: columns are data (title, width, alignment, priority), as in htop.
public struct Column: Sendable {
    public enum Align: Sendable { case left, right }

    public var title: String
    /// Columns wide; a flexible column takes what is left, at least this.
    public var width: Int
    public var align: Align
    public var flexible: Bool
    /// When the table is too narrow, columns with the highest priority number go first.
    public var priority: Int
    /// The sort column this column shows, for the ▲▼ mark.
    public var sort: SortColumn?
    /// The count cell this column shows (an index into `DashboardModel.countCells`), for the cell cursor.
    public var cell: Int?

    public init(_ title: String, width: Int, align: Align = .left, flexible: Bool = false, priority: Int = 0, sort: SortColumn? = nil, cell: Int? = nil) {
        self.title = title
        self.width = width
        self.align = align
        self.flexible = flexible
        self.priority = priority
        self.sort = sort
        self.cell = cell
    }
}

/// A table of rows under column headings, with a selection and a scroll offset.
public struct Table {
    public var columns: [Column]
    /// Cells of each row, one array of spans per column.
    public var rows: [[[Span]]]
    /// Index into `rows` of the selected row, shown when the table is focused.
    public var selected: Int?
    public var offset: Int
    public var sort: (column: SortColumn, descending: Bool)?
    /// Roles that override a row's cells, e.g. `.changed` for rows that changed at the last refresh.
    public var rowRoles: [Int: Role] = [:]
    /// Rows not drawn but measured, so tables drawn in parts (a list and its total) line up.
    public var sizingRows: [[[Span]]] = []
    /// Short forms of cells (row → column → spans), drawn instead of the cell when it is wider than
    /// its column (issue 11 §6: short names where there is no room for the full one).
    public var shortCells: [Int: [Int: [Span]]] = [:]
    /// The count cell the cursor is on: its column's heading and its cell on the selected row are
    /// drawn in the filter's colours.
    public var selectedCell: Int?

    public init(columns: [Column], rows: [[[Span]]], selected: Int? = nil, offset: Int = 0, sort: (column: SortColumn, descending: Bool)? = nil) {
        self.columns = columns
        self.rows = rows
        self.selected = selected
        self.offset = offset
        self.sort = sort
    }

    /// Columns drawn: a fixed column is as wide as its title (and sort mark) or its widest cell, at
    /// most its declared width; a flexible one takes what is left.
    func naturalWidths() -> [Int] { naturalWidths(cellWidths()) }

    /// The width of every cell of `rows`, row by row (`columns.count` a row; 0 where a row has fewer
    /// cells): measured once a draw, for the columns' widths and the right-aligned cells.
    /// A flexible left-aligned column's cells are not measured (-1): its width does not depend on
    /// them, and drawing measures one only when it has a short form (a title can be long).
    func cellWidths() -> [Int] {
        Self.widths(of: rows, columns: columns.count, skip: columns.map { $0.flexible && $0.align == .left })
    }

    static func widths(of rows: [[[Span]]], columns: Int, skip: [Bool] = []) -> [Int] {
        var out = [Int](repeating: 0, count: rows.count * columns)
        for (r, row) in rows.enumerated() {
            for i in 0..<min(columns, row.count) {
                if skip.indices.contains(i), skip[i] {
                    out[r * columns + i] = -1
                    continue
                }
                var w = 0
                for span in row[i] { w += Text.cleanWidth(span.text) }
                out[r * columns + i] = w
            }
        }
        return out
    }

    private func naturalWidths(_ widths: [Int]) -> [Int] {
        let sizing = sizingRows.isEmpty ? [] : Self.widths(of: sizingRows, columns: columns.count)
        return columns.indices.map { i in
            let c = columns[i]
            let mark = c.sort != nil && c.sort != .natural && sort?.column == c.sort ? 1 : 0
            let title = Text.width(c.title) + mark
            if c.flexible { return max(c.width, title) }
            var content = 0
            for r in rows.indices { content = max(content, widths[r * columns.count + i]) }
            for r in sizingRows.indices { content = max(content, sizing[r * columns.count + i]) }
            return max(title, min(c.width, content))
        }
    }

    /// Which columns fit in `width`, and how wide each is drawn (one space between columns).
    public func fit(_ width: Int) -> [(index: Int, width: Int)] { fit(width, cellWidths()) }

    private func fit(_ width: Int, _ cellWidths: [Int]) -> [(index: Int, width: Int)] {
        let natural = naturalWidths(cellWidths)
        var kept = Array(columns.indices)
        func needed(_ k: [Int]) -> Int { k.reduce(0) { $0 + natural[$1] } + max(0, k.count - 1) }
        while needed(kept) > width, kept.count > 1,
              let drop = kept.filter({ columns[$0].priority > 0 }).max(by: { columns[$0].priority < columns[$1].priority }) {
            kept.removeAll { $0 == drop }
        }
        var widths = kept.map { natural[$0] }
        let spare = width - needed(kept)
        if let flex = kept.firstIndex(where: { columns[$0].flexible }) {
            widths[flex] = max(1, widths[flex] + spare)
        }
        return zip(kept, widths).map { ($0, $1) }
    }

    /// A span drawn only in block glyphs (▁…█ ░▒▓, the empty bar's ·) in a role whose colour is its
    /// meaning: a bar or a sparkline, which keeps its colour on the selected row.
    static func keepsColour(_ span: Span) -> Bool {
        span.role.keepsColourWhenSelected && !span.text.isEmpty
            && span.text.unicodeScalars.allSatisfy { (0x2580...0x259F).contains($0.value) || $0 == "·" }
    }

    /// Draws the heading row and as many rows as fit from `offset`.
    public func draw(into buffer: inout Buffer, _ rect: Rect, focused: Bool) {
        guard rect.height > 0, rect.width > 0 else { return }
        let widths = cellWidths()
        let layout = fit(rect.width, widths)
        var x = rect.x
        for (i, w) in layout {
            let c = columns[i]
            var title = c.title
            if let sort, c.sort == sort.column, sort.column != .natural { title = c.align == .right ? (sort.descending ? "▼" : "▲") + title : title + (sort.descending ? "▼" : "▲") }
            let onCell = focused && selectedCell != nil && c.cell == selectedCell
            Self.putPadded(title, into: &buffer, x: x, y: rect.y, width: w, alignRight: c.align == .right, role: onCell ? .filter : .label)
            x += w + 1
        }
        let visibleRows = rect.height - 1
        guard visibleRows > 0 else { return }
        if rows.isEmpty { return }
        for line in 0..<visibleRows {
            let r = offset + line
            guard r < rows.count else { break }
            let y = rect.y + 1 + line
            let isSelected = focused && r == selected
            let override = isSelected ? Role.selection : rowRoles.isEmpty ? nil : rowRoles[r]
            if isSelected { buffer.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), Cell(" ", role: .selection)) }
            let short = shortCells.isEmpty ? nil : shortCells[r]
            var x = rect.x
            for (i, w) in layout {
                if isSelected, let cell = selectedCell, columns[i].cell == cell {
                    // The count cell under the cursor: its own colours across the column's width.
                    buffer.fill(Rect(x: x, y: y, width: w, height: 1), Cell(" ", role: .filter))
                    let text = rows[r][i].map(\.text).joined()
                    let used = Text.cleanWidth(text)
                    buffer.put(text, x: columns[i].align == .right ? x + max(0, w - used) : x, y: y, maxWidth: min(w, used), role: .filter)
                    x += w + 1
                    continue
                }
                // A selected row keeps the colours of its bars and sparklines: the selection's own
                // colour would hide what they mean (white on a white terminal). Text on it, state
                // counts included, takes the selection's colours.
                var cell = rows[r].indices.contains(i) ? rows[r][i] : []
                var used = widths[r * columns.count + i]
                if used < 0, short?[i] != nil { used = cell.reduce(0) { $0 + Text.cleanWidth($1.text) } }
                if let shortCell = short?[i], used > w {
                    cell = shortCell
                    used = cell.reduce(0) { $0 + Text.cleanWidth($1.text) }
                }
                // The spans one after another, as `put(_ spans:)` draws them, in the row's role.
                let alignRight = columns[i].align == .right
                let start = alignRight ? x + max(0, w - used) : x
                let room = alignRight ? min(w, used) : w
                var drawn = 0
                for span in cell where drawn < room {
                    let role = isSelected && Self.keepsColour(span) ? span.role : override ?? span.role
                    drawn += buffer.put(span.text, x: start + drawn, y: y, maxWidth: room - drawn, role: role)
                }
                x += w + 1
            }
        }
    }

    /// `Text.pad(title, width)` drawn at (x, y) in `role`, without making the padded string when
    /// the title fits.
    static func putPadded(_ title: String, into buffer: inout Buffer, x: Int, y: Int, width: Int, alignRight: Bool, role: Role) {
        let used = Text.cleanWidth(title)
        guard used <= width else {
            buffer.put(Text.pad(title, width, alignRight: alignRight), x: x, y: y, maxWidth: width, role: role)
            return
        }
        buffer.fill(Rect(x: x, y: y, width: width, height: 1), Cell(" ", role: role))
        buffer.put(title, x: alignRight ? x + width - used : x, y: y, maxWidth: used, role: role)
    }
}
