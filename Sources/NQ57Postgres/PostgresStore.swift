import Foundation
import NQ57Core
import NQ57Store

/// The nq57 database on a PostgreSQL server (`--db postgresql://…`): the same schema meaning as the
/// SQLite store (see `PostgresSchema`), read the same way, from maintained counts.
///
/// One libpq connection, synchronous, used from one thread at a time. A call that finds the
/// connection lost throws (a live dashboard shows its stale banner) and the next call connects
/// again.
public final class PostgresStore: DashboardSource, ChangeSignalling {
    public let url: String
    /// The URL without its password, for messages.
    public let server: String
    private var connection: PGConnection?
    /// The change token last read; trusted until a notification comes (a dropped connection is found
    /// by the connection's TCP keepalives, `PGConnection.keepalives`, which fail the next read of its
    /// socket without a statement).
    private var token: Int64?
    /// The LISTENing connection's socket, for `changeSignal` (read from the dashboard's loop thread).
    private let listeningSocket = LockedValue<Int32?>(nil)

    /// A NOTIFY that libpq read off the socket while a statement of this store ran (it reads them with
    /// the statement's answer and queues them): the socket is then no longer readable, so `changePending`
    /// tells the dashboard instead. Set by the worker's thread, read by the dashboard's loop thread.
    private let notifiedMeanwhile = LockedValue<Bool>(false)

    /// The socket of the connection that LISTENs: readable when a NOTIFY comes. Nil before the first
    /// change check, after a lost connection, and on a standby.
    public var changeSignal: Int32? { listeningSocket.value }

    /// True when a NOTIFY came while a statement ran and has not been checked yet.
    public var changePending: Bool { notifiedMeanwhile.value }

    /// True when `db` names a PostgreSQL database rather than a SQLite file.
    public static func isURL(_ db: String) -> Bool {
        db.hasPrefix("postgresql://") || db.hasPrefix("postgres://")
    }

    public init(url: String) throws {
        self.url = url
        server = redactedURL(url)
        connection = try PGConnection(url: url)
    }

    /// The open connection, connecting again after a loss.
    public func db() throws -> PGConnection {
        if let connection, connection.isUp { return connection }
        connection = nil
        listeningSocket.value = nil
        let fresh = try PGConnection(url: url)
        connection = fresh
        return fresh
    }

    /// Runs `body` on the connection; a lost connection is dropped so that the next call reconnects.
    func run<T>(_ body: (PGConnection) throws -> T) throws -> T {
        let c = try db()
        do {
            let value = try body(c)
            // A notification that came while `body` ran is in libpq's queue, not on the socket.
            if c.listening, !c.isStandby, !c.queuedNotifications().isEmpty { notifiedMeanwhile.value = true }
            return value
        } catch {
            if !c.isUp {
                connection = nil
                listeningSocket.value = nil
            }
            throw error
        }
    }

    /// Runs `body` in one read transaction (a consistent snapshot: REPEATABLE READ), after checking
    /// the schema is there.
    func read<T>(_ body: (PGConnection) throws -> T) throws -> T {
        try run { c in
            try c.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            do {
                let value = try body(c)
                try c.exec("COMMIT")
                return value
            } catch {
                if c.isUp { _ = try? c.exec("ROLLBACK") }
                throw error
            }
        }
    }

    /// True when the nq57 schema exists in the database.
    public func hasSchema() throws -> Bool {
        try run { c in try c.exec("SELECT to_regclass('meta') IS NOT NULL AND to_regclass('change_token') IS NOT NULL").bool(0, 0) }
    }

    /// Creates the schema when missing (in one transaction). Returns true when it did.
    @discardableResult
    public func createSchema() throws -> Bool {
        try run { c in
            try c.transaction {
                // Two `init`s at once: the second waits here, then finds the schema.
                try c.exec("SELECT pg_advisory_xact_lock(5757)")
                if try c.exec("SELECT to_regclass('meta') IS NOT NULL").bool(0, 0) {
                    // A database made before an addition (short names, folded titles): added now.
                    var added = false
                    for a in PostgresSchema.additions where try !c.exec("SELECT EXISTS (SELECT 1 FROM meta WHERE key = $1)", [a.key]).bool(0, 0) {
                        try c.exec(a.sql)
                        try c.exec("INSERT INTO meta (key, value) VALUES ($1, '1')", [a.key])
                        added = true
                    }
                    // Accounts made before: their grants cover the new tables too (or a viewer could not read).
                    if added, try c.exec("SELECT to_regclass('account_units') IS NOT NULL").bool(0, 0) {
                        try c.exec(Self.accountSetup)
                        try c.exec(Self.inspectionProposalAccounts)
                    }
                    return false
                }
                try c.exec(PostgresSchema.create)
                return true
            }
        }
    }

    func requireSchema(_ c: PGConnection) throws {
        guard try c.exec("SELECT to_regclass('change_token') IS NOT NULL").bool(0, 0) else {
            throw PostgresError.notInitialised(server: server).error
        }
    }

    // MARK: - Change detection

    /// `change_token.n`: bumped by every statement that changes what a dashboard shows, seen at commit.
    ///
    /// Live refresh by LISTEN/NOTIFY: the connection listens on `nq57_change` (every change sends it at
    /// commit), and a call reads only what the server has sent (no statement) unless a notification
    /// came (the connection's TCP keepalives find one dropped without a word). A lost connection throws
    /// (the dashboard shows its stale banner); the
    /// next call connects and listens again.
    public func changeToken() throws -> Int64 {
        try run { c in
            if !c.listening {
                // A hot standby cannot LISTEN (notifications are not replicated): there the token is read
                // on every call, one short statement per tick.
                c.isStandby = try c.exec("SELECT pg_is_in_recovery()").bool(0, 0)
                if !c.isStandby { try c.exec("LISTEN nq57_change") }
                c.listening = true
                token = nil
                listeningSocket.value = c.isStandby ? nil : c.socket
            }
            let meanwhile = notifiedMeanwhile.value
            notifiedMeanwhile.value = false
            let notified = try c.isStandby || meanwhile || !c.notifications().isEmpty
            if let token, !notified { return token }
            let r = try c.exec("SELECT n FROM change_token WHERE id = 1")
            guard r.rows == 1 else { throw PostgresError.notInitialised(server: server).error }
            // A notification that comes with or after the answer is left for the next call: it may be
            // of a commit this read did not see.
            token = r.int64(0, 0)
            return r.int64(0, 0)
        }
    }

    // MARK: - Reads

    public func overview(asOf: CivilDate, latest: Int) throws -> Overview {
        try read { c in
            try requireSchema(c)
            let ctx = try PGAsOf(c, asOf)
            let levels = try counts(c, scope: "level", ctx)
            let groups = try counts(c, scope: "group", ctx)
            let provinces = try counts(c, scope: "province", ctx)
            let techGroups = try self.techGroups(c).map { GroupRow(group: $0, counts: groups[String($0.id)] ?? .zero) }
            let provinceRows = try units(c, where: "u.level = 'province'", []).map {
                UnitRow(unit: $0, counts: provinces[$0.code] ?? .zero, includesCommunes: true)
            }
            var overview = Overview(
                asOf: asOf,
                isDemo: try c.exec("SELECT EXISTS (SELECT 1 FROM meta WHERE key = 'demo')").bool(0, 0),
                lastReportAt: try c.exec("SELECT max(reported_at) FROM \(ctx.tasks) t WHERE reported_at <= \(ctx.cut)")
                    .optionalInt64(0, 0).map(Timestamp.init(seconds:)),
                metrics: try metrics(c, asOf: asOf),
                levels: Level.allCases.map { LevelRow(level: $0, counts: levels[$0.rawValue] ?? .zero) },
                techGroups: techGroups,
                provinces: provinceRows,
                latestReports: try latestReports(c, ctx, limit: latest),
                warnings: try warnings(c, ctx))
            overview.feedLimit = latest
            try addInspectionsAndProposals(c, to: &overview, ctx, latest: latest)
            return overview
        }
    }

    public func units(_ scope: UnitScope, asOf: CivilDate) throws -> [UnitRow] {
        try read { c in
            try requireSchema(c)
            let ctx = try PGAsOf(c, asOf)
            let (filter, params, countScope): (String, [String?], String) = switch scope {
            case .level(.province): ("u.level = 'province'", [], "province")
            case .level(let level): ("u.level = $1", [level.rawValue], "unit")
            case .communes(let province): ("u.parent_code = $1", [province], "unit")
            }
            let units = try units(c, where: filter, params)
            let keys: Set<String>? = units.count > 200 ? nil : Set(units.map(\.code))
            let counts = try counts(c, scope: countScope, ctx, keys: keys)
            let provinces = units.contains { $0.parentCode != nil } ? try provinceNames(c) : [:]
            return units.map {
                UnitRow(unit: $0, counts: counts[$0.code] ?? .zero, includesCommunes: countScope == "province",
                        provinceName: $0.parentCode.flatMap { provinces[$0] })
            }
        }
    }

    public func tasks(_ scope: TaskScope, asOf: CivilDate, limit: Int) throws -> TaskPage {
        try read { c in
            try requireSchema(c)
            let ctx = try PGAsOf(c, asOf)
            let state = scope.state?.derived
            let (filter, countScope, key): (String, String, String)
            switch scope.base {
            case .unit(let code): (filter, countScope, key) = ("t.unit_code = $1", "unit", code)
            case .techGroup(let id): (filter, countScope, key) = ("t.tech_group::text = $1", "group", String(id))
            case .province(let code):
                (filter, countScope, key) = ("t.unit_code IN (SELECT code FROM units WHERE province_code = $1)", "province", code)
            case .level(let level): (filter, countScope, key) = ("t.level = $1", "level", level.rawValue)
            case .inState: throw PostgresError.unsupported("a task scope's base has no state").error
            }
            if scope.state == .returned { return try returnedTasks(c, filter: filter, key: key, ctx, limit: limit) }
            let counts = try counts(c, scope: countScope, ctx, keys: [key])[key] ?? .zero
            let total = state.map { counts[$0] } ?? counts.total
            guard limit > 0, total > 0 else { return TaskPage(rows: [], total: total) }
            let stateFilter = switch state {
            case .overdue?: " AND t.bucket = 0 AND t.deadline < $2::date"
            case .openOnTime?: " AND t.bucket = 0 AND t.deadline >= $2::date"
            // Every parameter is named once: PostgreSQL types them from their use.
            case .doneLate?: " AND t.bucket = 1 AND $2::date IS NOT NULL"
            case .doneOnTime?: " AND t.bucket = 2 AND $2::date IS NOT NULL"
            case nil: " AND $2::date IS NOT NULL"
            }
            let r = try c.exec("""
                SELECT \(Self.taskColumns) FROM \(ctx.tasks) t JOIN units u ON u.code = t.unit_code
                WHERE \(filter)\(stateFilter) ORDER BY t.bucket, t.deadline, t.id LIMIT $3
                """, [key, asOf.description, String(limit)])
            return TaskPage(rows: (0..<r.rows).map { Self.taskRow(r, $0, asOf: asOf) }, total: total)
        }
    }

    public func taskDetail(id: String, asOf: CivilDate, historyLimit: Int) throws -> TaskDetail? {
        try read { c in
            try requireSchema(c)
            let ctx = try PGAsOf(c, asOf)
            let found = try c.exec("""
                SELECT \(Self.taskColumns), u.level, u.kind, u.parent_code, t.key FROM \(ctx.tasks) t JOIN units u ON u.code = t.unit_code
                WHERE t.id = $1
                """, [id])
            guard found.rows == 1 else { return nil }
            let row = Self.taskRow(found, 0, asOf: asOf)
            let unit = AdminUnit(code: row.task.unitCode, level: Level(rawValue: found.text(0, 14)) ?? row.task.level,
                                 name: row.unitName, kind: found.text(0, 15), parentCode: found.optionalText(0, 16))
            let province = try unit.parentCode.flatMap { try units(c, where: "u.code = $1", [$0]).first }
            let key = found.text(0, 17)
            let h = try c.exec("""
                SELECT id, $1 AS task_id, reported_at, status, progress, note, reported_by FROM report_log
                WHERE task_key = $2 AND reported_at <= $3 ORDER BY reported_at DESC, id DESC LIMIT $4
                """, [id, key, String(ctx.cut), String(max(0, historyLimit))])
            let count = try c.exec("SELECT count(*) FROM report_log WHERE task_key = $1 AND reported_at <= $2", [key, String(ctx.cut)]).count(0, 0)
            var detail = TaskDetail(row: row, unit: unit, reports: (0..<h.rows).map { Self.report(h, $0) }, reportCount: count)
            detail.province = province
            try addInspections(c, to: &detail, key: key, ctx, limit: historyLimit)
            return detail
        }
    }

    /// A unit by code, nil when there is none.
    public func unit(code: String) throws -> AdminUnit? {
        try read { c in
            try requireSchema(c)
            return try units(c, where: "u.code = $1", [code]).first
        }
    }

    // MARK: - Queries

    static let taskColumns = "t.id, t.title, t.plan, t.area, t.tech_group, t.level, t.unit_code, t.deadline, t.status, t.progress, t.reported_at, t.completed_on, u.name, (SELECT p.name FROM units p WHERE p.code = u.parent_code)"

    static func taskRow(_ r: PGResult, _ i: Int, asOf: CivilDate) -> TaskRow {
        let task = TaskRecord(id: r.text(i, 0), title: r.text(i, 1), plan: r.text(i, 2), area: r.int(i, 3), techGroup: r.optionalInt(i, 4),
                              level: Level(rawValue: r.text(i, 5)) ?? .commune, unitCode: r.text(i, 6),
                              deadline: CivilDate(r.text(i, 7)) ?? CivilDate(year: 2025, month: 12, day: 31)!)
        let state = TaskState(status: ReportStatus(rawValue: r.text(i, 8)) ?? .notStarted, progress: r.int(i, 9, in: 0...100),
                              reportedAt: r.optionalInt64(i, 10).map(Timestamp.init(seconds:)),
                              completedOn: r.optionalText(i, 11).flatMap { CivilDate($0) })
        return TaskRow(task: task, unitName: r.text(i, 12), state: state, derived: state.derived(deadline: task.deadline, asOf: asOf),
                       provinceName: r.optionalText(i, 13))
    }

    /// A row of `id, task_id, reported_at, status, progress, note, reported_by`.
    static func report(_ r: PGResult, _ i: Int) -> Report {
        Report(id: r.int64(i, 0), taskID: r.text(i, 1), reportedAt: Timestamp(seconds: r.int64(i, 2)),
               status: ReportStatus(rawValue: r.text(i, 3)) ?? .notStarted, progress: r.int(i, 4, in: 0...100),
               note: r.text(i, 5), reportedBy: r.text(i, 6))
    }

    /// A text array parameter (`{"a","b"}`).
    static func array(_ values: some Sequence<String>) -> String {
        "{" + values.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }

    /// Counts of every key of a scope (or of `keys`) on the as-of date: from `state_counts` and one
    /// read of `open_by_deadline` for the overdue part; on a day before the newest report, recounted
    /// from the tasks as they stood then.
    func counts(_ c: PGConnection, scope: String, _ ctx: PGAsOf, keys: Set<String>? = nil) throws -> [String: StateCounts] {
        var out: [String: StateCounts] = [:]
        let only = keys.map { _ in " AND key = ANY($3::text[])" } ?? " AND $3::text[] IS NULL"
        let params: [String?] = [scope, ctx.asOf.description, keys.map { Self.array($0) }]
        if ctx.past {
            let key = switch scope {
            case "level": "t.level"
            case "unit": "t.unit_code"
            case "province": "u.province_code"
            default: "t.tech_group::text"
            }
            let r = try c.exec("""
                SELECT key, count(*) FILTER (WHERE bucket = 2), count(*) FILTER (WHERE bucket = 1),
                       count(*) FILTER (WHERE bucket = 0 AND deadline >= $2::date), count(*) FILTER (WHERE bucket = 0 AND deadline < $2::date)
                FROM (SELECT \(key) AS key, t.bucket, t.deadline FROM \(ctx.tasks) t JOIN units u ON u.code = t.unit_code) x
                WHERE key IS NOT NULL AND $1::text IS NOT NULL\(only) GROUP BY key
                """, params)
            for i in 0..<r.rows {
                out[r.text(i, 0)] = StateCounts(doneOnTime: r.count(i, 1), doneLate: r.count(i, 2), openOnTime: r.count(i, 3), overdue: r.count(i, 4))
            }
            return out
        }
        let r = try c.exec("""
            SELECT key, done_on_time, done_late, open FROM state_counts WHERE scope = $1 AND $2::date IS NOT NULL\(only)
            """, params)
        for i in 0..<r.rows {
            out[r.text(i, 0)] = StateCounts(doneOnTime: r.count(i, 1), doneLate: r.count(i, 2), openOnTime: r.count(i, 3), overdue: 0)
        }
        let o = try c.exec("""
            SELECT key, sum(open) FROM open_by_deadline WHERE scope = $1 AND deadline < $2::date\(only) GROUP BY key
            """, params)
        for i in 0..<o.rows {
            let key = o.text(i, 0)
            guard var counts = out[key] else { continue }
            let n = o.count(i, 1)
            counts.overdue = n
            counts.openOnTime = max(0, counts.openOnTime - n)
            out[key] = counts
        }
        return out
    }

    func units(_ c: PGConnection, where filter: String, _ params: [String?]) throws -> [AdminUnit] {
        let r = try c.exec("""
            SELECT u.code, u.level, u.name, u.kind, u.parent_code, u.short_vi, u.short_en FROM units u WHERE \(filter) ORDER BY u.code
            """, params)
        return (0..<r.rows).map {
            var unit = AdminUnit(code: r.text($0, 0), level: Level(rawValue: r.text($0, 1)) ?? .commune, name: r.text($0, 2), kind: r.text($0, 3),
                                 parentCode: r.optionalText($0, 4))
            unit.short = ShortName(vi: r.text($0, 5), en: r.text($0, 6))
            return unit
        }
    }

    func provinceNames(_ c: PGConnection) throws -> [String: String] {
        let r = try c.exec("SELECT code, name FROM units WHERE level = 'province'")
        var out: [String: String] = [:]
        for i in 0..<r.rows { out[r.text(i, 0)] = r.text(i, 1) }
        return out
    }

    func techGroups(_ c: PGConnection) throws -> [TechGroup] {
        let r = try c.exec("SELECT id, name_vi, name_en, product_groups, verified, short_vi, short_en FROM tech_groups ORDER BY position, id")
        return (0..<r.rows).map {
            TechGroup(id: r.int($0, 0), nameVI: r.text($0, 1), nameEN: r.text($0, 2), productGroups: r.optionalInt($0, 3),
                      verified: Verification(rawValue: r.text($0, 4)) ?? .toVerify, short: ShortName(vi: r.text($0, 5), en: r.text($0, 6)))
        }
    }

    func metrics(_ c: PGConnection, asOf: CivilDate) throws -> [MetricSeries] {
        let r = try c.exec("""
            SELECT m.key, m.value, m.as_of, m.qualifier, m.source, m.source_vi, c.name_vi, c.name_en, c.short_vi, c.short_en
            FROM metrics m JOIN (SELECT key, min(id) AS first FROM metrics GROUP BY key) k ON k.key = m.key
            LEFT JOIN metric_catalogue c ON c.key = m.key
            WHERE m.as_of <= $1::date ORDER BY k.first, m.as_of, m.id
            """, [asOf.description])
        var series: [MetricSeries] = []
        for i in 0..<r.rows {
            let m = Metric(key: r.text(i, 0), value: r.double(i, 1), asOf: CivilDate(r.text(i, 2)) ?? asOf, qualifier: r.optionalText(i, 3),
                           source: r.text(i, 4), sourceVI: r.text(i, 5))
            if series.last?.key == m.key {
                series[series.count - 1].points.append(m)
            } else {
                let name = r.optionalText(i, 6).map { vi in
                    FigureName(key: m.key, nameVI: vi, nameEN: r.text(i, 7), short: ShortName(vi: r.text(i, 8), en: r.text(i, 9)))
                }
                series.append(MetricSeries(key: m.key, points: [m], name: name))
            }
        }
        return series
    }

    func latestReports(_ c: PGConnection, _ ctx: PGAsOf, limit: Int) throws -> [ReportRow] {
        guard limit > 0 else { return [] }
        let r = try c.exec("""
            SELECT r.id, t.id, r.reported_at, r.status, r.progress, r.note, r.reported_by,
                   t.title, t.unit_code, t.deadline, u.name, (SELECT p.name FROM units p WHERE p.code = u.parent_code)
            FROM report_log r JOIN tasks t ON t.key = r.task_key JOIN units u ON u.code = t.unit_code
            WHERE r.reported_at <= $1 ORDER BY r.id DESC LIMIT $2
            """, [String(ctx.cut), String(limit)])
        return (0..<r.rows).map { i in
            let report = Self.report(r, i)
            let deadline = CivilDate(r.text(i, 9)) ?? ctx.asOf
            let state = TaskState(status: report.status, progress: report.progress, reportedAt: report.reportedAt,
                                  completedOn: report.status == .done ? report.reportedAt.vietnamDate : nil)
            return ReportRow(report: report, taskTitle: r.text(i, 7), unitCode: r.text(i, 8), unitName: r.text(i, 10), deadline: deadline,
                             derived: state.derived(deadline: deadline, asOf: ctx.asOf), provinceName: r.optionalText(i, 11))
        }
    }

    /// How many tasks each list of early warnings holds at most: SQLite's limit.
    static let warningLimit = SQLiteStore.warningLimit

    func warnings(_ c: PGConnection, _ ctx: PGAsOf) throws -> EarlyWarnings {
        func range(_ w: Int) -> [String?] {
            let a = ctx.asOf
            return w == 0 ? [a.adding(days: -EarlyWarnings.window).description, a.adding(days: -1).description]
                : [a.description, a.adding(days: EarlyWarnings.window).description]
        }
        func list(_ w: Int) throws -> [TaskRow] {
            let order = w == 0 ? "t.deadline DESC, t.id DESC" : "t.deadline, t.id"
            let r = try c.exec("""
                SELECT \(Self.taskColumns) FROM \(ctx.tasks) t JOIN units u ON u.code = t.unit_code
                WHERE t.status <> 'done' AND t.deadline BETWEEN $1::date AND $2::date ORDER BY \(order) LIMIT \(Self.warningLimit)
                """, range(w))
            return (0..<r.rows).map { Self.taskRow(r, $0, asOf: ctx.asOf) }
        }
        func count(_ w: Int) throws -> Int {
            let sql = ctx.past
                ? "SELECT count(*) FROM \(ctx.tasks) t WHERE t.bucket = 0 AND t.deadline BETWEEN $1::date AND $2::date"
                : "SELECT coalesce(sum(open), 0) FROM open_by_deadline WHERE scope = 'level' AND deadline BETWEEN $1::date AND $2::date"
            return try c.exec(sql, range(w)).count(0, 0)
        }
        return EarlyWarnings(turnedOverdue: try list(0), turnedOverdueCount: try count(0), dueSoon: try list(1), dueSoonCount: try count(1))
    }
}

/// One read on an as-of date: the end of that day in Vietnam, and whether any task has a report after
/// it (then reads use the tasks as they stood, `nq57_tasks_at`, instead of the maintained state).
struct PGAsOf {
    let asOf: CivilDate
    let cut: Int64
    let past: Bool

    init(_ c: PGConnection, _ asOf: CivilDate) throws {
        self.asOf = asOf
        cut = Timestamp(vietnamDate: asOf.adding(days: 1)).seconds - 1
        past = try c.exec("SELECT EXISTS (SELECT 1 FROM tasks WHERE reported_at > $1)", [String(cut)]).bool(0, 0)
    }

    /// The tasks to read, as `t`: the table, or the function that folds the history up to `cut`.
    var tasks: String { past ? "nq57_tasks_at(\(cut))" : "tasks" }
}

/// A value one thread sets and others read.
final class LockedValue<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T

    init(_ value: T) { stored = value }

    var value: T {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
