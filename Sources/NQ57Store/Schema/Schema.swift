import GRDB
import NQ57Core

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
/// - `tasks(key, id, title, plan, area, tech_group, level, unit_code, deadline, demo, status, progress,
///   reported_at, completed_on, bucket)`: the plan of a task plus its **maintained current state**,
///   the fold of its report history (`TaskState.folding`). `key` is the rowid (SQLite gives it), `id`
///   the text id users see, unique. `bucket` is a virtual column: 0 open, 1 done late, 2 done on time;
///   it orders task lists worst first straight from an index.
/// - `report_log(id, task_key, reported_at, status, progress, note, reported_by)`: the report history,
///   append-only. `task_key` is `tasks.key`: an integer keeps the `(task_key, reported_at)` index small,
///   and a bulk import touches that index all over. `reported_at` is Unix seconds (UTC); `id` is
///   arrival order.
/// - `reports(id, task_id, reported_at, status, progress, note, reported_by)`: a view of `report_log`
///   with the task's text id, for reading and for adding reports by hand (below).
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
/// `reports_insert` turns an insert into the `reports` view into one into `report_log`;
/// `reports_state` folds each inserted report into its task (a back-dated report recomputes the first
/// day of the trailing run of `done` reports from the history), and the `tasks_counts_*` triggers move
/// a task between counts when its bucket, deadline, unit, group or level changes (progress-only
/// updates fire nothing). Bulk paths (demo, large imports, rebuild) drop some triggers inside their
/// transaction, bring state and counts up to date themselves (set-based, or summed in Swift), and
/// recreate the triggers before committing; DDL is transactional in SQLite, so other connections see
/// either the old or the new state.
///
/// ## Adding a report by hand with `sqlite3`
/// Insert into the `reports` view with the task's id; everything else follows (the task's state, the
/// counts, a live dashboard's next refresh):
///
/// ```sql
/// $ sqlite3 ~/.local/share/nq57/nq57.sqlite
/// sqlite> .timeout 5000
/// sqlite> INSERT INTO reports (task_id, status, progress, reported_at, note, reported_by)
///    ...> VALUES ('00070-0001', 'in_progress', 60, unixepoch('now'), 'Đã số hóa 60% hồ sơ', 'Nguyễn Văn A');
/// ```
///
/// - `.timeout 5000` waits up to 5 s when nq57 is writing, instead of failing with "database is locked".
/// - `reported_at` is Unix seconds: `unixepoch('now')`, or a Vietnam time as
///   `unixepoch('2026-01-15T09:00:00+07:00')` (without the offset SQLite reads the time as UTC). Text
///   is refused by name. (`unixepoch` needs SQLite 3.38; older shells: `CAST(strftime('%s', 'now') AS INTEGER)`.)
/// - `status` is `not_started`, `in_progress` or `done`; `progress` 0–100, 100 when `done` and 0 when
///   `not_started`, and may then be left out. `note` and `reported_by` may be left out.
/// - An unknown `task_id` is refused (`reports: no task with this task_id`), a bad status or progress by
///   its CHECK constraint. Reports are never updated or deleted: a correction is a new report.
/// - Foreign keys need not be on. `last_insert_rowid()` does not see an insert through a view: the new
///   report is `SELECT max(id) FROM report_log`.
///
/// A program that knows a task's key may insert into `report_log` directly, with the same effect.
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
            try Maintenance.recomputeAllTaskStates(db, layout: .v2)
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
            try dropTriggers(db, [reportsAppendOnlyDelete(.v2)])
            try createTriggers(db, [reportsAppendOnlyDelete(.v2)])
        }
        // Foreign keys are checked once at the end (GRDB's default): tables are rebuilt.
        migrator.registerMigration(v4) { db in
            try migrateToV4(db)
        }
        migrator.registerMigration(v5) { db in
            try migrateToV5(db)
        }
        migrator.registerMigration(v6) { db in try migrateToV6(db) }
        registerProposals(&migrator)
        migrator.registerMigration(v9) { db in
            try migrateToV9(db)
        }
        // From v10 on, migrations only add tables, columns, indexes and triggers: foreign keys are
        // checked as their rows are written (immediate), not by GRDB's deferred check of the whole
        // database at the end, which scans every report (47 s at national scale; v12 alone had not
        // finished after 17 minutes at stress).
        registerV10(&migrator)
        registerFeedWarnings(&migrator)
        migrator.registerMigration(v13, foreignKeyChecks: .immediate) { db in try migrateToV13(db) }
        registerShortNames(&migrator)
        registerAnswerMedians(&migrator)
        registerAccounts(&migrator)
        registerInspectionAccount(&migrator)
        registerOldestPending(&migrator)
        registerChangeCounts(&migrator)
        return migrator
    }

    /// Reference tables, tasks and the report history.
    static let v1 = "v1-history"
    /// The maintained current state of every task and the counts the dashboard reads.
    static let v2 = "v2-maintained-state"
    /// Reports made after the demo data (`nq57 report`, imports, a `sqlite3` shell) are real even on
    /// demo tasks: `meta.demo_reports` says where the demo's own reports end.
    static let v3 = "v3-demo-reports"
    /// Reports name their task by an integer key (`report_log.task_key` = `tasks.key`) instead of its
    /// text id: a smaller reports index, which a bulk import touches all over. `reports` becomes a view
    /// with the text `task_id`, which a `sqlite3` user can still insert into.
    static let v4 = "v4-task-keys"

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

    /// Tasks keyed by an integer (`key`, the rowid) with the text `id` unique; the report rows in
    /// `report_log` naming their task by key; the `reports` view as before v4.
    static let v4SQL = """
        CREATE TABLE tasks (
            key INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            plan TEXT NOT NULL,
            area INTEGER NOT NULL REFERENCES areas(id),
            tech_group INTEGER REFERENCES tech_groups(id) DEFERRABLE INITIALLY DEFERRED,
            level TEXT NOT NULL CHECK (level = 'central' OR level = 'province' OR level = 'commune'),
            unit_code TEXT NOT NULL REFERENCES units(code),
            deadline TEXT NOT NULL CHECK (deadline GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            demo INTEGER NOT NULL DEFAULT 0 CHECK (demo = 0 OR demo = 1),
            status TEXT NOT NULL DEFAULT 'not_started'
                CHECK (status = 'not_started' OR status = 'in_progress' OR status = 'done'),
            progress INTEGER NOT NULL DEFAULT 0,
            reported_at INTEGER,
            completed_on TEXT,
            bucket INTEGER GENERATED ALWAYS AS (\(bucketExpression(""))) VIRTUAL
        );

        CREATE TABLE report_log (
            id INTEGER PRIMARY KEY,
            task_key INTEGER NOT NULL REFERENCES tasks(key),
            reported_at INTEGER NOT NULL CHECK (typeof(reported_at) = 'integer'),
            status TEXT NOT NULL CHECK (status = 'not_started' OR status = 'in_progress' OR status = 'done'),
            progress INTEGER NOT NULL CHECK (typeof(progress) = 'integer' AND progress BETWEEN 0 AND 100),
            note TEXT NOT NULL DEFAULT '',
            reported_by TEXT NOT NULL DEFAULT '',
            CHECK (status <> 'done' OR progress = 100),
            CHECK (status <> 'not_started' OR progress = 0)
        );

        CREATE VIEW reports (id, task_id, reported_at, status, progress, note, reported_by) AS
            SELECT r.id, t.id, r.reported_at, r.status, r.progress, r.note, r.reported_by
            FROM report_log r JOIN tasks t ON t.key = r.task_key;
        """

    /// Rebuilds `tasks` with an integer key (given in id order) and moves the reports into
    /// `report_log`; ids, states and counts are kept as they are.
    static func migrateToV4(_ db: Database) throws {
        try PageCache.with(db, kib: 262_144) {
            try dropTriggers(db, v2Triggers)
            try db.execute(sql: """
                DROP INDEX reports_task_time;
                DROP INDEX tasks_unit_worst;
                DROP INDEX tasks_group_worst;
                DROP INDEX tasks_open_deadline;
                DROP INDEX tasks_reported_at;
                ALTER TABLE tasks RENAME TO tasks_v3;
                ALTER TABLE reports RENAME TO reports_v3;
                \(v4SQL)
                INSERT INTO tasks (id, title, plan, area, tech_group, level, unit_code, deadline, demo,
                                   status, progress, reported_at, completed_on)
                SELECT id, title, plan, area, tech_group, level, unit_code, deadline, demo,
                       status, progress, reported_at, completed_on
                FROM tasks_v3 ORDER BY id;
                INSERT INTO report_log (id, task_key, reported_at, status, progress, note, reported_by)
                SELECT r.id, t.key, r.reported_at, r.status, r.progress, r.note, r.reported_by
                FROM reports_v3 r JOIN tasks t ON t.id = r.task_id ORDER BY r.id;
                """)
            // Reports of no task (only a writer with foreign keys off makes them) would be lost: refuse.
            let lost = try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM reports_v3) - (SELECT count(*) FROM report_log)") ?? 0
            if lost > 0 {
                let task = try String.fetchOne(db, sql: """
                    SELECT task_id FROM reports_v3 r WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = r.task_id) LIMIT 1
                    """) ?? ""
                throw StoreError.orphanReports(count: lost, task: task).error
            }
            try db.execute(sql: "DROP TABLE reports_v3; DROP TABLE tasks_v3")
            for index in indexes { try db.execute(sql: index.sql) }
            try createTriggers(db, all)
        }
    }

    /// 0 open, 1 done late, 2 done on time, for the row named by `prefix` (`""`, `"NEW."`, `"OLD."`).
    static func bucketExpression(_ p: String) -> String {
        "CASE WHEN \(p)status = 'done' THEN CASE WHEN ifnull(\(p)completed_on, \(p)deadline) <= \(p)deadline THEN 2 ELSE 1 END ELSE 0 END"
    }

    /// The Vietnam day of a Unix time column, as `YYYY-MM-DD`.
    static func vietnamDay(_ seconds: String) -> String {
        "date(\(seconds) + 25200, 'unixepoch')"
    }

    /// The secondary indexes as the current schema (v4) defines them, for bulk loads that drop and
    /// recreate them. (Not the unique index on `tasks.id`, which a UNIQUE constraint owns.) The task
    /// indexes end with `id`: lists are ordered by it within a deadline.
    static let indexes: [(name: String, sql: String)] = [
        ("report_log_task_time", "CREATE INDEX report_log_task_time ON report_log(task_key, reported_at)"),
        ("tasks_unit_worst", "CREATE INDEX tasks_unit_worst ON tasks(unit_code, bucket, deadline, id)"),
        ("tasks_group_worst", "CREATE INDEX tasks_group_worst ON tasks(tech_group, bucket, deadline, id) WHERE tech_group IS NOT NULL"),
        ("tasks_open_deadline", "CREATE INDEX tasks_open_deadline ON tasks(deadline, id) WHERE status <> 'done'"),
        ("tasks_reported_at", "CREATE INDEX tasks_reported_at ON tasks(reported_at)"),
    ]

    // MARK: - Layout

    /// Where the report rows live and how they name their task: v2–v3 `reports.task_id` = `tasks.id`,
    /// v4 `report_log.task_key` = `tasks.key`. The SQL that migrations share with current code takes
    /// one, so that an old migration keeps running what it ran when it was written.
    struct Layout {
        /// The table of report rows.
        var reports: String
        /// Its column naming the task.
        var task: String
        /// The column of `tasks` that it holds.
        var taskKey: String

        static let v2 = Layout(reports: "reports", task: "task_id", taskKey: "id")
        static let v4 = Layout(reports: "report_log", task: "task_key", taskKey: "key")
        static let current = v4
    }

    // MARK: - Triggers

    /// A trigger by name, with the SQL that creates it.
    struct Trigger {
        var name: String
        var sql: String
    }

    static func reportsAppendOnlyUpdate(_ l: Layout) -> Trigger {
        Trigger(name: "reports_append_only_update", sql: """
            CREATE TRIGGER reports_append_only_update BEFORE UPDATE ON \(l.reports)
            BEGIN
                SELECT RAISE(ABORT, 'reports are append-only: a correction is a new report');
            END
            """)
    }

    /// The id of the last report `nq57 demo` wrote (0 when none): later reports are real.
    static let demoReportsThrough = "ifnull((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'demo_reports'), 0)"

    /// Only the demo's own reports may be deleted (by `nq57 demo`, which drops this trigger anyway).
    static func reportsAppendOnlyDelete(_ l: Layout) -> Trigger {
        Trigger(name: "reports_append_only_delete", sql: """
            CREATE TRIGGER reports_append_only_delete BEFORE DELETE ON \(l.reports)
            WHEN OLD.id > \(demoReportsThrough)
              OR NOT EXISTS (SELECT 1 FROM tasks WHERE \(l.taskKey) = OLD.\(l.task) AND demo = 1)
            BEGIN
                SELECT RAISE(ABORT, 'reports are append-only: only demo reports can be deleted');
            END
            """)
    }

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
    static func reportsState(_ l: Layout) -> Trigger {
        let task = "NEW.\(l.task)"
        return Trigger(name: "reports_state", sql: """
            CREATE TRIGGER reports_state AFTER INSERT ON \(l.reports)
            BEGIN
                UPDATE tasks SET
                    status = NEW.status,
                    progress = NEW.progress,
                    reported_at = NEW.reported_at,
                    completed_on = CASE
                        WHEN NEW.status <> 'done' THEN NULL
                        WHEN status = 'done' AND reported_at IS NOT NULL THEN completed_on
                        ELSE \(vietnamDay("NEW.reported_at")) END
                WHERE \(l.taskKey) = \(task)
                  AND (reported_at IS NULL OR NEW.reported_at > reported_at
                       OR (NEW.reported_at = reported_at
                           AND NOT EXISTS (SELECT 1 FROM \(l.reports) o
                                           WHERE o.\(l.task) = \(task) AND o.reported_at = NEW.reported_at
                                             AND o.id > NEW.id)));
                UPDATE tasks SET completed_on = \(completedOnExpression(task: task, cut: nil, layout: l))
                WHERE \(l.taskKey) = \(task) AND status = 'done'
                  AND (reported_at > NEW.reported_at
                       OR (reported_at = NEW.reported_at
                           AND EXISTS (SELECT 1 FROM \(l.reports) o
                                       WHERE o.\(l.task) = \(task) AND o.reported_at = NEW.reported_at
                                         AND o.id > NEW.id)));
            END
            """)
    }

    /// Inserting into the `reports` view (a `sqlite3` user, or any program that knows the task's text
    /// id) inserts into `report_log` with the task's key; `reports_state` then does the rest. Omitted
    /// `note` and `reported_by` are empty, an omitted `progress` is 100 for `done` and 0 for
    /// `not_started`; an unknown task or a `reported_at` that is not Unix seconds is refused by name.
    static let reportsInsert = Trigger(name: "reports_insert", sql: """
        CREATE TRIGGER reports_insert INSTEAD OF INSERT ON reports
        BEGIN
            SELECT RAISE(ABORT, 'reports: no task with this task_id')
            WHERE NOT EXISTS (SELECT 1 FROM tasks WHERE id = NEW.task_id);
            SELECT RAISE(ABORT, 'reports: reported_at must be Unix seconds, e.g. unixepoch(''now'') or unixepoch(''2026-01-15T09:00:00+07:00'')')
            WHERE typeof(NEW.reported_at) <> 'integer';
            INSERT INTO report_log (id, task_key, reported_at, status, progress, note, reported_by)
            VALUES (NEW.id, (SELECT key FROM tasks WHERE id = NEW.task_id), NEW.reported_at, NEW.status,
                    ifnull(NEW.progress, CASE NEW.status WHEN 'done' THEN 100 WHEN 'not_started' THEN 0 END),
                    ifnull(NEW.note, ''), ifnull(NEW.reported_by, ''));
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

    static let all = [reportsAppendOnlyUpdate(.current), reportsAppendOnlyDelete(.current), reportsState(.current),
                      reportsInsert, tasksCheckLevel, tasksCheckLevelUpdate, tasksCountsInsert, tasksCountsDelete,
                      tasksCountsUpdate, openByDeadlinePrune]
    /// What v2 created.
    static let v2Triggers = [reportsAppendOnlyUpdate(.v2), reportsAppendOnlyDeleteV2, reportsState(.v2), tasksCheckLevel,
                             tasksCheckLevelUpdate, tasksCountsInsert, tasksCountsDelete, tasksCountsUpdate,
                             openByDeadlinePrune]
    /// What a bulk load of tasks and reports drops and recreates.
    static let bulk = [reportsAppendOnlyDelete(.current), reportsState(.current), tasksCountsInsert, tasksCountsDelete,
                       tasksCountsUpdate]

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
    /// reports with `reported_at <= cut` count. `task` is an SQL expression for the task's key in
    /// `layout` (its id before v4).
    static func completedOnExpression(task: String, cut: String?, layout l: Layout = .current) -> String {
        let c = cut.map { " AND o.reported_at <= \($0)" } ?? ""
        let lastOpen = "FROM \(l.reports) o WHERE o.\(l.task) = \(task) AND o.status <> 'done'\(c) ORDER BY o.reported_at DESC, o.id DESC LIMIT 1"
        let loAt = "ifnull((SELECT o.reported_at \(lastOpen)), -9223372036854775807)"
        let loID = "ifnull((SELECT o.id \(lastOpen)), -1)"
        let fc = cut.map { " AND f.reported_at <= \($0)" } ?? ""
        return """
            (SELECT \(vietnamDay("f.reported_at")) FROM \(l.reports) f
             WHERE f.\(l.task) = \(task)\(fc) AND f.reported_at >= \(loAt)
               AND (f.reported_at > \(loAt) OR f.id > \(loID))
             ORDER BY f.reported_at, f.id LIMIT 1)
            """
    }
}
