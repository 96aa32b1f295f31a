import GRDB
import NQ57Core

/// One read on an as-of date, and the tasks whose state on that date differs from the maintained one.
///
/// The maintained state of a task folds its whole history: it is right for any as-of day on or after
/// the day of the task's newest report. Only tasks whose newest report falls after the end of the
/// as-of day (Vietnam time) can look different. They are found through the index on
/// `tasks(reported_at)`, recomputed from their history up to the end of that day (the same SQL fold as
/// the triggers, limited by `reported_at <= cut`), and swapped into counts and lists.
///
/// On today's date there are normally none, and one index probe says so. A report dated a few hours
/// ahead (clock skew) costs one recomputed task. For a date long before the newest reports most tasks
/// are affected and the cost approaches a full recount: slow (about a second at national scale), but
/// correct, and streamed: memory holds the corrections per key, not the tasks.
final class AsOf {
    let asOf: CivilDate
    /// The last second of the as-of day in Vietnam, in Unix seconds.
    let cut: Int64
    /// False when no task has a report after `cut`: the maintained state is the answer.
    let mayHaveAffected: Bool
    private var cached: Corrections?

    init(_ db: Database, _ asOf: CivilDate) throws {
        self.asOf = asOf
        cut = Timestamp(vietnamDate: asOf.adding(days: 1)).seconds - 1
        mayHaveAffected = try RawStatement.cached(db, sql: "SELECT EXISTS (SELECT 1 FROM tasks WHERE reported_at > ?)")
            .binding(.int(cut)).first { $0.int64(0) != 0 } ?? false
    }

    /// A task whose state on the as-of date differs from the maintained one.
    struct AffectedTask {
        /// The task as it stood at the end of the as-of day.
        var row: TaskRow
        /// The derived state the maintained counts hold for it on the as-of date.
        var maintained: DerivedState
        var provinceCode: String?

        /// The (scope, key) pairs it counts in.
        var keys: [(String, String)] {
            var keys = [("level", row.task.level.rawValue), ("unit", row.task.unitCode)]
            if let provinceCode { keys.append(("province", provinceCode)) }
            if let group = row.task.techGroup { keys.append(("group", String(group))) }
            return keys
        }
    }

    /// Streams the affected tasks, all of them or those a filter on `t` selects (with `:key` bound to
    /// `key`).
    func forEachAffected(_ db: Database, filter: String? = nil, key: (any DatabaseValueConvertible)? = nil,
                         _ body: (AffectedTask) throws -> Void) throws {
        guard mayHaveAffected else { return }
        let sql = """
            SELECT \(Reading.taskColumns), u.province_code, l.status, l.progress, l.reported_at,
                   CASE WHEN l.status = 'done' THEN \(Schema.completedOnExpression(task: "t.key", cut: ":cut")) END
            FROM tasks t JOIN units u ON u.code = t.unit_code
            LEFT JOIN report_log l ON l.id = (SELECT r.id FROM report_log r WHERE r.task_key = t.key AND r.reported_at <= :cut
                                           ORDER BY r.reported_at DESC, r.id DESC LIMIT 1)
            WHERE t.reported_at > :cut\(filter.map { " AND \($0)" } ?? "")
            """
        var arguments: StatementArguments = ["cut": cut]
        if let key { arguments += ["key": key] }
        let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        while let r = try rows.next() {
            let current = Reading.taskRow(r, asOf: asOf)
            let status = r.optionalText(15)
            let state = status == nil ? .unreported : Reading.taskState(r, from: 15)
            var row = current
            row.state = state
            row.derived = state.derived(deadline: row.task.deadline, asOf: asOf)
            try body(AffectedTask(row: row, maintained: current.derived, provinceCode: r.optionalText(14)))
        }
    }

    /// The affected tasks a filter selects, for small sets (one task, one unit).
    func affected(_ db: Database, filter: String, key: any DatabaseValueConvertible) throws -> [AffectedTask] {
        var out: [AffectedTask] = []
        try forEachAffected(db, filter: filter, key: key) { out.append($0) }
        return out
    }

    /// What the affected tasks change, summed in one pass and kept for this read.
    struct Corrections {
        /// Per scope and key: add to the maintained counts.
        var deltas: [String: [String: StateCounts]] = [:]
        /// The newest report time among the affected tasks' histories up to the cut.
        var lastReportAt: Int64?
        /// Per warning window: add to the maintained count of open tasks due in it.
        var windowDelta: [Int: Int] = [:]
        /// Per warning window: the affected tasks open on the as-of date and due in it (at most
        /// `SQLiteStore.warningLimit` of them, the first in the window's order).
        var windowRows: [Int: [TaskRow]] = [:]
    }

    /// Warning windows: 0 turned overdue (as-of − 7 … as-of − 1, newest first), 1 due soon (as-of … as-of + 7).
    func window(_ index: Int) -> ClosedRange<CivilDate> {
        index == 0 ? asOf.adding(days: -EarlyWarnings.window)...asOf.adding(days: -1) : asOf...asOf.adding(days: EarlyWarnings.window)
    }

    static func windowOrder(_ index: Int) -> (TaskRow, TaskRow) -> Bool {
        index == 0
            ? { ($0.task.deadline, $0.task.id) > ($1.task.deadline, $1.task.id) }
            : { ($0.task.deadline, $0.task.id) < ($1.task.deadline, $1.task.id) }
    }

    func corrections(_ db: Database) throws -> Corrections {
        if let cached { return cached }
        var c = Corrections()
        guard mayHaveAffected else {
            cached = c
            return c
        }
        let limit = SQLiteStore.warningLimit
        try forEachAffected(db) { t in
            for (scope, key) in t.keys {
                c.deltas[scope, default: [:]][key, default: .zero][t.maintained] -= 1
                c.deltas[scope, default: [:]][key, default: .zero][t.row.derived] += 1
            }
            if let at = t.row.state.reportedAt?.seconds, at > c.lastReportAt ?? .min { c.lastReportAt = at }
            for w in 0...1 where window(w).contains(t.row.task.deadline) {
                if !t.maintained.isDone { c.windowDelta[w, default: 0] -= 1 }
                if !t.row.derived.isDone {
                    c.windowDelta[w, default: 0] += 1
                    c.windowRows[w, default: []].append(t.row)
                    if c.windowRows[w]!.count > 2 * limit {
                        c.windowRows[w]!.sort(by: Self.windowOrder(w))
                        c.windowRows[w]!.removeSubrange(limit...)
                    }
                }
            }
        }
        cached = c
        return c
    }
}
