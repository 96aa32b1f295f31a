import GRDB
import NQ57Core

/// Migration 9: the tables v5 left open to any value (the counts, `meta`, the units' and groups'
/// positions and parents) refuse what no writer may put there, with the rule's name.
///
/// The counts tables get CHECK constraints rather than triggers: every report that moves a task
/// updates them, and a CHECK is a few comparisons on the row being written, where a trigger is a
/// program run per row. `state_counts` holds whole numbers of at most 10^9 in size with `total` their
/// sum; `open_by_deadline` whole numbers of at most 10^9 in size on a day (see `inRange` for why not
/// only ≥ 0).
/// Both are rebuilt from the tasks on the way, so a count tampered before v9 is repaired.
///
/// `meta` holds text (at most 4,096 characters, no NUL) and `demo_reports` a whole number. `units`,
/// `tech_groups`: positions whole numbers, parent and province codes text or NULL (triggers: these
/// tables are written once, by `init`).
extension Schema {
    static let v9 = "v9-guards"

    static let scopes = "(scope = 'level' OR scope = 'province' OR scope = 'unit' OR scope = 'group')"

    static let v9SQL = """
        CREATE TABLE state_counts_v9 (
            scope TEXT NOT NULL,
            key TEXT NOT NULL,
            total INTEGER NOT NULL DEFAULT 0,
            done_on_time INTEGER NOT NULL DEFAULT 0,
            done_late INTEGER NOT NULL DEFAULT 0,
            open INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (scope, key),
            CONSTRAINT state_counts_scope CHECK (\(scopes) AND typeof(key) = 'text'),
            CONSTRAINT state_counts_range CHECK (typeof(total) = 'integer' AND typeof(done_on_time) = 'integer'
                AND typeof(done_late) = 'integer' AND typeof(open) = 'integer'
                AND \(inRange("total")) AND \(inRange("done_on_time")) AND \(inRange("done_late")) AND \(inRange("open"))
                AND total = done_on_time + done_late + open)
        ) WITHOUT ROWID;
        CREATE TABLE open_by_deadline_v9 (
            scope TEXT NOT NULL,
            deadline TEXT NOT NULL,
            key TEXT NOT NULL,
            open INTEGER NOT NULL,
            PRIMARY KEY (scope, deadline, key),
            CONSTRAINT open_by_deadline_scope CHECK (\(scopes) AND typeof(key) = 'text'
                AND typeof(deadline) = 'text' AND deadline GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            CONSTRAINT open_by_deadline_range CHECK (typeof(open) = 'integer' AND \(inRange("open")))
        ) WITHOUT ROWID;
        DROP TABLE state_counts;
        DROP TABLE open_by_deadline;
        ALTER TABLE state_counts_v9 RENAME TO state_counts;
        ALTER TABLE open_by_deadline_v9 RENAME TO open_by_deadline;
        CREATE INDEX open_by_deadline_key ON open_by_deadline(scope, key, deadline);

        CREATE TABLE meta_v9 (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL,
            CONSTRAINT meta_text CHECK (typeof(key) = 'text' AND length(key) BETWEEN 1 AND 64
                AND typeof(value) = 'text' AND length(value) <= 4096 AND instr(CAST(value AS BLOB), x'00') = 0),
            CONSTRAINT meta_demo_reports CHECK (key <> 'demo_reports'
                OR (length(value) BETWEEN 1 AND 18 AND NOT value GLOB '*[^0-9]*'))
        ) WITHOUT ROWID;
        INSERT INTO meta_v9 (key, value)
            SELECT CAST(key AS TEXT), substr(replace(CAST(value AS TEXT), char(0), ''), 1, 4096) FROM meta
            WHERE typeof(key) = 'text' AND length(key) BETWEEN 1 AND 64
              AND (key <> 'demo_reports' OR (length(value) BETWEEN 1 AND 18 AND NOT value GLOB '*[^0-9]*'));
        DROP TABLE meta;
        ALTER TABLE meta_v9 RENAME TO meta;
        """

    /// More than the tasks any file holds, far below a sum that could overflow.
    static let maxStoredCount = 1_000_000_000

    /// A count's range. Negative too: SQLite checks a CHECK constraint on the row an upsert would
    /// insert before it turns into an update, and the triggers move a task out of a count by upserting
    /// -1 (a row that exists becomes its count minus one). A count below zero is still a wrong count:
    /// readers take it as 0 and `check` names it.
    static func inRange(_ column: String) -> String {
        "\(column) BETWEEN -\(maxStoredCount) AND \(maxStoredCount)"
    }

    static func shapeGuard(_ table: String, update: Bool, rule: String, _ condition: String) -> Trigger {
        let name = "\(table)_shape\(update ? "_update" : "")"
        return Trigger(name: name, sql: """
            CREATE TRIGGER \(name) BEFORE \(update ? "UPDATE" : "INSERT") ON \(table)
            BEGIN
            \(raise(rule, condition))
            END
            """)
    }

    static var v9Guards: [Trigger] {
        let codes = ["parent_code", "province_code"].map { badText("NEW.\($0)", maxCharacters: TechGroupValidator.maxNameLength, nullable: true) }
        return [false, true].flatMap { update in
            [shapeGuard("units", update: update, rule: "units_shape: position must be a whole number; parent_code and province_code text without NUL or NULL",
                        "typeof(NEW.position) <> 'integer' OR \(codes.joined(separator: " OR "))"),
             shapeGuard("tech_groups", update: update, rule: "tech_groups_shape: position must be a whole number",
                        "typeof(NEW.position) <> 'integer'")]
        }
    }

    /// A `demo_reports` that was not a number counted every report as real (CAST gives 0); dropped
    /// here, it still does: `nq57 demo` writes it again.
    static func migrateToV9(_ db: Database) throws {
        // The triggers that name the rebuilt tables go first: a rename checks every trigger's tables.
        // Those of other migrations (inspections, proposals) are put back as they were.
        let ours = Set((bulk + [openByDeadlinePrune] + v9Guards).map(\.name))
        let others = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
            .map { (name: $0.text(0), sql: $0.text(1)) }
            .filter { t in !ours.contains(t.name) && ["meta", "state_counts", "open_by_deadline"].contains { t.sql.contains($0) } }
        for t in others { try db.execute(sql: "DROP TRIGGER IF EXISTS \"\(t.name)\"") }
        try dropTriggers(db, bulk)
        try db.execute(sql: v9SQL)
        try Maintenance.rebuildCounts(db)
        try createTriggers(db, bulk + [openByDeadlinePrune] + v9Guards)
        for t in others { try db.execute(sql: t.sql) }
    }
}
