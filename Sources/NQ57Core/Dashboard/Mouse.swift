/// What the mouse did, as the terminal front end reports it (SGR 1006 mouse reports).
public enum MouseKind: Hashable, Sendable {
    /// The left button went down.
    case click
    /// The left button went down a second time on the same cell, soon after the first.
    case doubleClick
    case wheelUp
    case wheelDown
}

/// What is under a cell of the screen.
public enum MouseTarget: Hashable, Sendable {
    /// An overview pane; `row` is the index into its list's visible rows when a data row was hit.
    case pane(PaneID, row: Int?)
    /// The drill-down screen's list; `row` as above.
    case frame(row: Int?)
}

extension DashboardModel {
    /// Rows the wheel moves the selection by, as in htop.
    public static let wheelRows = 3

    /// What is at column `x`, row `y` of the screen (0-based), from the layout's rectangles and the
    /// lists' scroll offsets; nil for the header, the footer, the breadcrumb and empty space. A list's
    /// data rows start under its top border and its column headings.
    public func target(x: Int, y: Int) -> MouseTarget? {
        let layout = DashboardLayout(self)
        guard layout.mode != .tooSmall, layout.body.contains(x: x, y: y) else { return nil }
        if let frame {
            var list = layout.body
            if case .task = frame.screen { list = list.splitTop(DashboardLayout.taskDetailRows).1 }
            guard list.contains(x: x, y: y) else { return nil }
            return .frame(row: Self.row(at: y, in: list, list: frame.list, viewport: layout.frameViewport(frame.screen)))
        }
        // Narrow mode draws a tall page and shows it from `pageOffset`: the pane rectangles are on the page.
        let pageY = layout.page == nil ? y : y - layout.body.y + layout.pageOffset
        for id in paneTable.ids {
            guard let rect = layout.panes[id], rect.contains(x: x, y: pageY), let list = panes[id] else { continue }
            return .pane(id, row: Self.row(at: pageY, in: rect, list: list, viewport: layout.viewport(id)))
        }
        return nil
    }

    /// The visible-row index drawn at `y` in a list box at `rect`, or nil for its border, headings
    /// or the space under its last row.
    static func row(at y: Int, in rect: Rect, list: ListState, viewport: Int) -> Int? {
        let line = y - rect.y - 2
        guard line >= 0, line < viewport, rect.inset(1).contains(x: rect.x + 1, y: y) else { return nil }
        let index = list.offset + line
        return list.visible.indices.contains(index) ? index : nil
    }

    /// Applies a mouse event: a click focuses the pane under it and selects the row, a double click
    /// also opens it (true: the caller opens the selection, as Enter does), the wheel moves the
    /// selection of the list under it. Clicks close the help; the mouse does nothing while a filter
    /// is typed.
    mutating func pointer(x: Int, y: Int, kind: MouseKind) -> Bool {
        notice = nil
        if showHelp {
            if kind == .click || kind == .doubleClick { showHelp = false }
            return false
        }
        guard !isEditingFilter, let target = target(x: x, y: y) else { return false }
        let layout = DashboardLayout(self)
        switch target {
        case .frame(let row):
            guard var frame = stack.last else { return false }
            let viewport = layout.frameViewport(frame.screen)
            let opens = Self.point(&frame.list, row: row, kind: kind, viewport: viewport)
            stack[stack.count - 1] = frame
            return opens
        case .pane(let id, let row):
            guard var list = panes[id] else { return false }
            if kind == .click || kind == .doubleClick { focus = id }
            let opens = Self.point(&list, row: row, kind: kind, viewport: layout.viewport(id))
            panes[id] = list
            return opens && focus == id
        }
    }

    /// Moves a list's selection for a mouse event; true when the event opens the selected row.
    static func point(_ list: inout ListState, row: Int?, kind: MouseKind, viewport: Int) -> Bool {
        switch kind {
        case .wheelUp:
            list.move(by: -wheelRows, viewport: viewport)
            return false
        case .wheelDown:
            list.move(by: wheelRows, viewport: viewport)
            return false
        case .click, .doubleClick:
            guard let row else { return false }
            list.move(by: row - list.selected, viewport: viewport)
            return kind == .doubleClick
        }
    }
}

extension Rect {
    /// True when the cell at (x, y) is inside.
    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < x + width && py >= y && py < y + height
    }
}
