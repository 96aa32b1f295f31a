import GRDB

/// Set-based recomputation of the maintained state and counts, for migrations, bulk loads and `rebuild`.
enum Maintenance {
    /// Recomputes every task's state from its whole report history. Counts triggers, when present,
    /// move the tasks between counts. `layout` is the schema's (a migration passes its own).
    static func recomputeAllTaskStates(_ db: Database, layout l: Schema.Layout = .current) throws {
        let task = "tasks.\(l.taskKey)"
        try db.execute(sql: """
            UPDATE tasks SET (status, progress, reported_at) =
                (SELECT r.status, r.progress, r.reported_at FROM \(l.reports) r
                 WHERE r.\(l.task) = \(task) ORDER BY r.reported_at DESC, r.id DESC LIMIT 1),
                completed_on = \(Schema.completedOnExpression(task: task, cut: nil, layout: l))
            WHERE EXISTS (SELECT 1 FROM \(l.reports) e WHERE e.\(l.task) = \(task))
            """)
        try db.execute(sql: """
            UPDATE tasks SET status = 'not_started', progress = 0, reported_at = NULL, completed_on = NULL
            WHERE reported_at IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM \(l.reports) e WHERE e.\(l.task) = \(task))
            """)
    }

    /// Every (scope, key) of every task with its bucket and deadline: what the counts tables sum.
    static let taskKeys = """
        SELECT 'level' AS scope, level AS key, bucket, deadline FROM tasks
        UNION ALL SELECT 'unit', unit_code, bucket, deadline FROM tasks
        UNION ALL SELECT 'province', u.province_code, t.bucket, t.deadline
            FROM tasks t JOIN units u ON u.code = t.unit_code WHERE u.province_code IS NOT NULL
        UNION ALL SELECT 'group', CAST(tech_group AS TEXT), bucket, deadline FROM tasks WHERE tech_group IS NOT NULL
        """

    /// Counts as they should be, from the tasks' maintained state, as (scope, key, total, done on time,
    /// done late, open) rows.
    static let recountStateSQL = """
        SELECT scope, key, count(*) AS total, sum(bucket = 2) AS done_on_time, sum(bucket = 1) AS done_late,
               sum(bucket = 0) AS open
        FROM (\(taskKeys)) GROUP BY scope, key
        """

    /// Open tasks as they should be, as (scope, deadline, key, open) rows.
    static let recountOpenSQL = """
        SELECT scope, deadline, key, count(*) AS open FROM (\(taskKeys)) WHERE bucket = 0
        GROUP BY scope, deadline, key
        """

    /// Replaces both counts tables by a recount of the tasks' maintained state.
    static func rebuildCounts(_ db: Database) throws {
        try db.execute(sql: """
            DELETE FROM state_counts;
            DELETE FROM open_by_deadline;
            INSERT INTO state_counts (scope, key, total, done_on_time, done_late, open) \(recountStateSQL);
            INSERT INTO open_by_deadline (scope, deadline, key, open) \(recountOpenSQL);
            """)
    }
}
