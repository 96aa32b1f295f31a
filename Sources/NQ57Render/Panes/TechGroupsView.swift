import NQ57Core

extension PaneView {
    /// Tasks by strategic technology group; names not verified against the decision are marked.
    public static let techGroups = PaneView(.techGroups, snapshot: (rank: 2, rows: nil)) { p, buffer, rect, input in
        let (overview, labels, format) = (input.overview, p.labels, p.format)
        let columns = [
            Column(labels.colRank, width: 2, align: .right, sort: .natural),
            Column(labels.colGroup, width: 18, flexible: true),
            Column(labels.colTotal, width: 8, align: .right, sort: .total, cell: 0),
        ] + p.roomStateColumns + [
            Column(labels.stateShort[.overdue]!, width: 7, align: .right, priority: 1, sort: .overdue, cell: 4),
            Column(labels.colDonePercent, width: 6, align: .right, sort: .donePercent),
            Column("", width: 10, priority: 2),
        ]
        let hasUnverified = overview.techGroups.contains { !$0.group.verified.isVerified }
        let box = ListBox(title: input.title, note: hasUnverified ? [Span(labels.unverifiedNote, .unverified)] : [],
                          list: input.list, sortColumns: PaneKind.techGroups.sortColumns, columns: columns) { i in
            let row = overview.techGroups[i]
            let changed = p.changes.contains(.techGroups, String(row.group.id))
            var name = [Span(labels.techGroupName(row.group), .text)]
            if !row.group.verified.isVerified { name.append(Span(" " + labels.unverifiedMark, .unverified)) }
            return [
                [Span(String(row.group.id), .dim)],
                name,
                [Span(format.integer(row.counts.total), changed ? .changed : .value)],
            ] + p.roomStateCells(row.counts) + [
                [Span(format.integer(row.counts.overdue), changed ? .changed : .overdue)],
                [Span(format.percent(row.counts.doneShare, of: row.counts.total), .value)],
                p.bar(row.counts, 10),
            ]
        }
        _ = box.draw(p, &buffer, rect, focused: input.focused)
    }
}
