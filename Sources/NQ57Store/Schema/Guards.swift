import Foundation
import GRDB
import NQ57Core

/// The rules SQLite itself enforces on every writer (v5): another program's mistake is refused with
/// a message that starts with the rule's name, and nothing a writer can put into the file can make a
/// reader trap. Core's validators (`ReportValidator`, `TaskValidator`, `MetricValidator`) hold the same
/// limits, so `nq57 import` and `nq57 report` refuse a row for the same reason, with a line number.
///
/// Text columns hold text (a BLOB is refused), without NUL, at most so many characters (Unicode code
/// points: SQLite's `length`, Swift's `unicodeScalars.count`) and so many bytes. Times are Unix seconds
/// from Resolution 57 (2024-12-22, Vietnam) to `ReportValidator.futureTolerance` ahead of the clock.
/// Figures are finite numbers below 10^15 in size. Days are real calendar days.
extension Schema {
    /// Migration 5: the guards, and existing rows that break them set aside or repaired.
    static let v5 = "v5-guards"

    /// A text column's rule as an SQL condition that is true when `column` breaks it.
    static func badText(_ column: String, maxCharacters: Int, allowEmpty: Bool = true, nullable: Bool = false) -> String {
        let present = """
            (typeof(\(column)) <> 'text' OR length(\(column)) > \(maxCharacters)
             OR length(CAST(\(column) AS BLOB)) > \(TextLimit.bytes(forCharacters: maxCharacters))
             OR instr(CAST(\(column) AS BLOB), x'00') > 0\(allowEmpty ? "" : " OR length(trim(\(column), ' ' || char(9, 10, 13))) = 0"))
            """
        return nullable ? "(\(column) IS NOT NULL AND \(present))" : present
    }

    /// True when `column` is not a real calendar day `YYYY-MM-DD` (through `julianday`: `date` alone
    /// passes 2025-02-30 through unchanged).
    static func badDay(_ column: String) -> String { "(typeof(\(column)) <> 'text' OR date(julianday(\(column))) IS NOT \(column))" }

    /// The clock, as Unix seconds, in SQL (`unixepoch` needs SQLite 3.38).
    static let nowSQL = "CAST(strftime('%s', 'now') AS INTEGER)"

    static func raise(_ rule: String, _ condition: String) -> String {
        "SELECT RAISE(ABORT, '\(rule.replacingOccurrences(of: "'", with: "''"))') WHERE \(condition);"
    }

    /// The report rules, for `report_log` (and so for the `reports` view, which inserts into it).
    static var reportRules: String {
        let earliest = ReportValidator.earliest.seconds
        return """
            \(raise("reported_at_window: reported_at must be whole Unix seconds from 2024-12-22 (\(earliest)) to \(ReportValidator.futureTolerance / 60) minutes ahead of the clock",
                    "typeof(NEW.reported_at) <> 'integer' OR NEW.reported_at < \(earliest) OR NEW.reported_at > \(nowSQL) + \(ReportValidator.futureTolerance)"))
            \(raise("note_text: note must be text without NUL, at most \(ReportValidator.maxNoteLength) characters and \(TextLimit.bytes(forCharacters: ReportValidator.maxNoteLength)) bytes",
                    badText("NEW.note", maxCharacters: ReportValidator.maxNoteLength)))
            \(raise("reported_by_text: reported_by must be text without NUL, at most \(ReportValidator.maxNameLength) characters and \(TextLimit.bytes(forCharacters: ReportValidator.maxNameLength)) bytes",
                    badText("NEW.reported_by", maxCharacters: ReportValidator.maxNameLength)))
            """
    }

    static var reportLogGuard: Trigger {
        Trigger(name: "report_log_guard", sql: """
            CREATE TRIGGER report_log_guard BEFORE INSERT ON report_log
            BEGIN
            \(reportRules)
            END
            """)
    }

    static var taskRules: String {
        let controls = "'*[' || char(\((1...32).map(String.init).joined(separator: ", ")), 127) || ']*'"
        return """
            \(raise("task_id_text: id must be text of 1–\(TaskValidator.maxIDLength) characters without spaces or control characters",
                    "\(badText("NEW.id", maxCharacters: TaskValidator.maxIDLength, allowEmpty: false)) OR NEW.id GLOB \(controls)"))
            \(raise("title_text: title must be text without NUL, 1–\(TaskValidator.maxTitleLength) characters and at most \(TextLimit.bytes(forCharacters: TaskValidator.maxTitleLength)) bytes",
                    badText("NEW.title", maxCharacters: TaskValidator.maxTitleLength, allowEmpty: false)))
            \(raise("plan_text: plan must be text without NUL, 1–\(TaskValidator.maxPlanLength) characters",
                    badText("NEW.plan", maxCharacters: TaskValidator.maxPlanLength, allowEmpty: false)))
            \(raise("area_range: area must be a whole number 1–6", "typeof(NEW.area) <> 'integer' OR NEW.area NOT BETWEEN 1 AND 6"))
            \(raise("tech_group_type: tech_group must be a whole number or NULL", "NEW.tech_group IS NOT NULL AND typeof(NEW.tech_group) <> 'integer'"))
            \(raise("deadline_day: deadline must be a real day YYYY-MM-DD", badDay("NEW.deadline")))
            \(raise("unit_code_text: unit_code must be text", "typeof(NEW.unit_code) <> 'text'"))
            """
    }

    static var tasksGuard: Trigger {
        Trigger(name: "tasks_guard", sql: """
            CREATE TRIGGER tasks_guard BEFORE INSERT ON tasks
            BEGIN
            \(taskRules)
            END
            """)
    }

    static var tasksGuardUpdate: Trigger {
        Trigger(name: "tasks_guard_update", sql: """
            CREATE TRIGGER tasks_guard_update BEFORE UPDATE OF id, title, plan, area, tech_group, deadline, unit_code ON tasks
            BEGIN
            \(taskRules)
            END
            """)
    }

    /// The maintained state's types, on every update of it (the triggers' own updates included: a few
    /// comparisons).
    static var tasksStateGuard: Trigger {
        Trigger(name: "tasks_state_guard", sql: """
            CREATE TRIGGER tasks_state_guard BEFORE UPDATE OF progress, reported_at, completed_on ON tasks
            BEGIN
            \(raise("task_state: progress 0–100, reported_at (whole seconds) and completed_on (a day) are the fold of the reports",
                    "typeof(NEW.progress) <> 'integer' OR NEW.progress NOT BETWEEN 0 AND 100 OR (NEW.reported_at IS NOT NULL AND typeof(NEW.reported_at) <> 'integer') OR (NEW.completed_on IS NOT NULL AND \(badDay("NEW.completed_on")))"))
            END
            """)
    }

    static var metricRules: String {
        """
        \(raise("metric_key: key must be 1–64 ASCII letters, digits and _",
                "typeof(NEW.key) <> 'text' OR length(NEW.key) NOT BETWEEN 1 AND 64 OR NEW.key GLOB '*[^A-Za-z0-9_]*'"))
        \(raise("metric_value: value must be a number below 10^15 in size",
                "typeof(NEW.value) NOT IN ('integer', 'real') OR abs(NEW.value) >= \(MetricValidator.limitSQL)"))
        \(raise("metric_as_of: as_of must be a real day YYYY-MM-DD", badDay("NEW.as_of")))
        \(raise("metric_text: source and qualifier must be text without NUL, at most \(MetricValidator.maxTextLength) characters",
                "\(badText("NEW.source", maxCharacters: MetricValidator.maxTextLength)) OR \(badText("NEW.qualifier", maxCharacters: MetricValidator.maxTextLength, nullable: true))"))
        """
    }

    static var metricsGuard: Trigger {
        Trigger(name: "metrics_guard", sql: """
            CREATE TRIGGER metrics_guard BEFORE INSERT ON metrics
            BEGIN
            \(metricRules)
            END
            """)
    }

    static var metricsGuardUpdate: Trigger {
        Trigger(name: "metrics_guard_update", sql: """
            CREATE TRIGGER metrics_guard_update BEFORE UPDATE ON metrics
            BEGIN
            \(metricRules)
            END
            """)
    }

    /// Names of units, areas and technology groups: text, at most 500 characters
    /// (`TechGroupValidator.maxNameLength`).
    static func namesGuard(_ table: String, _ columns: [String], update: Bool, also: String? = nil) -> Trigger {
        let name = "\(table)_guard\(update ? "_update" : "")"
        let condition = (columns.map { badText("NEW.\($0)", maxCharacters: TechGroupValidator.maxNameLength) } + [also].compactMap { $0 }).joined(separator: " OR ")
        return Trigger(name: name, sql: """
            CREATE TRIGGER \(name) BEFORE \(update ? "UPDATE" : "INSERT") ON \(table)
            BEGIN
            \(raise("\(table)_text: \(columns.joined(separator: ", ")) must be text without NUL, at most 500 characters", condition))
            END
            """)
    }

    /// Every guard, as v5 creates them.
    static var guards: [Trigger] {
        [reportLogGuard, tasksGuard, tasksGuardUpdate, tasksStateGuard, metricsGuard, metricsGuardUpdate]
            + [false, true].flatMap { update in
                [namesGuard("units", ["code", "name", "kind", "kind_vi"], update: update),
                 namesGuard("areas", ["name_vi", "name_en"], update: update),
                 namesGuard("tech_groups", ["name_vi", "name_en"], update: update,
                            also: "(NEW.product_groups IS NOT NULL AND typeof(NEW.product_groups) <> 'integer')")]
            }
    }

    /// Rows written before the guards that break them: report rows whose time is outside the window
    /// (as it stood: up to a day ahead) move to `report_quarantine`, kept with the reason, and their
    /// tasks' state is recomputed; text that is not text, too long or holds NUL is repaired in place
    /// (decoded as UTF-8 with U+FFFD for bad bytes, NUL removed, cut to the limit); figures out of range
    /// move to `metric_quarantine`.
    static func migrateToV5(_ db: Database) throws {
        let earliest = ReportValidator.earliest.seconds
        try db.execute(sql: """
            CREATE TABLE report_quarantine (
                id INTEGER PRIMARY KEY, task_key INTEGER, reported_at, status, progress, note, reported_by,
                reason TEXT NOT NULL
            );
            CREATE TABLE metric_quarantine (
                id INTEGER PRIMARY KEY, key, value, as_of, qualifier, source, reason TEXT NOT NULL
            );
            """)
        try dropTriggers(db, [reportsAppendOnlyUpdate(.current), reportsAppendOnlyDelete(.current)])
        try db.execute(sql: """
            INSERT INTO report_quarantine (id, task_key, reported_at, status, progress, note, reported_by, reason)
            SELECT id, task_key, reported_at, status, progress, note, reported_by, 'reported_at_window'
            FROM report_log
            WHERE typeof(reported_at) <> 'integer' OR reported_at < \(earliest) OR reported_at > \(nowSQL) + 86400;
            DELETE FROM report_log WHERE id IN (SELECT id FROM report_quarantine);
            INSERT INTO metric_quarantine (id, key, value, as_of, qualifier, source, reason)
            SELECT id, key, value, as_of, qualifier, source, 'metric_value'
            FROM metrics WHERE typeof(value) NOT IN ('integer', 'real') OR abs(value) >= \(MetricValidator.limitSQL);
            DELETE FROM metrics WHERE id IN (SELECT id FROM metric_quarantine);
            """)
        try repairText(db, table: "report_log", key: "id", columns: [
            ("note", ReportValidator.maxNoteLength), ("reported_by", ReportValidator.maxNameLength)])
        try repairText(db, table: "metrics", key: "id", columns: [
            ("source", MetricValidator.maxTextLength), ("qualifier", MetricValidator.maxTextLength)])
        try repairText(db, table: "tasks", key: "key", columns: [
            ("title", TaskValidator.maxTitleLength), ("plan", TaskValidator.maxPlanLength)])
        try createTriggers(db, [reportsAppendOnlyUpdate(.current), reportsAppendOnlyDelete(.current)])
        if try Int.fetchOne(db, sql: "SELECT count(*) FROM report_quarantine") ?? 0 > 0 {
            try dropTriggers(db, bulk)
            try Maintenance.recomputeAllTaskStates(db)
            try Maintenance.rebuildCounts(db)
            try createTriggers(db, bulk)
        }
        try createTriggers(db, guards)
    }

    /// Rewrites the text columns that break their text rule (not text, NUL, too many characters or
    /// bytes) as valid text within the limits.
    private static func repairText(_ db: Database, table: String, key: String, columns: [(String, Int)]) throws {
        for (column, limit) in columns {
            let rows = try Row.fetchAll(db, sql: """
                SELECT \(key), CAST(\(column) AS BLOB) FROM \(table)
                WHERE \(badText(column, maxCharacters: limit, nullable: true))
                """)
            for row in rows {
                let bytes: [UInt8] = (row[1] as Data?).map(Array.init) ?? []
                let text = TextLimit.repaired(bytes, maxCharacters: limit)
                try db.execute(sql: "UPDATE \(table) SET \(column) = ? WHERE \(key) = ?", arguments: [text, row[0] as Int64])
            }
        }
    }
}
