import Foundation
import GRDB
import GRDBSQLite
import NQ57Core
import NQ57Store

/// Moving a database between SQLite and PostgreSQL (`nq57 copy`), and the reference data of
/// `nq57 init` on PostgreSQL (loaded by the SQLite store's own code into a scratch file, then copied:
/// one definition of the reference data).
public enum PostgresCopy {
    /// A table as copied: its columns, in order, and how the SQLite values become text.
    struct Table {
        var name: String
        var columns: [String]
        var order: String
        /// For a reference table: the rows already there that match a copied row (`t` the table, `s`
        /// the copied row) take these columns from it (short names, the catalogue's names), as
        /// SQLite's `init` refreshes them; other columns of a row already there are kept.
        var refresh: (match: String, columns: [String])? = nil
    }

    static let reference = [
        Table(name: "units", columns: ["code", "level", "name", "kind", "kind_vi", "parent_code", "province_code", "position", "short_vi", "short_en"],
              order: "parent_code IS NOT NULL, code", refresh: ("t.code = s.code", ["short_vi", "short_en"])),
        Table(name: "areas", columns: ["id", "name_vi", "name_en"], order: "id"),
        // Short names only for a group of the same name: a catalogue the user replaced keeps its own.
        Table(name: "tech_groups", columns: ["id", "name_vi", "name_en", "product_groups", "verified", "position", "short_vi", "short_en"],
              order: "id", refresh: ("t.id = s.id AND t.name_vi = s.name_vi", ["short_vi", "short_en"])),
        Table(name: "metrics", columns: ["id", "key", "value", "as_of", "qualifier", "source", "source_vi"], order: "id",
              refresh: ("t.key = s.key AND t.as_of = s.as_of AND t.source = s.source", ["source_vi"])),
        Table(name: "metric_catalogue", columns: ["key", "name_vi", "name_en", "short_vi", "short_en", "position"], order: "position, key",
              refresh: ("t.key = s.key", ["name_vi", "name_en", "short_vi", "short_en", "position"])),
        // The proposals' reference (SQLite's v7): fields, submitter kinds, deadline rules, holidays.
        Table(name: "proposal_fields", columns: ["id", "name_vi", "name_en", "position"], order: "position, id"),
        Table(name: "submitter_kinds", columns: ["id", "name_vi", "name_en", "position"], order: "position, id"),
        Table(name: "proposal_deadline_rules", columns: ["kind", "working_days", "official", "source"], order: "kind"),
        Table(name: "holidays", columns: ["day", "kind", "name_vi", "name_en", "source", "verified"], order: "day"),
    ]
    static let tasks = Table(name: "tasks", columns: ["key", "id", "title", "plan", "area", "tech_group", "level", "unit_code", "deadline",
                                                      "demo", "status", "progress", "reported_at", "completed_on", "verdict", "verified_at"],
                             order: "key")
    /// The inspections and proposals (SQLite's v6 and v7), in the order their keys need.
    static let inspectionsAndProposals = [
        Table(name: "inspection_log", columns: ["id", "task_key", "inspected_at", "verdict", "reason", "inspected_by", "evidence"], order: "id"),
        Table(name: "proposals", columns: ["key", "id", "received_at", "kind", "submitter_kind", "field", "title", "summary", "folded", "due_on",
                                           "body_code", "status", "status_at", "answered_at", "duplicate_of", "demo"], order: "key"),
        Table(name: "proposal_log", columns: ["id", "proposal_key", "at", "status", "body_code", "note", "by"], order: "id"),
        Table(name: "proposal_contacts", columns: ["proposal_key", "name", "address", "phone", "email", "id_number"], order: "proposal_key"),
    ]
    /// The triggers that judge a new row against the present (a later report, the current status) or
    /// fold it into maintained state, set aside while a consistent history is copied in.
    static let loadTriggers = [("tasks", "tasks_check_counts"), ("report_log", "report_log_check"),
                               ("inspection_log", "inspection_log_guard"), ("inspection_log", "inspection_log_state"),
                               ("proposals", "proposals_guard"), ("proposals", "proposals_counts"),
                               ("proposal_log", "proposal_log_guard"), ("proposal_log", "proposal_log_state")]
    /// The titles folded for the go-to look-up (SQLite's v13): a row whose title is not its task's is
    /// left out (folded again here).
    static let findTitles = Table(name: "find_titles", columns: ["task_key", "title", "folded"], order: "task_key")
    static let reports = Table(name: "report_log", columns: ["id", "task_key", "reported_at", "status", "progress", "note", "reported_by"],
                               order: "id")
    /// Meta keys that travel with the data (not the schema's own).
    static let metaKeys = ["demo", "demo_reports", "catalogue_source", "reference", "demo_inspections", "returned_warning_days"]

    /// What a copy moved.
    public struct Summary: Sendable {
        public var tasks = 0
        public var reports = 0
        public var units = 0
        public var metrics = 0
        public var inspections = 0
        public var proposals = 0
        /// Rows of tables the PostgreSQL store does not hold, left behind (none since the inspections and proposals came).
        public var leftBehind: [String] = []
    }

    /// Opens a SQLite file read-only for copying.
    static func openSource(_ path: String) throws -> DatabaseQueue {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.noDatabase(path: path).error }
        var config = Configuration()
        config.readonly = true
        config.label = "nq57-copy"
        do {
            return try DatabaseQueue(path: path, configuration: config)
        } catch {
            throw NQ57Error(.io, "\(path): cannot open: \(error)")
        }
    }

    /// Streams a SQLite table into PostgreSQL with COPY (into `into`, default the same name), from
    /// SQLite's own column bytes: integers and text as SQLite gives them as text, reals through Swift
    /// (SQLite's text of a real keeps 15 digits, Swift's 17), NULL as NULL; a BLOB is refused by table
    /// and column. Booleans go as 0/1, which PostgreSQL reads.
    static func stream(_ db: Database, _ t: Table, into target: String? = nil, to pg: PGConnection) throws -> Int {
        var n = 0
        let statement = try db.makeStatement(sql: "SELECT \(t.columns.joined(separator: ", ")) FROM \(t.name) ORDER BY \(t.order)")
        let s = statement.sqliteStatement
        defer { sqlite3_reset(s) }
        try pg.copyIn("COPY \(target ?? t.name) (\(t.columns.joined(separator: ", "))) FROM STDIN") { rows in
            while true {
                let rc = sqlite3_step(s)
                if rc == SQLITE_DONE { break }
                guard rc == SQLITE_ROW else { throw NQ57Error(.io, "\(t.name): cannot read: \(String(cString: sqlite3_errmsg(db.sqliteConnection)))") }
                for i in 0..<Int32(t.columns.count) {
                    switch sqlite3_column_type(s, i) {
                    case SQLITE_NULL: rows.null()
                    case SQLITE_FLOAT: rows.text("\(sqlite3_column_double(s, i))")
                    case SQLITE_BLOB: throw NQ57Error(.badData, "\(t.name).\(t.columns[Int(i)]): a BLOB cannot be copied")
                    default:
                        let p = sqlite3_column_text(s, i)
                        let count = Int(sqlite3_column_bytes(s, i))
                        if let p { rows.bytes(p, count) } else { rows.null() }
                    }
                }
                rows.endRow()
                n += 1
            }
        }
        return n
    }

    /// Copies the reference tables and the data meta keys of a SQLite file into PostgreSQL; rows
    /// already there are kept (nothing stored changes). Runs inside the caller's transaction.
    static func copyReference(_ db: Database, to pg: PGConnection, skipping: Set<String> = []) throws -> (units: Int, metrics: Int) {
        var counts: [String: Int] = [:]
        for var t in reference where !skipping.contains(t.name) {
            // A file made before SQLite's v14 has no short names, Vietnamese sources or figures' catalogue:
            // what it has is copied, the rest keeps PostgreSQL's defaults.
            guard try db.tableExists(t.name) else {
                // Its figures' keys enter the catalogue, as SQLite's v14 does.
                if t.name == "metric_catalogue" {
                    try pg.exec("INSERT INTO metric_catalogue (key, name_vi, name_en) SELECT DISTINCT key, key, key FROM metrics ON CONFLICT DO NOTHING")
                }
                continue
            }
            let present = Set(try db.columns(in: t.name).map(\.name))
            t.columns = t.columns.filter(present.contains)
            let stage = "stage_\(t.name)"
            try pg.exec("CREATE TEMP TABLE \(stage) ON COMMIT DROP AS SELECT \(t.columns.joined(separator: ", ")) FROM \(t.name) LIMIT 0")
            counts[t.name] = try stream(db, t, into: stage, to: pg)
            try pg.exec("""
                INSERT INTO \(t.name) (\(t.columns.joined(separator: ", "))) OVERRIDING SYSTEM VALUE
                SELECT \(t.columns.joined(separator: ", ")) FROM \(stage) ORDER BY \(t.order) ON CONFLICT DO NOTHING
                """)
            if let refresh = t.refresh, case let set = refresh.columns.filter(present.contains), !set.isEmpty {
                try pg.exec("""
                    UPDATE \(t.name) t SET \(set.map { "\($0) = s.\($0)" }.joined(separator: ", ")) FROM \(stage) s
                    WHERE \(refresh.match) AND (\(set.map { "t.\($0)" }.joined(separator: ", "))) IS DISTINCT FROM (\(set.map { "s.\($0)" }.joined(separator: ", ")))
                    """)
            }
            try pg.exec("DROP TABLE \(stage)")
        }
        try pg.exec("SELECT setval(pg_get_serial_sequence('metrics', 'id'), greatest(1, (SELECT max(id) FROM metrics)))")
        for key in metaKeys {
            if let value = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) {
                try pg.exec("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING", [key, value])
            }
        }
        return (counts["units"] ?? 0, counts["metrics"] ?? 0)
    }

    /// The reference data as `nq57 init` loads it into SQLite, in a scratch file, given to `body`.
    static func withReferenceFile<T>(techGroupsFile: String?, _ body: (String) throws -> T) throws -> T {
        let dir = NSTemporaryDirectory() + "nq57-reference-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/reference.sqlite"
        try SQLiteStore(path: path).initialize(techGroupsFile: techGroupsFile)
        return try body(path)
    }

    /// Copies a whole SQLite database into a PostgreSQL one that holds no tasks yet, in one
    /// transaction: all or nothing. Tasks come with their maintained state; the counts are rebuilt
    /// from the tasks set-based, and `check` then compares both with the history.
    public static func sqliteToPostgres(from path: String, to store: PostgresStore, progress: ((String) -> Void)? = nil) throws -> Summary {
        let source = try openSource(path)
        try store.createSchema()
        var summary = Summary()
        try source.read { db in
            try store.run { pg in
                try pg.transaction {
                    let existing = try pg.exec("SELECT count(*) FROM tasks").count(0, 0)
                    if existing > 0 {
                        throw NQ57Error(.badData, "\(store.server): holds \(existing) tasks already; copy into a new database")
                    }
                    let r = try copyReference(db, to: pg)
                    summary.units = r.units
                    summary.metrics = r.metrics
                    // The source's holidays, not the shipped ones `init` may have loaded: its proposals'
                    // deadlines were counted with them.
                    if let holidays = reference.first(where: { $0.name == "holidays" }), try db.tableExists(holidays.name) {
                        try pg.exec("DELETE FROM holidays")
                        _ = try stream(db, holidays, to: pg)
                    }
                    // Triggers per row would fold 5 million reports one by one: the source's state is copied
                    // instead, the counts rebuilt once, and the index and key built after the load.
                    // The guard's rule (no time ahead of the clock) is the SQLite guard's, which every source
                    // row passed; the CHECK constraints stay.
                    try pg.exec("""
                        ALTER TABLE tasks DISABLE TRIGGER tasks_counts;
                        ALTER TABLE tasks DISABLE TRIGGER tasks_find_titles;
                        ALTER TABLE report_log DISABLE TRIGGER reports_state;
                        ALTER TABLE report_log DISABLE TRIGGER report_log_guard;
                        ALTER TABLE report_log DROP CONSTRAINT report_log_task_key_fkey;
                        DROP INDEX report_log_task_time;
                        \(loadTriggers.map { "ALTER TABLE \($0.0) DISABLE TRIGGER \($0.1);" }.joined(separator: "\n"))
                        """)
                    progress?("tasks")
                    let taskColumns = Set(try db.columns(in: "tasks").map(\.name))
                    summary.tasks = try stream(db, Table(name: "tasks", columns: tasks.columns.filter(taskColumns.contains), order: tasks.order), to: pg)
                    if try db.tableExists(findTitles.name) {
                        try pg.exec("CREATE TEMP TABLE stage_find_titles ON COMMIT DROP AS SELECT * FROM find_titles LIMIT 0")
                        _ = try stream(db, findTitles, into: "stage_find_titles", to: pg)
                        try pg.exec("""
                            INSERT INTO find_titles SELECT s.task_key, s.title, s.folded FROM stage_find_titles s
                            JOIN tasks t ON t.key = s.task_key AND t.title = s.title ON CONFLICT DO NOTHING
                            """)
                    }
                    try pg.exec("INSERT INTO find_titles (task_key, title) SELECT key, title FROM tasks ON CONFLICT DO NOTHING")
                    try store.foldPendingTitles(pg)
                    progress?("reports")
                    summary.reports = try stream(db, reports, to: pg)
                    progress?("index, key and counts")
                    // The deferred key on tech_group is checked now: a table with pending checks cannot be altered.
                    try pg.exec("""
                        SET CONSTRAINTS ALL IMMEDIATE;
                        CREATE INDEX report_log_task_time ON report_log(task_key, reported_at);
                        ALTER TABLE report_log ADD CONSTRAINT report_log_task_key_fkey FOREIGN KEY (task_key) REFERENCES tasks(key);
                        ALTER TABLE tasks ENABLE TRIGGER tasks_counts;
                        ALTER TABLE tasks ENABLE TRIGGER tasks_find_titles;
                        ALTER TABLE report_log ENABLE TRIGGER reports_state;
                        ALTER TABLE report_log ENABLE TRIGGER report_log_guard;
                        """)
                    progress?("inspections and proposals")
                    for t in inspectionsAndProposals where try db.tableExists(t.name) {
                        let n = try stream(db, t, to: pg)
                        if t.name == "inspection_log" { summary.inspections = n }
                        if t.name == "proposals" { summary.proposals = n }
                    }
                    try pg.exec("""
                        \(loadTriggers.map { "ALTER TABLE \($0.0) ENABLE TRIGGER \($0.1);" }.joined(separator: "\n"))
                        \(PostgresSchema.recountAll)
                        \(PostgresSchema.recountProposals)
                        \(["inspection_log": "id", "proposals": "key", "proposal_log": "id"].map {
                            "SELECT setval(pg_get_serial_sequence('\($0.key)', '\($0.value)'), greatest(1, (SELECT max(\($0.value)) FROM \($0.key))));"
                        }.joined(separator: "\n"))
                        SELECT setval(pg_get_serial_sequence('tasks', 'key'), greatest(1, (SELECT max(key) FROM tasks)));
                        SELECT setval(pg_get_serial_sequence('report_log', 'id'), greatest(1, (SELECT max(id) FROM report_log)));
                        """)
                }
            }
        }
        progress?("analyze")
        _ = try store.run { try $0.exec("ANALYZE") }
        return summary
    }
}

extension PostgresStore {
    /// What `init` did.
    public struct InitSummary: Sendable {
        public var createdSchema: Bool
        public var units: Int
        public var metrics: Int
    }

    /// Creates the schema when missing and loads the reference data (kept when already there): what
    /// `nq57 init --db postgresql://…` does, and every writing command starts with.
    @discardableResult
    public func initialize(techGroupsFile: String? = nil) throws -> InitSummary {
        let created = try createSchema()
        let counts = try PostgresCopy.withReferenceFile(techGroupsFile: techGroupsFile) { path in
            try PostgresCopy.openSource(path).read { db in
                try run { pg in
                    try pg.transaction {
                        // Tasks another program inserted since: their titles folded for the go-to look-up.
                        try foldPendingTitles(pg)
                        // The holidays as SQLite's `init` keeps them: loaded once, and replaced only when
                        // the shipped reference data changed (then every deadline moves with them); a
                        // list imported with `proposal holidays --import` stays otherwise.
                        let shipped = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'reference'")
                        let stored = try pg.exec("SELECT value FROM meta WHERE key = 'reference'")
                        let reload = try stored.rows == 0 || stored.text(0, 0) != shipped
                            || !pg.exec("SELECT EXISTS (SELECT 1 FROM holidays)").bool(0, 0)
                        let counts = try PostgresCopy.copyReference(db, to: pg, skipping: reload ? [] : ["holidays"])
                        if reload, let holidays = PostgresCopy.reference.first(where: { $0.name == "holidays" }) {
                            try pg.exec("DELETE FROM holidays")
                            _ = try PostgresCopy.stream(db, holidays, to: pg)
                            if let shipped {
                                try pg.exec("INSERT INTO meta (key, value) VALUES ('reference', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [shipped])
                            }
                            _ = try Self.recomputeDueDays(pg)
                        }
                        return counts
                    }
                }
            }
        }
        return InitSummary(createdSchema: created, units: counts.units, metrics: counts.metrics)
    }
}

extension PostgresCopy {
    /// Copies a whole PostgreSQL database into a SQLite file that holds no tasks yet (made and
    /// initialised when missing), in one SQLite transaction. Tasks come with their maintained state
    /// (the counts follow by the SQLite triggers, task by task); the per-report fold is set aside
    /// while the history is loaded, as `nq57 demo` does, and put back before the commit.
    public static func postgresToSQLite(from store: PostgresStore, to path: String, progress: ((String) -> Void)? = nil) throws -> Summary {
        let sqlite = try SQLiteStore(path: path)
        try sqlite.initialize()
        let existing = try sqlite.size().tasks
        if existing > 0 { throw NQ57Error(.badData, "\(path): holds \(existing) tasks already; copy into a new database") }
        var config = Configuration()
        config.busyMode = .timeout(5)
        config.label = "nq57-copy"
        let queue = try DatabaseQueue(path: path, configuration: config)
        var summary = Summary()
        try store.run { pg in
            try pg.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            defer { _ = try? pg.exec("ROLLBACK") }
            try queue.write { db in
                /// Streams a PostgreSQL query into an SQLite insert, 20,000 rows a fetch.
                func pour(_ select: String, into insert: String) throws -> Int {
                    try pg.exec("DECLARE nq57_copy NO SCROLL CURSOR FOR \(select)")
                    defer { _ = try? pg.exec("CLOSE nq57_copy") }
                    let statement = try db.makeStatement(sql: insert)
                    var n = 0
                    while true {
                        let r = try pg.exec("FETCH 20000 FROM nq57_copy")
                        if r.rows == 0 { break }
                        for i in 0..<r.rows {
                            let values: [(any DatabaseValueConvertible)?] = (0..<r.columns).map { r.optionalText(i, $0) }
                            try statement.execute(arguments: StatementArguments(values))
                        }
                        n += r.rows
                    }
                    return n
                }
                // The reference rows `initialize` put there take the copy's short names, Vietnamese sources and
                // figures' catalogue; the technology groups are the copy's (the target holds no task yet).
                summary.units = try pour("""
                    SELECT code, level, name, kind, kind_vi, parent_code, province_code, position, short_vi, short_en FROM units
                    ORDER BY parent_code IS NOT NULL, code
                    """, into: """
                    INSERT INTO units (code, level, name, kind, kind_vi, parent_code, province_code, position, short_vi, short_en)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET short_vi = excluded.short_vi, short_en = excluded.short_en
                    """)
                try db.execute(sql: "DELETE FROM tech_groups")
                _ = try pour("SELECT id, name_vi, name_en, product_groups, verified, position, short_vi, short_en FROM tech_groups ORDER BY id", into: """
                    INSERT INTO tech_groups (id, name_vi, name_en, product_groups, verified, position, short_vi, short_en)
                    VALUES (CAST(? AS INTEGER), ?, ?, CAST(? AS INTEGER), ?, CAST(? AS INTEGER), ?, ?)
                    """)
                summary.metrics = try pour("SELECT key, value::text, as_of::text, qualifier, source, source_vi FROM metrics ORDER BY id", into: """
                    INSERT INTO metrics (key, value, as_of, qualifier, source, source_vi) VALUES (?, CAST(? AS REAL), ?, ?, ?, ?)
                    ON CONFLICT (key, as_of, source) DO UPDATE SET source_vi = excluded.source_vi
                    """)
                _ = try pour("SELECT key, name_vi, name_en, short_vi, short_en, position FROM metric_catalogue ORDER BY key", into: """
                    INSERT INTO metric_catalogue (key, name_vi, name_en, short_vi, short_en, position) VALUES (?, ?, ?, ?, ?, CAST(? AS INTEGER))
                    ON CONFLICT (key) DO UPDATE SET name_vi = excluded.name_vi, name_en = excluded.name_en, short_vi = excluded.short_vi,
                        short_en = excluded.short_en, position = excluded.position
                    """)
                // The holidays the copy's answer deadlines were counted with (`proposal holidays --import`).
                try db.execute(sql: "DELETE FROM holidays")
                _ = try pour("SELECT day::text, kind, name_vi, name_en, source, verified FROM holidays ORDER BY day",
                             into: "INSERT INTO holidays (day, kind, name_vi, name_en, source, verified) VALUES (?, ?, ?, ?, ?, ?)")
                _ = try pour("SELECT key, value FROM meta WHERE key IN ('demo', 'demo_reports', 'catalogue_source', 'demo_inspections', 'returned_warning_days')",
                             into: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")
                // The fold of each report, and the guards that judge an inspection or a status move against
                // the present, set aside while the consistent history is loaded; put back before the commit.
                let setAside = ["reports_state", "report_log_check", "inspection_log_guard", "inspection_log_state", "proposals_guard",
                                "proposal_log_guard", "proposal_log_state"]
                let triggers = try setAside.compactMap { name in
                    try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", arguments: [name])
                }
                for name in setAside { try db.execute(sql: "DROP TRIGGER IF EXISTS \(name)") }
                progress?("tasks")
                summary.tasks = try pour("""
                    SELECT key, id, title, plan, area, tech_group, level, unit_code, deadline::text, demo::integer, status, progress,
                           reported_at, completed_on::text, verdict, verified_at FROM tasks ORDER BY key
                    """, into: """
                    INSERT INTO tasks (key, id, title, plan, area, tech_group, level, unit_code, deadline, demo, status, progress, reported_at, completed_on,
                                       verdict, verified_at)
                    VALUES (?, ?, ?, ?, CAST(? AS INTEGER), CAST(? AS INTEGER), ?, ?, ?, CAST(? AS INTEGER), ?, CAST(? AS INTEGER), CAST(? AS INTEGER), ?,
                            ?, CAST(? AS INTEGER))
                    """)
                progress?("reports")
                summary.reports = try pour("SELECT id, task_key, reported_at, status, progress, note, reported_by FROM report_log ORDER BY id", into: """
                    INSERT INTO report_log (id, task_key, reported_at, status, progress, note, reported_by)
                    VALUES (CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS INTEGER), ?, CAST(? AS INTEGER), ?, ?)
                    """)
                progress?("inspections and proposals")
                summary.inspections = try pour("""
                    SELECT id, task_key, inspected_at, verdict, reason, inspected_by, evidence FROM inspection_log ORDER BY id
                    """, into: """
                    INSERT INTO inspection_log (id, task_key, inspected_at, verdict, reason, inspected_by, evidence)
                    VALUES (CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS INTEGER), ?, ?, ?, ?)
                    """)
                summary.proposals = try pour("""
                    SELECT key, id, received_at, kind, submitter_kind, field, title, summary, folded, due_on::text, body_code, status, status_at,
                           answered_at, duplicate_of, demo::integer FROM proposals ORDER BY key
                    """, into: """
                    INSERT INTO proposals (key, id, received_at, kind, submitter_kind, field, title, summary, folded, due_on, body_code, status,
                                           status_at, answered_at, duplicate_of, demo)
                    VALUES (CAST(? AS INTEGER), ?, CAST(? AS INTEGER), ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS INTEGER), CAST(? AS INTEGER), ?, CAST(? AS INTEGER))
                    """)
                _ = try pour("SELECT id, proposal_key, at, status, body_code, note, by FROM proposal_log ORDER BY id", into: """
                    INSERT INTO proposal_log (id, proposal_key, at, status, body_code, note, by)
                    VALUES (CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS INTEGER), ?, ?, ?, ?)
                    """)
                // Contact details only for an account that may read them (intake, admin, the owner).
                if try pg.exec("SELECT has_table_privilege('proposal_contacts', 'SELECT')").bool(0, 0) {
                    _ = try pour("SELECT proposal_key, name, address, phone, email, id_number FROM proposal_contacts ORDER BY proposal_key", into: """
                    INSERT INTO proposal_contacts (proposal_key, name, address, phone, email, id_number) VALUES (CAST(? AS INTEGER), ?, ?, ?, ?, ?)
                    """)
                } else {
                    summary.leftBehind.append("the submitters' contact details (this account may not read them)")
                }
                for sql in triggers { try db.execute(sql: sql) }
            }
        }
        return summary
    }
}
