import NQ57Core

extension PaneView {
    /// Tasks that turned overdue this week, those due within the week, those returned and not
    /// re-reported within N days, proposals whose answer is overdue or due within 3 working days;
    /// the counts (and N) in the title.
    public static let warnings = PaneView(.warnings, snapshot: (rank: 4, rows: nil)) { p, buffer, rect, input in
        let (labels, format) = (p.labels, p.format)
        let words = FeedLabels.of(labels.language)
        let w = input.overview.warnings
        // A wide pane names N on every returned row; a narrow one in its title only.
        let wide = rect.width - 2 >= 100
        let columns = [
            Column(labels.colWarning, width: wide ? 16 : 12),
            Column(labels.colDeadline, width: 10, sort: .deadline),
        ] + p.placeColumns(width: rect.width - 2) + [
            Column(labels.colTask, width: 12, flexible: true, sort: .name),
        ]
        // The title's note has at most half the top border (Buffer.box): whole counts, most urgent
        // first, rather than a sentence cut in the middle of its second count.
        let summary = Self.fitted(words.summary(w), room: (rect.width - 4) / 2)
        let box = ListBox(title: input.title,
                          note: [Span(summary, !p.changes[.warnings].isEmpty ? .changed : .warning)],
                          list: input.list, sortColumns: PaneKind.warnings.sortColumns, columns: columns) { i in
            let row = w.row(at: i)
            let label: Span = switch row.kind {
            case .turnedOverdue: Span(labels.turnedOverdue, .overdue)
            case .dueSoon: Span(labels.dueSoon, .warning)
            case .returned: Span(wide ? words.returnedFor(w.returnedDays) : words.returnedShort, .overdue)
            case .proposalOverdue: Span(wide ? words.proposalOverdue : words.proposalOverdueShort, .overdue)
            case .proposalDueSoon: Span(wide ? words.proposalDueSoon : words.proposalDueSoonShort, .warning)
            }
            switch row {
            case .task(_, let t):
                return [[label], [Span(format.date(t.task.deadline), .dim)]]
                    + p.placeCells(width: rect.width - 2, unit: t.unitName, province: t.provinceName) + [[Span(t.task.title, .text)]]
            case .proposal(_, let pw):
                return [[label], [Span(format.date(pw.proposal.dueOn), .dim)]]
                    + p.placeCells(width: rect.width - 2, unit: pw.bodyName ?? words.unassigned, province: nil)
                    + [[Span(pw.proposal.id + " ", .label), Span(pw.proposal.title, .text)]]
            }
        }
        _ = box.draw(p, &buffer, rect, focused: input.focused)
    }

    /// As many of `parts` as fit in `room` columns, joined by " · ", in their order; the first is
    /// always kept (the box cuts it if even that does not fit).
    static func fitted(_ parts: [String], room: Int) -> String {
        var out = ""
        for part in parts {
            let next = out.isEmpty ? part : out + " · " + part
            if !out.isEmpty && Text.width(next) > room { break }
            out = next
        }
        return out
    }
}
