import NQ57Core

extension PaneView {
    /// Proposals: "who owes answers" — per responsible body the overdue and pending answers, the
    /// received and answered counts, the median days to answer and the oldest pending proposal; under
    /// the list the NOT OFFICIAL deadline marker (while a rule is a default) and the national totals.
    /// No contact detail is part of `ProposalOverview`, so none can be drawn here.
    public static let proposals = PaneView(
        id: .proposals, title: { ProposalLabels.of($0.language).title }, viewName: { ProposalLabels.of($0.language).title }
    ) { p, buffer, rect, input in
        let (format, list) = (p.format, input.list)
        let l = ProposalLabels.of(p.labels.language)
        let overview = input.overview.proposals
        let bodies = overview?.bodies ?? []
        let columns = [
            Column(l.body, width: 16, flexible: true, sort: .name),
            Column(l.overdueShort, width: 8, align: .right, sort: .overdue),
            Column(l.pendingShort, width: 9, align: .right),
            Column(l.answered, width: 10, align: .right, priority: 2),
            Column(l.received, width: 12, align: .right, priority: 3, sort: .total),
            Column(l.median, width: 9, align: .right, priority: 1),
            Column(l.oldest, width: 21, priority: 1),
        ]
        func cells(_ b: ProposalBodyLine) -> [[Span]] {
            let c = b.counts
            let name = b.code == "-" ? l.unassigned : "\(b.code) \(b.name)"
            let oldest = b.oldestPending.map { "\($0.id) \(format.date($0.receivedAt.vietnamDate))" } ?? "—"
            return [
                [Span(name, .text)],
                [Span(format.integer(c.overdue), c.overdue > 0 ? .overdue : .dim)],
                [Span(format.integer(c.pending), .value)],
                [Span(format.integer(c.answered), .value)],
                [Span(format.integer(c.total), .dim)],
                [Span(b.medianDaysToAnswer.map { "\($0) \(l.days)" } ?? "—", .dim)],
                [Span(oldest, .dim)],
            ]
        }
        let box = ListBox(title: input.title, list: list, sortColumns: PaneKind.proposals.sortColumns, columns: columns,
                          footerRows: ProposalsPaneLayout.footerRows) { cells(bodies[$0]) }
        let footer = box.draw(p, &buffer, rect, focused: input.focused)
        guard footer.height > 0, let o = overview else { return }
        let (x, w) = (footer.x + 1, footer.width - 1)
        var y = footer.y
        if o.deadlinesNotOfficial {
            _ = buffer.put("! " + l.notOfficial, x: x, y: y, maxWidth: w, role: .overdue)
            y += 1
        }
        let a = o.all
        if y < footer.maxY {
            _ = buffer.put("\(l.received) \(format.integer(a.total)) · \(l.answered) \(format.integer(a.answered)) (\(l.onTime) \(format.integer(a.answeredOnTime)), \(l.late) \(format.integer(a.answeredLate))) · \(l.rejected) \(format.integer(a.rejected))",
                           x: x, y: y, maxWidth: w, role: .text)
            y += 1
        }
        if y < footer.maxY {
            _ = buffer.put("\(l.pending) \(format.integer(a.pending)) · \(l.overdue) \(format.integer(a.overdue))" + (o.medianDaysToAnswer.map { " · \(l.median) \($0) \(l.days)" } ?? ""),
                           x: x, y: y, maxWidth: w, role: .value)
        }
    }
}
