import NQ57Core

extension PaneView {
    /// Tasks that turned overdue this week, then those due within the week, with the counts in the title.
    public static let warnings = PaneView(.warnings) { p, buffer, rect, input in
        let (labels, format) = (p.labels, p.format)
        let w = input.overview.warnings
        let rows = w.rows
        let columns = [
            Column(labels.colWarning, width: 11),
            Column(labels.colDeadline, width: 10, sort: .deadline),
        ] + p.placeColumns(width: rect.width - 2) + [
            Column(labels.colTask, width: 12, flexible: true, sort: .name),
        ]
        let box = ListBox(title: input.title,
                          note: [Span(labels.warningsSummary(w.turnedOverdueCount, w.dueSoonCount), !p.changes[.warnings].isEmpty ? .changed : .warning)],
                          list: input.list, sortColumns: PaneKind.warnings.sortColumns, columns: columns) { i in
            let row = rows[i]
            let overdue = i < w.turnedOverdue.count
            let returned = i >= w.turnedOverdue.count + w.dueSoon.count
            return [
                returned ? [Span(InspectionLabels.of(labels.language).returnedWarning, .overdue)]
                    : [Span(overdue ? labels.turnedOverdue : labels.dueSoon, overdue ? .overdue : .warning)],
                [Span(format.date(row.task.deadline), .dim)],
            ] + p.placeCells(width: rect.width - 2, unit: row.unitName, province: row.provinceName) + [
                [Span(row.task.title, .text)],
            ]
        }
        _ = box.draw(p, &buffer, rect, focused: input.focused)
    }
}
