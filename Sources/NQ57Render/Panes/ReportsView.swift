import NQ57Core

extension PaneView {
    /// The newest reports, those that arrived at the last refresh marked.
    public static let reports = PaneView(.reports, snapshot: (rank: 4, rows: Snapshot.reportsShown)) { p, buffer, rect, input in
        let (overview, labels) = (input.overview, p.labels)
        // Who reported stays at every width: the unit (and its province) is never dropped.
        let inner = rect.width - 2
        let columns = [Column(labels.colTime, width: 16)] + p.placeColumns(width: inner) + [
            Column(labels.colTask, width: 12, flexible: true),
            Column(labels.colState, width: 9),
        ]
        let box = ListBox(title: input.title, list: input.list, sortColumns: PaneKind.reports.sortColumns, columns: columns,
                          row: { i in
            let row = overview.latestReports[i]
            return [
                [Span(p.format.time(row.report.reportedAt), .dim)],
            ] + p.placeCells(width: inner, unit: row.unitName, province: row.provinceName) + [
                [Span(row.taskTitle, .text)],
                [Span(labels.stateShort[row.derived]!, StateBar.role(for: row.derived))],
            ]
        }, rowRole: { i in p.changes.contains(.reports, String(overview.latestReports[i].report.id)) ? .changed : nil })
        _ = box.draw(p, &buffer, rect, focused: input.focused)
    }
}
