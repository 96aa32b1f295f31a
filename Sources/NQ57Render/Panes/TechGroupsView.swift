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
        let mark = { (g: TechGroup) in g.verified.isVerified ? [] : [Span(" " + labels.unverifiedMark, .unverified)] }
        var box = ListBox(title: input.title, note: hasUnverified ? [Span(labels.unverifiedNote, .unverified)] : [],
                          list: input.list, sortColumns: PaneKind.techGroups.sortColumns, columns: columns,
                          footerRows: PaneKind.techGroups.detailRows) { i in
            let row = overview.techGroups[i]
            let changed = p.changes.contains(.techGroups, String(row.group.id))
            let name = [Span(labels.techGroupName(row.group), .text)] + mark(row.group)
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
        // All eleven names of Decision 1131 start "Công nghệ": where the whole name does not fit, the
        // group's short name (catalogue data) tells them apart.
        box.short = { i in
            let g = overview.techGroups[i].group
            return labels.techGroupShort(g).map { [1: [Span($0, .text)] + mark(g)] } ?? [:]
        }
        let footer = box.draw(p, &buffer, rect, focused: input.focused)
        // The selected group's full name, whole, in the detail line under the list.
        guard footer.height >= 1, let i = input.list.selectedRow, overview.techGroups.indices.contains(i) else { return }
        let g = overview.techGroups[i].group
        buffer.put([Span("\(g.id). ", .dim), Span(labels.techGroupName(g), .text)] + mark(g),
                   x: footer.x + 1, y: footer.y, maxWidth: footer.width - 2)
    }
}
