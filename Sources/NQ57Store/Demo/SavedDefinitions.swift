import GRDB

/// Indexes and triggers as a database file defines them (`sqlite_master`), read before a bulk load drops
/// them and recreated afterwards from their own SQL: whatever a migration made them, the load carries.
struct SavedDefinitions {
    struct Item {
        var type: String
        var name: String
        var sql: String
    }

    /// In `sqlite_master` order (creation order).
    var indexes: [Item]
    var triggers: [Item]

    /// Every index with SQL (not those of UNIQUE or PRIMARY KEY constraints) on `tables`, and the
    /// triggers named (those that exist).
    static func read(_ db: Database, indexesOn tables: [String], triggers names: [String]) throws -> SavedDefinitions {
        func items(_ sql: String, _ arguments: [String]) throws -> [Item] {
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map {
                Item(type: $0.text(0), name: $0.text(1), sql: $0.text(2))
            }
        }
        let marks = { (n: Int) in Array(repeating: "?", count: n).joined(separator: ", ") }
        return SavedDefinitions(
            indexes: try items("""
                SELECT type, name, sql FROM sqlite_master
                WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (\(marks(tables.count))) ORDER BY rowid
                """, tables),
            triggers: try items("""
                SELECT type, name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (\(marks(names.count))) ORDER BY rowid
                """, names))
    }

    func dropIndexes(_ db: Database) throws {
        for i in indexes { try db.execute(sql: "DROP INDEX IF EXISTS \(i.name.quotedDatabaseIdentifier)") }
    }

    func dropTriggers(_ db: Database) throws {
        for t in triggers { try db.execute(sql: "DROP TRIGGER IF EXISTS \(t.name.quotedDatabaseIdentifier)") }
    }

    func createIndexes(_ db: Database) throws {
        for i in indexes { try db.execute(sql: i.sql) }
    }

    /// Recreates the triggers whose name passes `include`.
    func createTriggers(_ db: Database, where include: (String) -> Bool = { _ in true }) throws {
        for t in triggers where include(t.name) { try db.execute(sql: t.sql) }
    }
}
