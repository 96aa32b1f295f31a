import NQ57Core

extension PaneView {
    /// The ecosystem figures with change and trend, and the focused figure's source under the list.
    public static let metrics = PaneView(.metrics, snapshot: (rank: 0, rows: nil)) { p, buffer, rect, input in
        let (overview, labels, format, list) = (input.overview, p.labels, p.format, input.list)
        let columns = [
            Column(labels.colFigure, width: 16, flexible: true),
            Column(labels.colValue, width: 10, align: .right),
            Column(labels.colChange, width: 8, align: .right, priority: 2),
            Column(labels.colTrend, width: 8, priority: 3),
            Column(labels.colDate, width: 10, priority: 1),
        ]
        var box = ListBox(title: input.title, list: list, sortColumns: PaneKind.metrics.sortColumns, columns: columns,
                          footerRows: PaneKind.metrics.detailRows) { i in
            let s = overview.metrics[i]
            guard let latest = s.latest else { return [] }
            let changed = p.changes.contains(.metrics, s.key)
            return [
                [Span(labels.metricName(s), .text)],
                [Span(PaneView.symbol(latest.qualifier), .dim), Span(format.value(latest.value), changed ? .changed : .value)],
                [Span(s.change.map(format.change) ?? "", .dim)],
                [Span(Sparkline.render(s.points.map(\.value), width: 8), .sparkline)],
                [Span(format.date(latest.asOf), .dim)],
            ]
        }
        // Where the whole name does not fit, the catalogue's short name; the detail line has it whole.
        box.short = { i in labels.metricShort(overview.metrics[i]).map { [0: [Span($0, .text)]] } ?? [:] }
        let footer = box.draw(p, &buffer, rect, focused: input.focused)
        guard footer.height >= 2, let i = list.selectedRow, overview.metrics.indices.contains(i), let m = overview.metrics[i].latest else { return }
        let q = labels.qualifier(m.qualifier)
        buffer.put([Span(labels.metricName(overview.metrics[i]) + ": ", .label), Span((q.isEmpty ? "" : q + " ") + format.value(m.value), .value),
                    Span(" · " + format.date(m.asOf), .dim)], x: footer.x, y: footer.y, maxWidth: footer.width)
        buffer.put([Span(labels.source + ": ", .label), Span(m.source(labels.language), .dim)], x: footer.x, y: footer.y + 1, maxWidth: footer.width)
    }

    /// A figure's qualifier as one character before its value.
    static func symbol(_ qualifier: String?) -> String {
        switch qualifier {
        case "more than"?: ">"
        case "less than"?: "<"
        case "about"?: "~"
        default: ""
        }
    }
}
