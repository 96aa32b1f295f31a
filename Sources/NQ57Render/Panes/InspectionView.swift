import NQ57Core

extension PaneView {
    /// Independent inspection: per province the done tasks (self-reported), how many were checked,
    /// the share sent back and the estimate beside the self-reported rate; under the list the national
    /// headline ("tự báo cáo 91% · ước tính qua kiểm tra 84% (79–88%), 240 mẫu"), the levels and what
    /// the figures mean. Self-reported completion is never shown as checked.
    public static let inspection = PaneView(
        id: .inspection, title: { InspectionLabels.of($0.language).title }, viewName: { InspectionLabels.of($0.language).title }
    ) { p, buffer, rect, input in
        let (format, list) = (p.format, input.list)
        let l = InspectionLabels.of(p.labels.language)
        let summary = input.overview.inspection
        let provinces = summary?.provinces ?? []
        let estimates = Dictionary((summary?.estimate.strata ?? []).map { ($0.stratum.key, $0) }, uniquingKeysWith: { a, _ in a })
        let columns = [
            Column(l.provinces, width: 16, flexible: true, sort: .name),
            Column(l.done, width: 10, align: .right, priority: 2, sort: .total),
            Column(l.coverage, width: 7, align: .right, sort: .donePercent),
            Column(l.returned, width: 7, align: .right, priority: 1),
            Column(l.returnedShare + " %", width: 9, align: .right, sort: .returnedShare),
            Column(l.compare, width: 21, align: .right, priority: 3),
        ]
        func cells(_ r: InspectionRow) -> [[Span]] {
            let c = r.counts
            var compare = format.percent(r.selfReportedRate, of: r.tasks)
            if let e = estimates[r.key]?.completion { compare += " → " + InspectionLabels.percent(e.estimate) }
            return [
                [Span(r.name, .text)],
                [Span(format.integer(c.done), .value)],
                [Span(format.percent(c.coverage, of: c.done), .dim)],
                [Span(format.integer(c.returnedDone), c.returnedDone > 0 ? .overdue : .dim)],
                [Span(format.percent(c.returnedShare, of: c.checked), c.returnedDone > 0 ? .overdue : .dim)],
                [Span(compare, .value)],
            ]
        }
        let box = ListBox(title: input.title, list: list, sortColumns: PaneKind.inspection.sortColumns, columns: columns,
                          footerRows: InspectionPaneLayout.footerRows) { cells(provinces[$0]) }
        let footer = box.draw(p, &buffer, rect, focused: input.focused)
        guard footer.height > 0, let summary else { return }
        var y = footer.y
        _ = buffer.put(l.headline(summary.estimate), x: footer.x + 1, y: y, maxWidth: footer.width - 1, role: .value)
        y += 1
        for row in summary.levels where y < footer.maxY - 1 {
            let name = row.level.map { p.labels.levelNames[$0] ?? $0.rawValue } ?? row.name
            let line = l.levelLine(name, row.counts, format)
            _ = buffer.put(line, x: footer.x + 1, y: y, maxWidth: footer.width - 1, role: .text)
            y += 1
        }
        _ = buffer.put(l.honesty, x: footer.x + 1, y: footer.maxY - 1, maxWidth: footer.width - 1, role: .dim)
    }
}
