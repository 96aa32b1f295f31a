import GRDB
import NQ57Core

/// Migration 6: independent inspection (issue 12).
///
/// ## Tables and views
/// - `inspection_log(id, task_key, inspected_at, verdict, reason, inspected_by, evidence)`: the
///   inspection history, append-only like `report_log`. `verdict` is `confirmed`, `returned` or `note`;
///   `inspected_at` Unix seconds; `inspected_by` an inspecting body's code. `account` (v19): the
///   operating-system login that recorded it through nq57, '' otherwise.
/// - `inspections(id, task_id, inspected_at, verdict, reason, inspected_by, evidence)`: a view with the
///   task's text id, for reading and for other writers (below).
/// - `inspection_bodies(code, name, kind)`: who may inspect, a view over `units`: the Steering
///   Committee's inspection (`BCĐ-KT`), each province's office (`VP-` and the province code) and the
///   ministries and central bodies (their unit codes).
/// - `tasks.verdict`, `tasks.verified_at`: the **standing verdict** of a task (`confirmed`, `returned`
///   or NULL) and the time of the inspection that gave it. A report dated after it clears a returned
///   verdict, and a confirmed one when the report is not `done` (`TaskCheck`). A confirmed verdict only
///   counts while the task is done.
/// - `inspection_counts(scope, key, done, confirmed, returned, unchecked)`: maintained counts per level,
///   province, unit and technology group, as `state_counts`: done (self-reported), confirmed,
///   returned, done and not yet checked. Triggers keep them on every write; the inspection pane reads
///   them, never the history.
///
/// ## Adding an inspection by hand with `sqlite3`
/// ```sql
/// sqlite> .timeout 5000
/// sqlite> INSERT INTO inspections (task_id, inspected_at, verdict, reason, inspected_by, evidence)
///    ...> VALUES ('00070-0001', unixepoch('now'), 'returned', 'Chưa có sản phẩm kèm theo', 'BCĐ-KT', 'BB-12/2026');
/// ```
/// The database refuses, by rule name: an unknown task (`inspections: no task with this task_id`), a
/// time that is not Unix seconds or is before the task's latest report (`inspection_before_report`),
/// `confirmed` on a task not reported done (`inspection_confirmed_not_done`), a verdict on a task with
/// no report (`inspection_no_report`), `returned` without a reason (`inspection_reason`), an unknown
/// body (`inspection_body`), text that is not text, too long or holds NUL. Inspections are never
/// updated or deleted: a new verdict is a new inspection.
extension Schema {
    static let v6 = "v6-inspections"

    /// The Steering Committee's own inspection body.
    public static let committeeInspection = "BCĐ-KT"

    static let v6SQL = """
        ALTER TABLE tasks ADD COLUMN verdict TEXT CHECK (verdict IS NULL OR verdict = 'confirmed' OR verdict = 'returned');
        ALTER TABLE tasks ADD COLUMN verified_at INTEGER;

        CREATE TABLE inspection_log (
            id INTEGER PRIMARY KEY,
            task_key INTEGER NOT NULL REFERENCES tasks(key),
            inspected_at INTEGER NOT NULL CHECK (typeof(inspected_at) = 'integer'),
            verdict TEXT NOT NULL CHECK (verdict = 'confirmed' OR verdict = 'returned' OR verdict = 'note'),
            reason TEXT NOT NULL DEFAULT '' CHECK (typeof(reason) = 'text'),
            inspected_by TEXT NOT NULL CHECK (typeof(inspected_by) = 'text'),
            evidence TEXT NOT NULL DEFAULT '' CHECK (typeof(evidence) = 'text'),
            CHECK (verdict <> 'returned' OR length(trim(reason)) > 0)
        );
        CREATE INDEX inspection_log_task_time ON inspection_log(task_key, inspected_at);
        CREATE INDEX tasks_verdict ON tasks(verdict) WHERE verdict IS NOT NULL;

        CREATE VIEW inspections (id, task_id, inspected_at, verdict, reason, inspected_by, evidence) AS
            SELECT i.id, t.id, i.inspected_at, i.verdict, i.reason, i.inspected_by, i.evidence
            FROM inspection_log i JOIN tasks t ON t.key = i.task_key;

        CREATE VIEW inspection_bodies (code, name, kind) AS
            SELECT '\(committeeInspection)', 'Đoàn kiểm tra Ban Chỉ đạo Trung ương', 'committee'
            UNION ALL SELECT 'VP-' || code, 'Văn phòng UBND ' || name, 'province_office' FROM units WHERE level = 'province'
            UNION ALL SELECT code, name, kind FROM units WHERE level = 'central';

        CREATE TABLE inspection_counts (
            scope TEXT NOT NULL,
            key TEXT NOT NULL,
            done INTEGER NOT NULL DEFAULT 0,
            confirmed INTEGER NOT NULL DEFAULT 0,
            returned INTEGER NOT NULL DEFAULT 0,
            unchecked INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (scope, key)
        ) WITHOUT ROWID;
        """

    static func migrateToV6(_ db: Database) throws {
        try db.execute(sql: v6SQL)
        try Maintenance.rebuildInspectionCounts(db)
        try createTriggers(db, inspectionTriggers)
    }

    // MARK: - Triggers

    /// Every trigger v6 creates. Bulk paths that replace tasks (the demo) drop and recreate them.
    static var inspectionTriggers: [Trigger] {
        [inspectionLogGuard, inspectionsAppendOnlyUpdate, inspectionsAppendOnlyDelete, inspectionLogState, inspectionsInsert,
         reportLogCheck, tasksCheckCounts("insert"), tasksCheckCounts("delete"), tasksCheckCounts("update")]
    }

    /// The inspection rules, each by name.
    static var inspectionLogGuard: Trigger {
        let earliest = ReportValidator.earliest.seconds
        let task = "(SELECT %@ FROM tasks WHERE key = NEW.task_key)"
        func of(_ column: String) -> String { task.replacingOccurrences(of: "%@", with: column) }
        return Trigger(name: "inspection_log_guard", sql: """
            CREATE TRIGGER inspection_log_guard BEFORE INSERT ON inspection_log
            BEGIN
            \(raise("inspection_task: no task with this task_key", "NOT EXISTS (SELECT 1 FROM tasks WHERE key = NEW.task_key)"))
            \(raise("inspected_at_window: inspected_at must be whole Unix seconds from 2024-12-22 (\(earliest)) to \(ReportValidator.futureTolerance / 60) minutes ahead of the clock",
                    "typeof(NEW.inspected_at) <> 'integer' OR NEW.inspected_at < \(earliest) OR NEW.inspected_at > \(nowSQL) + \(ReportValidator.futureTolerance)"))
            \(raise("inspection_no_report: confirmed and returned judge a report, and this task has none",
                    "NEW.verdict <> 'note' AND \(of("reported_at")) IS NULL"))
            \(raise("inspection_before_report: inspected_at is before the task's latest report, the report it judges",
                    "NEW.inspected_at < \(of("reported_at"))"))
            \(raise("inspection_confirmed_not_done: confirmed needs a task reported done",
                    "NEW.verdict = 'confirmed' AND \(of("status")) IS NOT 'done'"))
            \(raise("inspection_reason: returned needs a reason", "NEW.verdict = 'returned' AND length(trim(NEW.reason)) = 0"))
            \(raise("inspection_body: inspected_by must be the code of an inspecting body (see the inspection_bodies view)",
                    "NOT EXISTS (SELECT 1 FROM inspection_bodies WHERE code = NEW.inspected_by)"))
            \(raise("inspection_text: reason (\(InspectionValidator.maxReasonLength)) and evidence (\(InspectionValidator.maxEvidenceLength)) must be text without NUL within their limits",
                    "\(badText("NEW.reason", maxCharacters: InspectionValidator.maxReasonLength)) OR \(badText("NEW.evidence", maxCharacters: InspectionValidator.maxEvidenceLength))"))
            END
            """)
    }

    static let inspectionsAppendOnlyUpdate = Trigger(name: "inspection_log_append_only_update", sql: """
        CREATE TRIGGER inspection_log_append_only_update BEFORE UPDATE ON inspection_log
        BEGIN
            SELECT RAISE(ABORT, 'inspections are append-only: a new verdict is a new inspection');
        END
        """)

    /// The id of the last inspection `nq57 demo` wrote (0 when none).
    static let demoInspectionsThrough = "ifnull((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'demo_inspections'), 0)"

    static let inspectionsAppendOnlyDelete = Trigger(name: "inspection_log_append_only_delete", sql: """
        CREATE TRIGGER inspection_log_append_only_delete BEFORE DELETE ON inspection_log
        WHEN OLD.id > \(demoInspectionsThrough)
          OR NOT EXISTS (SELECT 1 FROM tasks WHERE key = OLD.task_key AND demo = 1)
        BEGIN
            SELECT RAISE(ABORT, 'inspections are append-only: only demo inspections can be deleted');
        END
        """)

    /// A decisive verdict newer than the standing one becomes the task's standing verdict.
    static let inspectionLogState = Trigger(name: "inspection_log_state", sql: """
        CREATE TRIGGER inspection_log_state AFTER INSERT ON inspection_log
        WHEN NEW.verdict <> 'note'
        BEGIN
            UPDATE tasks SET verdict = NEW.verdict, verified_at = NEW.inspected_at
            WHERE key = NEW.task_key AND (verified_at IS NULL OR NEW.inspected_at >= verified_at);
        END
        """)

    static let inspectionsInsert = Trigger(name: "inspections_insert", sql: """
        CREATE TRIGGER inspections_insert INSTEAD OF INSERT ON inspections
        BEGIN
            SELECT RAISE(ABORT, 'inspections: no task with this task_id')
            WHERE NOT EXISTS (SELECT 1 FROM tasks WHERE id = NEW.task_id);
            INSERT INTO inspection_log (id, task_key, inspected_at, verdict, reason, inspected_by, evidence)
            VALUES (NEW.id, (SELECT key FROM tasks WHERE id = NEW.task_id), NEW.inspected_at, NEW.verdict,
                    ifnull(NEW.reason, ''), NEW.inspected_by, ifnull(NEW.evidence, ''));
        END
        """)

    /// A report dated after the standing verdict clears a return, and a confirmation when it is not done.
    static let reportLogCheck = Trigger(name: "report_log_check", sql: """
        CREATE TRIGGER report_log_check AFTER INSERT ON report_log
        BEGIN
            UPDATE tasks SET verdict = NULL, verified_at = NULL
            WHERE key = NEW.task_key AND verified_at IS NOT NULL AND NEW.reported_at > verified_at
              AND (verdict = 'returned' OR NEW.status <> 'done');
        END
        """)

    /// The inspection counts a task row `r` adds to its scopes, as SQL over (scope, key) pairs, times `s`.
    static func checkDelta(row r: String, sign s: Int) -> String {
        """
        INSERT INTO inspection_counts (scope, key, done, confirmed, returned, unchecked)
            SELECT scope, key, \(s) * (\(r).status = 'done'), \(s) * (\(r).status = 'done' AND \(r).verdict IS 'confirmed'),
                   \(s) * (\(r).verdict IS 'returned'), \(s) * (\(r).status = 'done' AND \(r).verdict IS NULL)
            FROM (\(scopeKeys(row: r))) WHERE key IS NOT NULL
            ON CONFLICT (scope, key) DO UPDATE SET
                done = done + excluded.done, confirmed = confirmed + excluded.confirmed,
                returned = returned + excluded.returned, unchecked = unchecked + excluded.unchecked;
        """
    }

    /// A task's category for the inspection counts, as SQL: changes only when one of these does.
    static func checkCategory(_ r: String) -> String {
        "(\(r).status = 'done') || '/' || ifnull(\(r).verdict, '')"
    }

    static func tasksCheckCounts(_ event: String) -> Trigger {
        let name = "tasks_check_counts_\(event)"
        switch event {
        case "insert":
            return Trigger(name: name, sql: """
                CREATE TRIGGER \(name) AFTER INSERT ON tasks
                WHEN NEW.status = 'done' OR NEW.verdict IS NOT NULL
                BEGIN
                \(checkDelta(row: "NEW", sign: 1))
                END
                """)
        case "delete":
            return Trigger(name: name, sql: """
                CREATE TRIGGER \(name) AFTER DELETE ON tasks
                WHEN OLD.status = 'done' OR OLD.verdict IS NOT NULL
                BEGIN
                \(checkDelta(row: "OLD", sign: -1))
                END
                """)
        default:
            return Trigger(name: name, sql: """
                CREATE TRIGGER \(name) AFTER UPDATE OF status, verdict, unit_code, tech_group, level ON tasks
                WHEN \(checkCategory("OLD")) IS NOT \(checkCategory("NEW"))
                  OR OLD.unit_code IS NOT NEW.unit_code OR OLD.tech_group IS NOT NEW.tech_group OR OLD.level IS NOT NEW.level
                BEGIN
                \(checkDelta(row: "OLD", sign: -1))
                \(checkDelta(row: "NEW", sign: 1))
                END
                """)
        }
    }
}

extension Maintenance {
    /// Every (scope, key) of every task with its status and standing verdict.
    static let checkKeys = """
        SELECT 'level' AS scope, level AS key, status, verdict FROM tasks
        UNION ALL SELECT 'unit', unit_code, status, verdict FROM tasks
        UNION ALL SELECT 'province', u.province_code, t.status, t.verdict
            FROM tasks t JOIN units u ON u.code = t.unit_code WHERE u.province_code IS NOT NULL
        UNION ALL SELECT 'group', CAST(tech_group AS TEXT), status, verdict FROM tasks WHERE tech_group IS NOT NULL
        """

    /// Inspection counts as they should be, from the tasks' status and standing verdict.
    static let recountInspectionSQL = """
        SELECT scope, key, sum(status = 'done') AS done, sum(status = 'done' AND verdict IS 'confirmed') AS confirmed,
               sum(verdict IS 'returned') AS returned, sum(status = 'done' AND verdict IS NULL) AS unchecked
        FROM (\(checkKeys)) GROUP BY scope, key
        HAVING sum(status = 'done') > 0 OR sum(verdict IS NOT NULL) > 0
        """

    static func rebuildInspectionCounts(_ db: Database) throws {
        try db.execute(sql: """
            DELETE FROM inspection_counts;
            INSERT INTO inspection_counts (scope, key, done, confirmed, returned, unchecked) \(recountInspectionSQL);
            """)
    }

    /// Every task's standing verdict from its inspection and report history (`TaskCheck`'s rule).
    static func recomputeVerdicts(_ db: Database) throws {
        let latest = """
            FROM inspection_log i WHERE i.task_key = tasks.key AND i.verdict <> 'note'
            ORDER BY i.inspected_at DESC, i.id DESC LIMIT 1
            """
        let standing = """
            CASE WHEN i.verdict = 'returned'
                      AND NOT EXISTS (SELECT 1 FROM report_log r WHERE r.task_key = tasks.key AND r.reported_at > i.inspected_at)
                 THEN 1
                 WHEN i.verdict = 'confirmed'
                      AND NOT EXISTS (SELECT 1 FROM report_log r WHERE r.task_key = tasks.key AND r.reported_at > i.inspected_at
                                                                      AND r.status <> 'done')
                 THEN 1 ELSE 0 END
            """
        try db.execute(sql: """
            UPDATE tasks SET (verdict, verified_at) =
                (SELECT CASE WHEN \(standing) = 1 THEN i.verdict END, CASE WHEN \(standing) = 1 THEN i.inspected_at END \(latest))
            WHERE verdict IS NOT NULL OR key IN (SELECT task_key FROM inspection_log WHERE verdict <> 'note')
            """)
    }

    /// Standing verdicts and inspection counts recomputed, with the v6 triggers dropped meanwhile.
    static func rebuildInspections(_ db: Database) throws {
        try Schema.dropTriggers(db, Schema.inspectionTriggers)
        try recomputeVerdicts(db)
        try rebuildInspectionCounts(db)
        try Schema.createTriggers(db, Schema.inspectionTriggers)
    }
}
