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
    static func readEverything(_ store: SQLiteStore, asOf: CivilDate = F.day("2026-01-15")) throws -> String {
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
        #expect(try store.verifyCounts(asOf: asOf) == [])
        return text
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
    ]

    @Test(arguments: refused.indices)
    func aHostileWriteIsRefusedByItsRule(_ i: Int) throws {
        let (what, sql, rule) = Self.refused[i]
        let store = try Self.store()
        let before = try Self.readEverything(store)
        do {
            try Self.raw(store.path).write { try $0.execute(sql: sql) }
            Issue.record("\(what): written, not refused")
        } catch let e as DatabaseError {
            #expect(e.message?.hasPrefix(rule + ":") == true, "\(what): \(e.message ?? "")")
        }
        // Nothing changed, and every reader (check included) still passes.
        #expect(try Self.readEverything(store) == before, "\(what)")
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
        #expect(try store.initialize().migrationsApplied == [Schema.v5, Schema.v6, Schema.v7])
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
