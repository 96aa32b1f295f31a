import Foundation
import GRDB
import NQ57Core
import NQ57Render
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// Another program writes into the file through plain SQL (any language's SQLite binding, foreign keys
/// off, as the `sqlite3` shell): every value is either refused by SQLite with the rule's name, or read
/// back harmlessly by the dashboard's reads, the snapshot text, export and check. After every refused
/// write `check` still passes.
@Suite struct HostileWriterTests {
    typealias F = StoreFixtures

    /// A store with one real task `T` (commune 00070, deadline 2025-12-31) and one report on it.
    static func store() throws -> SQLiteStore {
        let store = try F.initializedStore()
        try store.addTask(F.task("T", deadline: F.day("2025-12-31")))
        try store.append(F.report("T", .inProgress, 40, at: F.time("2025-06-01T10:00:00+07:00")))
        return store
    }

    /// A raw connection, as another program would open the file.
    static func raw(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.foreignKeysEnabled = false
        config.busyMode = .timeout(5)
        return try DatabaseQueue(path: path, configuration: config)
    }

    /// Every reader over the file: overview, drill-downs, task detail, snapshot text, export, check.
    static func readEverything(_ store: SQLiteStore, asOf: CivilDate = F.day("2026-01-15"), checkPasses: Bool = true) throws -> String {
        let overview = try store.overview(asOf: asOf, latest: 10)
        var text = Snapshot.text(.overview(overview), width: 120, language: .en)
        for pane in [PaneID.metrics, .reports, .warnings] {
            text += Snapshot.text(.pane(pane, overview), width: 120, language: .vi)
        }
        _ = try store.units(.communes(province: "01"), asOf: asOf)
        let page = try store.tasks(.unit("00070"), asOf: asOf, limit: 100)
        text += Snapshot.text(.tasks(title: "00070", page: page, overview: overview), width: 120, language: .vi)
        for row in page.rows { _ = try store.taskDetail(id: row.task.id, asOf: asOf, historyLimit: 100) }
        for kind in ExportKind.allCases {
            for format in ExportFormat.allCases {
                _ = try store.export(kind, format: format, asOf: asOf) { text += $0 }
            }
        }
        let check = try store.verifyCounts(asOf: asOf)
        if checkPasses { #expect(check == []) }
        return text + check.joined(separator: "\n")
    }

    static let now = "CAST(strftime('%s', 'now') AS INTEGER)"
    static let oneMillionMarks = "'a' || replace(printf('%.*c', 1000000, 'x'), 'x', char(769))"

    /// (what, SQL, the rule the refusal names)
    static let refused: [(String, String, String)] = [
        ("-2^63 through the view", "INSERT INTO reports (task_id, status, reported_at) VALUES ('T', 'done', -9223372036854775808)", "reported_at_window"),
        ("milliseconds through the view", "INSERT INTO reports (task_id, status, reported_at) VALUES ('T', 'done', \(now) * 1000)", "reported_at_window"),
        ("an hour ahead through the view", "INSERT INTO reports (task_id, status, reported_at) VALUES ('T', 'done', \(now) + 3600)", "reported_at_window"),
        ("before Resolution 57", "INSERT INTO reports (task_id, status, reported_at) VALUES ('T', 'done', 0)", "reported_at_window"),
        ("a BLOB note through the view", "INSERT INTO reports (task_id, status, reported_at, note) VALUES ('T', 'done', \(now), X'C3FFFE00')", "note_text"),
        ("a NUL in a note", "INSERT INTO reports (task_id, status, reported_at, note) VALUES ('T', 'done', \(now), 'a' || char(0) || 'b')", "note_text"),
        ("a letter and a million combining marks", "INSERT INTO reports (task_id, status, reported_at, note) VALUES ('T', 'done', \(now), \(oneMillionMarks))", "note_text"),
        ("a BLOB reporter", "INSERT INTO reports (task_id, status, reported_at, reported_by) VALUES ('T', 'done', \(now), X'FF')", "reported_by_text"),
        ("-2^63 into report_log", "INSERT INTO report_log (task_key, reported_at, status, progress) VALUES ((SELECT key FROM tasks WHERE id = 'T'), -9223372036854775808, 'done', 100)", "reported_at_window"),
        ("a BLOB note into report_log", "INSERT INTO report_log (task_key, reported_at, status, progress, note) VALUES ((SELECT key FROM tasks WHERE id = 'T'), \(now), 'done', 100, X'FF')", "note_text"),
        ("a BLOB title", "INSERT INTO tasks (id, title, plan, area, level, unit_code, deadline) VALUES ('U', X'FF', 'KH', 1, 'commune', '00070', '2025-12-31')", "title_text"),
        ("a title of a million marks", "INSERT INTO tasks (id, title, plan, area, level, unit_code, deadline) VALUES ('U', \(oneMillionMarks), 'KH', 1, 'commune', '00070', '2025-12-31')", "title_text"),
        ("an id with a space", "INSERT INTO tasks (id, title, plan, area, level, unit_code, deadline) VALUES ('U 1', 'x', 'KH', 1, 'commune', '00070', '2025-12-31')", "task_id_text"),
        ("30 February", "INSERT INTO tasks (id, title, plan, area, level, unit_code, deadline) VALUES ('U', 'x', 'KH', 1, 'commune', '00070', '2025-02-30')", "deadline_day"),
        ("area 99", "INSERT INTO tasks (id, title, plan, area, level, unit_code, deadline) VALUES ('U', 'x', 'KH', 99, 'commune', '00070', '2025-12-31')", "area_range"),
        ("a title made a BLOB", "UPDATE tasks SET title = X'00' WHERE id = 'T'", "title_text"),
        ("a maintained progress of 1e17", "UPDATE tasks SET progress = 1e17 WHERE id = 'T'", "task_state"),
        ("a maintained time as text", "UPDATE tasks SET reported_at = 'soon' WHERE id = 'T'", "task_state"),
        ("a figure of 1e17", "INSERT INTO metrics (key, value, as_of, source) VALUES ('st_enterprises', 1e17, '2026-01-01', 'x')", "metric_value"),
        ("a figure made 1e17", "UPDATE metrics SET value = 1e17", "metric_value"),
        ("a figure as text", "INSERT INTO metrics (key, value, as_of, source) VALUES ('st_enterprises', 'many', '2026-01-01', 'x')", "metric_value"),
        ("a key with a space", "INSERT INTO metrics (key, value, as_of, source) VALUES ('st enterprises', 1, '2026-01-01', 'x')", "metric_key"),
        ("a day that is not a day", "INSERT INTO metrics (key, value, as_of, source) VALUES ('k', 1, 'yesterday', 'x')", "metric_as_of"),
        ("a BLOB source", "INSERT INTO metrics (key, value, as_of, source) VALUES ('k', 1, '2026-01-01', X'FF')", "metric_text"),
        ("a BLOB unit name", "UPDATE units SET name = X'FF' WHERE code = '01'", "units_text"),
        ("a BLOB area name", "UPDATE areas SET name_vi = zeroblob(4) WHERE id = 1", "areas_text"),
        ("a BLOB group name", "INSERT INTO tech_groups (id, name_vi, name_en, verified, position) VALUES (99, X'FF', 'x', 'yes', 99)", "tech_groups_text"),
        ("product groups as text", "UPDATE tech_groups SET product_groups = 'many' WHERE id = 1", "tech_groups_text"),
        // v9: the counts, meta, positions and parents.
        ("counts of every wrong kind (the lead's probe)", "UPDATE state_counts SET total = -5, done_on_time = 9223372036854775807, done_late = -9223372036854775808, open = 'abc' WHERE scope = 'level' AND key = 'commune'", "state_counts_range"),
        ("a count as text", "UPDATE state_counts SET open = 'abc' WHERE scope = 'unit' AND key = '00070'", "state_counts_range"),
        ("a huge count kept in balance", "UPDATE state_counts SET total = total + 9000000000000000000, open = open + 9000000000000000000 WHERE scope = 'unit' AND key = '00070'", "state_counts_range"),
        ("a count beyond 10^9 kept in balance", "UPDATE state_counts SET total = total + 2000000000, open = open + 2000000000 WHERE scope = 'unit' AND key = '00070'", "state_counts_range"),
        ("a count out of balance", "UPDATE state_counts SET total = total + 1 WHERE scope = 'unit' AND key = '00070'", "state_counts_range"),
        ("a count row of an unknown scope", "INSERT INTO state_counts (scope, key, total, open) VALUES ('planet', 'x', 1, 1)", "state_counts_scope"),
        ("a count row with a BLOB key", "INSERT INTO state_counts (scope, key, total, open) VALUES ('unit', X'FF', 1, 1)", "state_counts_scope"),
        ("an open count as text", "UPDATE open_by_deadline SET open = 'abc'", "open_by_deadline_range"),
        ("an open count of 2^63-1", "INSERT INTO open_by_deadline (scope, deadline, key, open) VALUES ('unit', '2025-01-01', '00070', 9223372036854775807)", "open_by_deadline_range"),
        ("an open count on no day", "INSERT INTO open_by_deadline (scope, deadline, key, open) VALUES ('unit', 'someday', '00070', 1)", "open_by_deadline_scope"),
        ("demo_reports not a number", "INSERT INTO meta (key, value) VALUES ('demo_reports', 'zzz')", "meta_demo_reports"),
        ("demo_reports beyond Int64", "INSERT INTO meta (key, value) VALUES ('demo_reports', '99999999999999999999')", "meta_demo_reports"),
        ("a BLOB in meta", "UPDATE meta SET value = X'FF00'", "meta_text"),
        ("a million characters in meta", "INSERT INTO meta (key, value) VALUES ('x', printf('%.*c', 1000000, 'x'))", "meta_text"),
        ("a unit position as text", "UPDATE units SET position = 'first' WHERE code = '01'", "units_shape"),
        ("a BLOB parent", "UPDATE units SET parent_code = X'FF' WHERE code = '00070'", "units_shape"),
        ("a group position as text", "UPDATE tech_groups SET position = 'first' WHERE id = 1", "tech_groups_shape"),
        // Refused by what was already there: the view and the append-only history.
        ("an update through the view", "UPDATE reports SET progress = 1e17", "cannot modify reports because it is a view"),
        ("a delete through the view", "DELETE FROM reports", "cannot modify reports because it is a view"),
        ("a report rewritten", "UPDATE report_log SET note = X'FF'", "reports are append-only"),
        ("a report deleted", "DELETE FROM report_log", "reports are append-only"),
    ]

    /// True when `message` is the refusal by `rule`: a guard trigger's message starts with the rule's
    /// name, a CHECK constraint names it, and SQLite's own refusals are matched as they read.
    static func refusal(_ message: String?, by rule: String) -> Bool {
        guard let message else { return false }
        return message.hasPrefix(rule + ":") || message == "CHECK constraint failed: \(rule)" || message.contains(rule)
    }

    @Test(arguments: refused.indices)
    func aHostileWriteIsRefusedByItsRule(_ i: Int) throws {
        let (what, sql, rule) = Self.refused[i]
        let store = try Self.store()
        let before = try Self.readEverything(store)
        do {
            try Self.raw(store.path).write { try $0.execute(sql: sql) }
            Issue.record("\(what): written, not refused")
        } catch let e as DatabaseError {
            #expect(Self.refusal(e.message, by: rule), "\(what): \(e.message ?? "")")
        }
        // Nothing changed, and every reader (check included) still passes.
        #expect(try Self.readEverything(store) == before, "\(what)")
    }

    /// A writer that turns the rules off (`PRAGMA ignore_check_constraints`, dropped guard triggers) and
    /// writes what they refuse, into every table: every reader still reads (no trap), and `check`
    /// names each tampered count. (Label, SQL, what `check` must say, or nil when it must pass.)
    static let tampered: [(String, String, String?)] = [
        ("counts of every wrong kind", "UPDATE state_counts SET total = -5, done_on_time = 9223372036854775807, done_late = -9223372036854775808, open = 'abc' WHERE scope = 'level' AND key = 'commune'", "state_counts level commune: total -5"),
        ("counts as BLOBs and reals", "UPDATE state_counts SET total = X'FF', done_on_time = 1e300, open = -1e300 WHERE scope = 'unit' AND key = '00070'", "state_counts unit 00070"),
        ("open counts beyond any sum", "UPDATE open_by_deadline SET open = 9223372036854775807; INSERT INTO open_by_deadline VALUES ('level', '2025-01-01', 'commune', 9223372036854775807)", "open_by_deadline level commune"),
        ("open counts as text", "UPDATE open_by_deadline SET open = 'abc'", "open_by_deadline"),
        ("a count row with a BLOB key", "INSERT INTO state_counts (scope, key, total, open) VALUES ('unit', X'FF', 1, 1)", "state_counts unit"),
        ("a negative count in balance (within the rule)", "UPDATE state_counts SET total = total - 2, open = open - 2 WHERE scope = 'unit' AND key = '00070'", "state_counts unit 00070: total -1"),
        ("meta of every kind", "DELETE FROM meta WHERE key = 'demo_reports'; INSERT INTO meta VALUES ('demo_reports', 'zzz'), (X'FF', X'FF'), ('n', 1e300)", nil),
        ("a task's state of every wrong kind", "DROP TRIGGER tasks_state_guard; UPDATE tasks SET progress = 9223372036854775807, reported_at = 'soon', completed_on = X'FF' WHERE id = 'T'", "task T"),
        ("a task's plan of every wrong kind", "DROP TRIGGER tasks_guard_update; UPDATE tasks SET area = 'x', tech_group = 1e300, title = X'C3FF', plan = X'00', deadline = 'never' WHERE id = 'T'", "group"),
        ("a report of every wrong kind", "DROP TRIGGER report_log_guard; DROP TRIGGER tasks_state_guard; INSERT INTO report_log (task_key, reported_at, status, progress, note, reported_by) VALUES ((SELECT key FROM tasks WHERE id = 'T'), 1e300, 'done', 100, X'C3FF', 1e300)", "task T"),
        ("a report of no task, by text", "INSERT INTO report_log (task_key, reported_at, status, progress) VALUES ('abc', 1750000000, 'done', 100)", nil),
        ("units of every wrong kind", "DROP TRIGGER units_guard_update; DROP TRIGGER units_shape_update; UPDATE units SET name = X'C3FF', kind = 1e300, position = 'x', parent_code = X'FF' WHERE code = '00070' OR code = '01'", nil),
        ("a unit's province as a number", "DROP TRIGGER units_shape_update; UPDATE units SET province_code = 1e300 WHERE code = '00070'", "province"),
        ("areas and groups of every wrong kind", "DROP TRIGGER areas_guard_update; DROP TRIGGER tech_groups_guard_update; DROP TRIGGER tech_groups_shape_update; UPDATE areas SET name_vi = X'FF'; UPDATE tech_groups SET name_en = X'FF', product_groups = 'many', position = X'00', verified = 1e300", nil),
        ("figures of every wrong kind", "DROP TRIGGER metrics_guard; INSERT INTO metrics (key, value, as_of, source, qualifier) VALUES (X'FF', 'many', '2026-01-01', X'FF', 1e300), ('st_enterprises', 1e308, 'x', '', NULL), ('k', -9223372036854775808, '2026-01-02', '', X'00')", nil),
        ("the quarantines", "INSERT INTO report_quarantine VALUES (1, 'x', X'FF', 1e300, 'x', X'00', NULL, 'r'); INSERT INTO metric_quarantine VALUES (1, X'FF', 'x', 1e300, NULL, NULL, 'r')", nil),
    ]

    @Test(arguments: tampered.indices)
    func aTamperedValueIsReadHarmlesslyAndCheckNamesIt(_ i: Int) throws {
        let (what, sql, says) = Self.tampered[i]
        let store = try Self.store()
        try Self.raw(store.path).write { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try db.execute(sql: sql)
        }
        let text = try Self.readEverything(store, checkPasses: says == nil)
        let check = try store.verifyCounts(asOf: F.day("2026-01-15"))
        if let says {
            #expect(check.contains { $0.contains(says) }, "\(what): \(check)")
        } else {
            #expect(check == [], "\(what)")
        }
        #expect(!text.isEmpty)
        // Read again at another day (the as-of corrections path) and for every task scope.
        _ = try Self.readEverything(store, asOf: F.day("2025-06-01"), checkPasses: false)
        _ = try store.tasks(.techGroup(1), asOf: F.day("2026-01-15"), limit: 10)
        _ = try store.techGroups()
        _ = try store.size()
    }

    /// The writers read stored values too (the bulk fold reads every task's state and the units, the
    /// task validator the units): a task and a unit tampered with the guards dropped are read as what
    /// they are, and the import goes on.
    @Test(arguments: [false, true])
    func anImportReadsATamperedTaskAndUnitWithoutTrapping(bulk: Bool) throws {
        let store = try Self.store()
        try Self.raw(store.path).write { db in
            try db.execute(sql: """
                DROP TRIGGER tasks_state_guard; DROP TRIGGER units_shape_update; DROP TRIGGER units_guard_update;
                UPDATE tasks SET progress = 'x', reported_at = 1e300, completed_on = X'FF' WHERE id = 'T';
                UPDATE units SET province_code = X'FF', code = code WHERE code = '00070';
                UPDATE units SET level = level, name = X'C3FF' WHERE code = '01';
                """)
        }
        let file = F.file("reports.csv", "task_id,status,progress,reported_at,note,reported_by\nT,in_progress,50,2025-07-01T10:00:00+07:00,,x\n")
        let summary = try store.importFile(file, dryRun: false, now: F.time("2025-12-01T12:00:00+07:00"), bulk: bulk)
        #expect(summary.rows == 1)
        _ = try Self.readEverything(store, checkPasses: false)
    }

    /// Values inside the rules, however odd, are drawn and exported harmlessly.
    @Test func oddButAllowedValuesAreReadBackHarmlessly() throws {
        let store = try Self.store()
        let escape = "\u{1B}]52;c;ZXZpbA==\u{07}\u{1B}[2J\u{202E}"
        let note = String(repeating: "𝕏", count: ReportValidator.maxNoteLength - escape.unicodeScalars.count) + escape
        try Self.raw(store.path).write { db in
            try db.execute(sql: "INSERT INTO reports (task_id, status, progress, reported_at, note, reported_by) VALUES ('T', 'in_progress', 60, \(Self.now) - 60, ?, ?)",
                           arguments: [note, "\u{1B}[31m" + String(repeating: "ư", count: 190)])
            try db.execute(sql: "INSERT INTO metrics (key, value, as_of, source, qualifier) VALUES ('st_enterprises', 999999999999999, '2026-01-10', ?, ?)",
                           arguments: [escape, escape])
            try db.execute(sql: "INSERT INTO metrics (key, value, as_of, source) VALUES ('digital_enterprises', -999999999999999.5, '2026-01-11', 'x')")
        }
        let today = Timestamp(seconds: Int64(Date().timeIntervalSince1970)).vietnamDate
        let text = try Self.readEverything(store, asOf: today)
        #expect(text.contains("999"))
        #expect(try store.taskDetail(id: "T", asOf: today, historyLimit: 5)?.row.state.progress == 60)
    }

    /// A file written before the guards (v4) holding every value that crashed a reader: after
    /// `nq57 init` every reader works, the bad times are set aside (not lost), the text is repaired, and
    /// a later report moves the task again.
    @Test func aDatabaseWrittenBeforeTheGuardsIsRepaired() throws {
        let path = F.databasePath()
        try databaseAtVersion(Schema.v4, path, sql: """
            INSERT INTO tech_groups (id, name_vi, name_en, verified, position) VALUES (1, 'AI', 'AI', 'yes', 0);
            INSERT INTO tasks (id, title, plan, area, tech_group, level, unit_code, deadline)
            VALUES ('A', X'C3FF', 'KH01', 3, 1, 'commune', '00070', '2025-06-30');
            INSERT INTO reports (task_id, reported_at, status, progress, note) VALUES
                ('A', unixepoch('2025-06-01T10:00:00+07:00'), 'in_progress', 50, X'C3FFFE'),
                ('A', -9223372036854775808, 'in_progress', 10, ''),
                ('A', unixepoch('2025-06-02T10:00:00+07:00') * 1000, 'in_progress', 20, 'ms'),
                ('A', unixepoch('2025-06-03T10:00:00+07:00'), 'in_progress', 60, 'a' || char(0) || 'b'),
                ('A', unixepoch('2025-06-04T10:00:00+07:00'), 'in_progress', 70, \(Self.oneMillionMarks));
            INSERT INTO metrics (key, value, as_of, source) VALUES ('st_enterprises', 1e17, '2026-01-01', 'x');
            """)
        let store = try SQLiteStore(path: path)
        #expect(try store.initialize().migrationsApplied == [Schema.v5, Schema.v6, Schema.v7, Schema.v9, Schema.v10, Schema.v12, Schema.v13, Schema.v14, Schema.v16, Schema.v17, Schema.v19, Schema.v20, Schema.v21])
        let asOf = F.day("2025-07-10")
        _ = try Self.readEverything(store, asOf: asOf)
        let raw = try Self.raw(path)
        #expect(try raw.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM report_quarantine") } == 2)
        #expect(try raw.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM metric_quarantine") } == 1)
        #expect(try raw.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM report_log WHERE typeof(note) <> 'text' OR length(note) > 2000 OR instr(CAST(note AS BLOB), x'00') > 0") } == 0)
        let a = try #require(try store.taskDetail(id: "A", asOf: asOf, historyLimit: 10))
        #expect(a.row.state.progress == 70)
        #expect(a.reportCount == 3)
        // The millisecond report no longer holds the state: a later report moves it.
        try store.append(F.report("A", .done, at: F.time("2025-06-20T10:00:00+07:00")))
        #expect(try store.taskDetail(id: "A", asOf: asOf, historyLimit: 0)?.row.derived == .doneOnTime)
        #expect(try store.verifyCounts(asOf: asOf) == [])
    }

    /// Times and figures beyond any window compute and draw without trapping (a file from before
    /// the guards, or a writer that dropped them).
    @Test func extremeValuesDoNotTrap() {
        #expect(Timestamp(seconds: .min).description.hasSuffix("Z"))
        #expect(Timestamp(seconds: .max).vietnamDate.year > 2100)
        #expect(!NumberFormat(.vi).value(1e17).isEmpty)
        #expect(!NumberFormat(.en).value(-9.3e18).isEmpty)
    }
}
