import NQ57Core

extension PaneView {
    /// Tasks by level, a bar of their states, and all levels together in a row under the list.
    public static let levels = PaneView(.levels, snapshot: (rank: 1, rows: nil)) { p, buffer, rect, input in
        let (overview, labels, changes) = (input.overview, p.labels, p.changes)
        let columns = [Column(labels.colLevel, width: 10)] + p.stateColumns + [Column("", width: 4, flexible: true, priority: 3)]
        func cells(_ name: Span, _ counts: StateCounts, changed: Bool, bar width: Int) -> [[Span]] {
            [[name]] + p.stateCells(counts, changed: changed) + [p.bar(counts, width)]
        }
        let total = overview.totals
        let totalName = Span(labels.allLevels, .label)
        // Measure once without the bar to learn how wide the bar can be.
        let measured = overview.levels.map { cells(Span(labels.levelNames[$0.level]!), $0.counts, changed: false, bar: 0) }
            + [cells(totalName, total, changed: false, bar: 0)]
        let fitted = Table(columns: columns, rows: measured).fit(rect.width - 2)
        let barWidth = fitted.last?.index == columns.count - 1 ? fitted.last!.width : 0
        let totalRow = cells(totalName, total, changed: !changes[.levels].isEmpty, bar: barWidth)
        let box = ListBox(title: input.title, list: input.list, sortColumns: PaneKind.levels.sortColumns, columns: columns,
                          footerRows: PaneKind.levels.detailRows, sizing: measured) { i in
            let row = overview.levels[i]
            return cells(Span(labels.levelNames[row.level]!), row.counts, changed: changes.contains(.levels, row.level.rawValue), bar: barWidth)
        }
        let footer = box.draw(p, &buffer, rect, focused: input.focused)
        guard footer.height > 0 else { return }
        var table = Table(columns: columns, rows: [totalRow])
        table.sizingRows = measured
        var scratch = Buffer(width: footer.width, height: 2)
        table.draw(into: &scratch, Rect(x: 0, y: 0, width: footer.width, height: 2), focused: false)
        buffer.blit(scratch, sourceY: 1, into: footer)
    }
}
