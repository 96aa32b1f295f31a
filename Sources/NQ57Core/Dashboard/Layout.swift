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
    /// Rows under the metrics list: the focused figure's source and date.
    public static let metricDetailRows = 2
    /// The row under the levels list: all levels together.
    public static let levelTotalRows = 1
    /// Rows above a task's report history: its fields.
    public static let taskDetailRows = 8

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

    public init(_ model: DashboardModel) {
        let w = model.width, h = model.height
        pageOffset = 0
        page = nil
        panes = [:]
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
        for pane in PaneID.allCases {
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
        let o = model.overview
        switch pane {
        case .levels: return paneChrome + Level.allCases.count + levelTotalRows
        case .metrics: return paneChrome + max(1, o?.metrics.count ?? 1) + metricDetailRows
        case .techGroups: return paneChrome + max(1, o?.techGroups.count ?? 11)
        case .provinces: return paneChrome + max(1, o?.provinces.count ?? 34)
        case .warnings: return paneChrome + max(2, min(12, (o?.warnings.turnedOverdue.count ?? 0) + (o?.warnings.dueSoon.count ?? 0)))
        case .reports: return paneChrome + max(2, min(20, o?.latestReports.count ?? 0))
        }
    }

    /// The fewest rows a pane is worth drawing in.
    static func minimumHeight(_ pane: PaneID) -> Int {
        switch pane {
        case .levels: paneChrome + Level.allCases.count + levelTotalRows
        case .metrics: paneChrome + 3 + metricDetailRows
        default: paneChrome + 3
        }
    }

    /// The levels strip across the top, the other panes in columns under it; nil when the body is
    /// too short for that.
    static func columns(mode: Mode, body: Rect, model: DashboardModel) -> [PaneID: Rect]? {
        // Each column: panes with a fixed height (natural, capped) first, then panes sharing the rest by weight.
        let arrangement: [[(PaneID, fixed: Bool, weight: Int)]] = mode == .wide
            ? [[(.techGroups, true, 0), (.metrics, false, 1)],
               [(.provinces, false, 1)],
               [(.warnings, false, 2), (.reports, false, 3)]]
            : [[(.techGroups, true, 0), (.metrics, false, 1)],
               [(.provinces, false, 4), (.warnings, false, 2), (.reports, false, 3)]]
        let (strip, below) = body.splitTop(naturalHeight(.levels, model))
        var out: [PaneID: Rect] = [.levels: strip]
        for (column, rect) in zip(arrangement, below.columns(arrangement.count)) {
            var heights: [Int] = []
            var used = 0
            for item in column {
                let h = item.fixed ? min(naturalHeight(item.0, model), rect.height) : 0
                heights.append(h)
                used += h
            }
            let flexible = column.indices.filter { !column[$0].fixed }
            let totalWeight = flexible.reduce(0) { $0 + column[$1].weight }
            var left = rect.height - used
            for (n, i) in flexible.enumerated() {
                heights[i] = n == flexible.count - 1 ? left : (rect.height - used) * column[i].weight / max(1, totalWeight)
                left -= heights[i]
            }
            for (i, item) in column.enumerated() where heights[i] < minimumHeight(item.0) { return nil }
            var y = rect.y
            for (i, item) in column.enumerated() {
                out[item.0] = Rect(x: rect.x, y: y, width: rect.width, height: heights[i])
                y += heights[i]
            }
        }
        return out
    }

    /// Rows of data a pane's list shows at once.
    public func viewport(_ pane: PaneID) -> Int {
        guard let rect = panes[pane] else { return 1 }
        switch pane {
        case .metrics: return max(1, rect.height - Self.paneChrome - Self.metricDetailRows)
        case .levels: return max(1, rect.height - Self.paneChrome - Self.levelTotalRows)
        default: return max(1, rect.height - Self.paneChrome)
        }
    }

    /// Rows of data the drill-down list shows at once.
    public func frameViewport(_ screen: Screen) -> Int {
        switch screen {
        case .task, .metric: max(1, body.height - Self.paneChrome - Self.taskDetailRows)
        default: max(1, body.height - Self.paneChrome)
        }
    }
}
