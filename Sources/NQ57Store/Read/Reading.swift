import GRDB
import NQ57Core

/// The dashboard's reads. Each call is one read transaction of cached statements over the maintained
/// counts; see `AsOf` for dates before the newest report.
extension SQLiteStore {
    /// How many tasks each list of early warnings holds at most.
    public static let warningLimit = 50

    /// The parts over rarely written tables (the catalogue, `meta`, the proposals) come from
    /// `overviewParts` when their change counters and the day are those they were read at; the report
    /// and task parts are read every time.
    public func overview(asOf: CivilDate, latest: Int) throws -> Overview {
        try read { db in
            try overviewParts.begin(db)
            let ctx = try AsOf(db, asOf)
            let levels = try Reading.counts(db, scope: "level", ctx)
            let groups = try Reading.counts(db, scope: "group", ctx)
            let provinces = try Reading.counts(db, scope: "province", ctx)
            var techGroups: [GroupRow] = []
            for group in try overviewParts.part(.techGroups, { try Reading.techGroups(db) }) {
                techGroups.append(GroupRow(group: group, counts: groups[String(group.id)] ?? .zero))
            }
            let provinceRows = try overviewParts.part(.provinceUnits) {
                try Reading.units(db, where: "u.level = 'province'", arguments: [])
            }.map { UnitRow(unit: $0, counts: provinces[$0.code] ?? .zero, includesCommunes: true) }
            var overview = Overview(
                asOf: asOf,
                isDemo: try overviewParts.part(.isDemo) { try Reading.isDemo(db) },
                lastReportAt: try Reading.lastReportAt(db, ctx),
                metrics: try overviewParts.part(.metrics, day: asOf) { try Reading.metrics(db, asOf: asOf) },
                levels: Level.allCases.map { LevelRow(level: $0, counts: levels[$0.rawValue] ?? .zero) },
                techGroups: techGroups,
                provinces: provinceRows,
                latestReports: try Reading.latestReports(db, ctx, limit: latest),
                warnings: try Reading.warnings(db, ctx))
            let inspectionAsOf = try InspectionAsOf(db, ctx)
            overview.inspection = try InspectionReading.summary(db, corrections: inspectionAsOf.deltas)
            let returnedDays = try overviewParts.part(.returnedDays) { try FeedReading.returnedDays(db) }
            try InspectionReading.addReturnedWarnings(db, to: &overview.warnings, ctx, inspectionAsOf, days: returnedDays)
            overview.warnings.takeProposalWarnings(of: try overviewParts.part(.proposalWarnings, day: asOf) {
                var warnings = EarlyWarnings()
                try FeedReading.addProposalWarnings(db, to: &warnings, asOf: asOf)
                return warnings
            })
            overview.latestInspections = try FeedReading.latestInspections(db, ctx, limit: latest)
            overview.latestProposalMoves = try overviewParts.part(.proposalMoves, day: asOf, limit: latest) {
                try FeedReading.latestProposalMoves(db, ctx, limit: latest)
            }
            overview.feedLimit = latest
            overview.proposals = try overviewParts.part(.proposals, day: asOf) {
                try Self.proposalOverview(db, asOf: asOf)
            }
            return overview
        }
    }

    /// Drops the overview's parts kept between refreshes: the next overview reads every part (the
    /// bench's full re-read).
    public func forgetOverviewParts() { overviewParts.forget() }

    public func units(_ scope: UnitScope, asOf: CivilDate) throws -> [UnitRow] {
        try read { db in
            let ctx = try AsOf(db, asOf)
            let filter: String
            let arguments: StatementArguments
            let countScope: String
            switch scope {
            case .level(.province):
                filter = "u.level = 'province'"
                arguments = []
                countScope = "province"
            case .level(let level):
                filter = "u.level = ?"
                arguments = [level.rawValue]
                countScope = "unit"
            case .communes(let province):
                filter = "u.parent_code = ?"
                arguments = [province]
                countScope = "unit"
            }
            let units = try Reading.units(db, where: filter, arguments: arguments)
            let keys: Set<String>? = units.count > 200 ? nil : Set(units.map(\.code))
            let counts = try Reading.counts(db, scope: countScope, ctx, keys: keys)
            let provinces = units.contains { $0.parentCode != nil } ? try Reading.provinceNames(db) : [:]
            return units.map {
                UnitRow(unit: $0, counts: counts[$0.code] ?? .zero, includesCommunes: countScope == "province",
                        provinceName: $0.parentCode.flatMap { provinces[$0] })
            }
        }
    }

    public func tasks(_ scope: TaskScope, asOf: CivilDate, limit: Int) throws -> TaskPage {
        try read { db in
            let ctx = try AsOf(db, asOf)
            let state = scope.state
            // The scope in SQL, once: the filter on `t`, the counts' scope and key, the filter's value.
            let (filter, countScope, key, keyValue): (String, String, String, any DatabaseValueConvertible) = switch scope.base {
            case .unit(let code): ("t.unit_code = :key", "unit", code, code)
            case .techGroup(let id): ("t.tech_group = :key", "group", String(id), id)
            case .province(let code):
                ("t.unit_code IN (SELECT code FROM units WHERE province_code = :key)", "province", code, code)
            case .level(let level): ("t.level = :key", "level", level.rawValue, level.rawValue)
            case .inState: fatalError("base has no state")
            }
            if state == .returned { return try Reading.returnedTasks(db, filter: filter, key: keyValue, ctx, limit: limit) }
            let counts = try Reading.counts(db, scope: countScope, ctx, keys: [key])[key] ?? .zero
            let total = state.map { counts[$0.derived!] } ?? counts.total
            guard limit > 0, total > 0 else { return TaskPage(rows: [], total: total) }
            // Worst first straight from the (key, bucket, deadline, id) index: bucket 0 (open) sorted by
            // deadline puts overdue before open on time on any as-of date. A state is a bucket and, for
            // open tasks, a side of the as-of day.
            let stateFilter = switch state {
            case .overdue?: " AND t.bucket = 0 AND t.deadline < :asOf"
            case .openOnTime?: " AND t.bucket = 0 AND t.deadline >= :asOf"
            case .doneLate?: " AND t.bucket = 1"
            case .doneOnTime?: " AND t.bucket = 2"
            case .returned?, nil: ""
            }
            let statement = try db.cachedStatement(sql: """
                SELECT \(Reading.taskColumns) FROM tasks t JOIN units u ON u.code = t.unit_code
                WHERE \(filter)\(stateFilter) AND (t.reported_at IS NULL OR t.reported_at <= :cut)
                ORDER BY t.bucket, t.deadline, t.id LIMIT :limit
                """)
            var rows = try Row.fetchAll(statement, arguments: ["key": keyValue, "cut": ctx.cut, "limit": limit, "asOf": asOf.description])
                .map { Reading.taskRow($0, asOf: asOf) }
            if ctx.mayHaveAffected {
                // Merge the recomputed tasks of the scope, keeping only the worst `limit` as they stream.
                try ctx.forEachAffected(db, filter: filter, key: keyValue) { t in
                    guard state == nil || t.row.derived == state?.derived else { return }
                    rows.append(t.row)
                    if rows.count > 2 * limit {
                        rows.sort(by: Reading.worstFirst)
                        rows.removeSubrange(limit...)
                    }
                }
                rows.sort(by: Reading.worstFirst)
                if rows.count > limit { rows.removeSubrange(limit...) }
            }
            return TaskPage(rows: rows, total: total)
        }
    }

    public func taskDetail(id: String, asOf: CivilDate, historyLimit: Int) throws -> TaskDetail? {
        try read { db in
            let ctx = try AsOf(db, asOf)
            guard let found = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT \(Reading.taskColumns), u.level, u.kind, u.parent_code, t.key FROM tasks t JOIN units u ON u.code = t.unit_code
                WHERE t.id = ?
                """), arguments: [id]) else { return nil }
            var row = Reading.taskRow(found, asOf: asOf)
            let unit = AdminUnit(code: row.task.unitCode, level: Level(rawValue: found.text(14)) ?? row.task.level,
                                 name: row.unitName, kind: found.text(15), parentCode: found.optionalText(16))
            let province = try unit.parentCode.flatMap { try Reading.units(db, where: "u.code = ?", arguments: [$0]).first }
            if let at = row.state.reportedAt, at.seconds > ctx.cut,
               let past = try ctx.affected(db, filter: "t.id = :key", key: id).first {
                row = past.row
            }
            let key = found.int64(17)
            let history = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT id, ? AS task_id, reported_at, status, progress, note, reported_by FROM report_log
                WHERE task_key = ? AND reported_at <= ? ORDER BY reported_at DESC, id DESC LIMIT ?
                """), arguments: [id, key, ctx.cut, max(0, historyLimit)]).map(Reading.report)
            let count = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM report_log WHERE task_key = ? AND reported_at <= ?"),
                                         arguments: [key, ctx.cut]) ?? 0
            var detail = TaskDetail(row: row, unit: unit, reports: history, reportCount: count)
            detail.province = province
            try InspectionReading.addInspections(db, to: &detail, key: key, cut: ctx.cut, asOf: asOf, limit: historyLimit)
            return detail
        }
    }

    /// True when the tasks were made by `nq57 demo`.
    public func isDemo() throws -> Bool {
        try read { try Reading.isDemo($0) }
    }

    /// The catalogue of technology groups, in catalogue order.
    public func techGroups() throws -> [TechGroup] {
        try read { try Reading.techGroups($0) }
    }

    /// Every figure, oldest first within each key, keys in the order they were first recorded.
    public func metrics(asOf: CivilDate) throws -> [MetricSeries] {
        try read { try Reading.metrics($0, asOf: asOf) }
    }

    /// Numbers of tasks and reports (a count of the reports table: proportional to its size).
    public func size() throws -> (tasks: Int, reports: Int) {
        try read { db in
            (try Int.fetchOne(db, sql: "SELECT ifnull(sum(\(Reading.count("total"))), 0) FROM state_counts WHERE scope = 'level'") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM report_log") ?? 0)
        }
    }
}

/// The queries behind the reads, shared by the fast path and the as-of corrections.
enum Reading {
    /// A stored count as SQL that cannot overflow a sum or trap a reader: a whole number from 0 to
    /// `Row.maxCount` (text and BLOBs count 0).
    static func count(_ column: String) -> String {
        "max(0, min(CAST(\(column) AS INTEGER), \(Row.maxCount)))"
    }

    /// The tasks of a scope an inspection sent back before the end of the as-of day and not reported
    /// again since (the standing verdict), most overdue first, counted over every row from the partial
    /// index on `tasks.verdict`. Each row's state is the returned one: open or overdue by its deadline.
    static func returnedTasks(_ db: Database, filter: String, key: any DatabaseValueConvertible, _ ctx: AsOf, limit: Int) throws -> TaskPage {
        let arguments: StatementArguments = ["key": key, "cut": ctx.cut, "limit": max(0, limit)]
        let returned = "t.verdict = 'returned' AND t.verified_at <= :cut AND \(filter)"
        let total = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM tasks t WHERE \(returned)"), arguments: arguments) ?? 0
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT \(taskColumns) FROM tasks t JOIN units u ON u.code = t.unit_code
            WHERE \(returned) ORDER BY t.deadline, t.id LIMIT :limit
            """), arguments: arguments).map { r in
            var row = taskRow(r, asOf: ctx.asOf)
            row.derived = row.state.derived(deadline: row.task.deadline, asOf: ctx.asOf, check: .returned)
            return row
        }
        return TaskPage(rows: rows, total: total)
    }

    static let taskColumns = "t.id, t.title, t.plan, t.area, t.tech_group, t.level, t.unit_code, t.deadline, t.status, t.progress, t.reported_at, t.completed_on, u.name, (SELECT p.name FROM units p WHERE p.code = u.parent_code)"

    static func taskRecord(_ r: some TotalColumns) -> TaskRecord {
        TaskRecord(id: r.text(0), title: r.text(1), plan: r.text(2), area: r.int(3), techGroup: r.optionalInt(4),
                   level: Level(rawValue: r.text(5)) ?? .commune, unitCode: r.text(6),
                   deadline: CivilDate(r.text(7)) ?? CivilDate(year: 2025, month: 12, day: 31)!)
    }

    /// A row of `taskColumns`, with its maintained state.
    static func taskRow(_ r: some TotalColumns, asOf: CivilDate) -> TaskRow {
        let task = taskRecord(r)
        let state = taskState(r, from: 8)
        return TaskRow(task: task, unitName: r.text(12), state: state, derived: state.derived(deadline: task.deadline, asOf: asOf),
                       provinceName: r.optionalText(13))
    }

    /// A task's state from four columns of a row, from `i` on: status, progress, reported_at,
    /// completed_on (as `tasks` keeps them).
    static func taskState(_ r: some TotalColumns, from i: Int) -> TaskState {
        TaskState(status: ReportStatus(rawValue: r.text(i)) ?? .notStarted, progress: r.int(i + 1, in: 0 ... 100),
                  reportedAt: r.optionalInt64(i + 2).map(Timestamp.init(seconds:)),
                  completedOn: r.optionalText(i + 3).flatMap { CivilDate($0) })
    }

    /// A row of `id, task_id, reported_at, status, progress, note, reported_by`.
    static func report(_ r: some TotalColumns) -> Report {
        Report(id: r.int64(0), taskID: r.text(1), reportedAt: Timestamp(seconds: r.int64(2)), status: ReportStatus(rawValue: r.text(3)) ?? .notStarted,
               progress: r.int(4, in: 0 ... 100), note: r.text(5), reportedBy: r.text(6))
    }

    /// Overdue, open on time, done late, done on time (core's `DerivedState.severity`, highest
    /// first); then deadline, then id.
    static func worstFirst(_ a: TaskRow, _ b: TaskRow) -> Bool {
        (-a.derived.severity, a.task.deadline, a.task.id) < (-b.derived.severity, b.task.deadline, b.task.id)
    }

    /// Counts of every key of a scope (or of `keys`) on the as-of date.
    ///
    /// Done counts and open counts come from `state_counts`. For a few keys, the overdue part of the
    /// open ones is one read per key through the (scope, key, deadline) index. For a whole scope it is
    /// the open count less those not yet due, one range read of `open_by_deadline` (scope, deadline ≥
    /// as-of): the triggers keep both tables from the same task rows (`nq57 check` recounts both), and
    /// the days ahead are a planning horizon where the days behind grow with the history (at national
    /// scale 68 rows of the provinces ahead against 725 behind).
    static func counts(_ db: Database, scope: String, _ ctx: AsOf, keys: Set<String>? = nil) throws -> [String: StateCounts] {
        var out: [String: StateCounts] = [:]
        out.reserveCapacity(keys?.count ?? 0)
        var overdue: [String: Int] = [:]
        func add(_ r: some TotalColumns) {
            out[r.text(0)] = StateCounts(doneOnTime: r.count(1), doneLate: r.count(2), openOnTime: r.count(3), overdue: 0)
        }
        if let keys {
            let state = try db.cachedStatement(sql: "SELECT key, done_on_time, done_late, open FROM state_counts WHERE scope = ? AND key = ?")
            let open = try db.cachedStatement(sql: """
                SELECT ifnull(sum(\(count("open"))), 0) FROM open_by_deadline INDEXED BY open_by_deadline_key
                WHERE scope = ? AND key = ? AND deadline < ?
                """)
            for key in keys {
                guard let r = try Row.fetchOne(state, arguments: [scope, key]) else { continue }
                add(r)
                if r.count(3) > 0 { overdue[key] = try Int.fetchOne(open, arguments: [scope, key, ctx.asOf.description]) }
            }
        } else {
            try RawStatement.cached(db, sql: "SELECT key, done_on_time, done_late, open FROM state_counts WHERE scope = ?")
                .binding(.text(scope)).forEach { add($0) }
            var notYetDue: [String: Int] = [:]
            try RawStatement.cached(db, sql: """
                SELECT key, sum(\(count("open"))) FROM open_by_deadline WHERE scope = ? AND deadline >= ? GROUP BY key
                """).binding(.text(scope), .text(ctx.asOf.description)).forEach { notYetDue[$0.text(0)] = $0.count(1) }
            for (key, c) in out where c.openOnTime > 0 { overdue[key] = max(0, c.openOnTime - (notYetDue[key] ?? 0)) }
        }
        for (key, n) in overdue {
            guard var c = out[key] else { continue }
            c.overdue = n
            c.openOnTime = max(0, c.openOnTime - n)
            out[key] = c
        }
        for (key, delta) in try ctx.corrections(db).deltas[scope] ?? [:] where keys == nil || keys!.contains(key) {
            out[key, default: .zero] += delta
        }
        return out
    }

    static func units(_ db: Database, where filter: String, arguments: StatementArguments) throws -> [AdminUnit] {
        let sql = "SELECT u.code, u.level, u.name, u.kind, u.parent_code, u.short_vi, u.short_en FROM units u WHERE \(filter) ORDER BY u.code"
        // Without arguments (the overview's provinces) straight from SQLite; else a cursor, which reuses
        // one row: no copy per unit (3,321 communes).
        if arguments.isEmpty { return try RawStatement.cached(db, sql: sql).mapRows(unit) }
        let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        var out: [AdminUnit] = []
        while let r = try rows.next() { out.append(unit(r)) }
        return out
    }

    /// A row of `code, level, name, kind, parent_code, short_vi, short_en` of `units`.
    static func unit(_ r: some TotalColumns) -> AdminUnit {
        var unit = AdminUnit(code: r.text(0), level: Level(rawValue: r.text(1)) ?? .commune, name: r.text(2), kind: r.text(3),
                             parentCode: r.optionalText(4))
        unit.short = ShortName(vi: r.text(5), en: r.text(6))
        return unit
    }

    /// Every province's name by code (34 rows of the units table).
    static func provinceNames(_ db: Database) throws -> [String: String] {
        var out: [String: String] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT code, name FROM units WHERE level = 'province'"))
        while let r = try rows.next() { out[r.text(0)] = r.text(1) }
        return out
    }

    static func techGroups(_ db: Database) throws -> [TechGroup] {
        try RawStatement.cached(db, sql: """
            SELECT id, name_vi, name_en, product_groups, verified, short_vi, short_en FROM tech_groups ORDER BY position, id
            """).mapRows {
            TechGroup(id: $0.int(0), nameVI: $0.text(1), nameEN: $0.text(2), productGroups: $0.optionalInt(3),
                      verified: Verification(rawValue: $0.text(4)) ?? .toVerify, short: ShortName(vi: $0.text(5), en: $0.text(6)))
        }
    }

    static func isDemo(_ db: Database) throws -> Bool {
        try RawStatement.cached(db, sql: "SELECT EXISTS (SELECT 1 FROM meta WHERE key = 'demo')").first { $0.int64(0) != 0 } ?? false
    }

    static func metrics(_ db: Database, asOf: CivilDate) throws -> [MetricSeries] {
        let rows = try RawStatement.cached(db, sql: """
            SELECT m.key, m.value, m.as_of, m.qualifier, m.source, m.source_vi, c.name_vi, c.name_en, c.short_vi, c.short_en
            FROM metrics m JOIN (SELECT key, min(id) AS first FROM metrics GROUP BY key) k ON k.key = m.key
            LEFT JOIN metric_catalogue c ON c.key = m.key
            WHERE m.as_of <= ? ORDER BY k.first, m.as_of, m.id
            """).binding(.text(asOf.description))
        var series: [MetricSeries] = []
        try rows.forEach { r in
            let m = Metric(key: r.text(0), value: r.double(1), asOf: CivilDate(r.text(2)) ?? asOf, qualifier: r.optionalText(3),
                           source: r.text(4), sourceVI: r.text(5))
            if series.last?.key == m.key {
                series[series.count - 1].points.append(m)
            } else {
                let name = r.optionalText(6).map { vi in
                    FigureName(key: m.key, nameVI: vi, nameEN: r.text(7), short: ShortName(vi: r.text(8), en: r.text(9)))
                }
                series.append(MetricSeries(key: m.key, points: [m], name: name))
            }
        }
        return series
    }

    /// The newest report time up to the end of the as-of day.
    static func lastReportAt(_ db: Database, _ ctx: AsOf) throws -> Timestamp? {
        var newest = try RawStatement.cached(db, sql: "SELECT max(reported_at) FROM tasks WHERE reported_at <= ?")
            .binding(.int(ctx.cut)).first { $0.optionalInt64(0) } ?? nil
        if let at = try ctx.corrections(db).lastReportAt, at > newest ?? .min { newest = at }
        return newest.map(Timestamp.init(seconds:))
    }

    /// The newest arrivals up to the end of the as-of day, with the state each report implies.
    static func latestReports(_ db: Database, _ ctx: AsOf, limit: Int) throws -> [ReportRow] {
        guard limit > 0 else { return [] }
        return try RawStatement.cached(db, sql: """
            SELECT r.id, t.id, r.reported_at, r.status, r.progress, r.note, r.reported_by,
                   t.title, t.unit_code, t.deadline, u.name, (SELECT p.name FROM units p WHERE p.code = u.parent_code)
            FROM report_log r JOIN tasks t ON t.key = r.task_key JOIN units u ON u.code = t.unit_code
            WHERE r.reported_at <= ? ORDER BY r.id DESC LIMIT ?
            """).binding(.int(ctx.cut), .int(Int64(limit))).mapRows { r in
            let report = report(r)
            let deadline = CivilDate(r.text(9)) ?? ctx.asOf
            let state = TaskState(status: report.status, progress: report.progress, reportedAt: report.reportedAt,
                                  completedOn: report.status == .done ? report.reportedAt.vietnamDate : nil)
            return ReportRow(report: report, taskTitle: r.text(7), unitCode: r.text(8), unitName: r.text(10), deadline: deadline,
                             derived: state.derived(deadline: deadline, asOf: ctx.asOf), provinceName: r.optionalText(11))
        }
    }

    /// Open tasks whose deadline passed in the last week, and those due within the next week.
    static func warnings(_ db: Database, _ ctx: AsOf) throws -> EarlyWarnings {
        let limit = SQLiteStore.warningLimit
        let corrections = try ctx.corrections(db)
        func list(_ w: Int) throws -> [TaskRow] {
            let range = ctx.window(w)
            let order = w == 0 ? "t.deadline DESC, t.id DESC" : "t.deadline, t.id"
            var rows = try RawStatement.cached(db, sql: """
                SELECT \(taskColumns) FROM tasks t JOIN units u ON u.code = t.unit_code
                WHERE t.status <> 'done' AND t.deadline BETWEEN ? AND ? AND (t.reported_at IS NULL OR t.reported_at <= ?)
                ORDER BY \(order) LIMIT ?
                """).binding(.text(range.lowerBound.description), .text(range.upperBound.description), .int(ctx.cut), .int(Int64(limit)))
                .mapRows { taskRow($0, asOf: ctx.asOf) }
            if let more = corrections.windowRows[w] {
                rows = (rows + more).sorted(by: AsOf.windowOrder(w))
                if rows.count > limit { rows.removeSubrange(limit...) }
            }
            return rows
        }
        func count(_ w: Int) throws -> Int {
            let range = ctx.window(w)
            let n = try RawStatement.cached(db, sql: """
                SELECT ifnull(sum(\(Reading.count("open"))), 0) FROM open_by_deadline WHERE scope = 'level' AND deadline BETWEEN ? AND ?
                """).binding(.text(range.lowerBound.description), .text(range.upperBound.description)).first { $0.int(0) } ?? 0
            return max(0, n + (corrections.windowDelta[w] ?? 0))
        }
        return EarlyWarnings(turnedOverdue: try list(0), turnedOverdueCount: try count(0),
                             dueSoon: try list(1), dueSoonCount: try count(1))
    }
}

extension Statement {
    /// The statement's rows, each mapped by `transform` as it streams from a cursor (which reuses one
    /// row): no copy of every column of every row, as `Row.fetchAll` makes, before the few read.
    func mapRows<T>(_ arguments: StatementArguments = StatementArguments(), _ transform: (Row) throws -> T) throws -> [T] {
        var out: [T] = []
        let rows = try Row.fetchCursor(self, arguments: arguments)
        while let r = try rows.next() { out.append(try transform(r)) }
        return out
    }
}
