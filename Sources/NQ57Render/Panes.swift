import NQ57Core

/// The overview panes and drill-down screens, each a pure function from data and list state into cells.
public struct Panes {
    public var labels: Labels
    public var format: NumberFormat
    public var asOf: CivilDate
    public var changes: ChangeSet
    /// The catalogue, to name a task's technology group.
    public var groups: [Int: TechGroup]
    /// A load is pending: the focused list says so quietly in its title.
    public var loading = false

    public init(language: Language, asOf: CivilDate, changes: ChangeSet = ChangeSet(), groups: [TechGroup] = [], loading: Bool = false) {
        self.loading = loading
        labels = Labels.of(language)
        format = NumberFormat(language)
        self.asOf = asOf
        self.changes = changes
        self.groups = Dictionary(groups.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    // MARK: - Shared

    /// A list's row count for its title; while a filter is set, the rows it keeps first: `7/3.321`.
    func counted(_ list: ListState, _ total: String) -> String {
        list.filter.isEmpty ? total : format.integer(list.visible.count) + "/" + total
    }

    /// Draws a boxed list: title, a sort and filter note on the right, the table of visible rows.
    func listPane(_ buffer: inout Buffer, _ rect: Rect, title: String, extraTitle: [Span] = [], list: ListState, kind: ListKind,
                  columns: [Column], focused: Bool, footerRows: Int = 0, sizing: [[[Span]]] = [],
                  row: (Int) -> [[Span]], rowRole: (Int) -> Role? = { _ in nil }) -> Rect {
        var right: [Span] = extraTitle
        if loading && focused { right = [Span(labels.loading, .dim)] + (right.isEmpty ? [] : [Span(" ")] + right) }
        if !list.filter.isEmpty || list.isEditingFilter {
            right = [Span("/" + list.filter + (list.isEditingFilter ? "▏" : ""), .filter)] + (right.isEmpty ? [] : [Span(" ")] + right)
        }
        let inner = buffer.box(rect, title: [Span(title, .paneTitle)], focused: focused, right: right)
        guard inner.height > 0 else { return inner }
        let tableRect = Rect(x: inner.x, y: inner.y, width: inner.width, height: inner.height - footerRows)
        let viewport = max(0, tableRect.height - 1)
        let window = list.visible.indices.dropFirst(list.offset).prefix(viewport)
        let sortColumns = kind.sortColumns
        let column = sortColumns.indices.contains(list.sortIndex) ? sortColumns[list.sortIndex] : .natural
        var table = Table(columns: columns, rows: window.map { row(list.visible[$0]) },
                          selected: list.selected - list.offset, offset: 0, sort: (column, list.descending))
        table.sizingRows = sizing
        for (n, i) in window.enumerated() { if let role = rowRole(list.visible[i]) { table.rowRoles[n] = role } }
        table.draw(into: &buffer, tableRect, focused: focused)
        if list.visible.isEmpty, tableRect.height > 1 {
            buffer.put(labels.noRows, x: tableRect.x + 1, y: tableRect.y + 1, maxWidth: tableRect.width - 1, role: .dim)
        }
        return Rect(x: inner.x, y: tableRect.maxY, width: inner.width, height: footerRows)
    }

    func stateCells(_ c: StateCounts, changed: Bool) -> [[Span]] {
        let numberRole: (DerivedState) -> Role = { changed ? .changed : StateBar.role(for: $0) }
        return [
            [Span(format.integer(c.total), changed ? .changed : .value)],
            [Span(format.integer(c.doneOnTime), numberRole(.doneOnTime))],
            [Span(format.integer(c.doneLate), numberRole(.doneLate))],
            [Span(format.integer(c.openOnTime), numberRole(.openOnTime))],
            [Span(format.integer(c.overdue), numberRole(.overdue))],
            [Span(format.percent(c.doneShare, of: c.total), .value)],
        ]
    }

    var stateColumns: [Column] {
        [Column(labels.colTotal, width: 10, align: .right, priority: 2, sort: .total),
         Column(labels.stateShort[.doneOnTime]!, width: 10, align: .right),
         Column(labels.stateShort[.doneLate]!, width: 10, align: .right),
         Column(labels.stateShort[.openOnTime]!, width: 10, align: .right),
         Column(labels.stateShort[.overdue]!, width: 10, align: .right, sort: .overdue),
         Column(labels.colDonePercent, width: 6, align: .right, sort: .donePercent)]
    }

    /// Done on time, done late and open: shown beside a total and the overdue count where there is
    /// room, and the first columns to go when there is not.
    var roomStateColumns: [Column] {
        [Column(labels.stateShort[.doneOnTime]!, width: 9, align: .right, priority: 6),
         Column(labels.stateShort[.doneLate]!, width: 9, align: .right, priority: 5),
         Column(labels.stateShort[.openOnTime]!, width: 9, align: .right, priority: 6)]
    }

    func roomStateCells(_ c: StateCounts) -> [[Span]] {
        [(c.doneOnTime, DerivedState.doneOnTime), (c.doneLate, .doneLate), (c.openOnTime, .openOnTime)]
            .map { [Span(format.integer($0.0), StateBar.role(for: $0.1))] }
    }

    func bar(_ c: StateCounts, _ width: Int) -> [Span] { StateBar.spans(c, width: width) }

    // MARK: - Overview panes

    public func levels(_ buffer: inout Buffer, _ rect: Rect, overview: Overview, list: ListState, focused: Bool) {
        let columns = [Column(labels.colLevel, width: 10)] + stateColumns + [Column("", width: 4, flexible: true, priority: 3)]
        func cells(_ name: Span, _ counts: StateCounts, changed: Bool, bar width: Int) -> [[Span]] {
            [[name]] + stateCells(counts, changed: changed) + [bar(counts, width)]
        }
        let total = overview.totals
        let totalName = Span(labels.allLevels, .label)
        // Measure once without the bar to learn how wide the bar can be.
        let measured = overview.levels.map { cells(Span(labels.levelNames[$0.level]!), $0.counts, changed: false, bar: 0) }
            + [cells(totalName, total, changed: false, bar: 0)]
        let fitted = Table(columns: columns, rows: measured).fit(rect.width - 2)
        let barWidth = fitted.last?.index == columns.count - 1 ? fitted.last!.width : 0
        let totalRow = cells(totalName, total, changed: !changes.levels.isEmpty, bar: barWidth)
        let footer = listPane(&buffer, rect, title: labels.paneTitles[.levels]!, list: list, kind: .levels, columns: columns,
                              focused: focused, footerRows: DashboardLayout.levelTotalRows, sizing: measured) { i in
            let row = overview.levels[i]
            return cells(Span(labels.levelNames[row.level]!), row.counts, changed: changes.levels.contains(row.level), bar: barWidth)
        }
        guard footer.height > 0 else { return }
        var table = Table(columns: columns, rows: [totalRow])
        table.sizingRows = measured
        var scratch = Buffer(width: footer.width, height: 2)
        table.draw(into: &scratch, Rect(x: 0, y: 0, width: footer.width, height: 2), focused: false)
        buffer.blit(scratch, sourceY: 1, into: footer)
    }

    public func metrics(_ buffer: inout Buffer, _ rect: Rect, overview: Overview, list: ListState, focused: Bool) {
        let columns = [
            Column(labels.colFigure, width: 16, flexible: true),
            Column(labels.colValue, width: 10, align: .right),
            Column(labels.colChange, width: 8, align: .right, priority: 2),
            Column(labels.colTrend, width: 8, priority: 3),
            Column(labels.colDate, width: 10, priority: 1),
        ]
        let footer = listPane(&buffer, rect, title: labels.paneTitles[.metrics]!, list: list, kind: .metrics, columns: columns,
                              focused: focused, footerRows: DashboardLayout.metricDetailRows, row: { i in
            let s = overview.metrics[i]
            guard let latest = s.latest else { return [] }
            let changed = changes.metrics.contains(s.key)
            return [
                [Span(labels.metricName(s.key), .text)],
                [Span(symbol(latest.qualifier), .dim), Span(format.value(latest.value), changed ? .changed : .value)],
                [Span(s.change.map(format.change) ?? "", .dim)],
                [Span(Sparkline.render(s.points.map(\.value), width: 8), .sparkline)],
                [Span(format.date(latest.asOf), .dim)],
            ]
        })
        guard footer.height >= 2, let i = list.selectedRow, overview.metrics.indices.contains(i), let m = overview.metrics[i].latest else { return }
        let q = labels.qualifier(m.qualifier)
        buffer.put([Span(labels.metricName(m.key) + ": ", .label), Span((q.isEmpty ? "" : q + " ") + format.value(m.value), .value),
                    Span(" · " + format.date(m.asOf), .dim)], x: footer.x, y: footer.y, maxWidth: footer.width)
        buffer.put([Span(labels.source + ": ", .label), Span(m.source, .dim)], x: footer.x, y: footer.y + 1, maxWidth: footer.width)
    }

    func symbol(_ qualifier: String?) -> String {
        switch qualifier {
        case "more than"?: ">"
        case "less than"?: "<"
        case "about"?: "~"
        default: ""
        }
    }

    public func techGroups(_ buffer: inout Buffer, _ rect: Rect, overview: Overview, list: ListState, focused: Bool) {
        let columns = [
            Column(labels.colRank, width: 2, align: .right, sort: .natural),
            Column(labels.colGroup, width: 18, flexible: true),
            Column(labels.colTotal, width: 8, align: .right, sort: .total),
        ] + roomStateColumns + [
            Column(labels.stateShort[.overdue]!, width: 7, align: .right, priority: 1, sort: .overdue),
            Column(labels.colDonePercent, width: 6, align: .right, sort: .donePercent),
            Column("", width: 10, priority: 2),
        ]
        let hasUnverified = overview.techGroups.contains { !$0.group.verified.isVerified }
        _ = listPane(&buffer, rect, title: labels.paneTitles[.techGroups]!,
                     extraTitle: hasUnverified ? [Span(labels.unverifiedNote, .unverified)] : [],
                     list: list, kind: .techGroups, columns: columns, focused: focused) { i in
            let row = overview.techGroups[i]
            let changed = changes.techGroups.contains(row.group.id)
            var name = [Span(labels.techGroupName(row.group), .text)]
            if !row.group.verified.isVerified { name.append(Span(" " + labels.unverifiedMark, .unverified)) }
            return [
                [Span(String(row.group.id), .dim)],
                name,
                [Span(format.integer(row.counts.total), changed ? .changed : .value)],
            ] + roomStateCells(row.counts) + [
                [Span(format.integer(row.counts.overdue), changed ? .changed : .overdue)],
                [Span(format.percent(row.counts.doneShare, of: row.counts.total), .value)],
                bar(row.counts, 10),
            ]
        }
    }

    public func provinces(_ buffer: inout Buffer, _ rect: Rect, overview: Overview, list: ListState, focused: Bool) {
        let columns = [
            Column(labels.colRank, width: 2, align: .right),
            Column(labels.colProvince, width: 16, flexible: true, sort: .name),
            Column(labels.colTotal, width: 8, align: .right, priority: 2, sort: .total),
        ] + roomStateColumns + [
            Column(labels.stateShort[.overdue]!, width: 7, align: .right, sort: .overdue),
            Column(labels.colOverduePercent, width: 7, align: .right, sort: .overdueShare),
            Column(labels.colDonePercent, width: 6, align: .right, priority: 1, sort: .donePercent),
            Column("", width: 10, priority: 3),
        ]
        let rank = Dictionary(list.visible.enumerated().map { ($1, $0 + 1) }, uniquingKeysWith: { a, _ in a })
        _ = listPane(&buffer, rect, title: labels.paneTitles[.provinces]!, list: list, kind: .provinces, columns: columns, focused: focused) { i in
            let row = overview.provinces[i]
            let changed = changes.provinces.contains(row.unit.code)
            return [
                [Span(String(rank[i] ?? 0), .dim)],
                [Span(row.unit.name, .text)],
                [Span(format.integer(row.counts.total), changed ? .changed : .value)],
            ] + roomStateCells(row.counts) + [
                [Span(format.integer(row.counts.overdue), changed ? .changed : .overdue)],
                [Span(format.percent(row.counts.overdueShare, of: row.counts.total), .overdue)],
                [Span(format.percent(row.counts.doneShare, of: row.counts.total), .value)],
                bar(row.counts, 10),
            ]
        }
    }

    public func warnings(_ buffer: inout Buffer, _ rect: Rect, overview: Overview, list: ListState, focused: Bool) {
        let w = overview.warnings
        let rows = w.turnedOverdue + w.dueSoon
        let columns = [
            Column(labels.colWarning, width: 11),
            Column(labels.colDeadline, width: 10, sort: .deadline),
            Column(labels.colUnit, width: 16, priority: 1),
            Column(labels.colTask, width: 16, flexible: true, sort: .name),
        ]
        _ = listPane(&buffer, rect, title: labels.paneTitles[.warnings]!,
                     extraTitle: [Span(labels.warningsSummary(w.turnedOverdueCount, w.dueSoonCount), changes.warnings ? .changed : .warning)],
                     list: list, kind: .warnings, columns: columns, focused: focused) { i in
            let row = rows[i]
            let overdue = i < w.turnedOverdue.count
            return [
                [Span(overdue ? labels.turnedOverdue : labels.dueSoon, overdue ? .overdue : .warning)],
                [Span(format.date(row.task.deadline), .dim)],
                [Span(row.unitName, .text)],
                [Span(row.task.title, .text)],
            ]
        }
    }

    public func reports(_ buffer: inout Buffer, _ rect: Rect, overview: Overview, list: ListState, focused: Bool) {
        let columns = [
            Column(labels.colTime, width: 16),
            Column(labels.colUnit, width: 18, priority: 1),
            Column(labels.colTask, width: 16, flexible: true),
            Column(labels.colState, width: 9),
        ]
        _ = listPane(&buffer, rect, title: labels.paneTitles[.reports]!, list: list, kind: .reports, columns: columns, focused: focused,
                     row: { i in
            let row = overview.latestReports[i]
            return [
                [Span(format.time(row.report.reportedAt), .dim)],
                [Span(row.unitName, .text)],
                [Span(row.taskTitle, .text)],
                [Span(labels.stateShort[row.derived]!, StateBar.role(for: row.derived))],
            ]
        }, rowRole: { i in changes.reports.contains(overview.latestReports[i].report.id) ? .changed : nil })
    }

    /// Draws one overview pane.
    public func pane(_ id: PaneID, _ buffer: inout Buffer, _ rect: Rect, overview: Overview, list: ListState, focused: Bool) {
        switch id {
        case .levels: levels(&buffer, rect, overview: overview, list: list, focused: focused)
        case .metrics: metrics(&buffer, rect, overview: overview, list: list, focused: focused)
        case .techGroups: techGroups(&buffer, rect, overview: overview, list: list, focused: focused)
        case .provinces: provinces(&buffer, rect, overview: overview, list: list, focused: focused)
        case .warnings: warnings(&buffer, rect, overview: overview, list: list, focused: focused)
        case .reports: reports(&buffer, rect, overview: overview, list: list, focused: focused)
        }
    }

    // MARK: - Drill-down screens

    public func frame(_ buffer: inout Buffer, _ rect: Rect, frame: Frame, title: String) {
        switch frame.data {
        case .units(let rows)?:
            units(&buffer, rect, rows: rows, list: frame.list, title: title)
        case .tasks(let page)?:
            let showUnit: Bool = { if case .tasks(.techGroup) = frame.screen { return true }; return false }()
            tasks(&buffer, rect, page: page, list: frame.list, title: title, showUnit: showUnit)
        case .task(let detail?)?:
            task(&buffer, rect, detail: detail, list: frame.list)
        case .metric(let series?)?:
            metric(&buffer, rect, series: series, list: frame.list)
        case .task(nil)?, .metric(nil)?:
            let inner = buffer.box(rect, title: [Span(title, .paneTitle)], focused: true)
            buffer.put(labels.noRows, x: inner.x + 1, y: inner.y, maxWidth: inner.width - 1, role: .dim)
        case nil:
            let inner = buffer.box(rect, title: [Span(title, .paneTitle)], focused: true)
            buffer.put(frame.error ?? labels.loading, x: inner.x + 1, y: inner.y, maxWidth: inner.width - 1, role: frame.error == nil ? .dim : .error)
        }
    }

    func units(_ buffer: inout Buffer, _ rect: Rect, rows: [UnitRow], list: ListState, title: String) {
        let columns = [Column(labels.colCode, width: 5, priority: 5, sort: .natural),
                       Column(labels.colUnit, width: 20, flexible: true, sort: .name)]
            + stateColumns + [Column(labels.stateShort[.overdue]! + " %", width: 9, align: .right, priority: 2, sort: .overdueShare),
                              Column("", width: 12, priority: 6)]
        _ = listPane(&buffer, rect, title: title, extraTitle: [Span(counted(list, format.integer(rows.count)), .dim)], list: list, kind: .units,
                     columns: columns, focused: true) { i in
            let row = rows[i]
            let name = row.unit.level == .province && !row.includesCommunes
                ? [Span(labels.ownTasks + ": ", .label), Span(row.unit.name, .text)]
                : [Span(row.unit.name, .text)]
            return [[Span(row.unit.code, .dim)], name] + stateCells(row.counts, changed: false)
                + [[Span(format.percent(row.counts.overdueShare, of: row.counts.total), .overdue)], bar(row.counts, 12)]
        }
    }

    func tasks(_ buffer: inout Buffer, _ rect: Rect, page: TaskPage, list: ListState, title: String, showUnit: Bool) {
        var columns = [Column(labels.colCode, width: 14, priority: 3),
                       Column(labels.colTask, width: 20, flexible: true, sort: .name)]
        if showUnit { columns.append(Column(labels.colUnit, width: 18, priority: 2)) }
        columns += [Column(labels.colDeadline, width: 10, sort: .deadline),
                    Column(labels.colProgress, width: 7, align: .right, sort: .progress),
                    Column(labels.colState, width: 10, sort: .severity)]
        let count = page.rows.count < page.total ? labels.moreRows(page.rows.count, page.total) : format.integer(page.total)
        _ = listPane(&buffer, rect, title: title, extraTitle: [Span(counted(list, count), .dim)], list: list, kind: .tasks, columns: columns, focused: true) { i in
            let row = page.rows[i]
            var cells: [[Span]] = [[Span(row.task.id, .dim)], [Span(row.task.title, .text)]]
            if showUnit { cells.append([Span(row.unitName, .text)]) }
            cells += [[Span(format.date(row.task.deadline), row.derived == .overdue ? .overdue : .dim)],
                      [Span(String(row.state.progress) + "%", .value)],
                      [Span(labels.stateShort[row.derived]!, StateBar.role(for: row.derived))]]
            return cells
        }
    }

    func task(_ buffer: inout Buffer, _ rect: Rect, detail: TaskDetail, list: ListState) {
        let (top, rest) = rect.splitTop(DashboardLayout.taskDetailRows)
        let inner = buffer.box(top, title: [Span(detail.row.task.id, .paneTitle)], focused: false)
        let t = detail.row.task
        var lines: [[Span]] = [
            [Span(labels.colTask + ": ", .label), Span(t.title, .title)],
            [Span(labels.colUnit + ": ", .label), Span(detail.unit.name + " (" + detail.unit.code + ")", .text),
             Span(" · " + labels.levelNames[detail.unit.level]!, .dim)],
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
                          Span(" · " + labels.statusNames[detail.row.state.status]!, .dim)])
        }
        for (i, line) in lines.prefix(inner.height).enumerated() {
            buffer.put(line, x: inner.x + 1, y: inner.y + i, maxWidth: inner.width - 1)
        }
        let columns = [Column(labels.colTime, width: 16), Column(labels.colState, width: 14), Column(labels.colProgress, width: 7, align: .right),
                       Column(labels.colBy, width: 18, priority: 1), Column(labels.colNote, width: 16, flexible: true)]
        _ = listPane(&buffer, rest, title: labels.reportsCount(detail.reports.count, detail.reportCount), list: list, kind: .history,
                     columns: columns, focused: true) { i in
            let r = detail.reports[i]
            return [[Span(format.time(r.reportedAt), .dim)],
                    [Span(labels.statusNames[r.status]!, r.status == .done ? .doneOnTime : .text)],
                    [Span(String(r.progress) + "%", .value)],
                    [Span(r.reportedBy, .text)],
                    [Span(r.note, .text)]]
        }
    }

    func metric(_ buffer: inout Buffer, _ rect: Rect, series: MetricSeries, list: ListState) {
        let points = Array(series.points.reversed())
        let columns = [Column(labels.colDate, width: 10), Column(labels.colValue, width: 16, align: .right),
                       Column(labels.colChange, width: 9, align: .right, priority: 1), Column(labels.colSource, width: 20, flexible: true)]
        _ = listPane(&buffer, rect, title: labels.metricName(series.key), list: list, kind: .history, columns: columns, focused: true) { i in
            let m = points[i]
            let older = i + 1 < points.count ? points[i + 1].value : nil
            let q = labels.qualifier(m.qualifier)
            return [[Span(format.date(m.asOf), .dim)],
                    [Span((q.isEmpty ? "" : q + " ") + format.value(m.value), .value)],
                    [Span(older.map { format.change(m.value - $0) } ?? "", .dim)],
                    [Span(m.source, .text)]]
        }
    }
}
