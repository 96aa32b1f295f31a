import NQ57Core

/// What `nq57 snapshot` prints: the dashboard's panes as plain text, drawn by the same pane code.
public enum Snapshot {
    /// The part of the picture a snapshot shows.
    public enum Content {
        case overview(Overview)
        /// One overview pane on its own, every row.
        case pane(PaneID, Overview)
        /// A province's communes (first row: the province's own tasks).
        case units(title: String, rows: [UnitRow], overview: Overview)
        /// A unit's tasks.
        case tasks(title: String, page: TaskPage, overview: Overview)
    }

    /// Rows of the provinces pane in the overview snapshot: the provinces most behind.
    public static let provincesShown = 10
    /// Rows of the latest-reports pane in the overview snapshot.
    public static let reportsShown = 10

    /// The snapshot as a buffer `width` columns wide and as tall as its content.
    public static func buffer(_ content: Content, width: Int, language: Language,
                              panes table: PaneTable = .standard, views: PaneViews = .standard) -> Buffer {
        let overview: Overview
        switch content {
        case .overview(let o), .pane(_, let o), .units(_, _, let o), .tasks(_, _, let o): overview = o
        }
        var model = DashboardModel(width: width, height: 1, language: language, now: Timestamp(vietnamDate: overview.asOf), fixedAsOf: overview.asOf,
                                   paneTable: table)
        _ = model.update(.overviewLoaded(.success(overview)))
        let panes = Panes(language: language, asOf: overview.asOf)

        var sections: [(height: Int, draw: (inout Buffer, Rect) -> Void)] = []
        switch content {
        case .overview:
            let placed = table.kinds.compactMap { kind in views[kind.id].flatMap { v in v.snapshot.map { (kind, v, $0) } } }
            for (kind, view, place) in placed.sorted(by: { $0.2.rank < $1.2.rank }) {
                let rows = place.rows.map { min($0, kind.rows(overview).count) }
                    ?? DashboardLayout.naturalHeight(kind.id, model) - DashboardLayout.paneChrome
                let list = model.panes[kind.id]!
                sections.append((DashboardLayout.paneChrome + max(1, rows), { b, r in
                    panes.pane(view, &b, r, overview: overview, list: list, focused: false)
                }))
            }
        case .pane(let id, _):
            guard let kind = table[id], let view = views[id] else { break }
            model.view = View(pane: id)
            let list = model.panes[id]!
            let rows = max(1, model.paneRows(id).count) + kind.detailRows
            sections.append((DashboardLayout.paneChrome + rows, { b, r in
                panes.pane(view, &b, r, overview: overview, list: list, focused: false)
            }))
        case .units(let title, let rows, _):
            var frame = Frame(screen: .units(.level(.commune)), crumb: .unit(name: title))
            frame.data = .units(rows)
            frame.list.setRows(rows, columns: ListKind.units.sortColumns)
            sections.append((DashboardLayout.paneChrome + max(1, rows.count), { b, r in
                panes.frame(&b, r, frame: frame, title: title)
            }))
        case .tasks(let title, let page, _):
            var frame = Frame(screen: .tasks(.unit("")), crumb: .unit(name: title))
            frame.data = .tasks(page)
            frame.list.setRows(page.rows, columns: ListKind.tasks.sortColumns)
            sections.append((DashboardLayout.paneChrome + max(1, page.rows.count), { b, r in
                panes.frame(&b, r, frame: frame, title: title)
            }))
        }

        // The header names what is shown: a province's or a commune's name, not "Overview".
        switch content {
        case .units(let title, _, _), .tasks(let title, _, _):
            model.stack = [Frame(screen: .tasks(.unit("")), crumb: .unit(name: title))]
        default:
            break
        }
        let height = 1 + sections.reduce(0) { $0 + $1.height }
        model.width = width
        model.height = height
        var buffer = Buffer(width: width, height: height)
        DashboardView.header(&buffer, Rect(x: 0, y: 0, width: width, height: 1), model, Labels.of(language), views)
        var y = 1
        for section in sections {
            section.draw(&buffer, Rect(x: 0, y: y, width: width, height: section.height))
            y += section.height
        }
        return buffer
    }

    /// The snapshot as lines of text with trailing spaces removed.
    public static func text(_ content: Content, width: Int, language: Language,
                            panes table: PaneTable = .standard, views: PaneViews = .standard) -> String {
        buffer(content, width: width, language: language, panes: table, views: views).lines().map { line in
            var l = Substring(line)
            while l.last == " " { l = l.dropLast() }
            return String(l)
        }.joined(separator: "\n") + "\n"
    }
}
