import NQ57Core

/// The bulk load of an import (issue 17): how the schema's owner inserts many reports without a
/// PL/pgSQL call per row, and what it runs set-based instead, in the same transaction.
///
/// The owner disables nq57's own row triggers on `report_log` and `tasks` for the load
/// (`ALTER TABLE … DISABLE TRIGGER`, transactional: no other session ever sees them disabled, and a
/// failure rolls the change back with the rows) and enables them again before the commit. What they
/// do per row is done once for the whole file:
///
/// - `report_log_guard` (the clock window): `futureRows` over the staging table before the insert,
///   by the server's clock, every such row listed by its line;
/// - `reports_state` (the fold): `PostgresSchema.afterBulkReports`;
/// - `report_log_check` (a later report clears a verdict): `clearVerdicts`;
/// - `report_log_account` (the login): the column's default, `session_user`, as the insert names no
///   `account`;
/// - `tasks_counts`, `tasks_check_counts` (the counts the fold moves): the recount after.
///
/// Who may: `ALTER TABLE` needs the tables' owner (or a member of the owner's role, or a superuser),
/// which PostgreSQL checks itself — exactly the accounts that could already disable any trigger, and
/// the only ones `nq57_bulk()` (the session flag `nq57.bulk`, owner only) ever let skip them. Setting
/// `nq57.bulk` gives another account nothing: the flag is read only by `nq57_bulk()`, which compares
/// the session's login with the owner. The statement triggers (`*_changed`: token and NOTIFY), the
/// foreign keys and the CHECK constraints stay on for every row. While the triggers are disabled the
/// import holds `SHARE ROW EXCLUSIVE` on both tables: readers (dashboards) go on, other writers wait
/// for the commit — as they already did, behind the change token's row the import updates.
extension PostgresSchema {
    /// nq57's row triggers that a bulk load stands aside, by table (only those that exist are touched:
    /// `report_log_account` comes with the first account).
    static let bulkRowTriggers: [(table: String, triggers: [String])] = [
        ("report_log", ["report_log_guard", "report_log_account", "reports_state", "report_log_check"]),
        ("tasks", ["tasks_counts", "tasks_check_counts"]),
    ]

    /// True when the connection's user may disable those triggers (owns both tables, or has the
    /// owner's privileges).
    static let bulkAllowed = """
        SELECT coalesce(bool_and(pg_has_role(current_user, c.relowner, 'USAGE')), false) FROM pg_class c
        WHERE c.oid IN (\(bulkRowTriggers.map { "'\($0.table)'::regclass" }.joined(separator: ", ")))
        """

    /// (table, trigger) of the triggers in `bulkRowTriggers` that exist and are enabled.
    static let bulkEnabledTriggers = """
        SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE t.tgrelid IN (\(bulkRowTriggers.map { "'\($0.table)'::regclass" }.joined(separator: ", "))) AND NOT t.tgisinternal
          AND t.tgenabled <> 'D'
          AND t.tgname IN (\(bulkRowTriggers.flatMap { $0.triggers }.map { "'\($0)'" }.joined(separator: ", ")))
        ORDER BY 1, 2
        """

    /// The statements that disable (or enable) the given triggers, one `ALTER TABLE` per table.
    static func alterTriggers(_ triggers: [(table: String, trigger: String)], enable: Bool) -> String {
        let verb = enable ? "ENABLE" : "DISABLE"
        return bulkRowTriggers.map { $0.table }.compactMap { table in
            let names = triggers.filter { $0.table == table }.map { $0.trigger }
            guard !names.isEmpty else { return nil }
            return "ALTER TABLE \(table) " + names.map { "\(verb) TRIGGER \($0)" }.joined(separator: ", ") + ";"
        }.joined(separator: "\n")
    }

    /// `report_log_guard`'s rule over the staging table of an import, by the server's clock: the
    /// lines (`n`) of rows dated more than the tolerance ahead of it.
    static let futureRows = """
        SELECT n FROM import_reports WHERE reported_at > extract(epoch FROM now())::bigint + \(ReportValidator.futureTolerance)
        ORDER BY n LIMIT 1000
        """

    /// `nq57_report_check` for every report with an id above `$1` at once: a report dated after the
    /// standing verdict clears a return, and a confirmation when the report is not done.
    static let clearVerdicts = """
        UPDATE tasks t SET verdict = NULL, verified_at = NULL
        FROM (SELECT task_key, max(reported_at) AS newest, max(reported_at) FILTER (WHERE status <> 'done') AS newest_open
              FROM report_log WHERE id > $1 GROUP BY task_key) n
        WHERE t.key = n.task_key AND t.verified_at IS NOT NULL
          AND ((t.verdict = 'returned' AND n.newest > t.verified_at) OR n.newest_open > t.verified_at)
        """
}

extension PostgresSchema {
    /// Before the fold: the tasks the new reports (ids above `$1`) name, with what their counts
    /// depend on, so that `recountTouched` can move the counts by the difference.
    static let bulkTouchedBefore = [
        """
        CREATE TEMP TABLE bulk_touched (key bigint, level text, unit_code text, tech_group integer, deadline date, bucket smallint,
                                        status text, verdict text) ON COMMIT DROP
        """,
        """
        INSERT INTO bulk_touched SELECT t.key, t.level, t.unit_code, t.tech_group, t.deadline, t.bucket, t.status, t.verdict FROM tasks t
            WHERE t.key IN (SELECT task_key FROM report_log WHERE id > $1)
        """,
    ]

    /// Each touched task counted out as it was and in as it is, under every scope key it has.
    private static let touchedDelta = """
        SELECT k.scope, k.key, d.deadline, d.bucket, d.done, d.verdict, d.s
        FROM (SELECT level, unit_code, tech_group, deadline, bucket, status = 'done' AS done, verdict, -1 AS s FROM bulk_touched
              UNION ALL
              SELECT t.level, t.unit_code, t.tech_group, t.deadline, t.bucket, t.status = 'done', t.verdict, 1
              FROM tasks t JOIN bulk_touched b ON b.key = t.key) d
        JOIN units u ON u.code = d.unit_code
        CROSS JOIN LATERAL (VALUES ('level', d.level), ('unit', d.unit_code), ('province', u.province_code), ('group', d.tech_group::text)) k(scope, key)
        WHERE k.key IS NOT NULL
        """

    /// After the fold: `state_counts`, `open_by_deadline` and `inspection_counts` moved by what the
    /// touched tasks' changes add up to — what `nq57_count_delta` and `nq57_check_delta` would have
    /// done row by row (a sum of old-to-new differences is final minus first), set-based, instead of
    /// recounting every task of the database.
    static let recountTouched = """
        CREATE TEMP TABLE bulk_delta ON COMMIT DROP AS \(touchedDelta);
        INSERT INTO state_counts AS c (scope, key, total, done_on_time, done_late, open)
            SELECT scope, key, sum(s), sum(s * (bucket = 2)::integer), sum(s * (bucket = 1)::integer), sum(s * (bucket = 0)::integer)
            FROM bulk_delta GROUP BY scope, key
            HAVING sum(s * (bucket = 2)::integer) <> 0 OR sum(s * (bucket = 1)::integer) <> 0 OR sum(s * (bucket = 0)::integer) <> 0
            ON CONFLICT (scope, key) DO UPDATE SET
                total = c.total + excluded.total, done_on_time = c.done_on_time + excluded.done_on_time,
                done_late = c.done_late + excluded.done_late, open = c.open + excluded.open;
        INSERT INTO open_by_deadline AS o (scope, deadline, key, open)
            SELECT scope, deadline, key, sum(s) FROM bulk_delta WHERE bucket = 0 GROUP BY scope, deadline, key HAVING sum(s) <> 0
            ON CONFLICT (scope, deadline, key) DO UPDATE SET open = o.open + excluded.open;
        DELETE FROM open_by_deadline o USING (SELECT DISTINCT scope, deadline, key FROM bulk_delta WHERE bucket = 0) x
            WHERE o.scope = x.scope AND o.deadline = x.deadline AND o.key = x.key AND o.open = 0;
        INSERT INTO inspection_counts AS c (scope, key, done, confirmed, returned, unchecked)
            SELECT scope, key, sum(s * done::integer), sum(s * (done AND verdict IS NOT DISTINCT FROM 'confirmed')::integer),
                   sum(s * (verdict IS NOT DISTINCT FROM 'returned')::integer), sum(s * (done AND verdict IS NULL)::integer)
            FROM bulk_delta WHERE done OR verdict IS NOT NULL GROUP BY scope, key
            ON CONFLICT (scope, key) DO UPDATE SET
                done = c.done + excluded.done, confirmed = c.confirmed + excluded.confirmed,
                returned = c.returned + excluded.returned, unchecked = c.unchecked + excluded.unchecked;
        """
}
