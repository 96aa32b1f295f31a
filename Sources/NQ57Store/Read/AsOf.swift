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
/// are affected and the cost approaches a full recount: slow, but correct.
final class AsOf {
    let asOf: CivilDate
    /// The last second of the as-of day in Vietnam, in Unix seconds.
    let cut: Int64
    /// False when no task has a report after `cut`: the maintained state is the answer.
    let mayHaveAffected: Bool
    private var cached: [AffectedTask]?

    init(_ db: Database, _ asOf: CivilDate) throws {
        self.asOf = asOf
        cut = Timestamp(vietnamDate: asOf.adding(days: 1)).seconds - 1
        mayHaveAffected = try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM tasks WHERE reported_at > ?)"),
                                            arguments: [cut]) ?? false
    }

    /// A task whose state on the as-of date differs from the maintained one.
    struct AffectedTask {
        /// The task as it stood at the end of the as-of day.
        var row: TaskRow
        /// The derived state the maintained counts hold for it on the as-of date.
        var maintained: DerivedState
        var provinceCode: String?
    }

    /// The affected tasks, all of them (cached for this read) or those a filter on `t` selects, with
    /// `:key` bound to `key`.
    func affected(_ db: Database, filter: String? = nil, key: (any DatabaseValueConvertible)? = nil) throws -> [AffectedTask] {
        guard mayHaveAffected else { return [] }
        if filter == nil, let cached { return cached }
        let sql = """
            SELECT \(Reading.taskColumns), u.province_code, l.status, l.progress, l.reported_at,
                   CASE WHEN l.status = 'done' THEN \(Schema.completedOnExpression(task: "t.id", cut: ":cut")) END
            FROM tasks t JOIN units u ON u.code = t.unit_code
            LEFT JOIN reports l ON l.id = (SELECT r.id FROM reports r WHERE r.task_id = t.id AND r.reported_at <= :cut
                                           ORDER BY r.reported_at DESC, r.id DESC LIMIT 1)
            WHERE t.reported_at > :cut\(filter.map { " AND \($0)" } ?? "")
            """
        var arguments: StatementArguments = ["cut": cut]
        if let key { arguments += ["key": key] }
        let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        var out: [AffectedTask] = []
        while let r = try rows.next() {
            let current = Reading.taskRow(r, asOf: asOf)
            let status: String? = r[14]
            let state = status.map {
                TaskState(status: ReportStatus(rawValue: $0) ?? .notStarted, progress: r[15],
                          reportedAt: (r[16] as Int64?).map(Timestamp.init(seconds:)),
                          completedOn: (r[17] as String?).flatMap { CivilDate($0) })
            } ?? .unreported
            var row = current
            row.state = state
            row.derived = state.derived(deadline: row.task.deadline, asOf: asOf)
            out.append(AffectedTask(row: row, maintained: current.derived, provinceCode: r[13]))
        }
        if filter == nil { cached = out }
        return out
    }
}
