import NQ57Core

/// A boxed list: a title, a sort and filter note on the right, the table of the rows the list
/// state keeps visible, and optional rows under the table that the caller fills.
struct ListBox {
    var title: String
    /// Spans at the right end of the title line, after the filter.
    var note: [Span] = []
    var list: ListState
    /// The list's sort columns, to mark the one it is sorted by.
    var sortColumns: [SortColumn]
    var columns: [Column]
    /// Rows under the table (the levels' total, the figure's source).
    var footerRows = 0
    /// Rows the columns are sized by besides the visible ones.
    var sizing: [[[Span]]] = []
    /// The cells of the row at a data index.
    var row: (Int) -> [[Span]]
    /// Short forms of a row's cells by column, drawn where the full cell does not fit (issue 11 §6).
    var short: (Int) -> [Int: [Span]] = { _ in [:] }
    /// A role for the whole row at a data index (a report that just arrived).
    var rowRole: (Int) -> Role? = { _ in nil }

    /// Draws the box; returns the rectangle of the footer rows.
    func draw(_ panes: Panes, _ buffer: inout Buffer, _ rect: Rect, focused: Bool) -> Rect {
        var right: [Span] = note
        if focused, case let cell = StateFilterLabels.of(panes.labels.language).cellNote(list.cell), !cell.isEmpty {
            right = cell + (right.isEmpty ? [] : [Span(" ")] + right)
        }
        if panes.loading && focused { right = [Span(panes.labels.loading, .dim)] + (right.isEmpty ? [] : [Span(" ")] + right) }
        if !list.filter.isEmpty || list.isEditingFilter {
            right = [Span("/" + list.filter + (list.isEditingFilter ? "▏" : ""), .filter)] + (right.isEmpty ? [] : [Span(" ")] + right)
        }
        let inner = buffer.box(rect, title: [Span(title, .paneTitle)], focused: focused, right: right)
        guard inner.height > 0 else { return inner }
        let tableRect = Rect(x: inner.x, y: inner.y, width: inner.width, height: inner.height - footerRows)
        let viewport = max(0, tableRect.height - 1)
        let window = list.visible.indices.dropFirst(list.offset).prefix(viewport)
        let column = sortColumns.indices.contains(list.sortIndex) ? sortColumns[list.sortIndex] : .natural
        var table = Table(columns: columns, rows: window.map { row(list.visible[$0]) },
                          selected: list.selected - list.offset, offset: 0, sort: (column, list.descending))
        table.sizingRows = sizing
        table.selectedCell = list.cell
        for (n, i) in window.enumerated() {
            if let role = rowRole(list.visible[i]) { table.rowRoles[n] = role }
            let cells = short(list.visible[i])
            if !cells.isEmpty { table.shortCells[n] = cells }
        }
        table.draw(into: &buffer, tableRect, focused: focused)
        if list.visible.isEmpty, tableRect.height > 1 {
            buffer.put(panes.labels.noRows, x: tableRect.x + 1, y: tableRect.y + 1, maxWidth: tableRect.width - 1, role: .dim)
        }
        return Rect(x: inner.x, y: tableRect.maxY, width: inner.width, height: footerRows)
    }
}
