import GRDB
import GRDBSQLite

/// A prepared statement driven through the SQLite C API, for the bulk loops (demo, import) where
/// building GRDB `StatementArguments` for every row would cost more than the insert itself.
/// Owned by a GRDB `Statement`, so GRDB finalizes it; used inside one transaction.
struct RawStatement {
    private let statement: Statement
    private let handle: OpaquePointer
    private let connection: OpaquePointer?

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ index: Int32, _ value: String) {
        var value = value
        value.withUTF8 { p in
            p.withMemoryRebound(to: CChar.self) { c in
                // An empty buffer may have no address; SQLite takes NULL with length 0 as NULL, so use "".
                if let base = c.baseAddress {
                    _ = sqlite3_bind_text(handle, index, base, Int32(c.count), Self.transient)
                } else {
                    _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
                }
            }
        }
    }

    func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(handle, index, value)
    }

    func bind(_ index: Int32, _ value: Int) {
        sqlite3_bind_int64(handle, index, Int64(value))
    }

    func bindNull(_ index: Int32) {
        sqlite3_bind_null(handle, index)
    }

    /// Runs the statement once and resets it; throws the SQLite error.
    func run() throws {
        let rc = sqlite3_step(handle)
        if rc != SQLITE_DONE && rc != SQLITE_ROW {
            let message = String(cString: sqlite3_errmsg(connection))
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: message)
        }
        sqlite3_reset(handle)
    }
}
