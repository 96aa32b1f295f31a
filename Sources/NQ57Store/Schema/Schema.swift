import GRDB

/// The database schema: forward-only migrations, and the triggers that keep the maintained state right.
///
/// ## Tables
/// - `meta(key, value)`: `demo` (what `nq57 demo` made) and `demo_reports` (the id of the last report it
///   wrote: reports after it are real, whatever their task), the catalogue source, the reference data's
///   fingerprint.
/// - `units(code, level, name, kind, kind_vi, parent_code, province_code, position)`: the Steering
///   Committee, the 17 central bodies, 34 provinces and 3,321 communes. `province_code` is the province
///   whose figures include the unit (itself, its parent, NULL centrally).
/// - `areas(id, name_vi, name_en)`, `tech_groups(id, name_vi, name_en, product_groups, verified, position)`.
/// - `metrics(id, key, value, as_of, qualifier, source)`, unique on (key, as_of, source).
/// - `tasks(id, title, plan, area, tech_group, level, unit_code, deadline, demo, status, progress,
///   reported_at, completed_on, bucket)`: the plan of a task plus its **maintained current state**,
///   the fold of its report history (`TaskState.folding`). `bucket` is a virtual column:
///   0 open, 1 done late, 2 done on time; it orders task lists worst first straight from an index.
/// - `reports(id, task_id, reported_at, status, progress, note, reported_by)`: append-only.
///   `reported_at` is Unix seconds (UTC); `id` is arrival order. A plain `sqlite3` writer inserts e.g.
///   `INSERT INTO reports(task_id, status, progress, reported_at) VALUES ('01-0001', 'done', 100, unixepoch('now'))`.
/// - `state_counts(scope, key, total, done_on_time, done_late, open)` and
///   `open_by_deadline(scope, deadline, key, open)`: maintained counts. Scopes: `level` (key = level),
///   `province` (key = province code; the province's own tasks plus its communes'), `unit` (key = unit
///   code, own tasks) and `group` (key = technology group id).
///
/// ## Why two counts tables
/// Done on time and done late do not depend on the as-of date; only "open" splits into overdue
/// (deadline before the as-of day) and open on time. So `state_counts` holds one row per (scope, key)
/// and `open_by_deadline` holds the open tasks per (scope, deadline, key), with rows deleted when they
/// reach zero. The overdue count of every key of a scope on day D is one range read of
/// `open_by_deadline` on (scope, deadline < D): its cost is the number of (key, past deadline) pairs
/// that still hold open tasks, bounded by keys × distinct deadlines (real deadlines cluster at month
/// and quarter ends: about 50 over two years) and in practice by the overdue tasks. The refresh never
/// reads rows of tasks that are done.
///
/// ## Who keeps it right
/// Triggers, so that every writer (our import, `nq57 report`, a plain `sqlite3` shell) does:
/// `reports_state` folds each inserted report into its task (a back-dated report recomputes the first
/// day of the trailing run of `done` reports from the history), and the `tasks_counts_*` triggers move
/// a task between counts when its bucket, deadline, unit, group or level changes (progress-only
/// updates fire nothing). Bulk paths (demo, large imports, rebuild) drop some triggers inside their
/// transaction and recompute set-based before recreating them; DDL is transactional in SQLite, so other
/// connections see either the old or the new state.
///
/// CHECK constraints compare with `=` … `OR` rather than `IN (…)`: SQLite builds an ephemeral index for
/// an `IN` list of three or more constants on every execution of an INSERT, which tripled the cost of a
/// bulk insert.
enum Schema {
    /// The migrations, oldest first. Forward-only: a released migration is never edited.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(v1, foreignKeyChecks: .immediate) { db in
            try db.execute(sql: v1SQL)
        }
        migrator.registerMigration(v2, foreignKeyChecks: .immediate) { db in
            try db.execute(sql: v2SQL)
            // State and counts of an existing history first, set-based; then the triggers take over.
            try Maintenance.recomputeAllTaskStates(db)
            try Maintenance.rebuildCounts(db)
            try createTriggers(db, v2Triggers)
        }
        migrator.registerMigration(v3, foreignKeyChecks: .immediate) { db in
            // Until v3 every report on a demo task counted as demo data: so mark them all as demo.
            try db.execute(sql: """
                INSERT INTO meta (key, value)
                SELECT 'demo_reports', (SELECT ifnull(max(id), 0) FROM reports)
                WHERE EXISTS (SELECT 1 FROM meta WHERE key = 'demo')
                """)
            try dropTriggers(db, [reportsAppendOnlyDelete])
            try createTriggers(db, [reportsAppendOnlyDelete])
        }
        return migrator
    }

    /// Reference tables, tasks and the report history.
    static let v1 = "v1-history"
    /// The maintained current state of every task and the counts the dashboard reads.
    static let v2 = "v2-maintained-state"
    /// Reports made after the demo data (`nq57 report`, imports, a `sqlite3` shell) are real even on
    /// demo tasks: `meta.demo_reports` says where the demo's own reports end.
    static let v3 = "v3-demo-reports"
    static let latest = v3

    static let v1SQL = """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE units (
            code TEXT PRIMARY KEY NOT NULL,
            level TEXT NOT NULL CHECK (level = 'central' OR level = 'province' OR level = 'commune'),
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            kind_vi TEXT NOT NULL DEFAULT '',
            parent_code TEXT REFERENCES units(code),
            province_code TEXT,
            position INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX units_parent ON units(parent_code, code);
        CREATE INDEX units_level ON units(level, code);

        CREATE TABLE areas (
            id INTEGER PRIMARY KEY,
            name_vi TEXT NOT NULL,
            name_en TEXT NOT NULL
        );

        CREATE TABLE tech_groups (
            id INTEGER PRIMARY KEY CHECK (id > 0),
            name_vi TEXT NOT NULL,
            name_en TEXT NOT NULL,
            product_groups INTEGER,
            verified TEXT NOT NULL CHECK (verified = 'yes' OR verified = 'name-only' OR verified = 'to-verify'),
            position INTEGER NOT NULL
        );

        CREATE TABLE metrics (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,
            value REAL NOT NULL,
            as_of TEXT NOT NULL,
            qualifier TEXT,
            source TEXT NOT NULL DEFAULT '',
            UNIQUE (key, as_of, source)
        );

        CREATE TABLE tasks (
            id TEXT PRIMARY KEY NOT NULL,
            title TEXT NOT NULL,
            plan TEXT NOT NULL,
            area INTEGER NOT NULL REFERENCES areas(id),
            tech_group INTEGER REFERENCES tech_groups(id) DEFERRABLE INITIALLY DEFERRED,
            level TEXT NOT NULL CHECK (level = 'central' OR level = 'province' OR level = 'commune'),
            unit_code TEXT NOT NULL REFERENCES units(code),
            deadline TEXT NOT NULL CHECK (deadline GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            demo INTEGER NOT NULL DEFAULT 0 CHECK (demo = 0 OR demo = 1)
        ) WITHOUT ROWID;

        CREATE TABLE reports (
            id INTEGER PRIMARY KEY,
            task_id TEXT NOT NULL REFERENCES tasks(id),
            reported_at INTEGER NOT NULL CHECK (typeof(reported_at) = 'integer'),
            status TEXT NOT NULL CHECK (status = 'not_started' OR status = 'in_progress' OR status = 'done'),
            progress INTEGER NOT NULL CHECK (typeof(progress) = 'integer' AND progress BETWEEN 0 AND 100),
            note TEXT NOT NULL DEFAULT '',
            reported_by TEXT NOT NULL DEFAULT '',
            CHECK (status <> 'done' OR progress = 100),
            CHECK (status <> 'not_started' OR progress = 0)
        );
        CREATE INDEX reports_task_time ON reports(task_id, reported_at);
        """

    static let v2SQL = """
        ALTER TABLE tasks ADD COLUMN status TEXT NOT NULL DEFAULT 'not_started'
            CHECK (status = 'not_started' OR status = 'in_progress' OR status = 'done');
        ALTER TABLE tasks ADD COLUMN progress INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE tasks ADD COLUMN reported_at INTEGER;
        ALTER TABLE tasks ADD COLUMN completed_on TEXT;
        ALTER TABLE tasks ADD COLUMN bucket INTEGER GENERATED ALWAYS AS (\(bucketExpression(""))) VIRTUAL;

        CREATE INDEX tasks_unit_worst ON tasks(unit_code, bucket, deadline);
        CREATE INDEX tasks_group_worst ON tasks(tech_group, bucket, deadline) WHERE tech_group IS NOT NULL;
        CREATE INDEX tasks_open_deadline ON tasks(deadline) WHERE status <> 'done';
        CREATE INDEX tasks_reported_at ON tasks(reported_at);

        CREATE TABLE state_counts (
            scope TEXT NOT NULL,
            key TEXT NOT NULL,
            total INTEGER NOT NULL DEFAULT 0,
            done_on_time INTEGER NOT NULL DEFAULT 0,
            done_late INTEGER NOT NULL DEFAULT 0,
            open INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (scope, key)
        ) WITHOUT ROWID;

        CREATE TABLE open_by_deadline (
            scope TEXT NOT NULL,
            deadline TEXT NOT NULL,
            key TEXT NOT NULL,
            open INTEGER NOT NULL,
            PRIMARY KEY (scope, deadline, key)
        ) WITHOUT ROWID;
        CREATE INDEX open_by_deadline_key ON open_by_deadline(scope, key, deadline);
        """

    /// 0 open, 1 done late, 2 done on time, for the row named by `prefix` (`""`, `"NEW."`, `"OLD."`).
    static func bucketExpression(_ p: String) -> String {
        "CASE WHEN \(p)status = 'done' THEN CASE WHEN ifnull(\(p)completed_on, \(p)deadline) <= \(p)deadline THEN 2 ELSE 1 END ELSE 0 END"
    }

    /// The Vietnam day of a Unix time column, as `YYYY-MM-DD`.
    static func vietnamDay(_ seconds: String) -> String {
        "date(\(seconds) + 25200, 'unixepoch')"
    }

    /// The secondary indexes as the current schema defines them, for bulk loads that drop and
    /// recreate them. (v1 and v2 create the same ones; a migration that changes one updates this.)
    static let indexes: [(name: String, sql: String)] = [
        ("reports_task_time", "CREATE INDEX reports_task_time ON reports(task_id, reported_at)"),
        ("tasks_unit_worst", "CREATE INDEX tasks_unit_worst ON tasks(unit_code, bucket, deadline)"),
        ("tasks_group_worst", "CREATE INDEX tasks_group_worst ON tasks(tech_group, bucket, deadline) WHERE tech_group IS NOT NULL"),
        ("tasks_open_deadline", "CREATE INDEX tasks_open_deadline ON tasks(deadline) WHERE status <> 'done'"),
        ("tasks_reported_at", "CREATE INDEX tasks_reported_at ON tasks(reported_at)"),
    ]

    // MARK: - Triggers

    /// A trigger by name, with the SQL that creates it.
    struct Trigger {
        var name: String
        var sql: String
    }

    static let reportsAppendOnlyUpdate = Trigger(name: "reports_append_only_update", sql: """
        CREATE TRIGGER reports_append_only_update BEFORE UPDATE ON reports
        BEGIN
            SELECT RAISE(ABORT, 'reports are append-only: a correction is a new report');
        END
        """)

    /// The id of the last report `nq57 demo` wrote (0 when none): later reports are real.
    static let demoReportsThrough = "ifnull((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'demo_reports'), 0)"

    /// Only the demo's own reports may be deleted (by `nq57 demo`, which drops this trigger anyway).
    static let reportsAppendOnlyDelete = Trigger(name: "reports_append_only_delete", sql: """
        CREATE TRIGGER reports_append_only_delete BEFORE DELETE ON reports
        WHEN OLD.id > \(demoReportsThrough) OR NOT EXISTS (SELECT 1 FROM tasks WHERE id = OLD.task_id AND demo = 1)
        BEGIN
            SELECT RAISE(ABORT, 'reports are append-only: only demo reports can be deleted');
        END
        """)

    /// The v2 version, which let any report of a demo task be deleted. Frozen: what v2 created.
    static let reportsAppendOnlyDeleteV2 = Trigger(name: "reports_append_only_delete", sql: """
        CREATE TRIGGER reports_append_only_delete BEFORE DELETE ON reports
        WHEN NOT EXISTS (SELECT 1 FROM tasks WHERE id = OLD.task_id AND demo = 1)
        BEGIN
            SELECT RAISE(ABORT, 'reports are append-only: only demo reports can be deleted');
        END
        """)

    /// Folds an inserted report into its task's maintained state.
    ///
    /// The newest report (by reported_at, then id: ties go to the later arrival) becomes the state; a
    /// `done` after a `done` keeps the completion day. A back-dated report into a done task may extend
    /// or split the trailing run of `done` reports, so the completion day is recomputed from history.
    static let reportsState = Trigger(name: "reports_state", sql: """
        CREATE TRIGGER reports_state AFTER INSERT ON reports
        BEGIN
            UPDATE tasks SET
                status = NEW.status,
                progress = NEW.progress,
                reported_at = NEW.reported_at,
                completed_on = CASE
                    WHEN NEW.status <> 'done' THEN NULL
                    WHEN status = 'done' AND reported_at IS NOT NULL THEN completed_on
                    ELSE \(vietnamDay("NEW.reported_at")) END
            WHERE id = NEW.task_id
              AND (reported_at IS NULL OR NEW.reported_at > reported_at
                   OR (NEW.reported_at = reported_at
                       AND NOT EXISTS (SELECT 1 FROM reports o
                                       WHERE o.task_id = NEW.task_id AND o.reported_at = NEW.reported_at
                                         AND o.id > NEW.id)));
            UPDATE tasks SET completed_on = \(completedOnExpression(task: "NEW.task_id", cut: nil))
            WHERE id = NEW.task_id AND status = 'done'
              AND (reported_at > NEW.reported_at
                   OR (reported_at = NEW.reported_at
                       AND EXISTS (SELECT 1 FROM reports o
                                   WHERE o.task_id = NEW.task_id AND o.reported_at = NEW.reported_at
                                     AND o.id > NEW.id)));
        END
        """)

    static let tasksCheckLevel = Trigger(name: "tasks_check_level", sql: """
        CREATE TRIGGER tasks_check_level BEFORE INSERT ON tasks
        WHEN NEW.level IS NOT (SELECT level FROM units WHERE code = NEW.unit_code)
        BEGIN
            SELECT RAISE(ABORT, 'a task''s level must be the level of its unit');
        END
        """)

    static let tasksCheckLevelUpdate = Trigger(name: "tasks_check_level_update", sql: """
        CREATE TRIGGER tasks_check_level_update BEFORE UPDATE OF level, unit_code ON tasks
        WHEN NEW.level IS NOT (SELECT level FROM units WHERE code = NEW.unit_code)
        BEGIN
            SELECT RAISE(ABORT, 'a task''s level must be the level of its unit');
        END
        """)

    static let tasksCountsInsert = Trigger(name: "tasks_counts_insert", sql: """
        CREATE TRIGGER tasks_counts_insert AFTER INSERT ON tasks
        BEGIN
        \(countDelta(row: "NEW", sign: 1))
        END
        """)

    static let tasksCountsDelete = Trigger(name: "tasks_counts_delete", sql: """
        CREATE TRIGGER tasks_counts_delete AFTER DELETE ON tasks
        BEGIN
        \(countDelta(row: "OLD", sign: -1))
        END
        """)

    static let tasksCountsUpdate = Trigger(name: "tasks_counts_update", sql: """
        CREATE TRIGGER tasks_counts_update
        AFTER UPDATE OF status, completed_on, deadline, unit_code, tech_group, level ON tasks
        WHEN (\(bucketExpression("OLD."))) IS NOT (\(bucketExpression("NEW.")))
          OR OLD.deadline IS NOT NEW.deadline OR OLD.unit_code IS NOT NEW.unit_code
          OR OLD.tech_group IS NOT NEW.tech_group OR OLD.level IS NOT NEW.level
        BEGIN
        \(countDelta(row: "OLD", sign: -1))
        \(countDelta(row: "NEW", sign: 1))
        END
        """)

    static let openByDeadlinePrune = Trigger(name: "open_by_deadline_prune", sql: """
        CREATE TRIGGER open_by_deadline_prune AFTER UPDATE OF open ON open_by_deadline
        WHEN NEW.open = 0
        BEGIN
            DELETE FROM open_by_deadline WHERE scope = NEW.scope AND deadline = NEW.deadline AND key = NEW.key;
        END
        """)

    static let all = [reportsAppendOnlyUpdate, reportsAppendOnlyDelete, reportsState, tasksCheckLevel,
                      tasksCheckLevelUpdate, tasksCountsInsert, tasksCountsDelete, tasksCountsUpdate,
                      openByDeadlinePrune]
    /// What v2 created.
    static let v2Triggers = [reportsAppendOnlyUpdate, reportsAppendOnlyDeleteV2, reportsState, tasksCheckLevel,
                             tasksCheckLevelUpdate, tasksCountsInsert, tasksCountsDelete, tasksCountsUpdate,
                             openByDeadlinePrune]
    /// What a bulk load of tasks and reports drops and recreates.
    static let bulk = [reportsAppendOnlyDelete, reportsState, tasksCountsInsert, tasksCountsDelete, tasksCountsUpdate]

    static func createTriggers(_ db: Database, _ triggers: [Trigger]) throws {
        for t in triggers { try db.execute(sql: t.sql) }
    }

    static func dropTriggers(_ db: Database, _ triggers: [Trigger]) throws {
        for t in triggers { try db.execute(sql: "DROP TRIGGER IF EXISTS \(t.name)") }
    }

    /// The (scope, key) pairs a task row counts in. `row` is `NEW`, `OLD` or a table alias.
    static func scopeKeys(row r: String) -> String {
        """
        SELECT 'level' AS scope, \(r).level AS key
        UNION ALL SELECT 'unit', \(r).unit_code
        UNION ALL SELECT 'province', (SELECT province_code FROM units WHERE code = \(r).unit_code)
        UNION ALL SELECT 'group', CAST(\(r).tech_group AS TEXT)
        """
    }

    /// Adds (`sign` 1) or removes (-1) one task row from every count it is in.
    static func countDelta(row r: String, sign s: Int) -> String {
        let b = "(\(bucketExpression("\(r).")))"
        return """
            INSERT INTO state_counts (scope, key, total, done_on_time, done_late, open)
                SELECT scope, key, \(s), \(s) * (\(b) = 2), \(s) * (\(b) = 1), \(s) * (\(b) = 0)
                FROM (\(scopeKeys(row: r))) WHERE key IS NOT NULL
                ON CONFLICT (scope, key) DO UPDATE SET
                    total = total + excluded.total, done_on_time = done_on_time + excluded.done_on_time,
                    done_late = done_late + excluded.done_late, open = open + excluded.open;
            INSERT INTO open_by_deadline (scope, deadline, key, open)
                SELECT scope, \(r).deadline, key, \(s)
                FROM (\(scopeKeys(row: r))) WHERE key IS NOT NULL AND \(b) = 0
                ON CONFLICT (scope, deadline, key) DO UPDATE SET open = open + excluded.open;
            """
    }

    /// The completion day of a task from its history: the Vietnam day of the first report after the
    /// last report that is not `done` (NULL when the latest report is not `done`). With `cut`, only
    /// reports with `reported_at <= cut` count. `task` is an SQL expression for the task id.
    static func completedOnExpression(task: String, cut: String?) -> String {
        let c = cut.map { " AND o.reported_at <= \($0)" } ?? ""
        let lastOpen = "FROM reports o WHERE o.task_id = \(task) AND o.status <> 'done'\(c) ORDER BY o.reported_at DESC, o.id DESC LIMIT 1"
        let loAt = "ifnull((SELECT o.reported_at \(lastOpen)), -9223372036854775807)"
        let loID = "ifnull((SELECT o.id \(lastOpen)), -1)"
        let fc = cut.map { " AND f.reported_at <= \($0)" } ?? ""
        return """
            (SELECT \(vietnamDay("f.reported_at")) FROM reports f
             WHERE f.task_id = \(task)\(fc) AND f.reported_at >= \(loAt)
               AND (f.reported_at > \(loAt) OR f.id > \(loID))
             ORDER BY f.reported_at, f.id LIMIT 1)
            """
    }
}
