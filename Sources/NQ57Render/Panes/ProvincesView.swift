import NQ57Core

extension PaneView {
    /// The provinces ranked as the list is sorted, with their overdue and done shares.
    public static let provinces = PaneView(.provinces, snapshot: (rank: 3, rows: Snapshot.provincesShown)) { p, buffer, rect, input in
        let (overview, labels, format, list) = (input.overview, p.labels, p.format, input.list)
        let columns = [
            Column(labels.colRank, width: 2, align: .right),
            Column(labels.colProvince, width: 16, flexible: true, sort: .name),
            Column(labels.colTotal, width: 8, align: .right, priority: 2, sort: .total, cell: 0),
        ] + p.roomStateColumns + [
            Column(labels.stateShort[.overdue]!, width: 7, align: .right, sort: .overdue, cell: 4),
            Column(labels.colOverduePercent, width: 7, align: .right, sort: .overdueShare),
            Column(labels.colDonePercent, width: 6, align: .right, priority: 1, sort: .donePercent),
            Column("", width: 10, priority: 3),
        ]
        let box = ListBox(title: input.title, list: list, sortColumns: PaneKind.provinces.sortColumns, columns: columns) { i in
            let row = overview.provinces[i]
            let changed = p.changes.contains(.provinces, row.unit.code)
            return [
                [Span(String(list.ranks.indices.contains(i) ? list.ranks[i] : 0), .dim)],
                [Span(row.unit.name, .text)],
                [Span(format.integer(row.counts.total), changed ? .changed : .value)],
            ] + p.roomStateCells(row.counts) + [
                [Span(format.integer(row.counts.overdue), changed ? .changed : .overdue)],
                [Span(format.percent(row.counts.overdueShare, of: row.counts.total), .overdue)],
                [Span(format.percent(row.counts.doneShare, of: row.counts.total), .value)],
                p.bar(row.counts, 10),
            ]
        }
        _ = box.draw(p, &buffer, rect, focused: input.focused)
    }
}
