import GRDB

/// Migration 12: two partial indexes the live feed's and the early warnings' reads need to stay
/// bounded (issues 12 and 13). SQLite maintains them on every write; no trigger, no count.
///
/// - `proposals_open_due(due_on, id)` over open proposals: the proposals whose answer is overdue or
///   due within 3 working days are a range read of it, at most `SQLiteStore.warningLimit` rows.
/// - `tasks_verified_at(verified_at)` over tasks with a standing verdict: on an as-of day in the
///   past, the tasks whose verdict came after that day are a range read of it (the inspection
///   figures and the returned warnings are corrected for those only).
///
/// The feed itself reads `report_log`, `inspection_log` and `proposal_log` newest first by row id
/// (their primary keys): no index needed.
extension Schema {
    static let v12 = "v12-feed-warnings"

    static func registerFeedWarnings(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration(v12, foreignKeyChecks: .immediate) { db in
            try db.execute(sql: """
                CREATE INDEX IF NOT EXISTS proposals_open_due ON proposals(due_on, id) WHERE \(proposalOpen);
                CREATE INDEX IF NOT EXISTS tasks_verified_at ON tasks(verified_at) WHERE verified_at IS NOT NULL;
                """)
        }
    }
}
