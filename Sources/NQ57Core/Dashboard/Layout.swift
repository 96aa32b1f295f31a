/// Where everything goes on a screen of a given size: computed from the model alone, so `update`
/// (which needs page sizes) and the panes (which draw into the rectangles) agree.
///
/// - wide (≥ 160 columns): the levels strip across the top, three columns of panes under it;
/// - medium (100–159): the strip, two columns under it;
/// - narrow (80–99), or too short for the columns: one column of panes at their natural heights that
///   scrolls to keep the focused pane in sight;
/// - below 80×24: nothing but a message naming the size needed.
public struct DashboardLayout: Hashable, Sendable {
    public enum Mode: String, Sendable { case tooSmall, narrow, medium, wide }

    public static let minimumWidth = 80
    public static let minimumHeight = 24

    /// Rows a pane spends on its border and its column headings.
    public static let paneChrome = 3
    /// Rows above a task's report history: its fields.
    public static let taskDetailRows = 8
    /// Rows under a report or figure history for the selected entry in full.
    public static let readAllRows = 6

    public var mode: Mode
    public var header: Rect
    /// The stale-data banner, when the data is stale.
    public var banner: Rect?
    public var breadcrumb: Rect
    public var body: Rect
    public var footer: Rect
    /// Where each pane goes. In narrow mode these are rectangles of a page taller than the body
    /// (`page`), of which the rows from `pageOffset` are shown.
    public var panes: [PaneID: Rect]
    /// The tall page of narrow mode, at (0, 0); nil when panes are placed on the screen directly.
    public var page: Rect?
    public var pageOffset: Int
    /// Rows each pane keeps under its list.
    var detailRows: [PaneID: Int]

    public init(_ model: DashboardModel) {
        let w = model.width, h = model.height
        pageOffset = 0
        page = nil
        panes = [:]
        detailRows = Dictionary(model.paneTable.kinds.map { ($0.id, $0.detailRows) }, uniquingKeysWith: { a, _ in a })
        guard w >= Self.minimumWidth, h >= Self.minimumHeight else {
            mode = .tooSmall
            header = Rect(x: 0, y: 0, width: w, height: 0)
            banner = nil
            breadcrumb = header
            body = Rect(x: 0, y: 0, width: w, height: h)
            footer = header
            return
        }
        header = Rect(x: 0, y: 0, width: w, height: 1)
        var top = 1
        if model.stale != nil {
            banner = Rect(x: 0, y: top, width: w, height: 1)
            top += 1
        } else {
            banner = nil
        }
        breadcrumb = Rect(x: 0, y: top, width: w, height: 1)
        top += 1
        footer = Rect(x: 0, y: h - 1, width: w, height: 1)
        body = Rect(x: 0, y: top, width: w, height: h - 1 - top)
        mode = w >= 160 ? .wide : (w >= 100 ? .medium : .narrow)

        guard model.stack.isEmpty else { return }
        if let single = model.view.pane {
            panes[single] = body
            return
        }
        if mode != .narrow, let placed = Self.columns(mode: mode, body: body, model: model) {
            panes = placed
            return
        }
        mode = .narrow
        var y = 0
        // A pane with no slot in any layout (the inspection's, the proposals') appears in its own view only.
        for pane in model.paneTable.ids where model.paneTable[pane].map({ $0.wide != nil || $0.medium != nil || $0.strip }) ?? true {
            let height = min(body.height, Self.naturalHeight(pane, model))
            panes[pane] = Rect(x: 0, y: y, width: w, height: height)
            y += height
        }
        let page = Rect(x: 0, y: 0, width: w, height: max(y, body.height))
        self.page = page
        if let focused = panes[model.focus] {
            pageOffset = min(focused.y, max(0, page.height - body.height))
        }
    }

    /// Rows a pane needs to show all of its content.
    public static func naturalHeight(_ pane: PaneID, _ model: DashboardModel) -> Int {
        guard let kind = model.paneTable[pane] else { return paneChrome }
        return paneChrome + kind.naturalRows(model.overview) + kind.detailRows
    }

    /// The fewest rows a pane is worth drawing in: three rows of data.
    static func minimumHeight(_ kind: PaneKind) -> Int {
        paneChrome + 3 + kind.detailRows
    }

    /// The strip pane across the top, the other panes in columns under it (as their slots for the
    /// mode say); nil when the body is too short for that.
    static func columns(mode: Mode, body: Rect, model: DashboardModel) -> [PaneID: Rect]? {
        let kinds = model.paneTable.kinds
        let slotted = kinds.compactMap { kind in (mode == .wide ? kind.wide : kind.medium).map { (kind, $0) } }
        let count = (slotted.map(\.1.column).max() ?? -1) + 1
        // Each column: panes with a fixed height (natural, capped) first, then panes sharing the rest by weight.
        let arrangement = (0..<count).map { c in slotted.filter { $0.1.column == c }.sorted { $0.1.row < $1.1.row } }
        var out: [PaneID: Rect] = [:]
        var below = body
        if let strip = kinds.first(where: \.strip) {
            let (top, rest) = body.splitTop(naturalHeight(strip.id, model))
            out[strip.id] = top
            below = rest
        }
        for (column, rect) in zip(arrangement, below.columns(arrangement.count)) {
            var heights: [Int] = []
            var used = 0
            for (kind, slot) in column {
                let h = slot.fixed ? min(naturalHeight(kind.id, model), rect.height) : 0
                heights.append(h)
                used += h
            }
            let flexible = column.indices.filter { !column[$0].1.fixed }
            let totalWeight = flexible.reduce(0) { $0 + column[$1].1.weight }
            var left = rect.height - used
            for (n, i) in flexible.enumerated() {
                heights[i] = n == flexible.count - 1 ? left : (rect.height - used) * column[i].1.weight / max(1, totalWeight)
                left -= heights[i]
            }
            for (i, item) in column.enumerated() where heights[i] < minimumHeight(item.0) { return nil }
            var y = rect.y
            for (i, item) in column.enumerated() {
                out[item.0.id] = Rect(x: rect.x, y: y, width: rect.width, height: heights[i])
                y += heights[i]
            }
        }
        return out
    }

    /// Rows of data a pane's list shows at once.
    public func viewport(_ pane: PaneID) -> Int {
        guard let rect = panes[pane] else { return 1 }
        return max(1, rect.height - Self.paneChrome - (detailRows[pane] ?? 0))
    }

    /// Rows of data the drill-down list shows at once.
    public func frameViewport(_ screen: Screen) -> Int {
        switch screen {
        case .task: max(1, body.height - Self.paneChrome - Self.taskDetailRows - Self.readAllRows)
        case .metric: max(1, body.height - Self.paneChrome - Self.readAllRows)
        default: max(1, body.height - Self.paneChrome)
        }
    }
}
