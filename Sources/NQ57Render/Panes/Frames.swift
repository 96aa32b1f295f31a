import NQ57Core

/// The drill-down screens: a list of units, a list of tasks, a task with its report history, a
/// figure with its history.
extension Panes {
    public func frame(_ buffer: inout Buffer, _ rect: Rect, frame: Frame, title: String) {
        switch frame.data {
        case .units(let rows)?:
            units(&buffer, rect, rows: rows, list: frame.list, title: title)
        case .tasks(let page)?:
            // Lists of more than one unit's tasks name the unit (and its province) on every row.
            let showUnit: Bool = { if case .tasks(let scope) = frame.screen, case .unit = scope.base { return false }; return true }()
            tasks(&buffer, rect, page: page, list: frame.list, title: title, showUnit: showUnit)
        case .task(let detail?)?:
            task(&buffer, rect, detail: detail, list: frame.list)
        case .metric(let series?)?:
            metric(&buffer, rect, series: series, list: frame.list)
        case .proposals(let rows)?:
            proposals(&buffer, rect, rows: rows, list: frame.list, title: title)
        case .proposal(let detail?)?:
            proposal(&buffer, rect, detail: detail, list: frame.list, title: title)
        case .task(nil)?, .metric(nil)?, .proposal(nil)?:
            let inner = buffer.box(rect, title: [Span(title, .paneTitle)], focused: true)
            buffer.put(labels.noRows, x: inner.x + 1, y: inner.y, maxWidth: inner.width - 1, role: .dim)
        case nil:
            let inner = buffer.box(rect, title: [Span(title, .paneTitle)], focused: true)
            buffer.put((labels.language == .vi ? frame.errorVI ?? frame.error : frame.error) ?? labels.loading, x: inner.x + 1, y: inner.y, maxWidth: inner.width - 1, role: frame.error == nil ? .dim : .error)
        }
    }

    func units(_ buffer: inout Buffer, _ rect: Rect, rows: [UnitRow], list: ListState, title: String) {
        // Communes of every province (the all-communes list) name their province; a province's own
        // communes list has it in the breadcrumb.
        let showProvince = rows.contains { $0.provinceName != nil } && Set(rows.compactMap(\.unit.parentCode)).count > 1
        var columns = [Column(labels.colCode, width: 5, priority: 5, sort: .natural),
                       Column(labels.colUnit, width: 20, flexible: true, sort: .name)]
        if showProvince { columns.append(Column(labels.colProvince, width: 14, priority: 1)) }
        columns += stateColumns + [Column(labels.stateShort[.overdue]! + " %", width: 9, align: .right, priority: 2, sort: .overdueShare),
                              Column("", width: 12, priority: 6)]
        var box = ListBox(title: title, note: [Span(counted(list, format.integer(rows.count)), .dim)], list: list,
                          sortColumns: ListKind.units.sortColumns, columns: columns) { i in
            let row = rows[i]
            let name = row.unit.level == .province && !row.includesCommunes
                ? [Span(labels.ownTasks + ": ", .label), Span(row.unit.name, .text)]
                : [Span(row.unit.name, .text)]
            let place: [[Span]] = showProvince ? [[Span(row.provinceName.map(Place.shortProvince) ?? "", .dim)]] : []
            return [[Span(row.unit.code, .dim)], name] + place + stateCells(row.counts, changed: false)
                + [[Span(format.percent(row.counts.overdueShare, of: row.counts.total), .overdue)], bar(row.counts, 12)]
        }
        // A long name (the Steering Committee's) gives way to its short name where it does not fit.
        box.short = { i in labels.unitShort(rows[i].unit).map { [1: [Span($0, .text)]] } ?? [:] }
        _ = box.draw(self, &buffer, rect, focused: true)
    }

    func tasks(_ buffer: inout Buffer, _ rect: Rect, page: TaskPage, list: ListState, title: String, showUnit: Bool) {
        var columns = [Column(labels.colCode, width: 14, priority: 3),
                       Column(labels.colTask, width: 20, flexible: true, sort: .name)]
        if showUnit { columns += placeColumns(width: rect.width - 2, priority: 2) }
        columns += [Column(labels.colDeadline, width: 10, sort: .deadline),
                    Column(labels.colProgress, width: 7, align: .right, sort: .progress),
                    Column(labels.colState, width: 10, sort: .severity)]
        let count = page.rows.count < page.total ? labels.moreRows(page.rows.count, page.total) : format.integer(page.total)
        let box = ListBox(title: title, note: [Span(counted(list, count), .dim)], list: list,
                          sortColumns: ListKind.tasks.sortColumns, columns: columns) { i in
            let row = page.rows[i]
            var cells: [[Span]] = [[Span(row.task.id, .dim)], [Span(row.task.title, .text)]]
            if showUnit { cells += placeCells(width: rect.width - 2, unit: row.unitName, province: row.provinceName) }
            cells += [[Span(format.date(row.task.deadline), row.derived == .overdue ? .overdue : .dim)],
                      [Span(String(row.state.progress) + "%", .value)],
                      [Span(labels.stateShort[row.derived]!, StateBar.role(for: row.derived))]]
            return cells
        }
        _ = box.draw(self, &buffer, rect, focused: true)
    }

    func task(_ buffer: inout Buffer, _ rect: Rect, detail: TaskDetail, list: ListState) {
        let (top, rest) = rect.splitTop(DashboardLayout.taskDetailRows)
        let inner = buffer.box(top, title: [Span(detail.row.task.id, .paneTitle)], focused: false)
        for (i, line) in taskLines(detail).prefix(inner.height).enumerated() {
            buffer.put(line, x: inner.x + 1, y: inner.y + i, maxWidth: inner.width - 1)
        }
        let columns = [Column(labels.colTime, width: 16), Column(labels.colState, width: 14), Column(labels.colProgress, width: 7, align: .right),
                       Column(labels.colBy, width: 18, priority: 1), Column(labels.colNote, width: 16, flexible: true)]
        let entries = detail.history
        let (below, historyRect) = rest.splitBottom(DashboardLayout.readAllRows)
        let selected: Report? = list.selectedRow.flatMap { i in
            guard entries.indices.contains(i), case .report(let r) = entries[i] else { return nil }
            return r
        }
        reportDetail(&buffer, below, selected)
        let box = ListBox(title: labels.reportsCount(detail.reports.count, detail.reportCount) + InspectionLabels.of(labels.language).count(detail),
                          list: list, sortColumns: ListKind.history.sortColumns, columns: columns) { i in
            guard case .report(let r) = entries[i] else { return InspectionLabels.of(labels.language).cells(entries[i], format) }
            return [[Span(format.time(r.reportedAt), .dim)],
                    [Span(labels.statusNames[r.status]!, r.status == .done ? .doneOnTime : .text)],
                    [Span(String(r.progress) + "%", .value)],
                    [Span(r.reportedBy, .text)],
                    [Span(r.note, .text)]]
        }
        _ = box.draw(self, &buffer, historyRect, focused: true)
    }

    /// A task's fields, one line each, above its report history.
    func taskLines(_ detail: TaskDetail) -> [[Span]] {
        let t = detail.row.task
        var lines: [[Span]] = [
            [Span(labels.colTask + ": ", .label), Span(t.title, .title)],
            [Span(labels.colUnit + ": ", .label), Span(detail.unit.name + " (" + detail.unit.code + ")", .text)]
                + (detail.province.map { [Span(" · ", .dim), Span($0.name + " (" + $0.code + ")", .text)] } ?? [])
                + [Span(" · " + labels.levelNames[detail.unit.level]!, .dim)],
            [Span(labels.plan + ": ", .label), Span(t.plan, .text), Span(" · " + labels.area + ": ", .label),
             Span(String(t.area) + ". " + (labels.areaNames[t.area] ?? ""), .text)],
            [Span(labels.colDeadline + ": ", .label), Span(format.date(t.deadline), .text),
             Span(" · " + labels.colProgress + ": ", .label), Span(String(detail.row.state.progress) + "%", .value),
             Span(" · ", .dim), Span(labels.stateNames[detail.row.derived]!, StateBar.role(for: detail.row.derived))],
        ]
        if let g = t.techGroup {
            lines.append([Span(labels.techGroup + ": ", .label), Span("\(g). " + (groups[g].map(labels.techGroupName) ?? ""), .text)])
        }
        if let at = detail.row.state.reportedAt {
            lines.append([Span(labels.colTime + ": ", .label), Span(format.time(at), .dim),
                          Span(" · " + labels.statusNames[detail.row.state.status]!, .dim)]
                          + InspectionLabels.of(labels.language).checkSpans(detail))
        }
        return lines
    }

    func metric(_ buffer: inout Buffer, _ rect: Rect, series: MetricSeries, list: ListState) {
        let points = series.newestFirst
        let columns = [Column(labels.colDate, width: 10), Column(labels.colValue, width: 16, align: .right),
                       Column(labels.colChange, width: 9, align: .right, priority: 1), Column(labels.colSource, width: 20, flexible: true)]
        let (below, rest) = rect.splitBottom(DashboardLayout.readAllRows)
        metricDetail(&buffer, below, list.selectedRow.map { points[$0] })
        let box = ListBox(title: labels.metricName(series), list: list, sortColumns: ListKind.history.sortColumns, columns: columns) { i in
            let m = points[i]
            let older = i + 1 < points.count ? points[i + 1].value : nil
            let q = labels.qualifier(m.qualifier)
            return [[Span(format.date(m.asOf), .dim)],
                    [Span((q.isEmpty ? "" : q + " ") + format.value(m.value), .value)],
                    [Span(older.map { format.change(m.value - $0) } ?? "", .dim)],
                    [Span(m.source(labels.language), .text)]]
        }
        _ = box.draw(self, &buffer, rest, focused: true)
    }
}
