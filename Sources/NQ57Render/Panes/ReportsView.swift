import NQ57Core

extension PaneView {
    /// The live feed: reports, inspections and proposals' moves by time, the rows that arrived at the
    /// last refresh marked. A kind column says who speaks on each row (a unit's report, an inspection,
    /// a proposal), and the state column says what it is in that kind's own words: a task's state, a
    /// verdict, a proposal's status — so a verdict or a proposal never reads as a unit's report.
    public static let reports = PaneView(.reports, snapshot: (rank: 5, rows: Snapshot.reportsShown)) { p, buffer, rect, input in
        let (overview, labels) = (input.overview, p.labels)
        let words = FeedLabels.of(labels.language)
        let verdicts = InspectionLabels.of(labels.language).verdicts
        let statuses = ProposalFrameWords.of(labels.language).statuses
        let feed = overview.feed
        // Who it concerns stays at every width: the unit (and its province) is never dropped; a
        // narrow pane shows the time without its year.
        let inner = rect.width - 2
        let narrow = inner < 70
        let columns = [Column(words.colKind, width: 4), Column(labels.colTime, width: narrow ? 11 : 16)] + p.placeColumns(width: inner) + [
            Column(labels.colTask, width: 12, flexible: true),
            Column(labels.colState, width: 11),
        ]
        let box = ListBox(title: input.title, list: input.list, sortColumns: PaneKind.reports.sortColumns, columns: columns,
                          row: { i in
            let row = feed[i]
            let time = [Span(narrow ? p.format.shortTime(row.at) : p.format.time(row.at), .dim)]
            switch row {
            case .report(let r):
                return [[Span(words.report, .dim)], time]
                    + p.placeCells(width: inner, unit: r.unitName, province: r.provinceName) + [
                    [Span(r.taskTitle, .text)],
                    [Span(labels.stateShort[r.derived]!, StateBar.role(for: r.derived))],
                ]
            case .inspection(let r):
                let v = r.inspection.verdict
                return [[Span(words.inspection, .warning)], time]
                    + p.placeCells(width: inner, unit: r.unitName, province: r.provinceName) + [
                    [Span(r.inspection.inspectedBy + ": ", .label), Span(r.taskTitle, .text)],
                    [Span((InspectionLabels.mark[v] ?? "") + " " + (verdicts[v] ?? v.rawValue), v == .returned ? .overdue : v == .confirmed ? .doneOnTime : .dim)],
                ]
            case .proposal(let r):
                let s = r.event.status
                return [[Span(words.proposal, .value)], time]
                    + p.placeCells(width: inner, unit: r.bodyName ?? words.unassigned, province: nil) + [
                    [Span(r.proposalID + " ", .label), Span(r.title, .text)],
                    [Span(statuses[s] ?? s.rawValue, s == .rejected ? .dim : .value)],
                ]
            }
        }, rowRole: { i in p.changes.contains(.reports, feed[i].identity) ? .changed : nil })
        _ = box.draw(p, &buffer, rect, focused: input.focused)
    }
}
