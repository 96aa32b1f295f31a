import GRDB

/// Issue 11 §6 and §8: short names are data, and reference data carries both languages.
///
/// - `units.short_vi`, `units.short_en`, `tech_groups.short_vi`, `tech_groups.short_en`: a name's
///   short form for narrow columns, empty where none is given (the screen then cuts the full name).
/// - `metrics.source_vi`: a figure's source in Vietnamese, empty when only one was given.
/// - `metric_catalogue(key, name_vi, name_en, short_vi, short_en, position)`: the figures' catalogue,
///   the keys `nq57 metric set` accepts. The shipped entries (`Reference/figure-catalogue.csv`) are
///   refreshed by `nq57 init`; a row added with `sqlite3` (see the README) is kept.
///
/// The reference files' fingerprint changed with them, so the next `nq57 init` (or any writing
/// command) fills the new columns of an existing database.
extension Schema {
    static let v14 = "v14-short-names"

    static let v14SQL = """
        ALTER TABLE units ADD COLUMN short_vi TEXT NOT NULL DEFAULT '';
        ALTER TABLE units ADD COLUMN short_en TEXT NOT NULL DEFAULT '';
        ALTER TABLE tech_groups ADD COLUMN short_vi TEXT NOT NULL DEFAULT '';
        ALTER TABLE tech_groups ADD COLUMN short_en TEXT NOT NULL DEFAULT '';
        ALTER TABLE metrics ADD COLUMN source_vi TEXT NOT NULL DEFAULT '';
        CREATE TABLE metric_catalogue (
            key TEXT PRIMARY KEY NOT NULL,
            name_vi TEXT NOT NULL,
            name_en TEXT NOT NULL,
            short_vi TEXT NOT NULL DEFAULT '',
            short_en TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 1000
        ) WITHOUT ROWID;
        """

    static func registerShortNames(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration(v14, foreignKeyChecks: .immediate) { db in
            try db.execute(sql: v14SQL)
            // Figures recorded before v14 under keys the catalogue will not hold stay readable: their
            // keys enter the catalogue with the key as the name, so nothing on screen changes for them.
            try db.execute(sql: """
                INSERT INTO metric_catalogue (key, name_vi, name_en)
                SELECT DISTINCT key, key, key FROM metrics WHERE typeof(key) = 'text'
                """)
            // The reference data is loaded again (new columns, the catalogue's names).
            try db.execute(sql: "DELETE FROM meta WHERE key = 'reference'")
        }
    }
}
