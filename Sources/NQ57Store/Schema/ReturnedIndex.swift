import GRDB

/// v10: the returned-task warnings read by (verdict, time), not by verdict then each task's row.
///
/// Every overview counts the tasks whose return has stood for the warning window and lists the oldest
/// (`InspectionReading.addReturnedWarnings`: `verdict = 'returned' AND verified_at <= ?`). With only
/// `tasks_verdict(verdict)` each returned task costs a lookup of its row in `tasks` for `verified_at`:
/// 9,051 random rows at stress scale, 35 ms of a 37 ms overview refresh (issue 14). With
/// `verified_at` in the index the count reads the index alone and the list comes in its order.
/// Only an index is added (any SQLite client reads the schema as before), so the migration checks
/// foreign keys immediately (nothing to check) instead of a deferred full check of every table,
/// which took minutes at stress scale.
extension Schema {
    static let v10 = "v10-returned-by-time"

    static let tasksVerdictTime = (name: "tasks_verdict_time",
                                   sql: "CREATE INDEX tasks_verdict_time ON tasks(verdict, verified_at, id) WHERE verdict IS NOT NULL")

    static func registerV10(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration(v10, foreignKeyChecks: .immediate) { db in
            try db.execute(sql: tasksVerdictTime.sql)
        }
    }
}
