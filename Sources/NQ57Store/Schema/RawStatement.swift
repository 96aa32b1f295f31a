import GRDB
import GRDBSQLite

/// A prepared statement driven through the SQLite C API, for the bulk loops (demo, import) where
/// building GRDB `StatementArguments` or `Row`s for every row would cost more than the work itself.
/// Owned by a GRDB `Statement`, so GRDB finalizes it; used inside one transaction.
struct RawStatement {
    private let statement: Statement
    private let handle: OpaquePointer
    private let connection: OpaquePointer?

    init(_ db: Database, sql: String) throws {
        try self.init(db.makeStatement(sql: sql), db)
    }

    /// Drives `statement` (of `db`) from its start, with no bindings.
    init(_ statement: Statement, _ db: Database) {
        self.statement = statement
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// The SQLite statement, for `RawRow`.
    var sqliteHandle: OpaquePointer { handle }

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

    /// Binds text that stays where it is until the statement has run (`SQLITE_STATIC`: not copied).
    func bindStatic(_ index: Int32, _ text: UnsafeBufferPointer<UInt8>) {
        // SQLite takes a NULL address as NULL, not as "".
        guard let base = text.baseAddress else { return bindStatic(index, "") }
        base.withMemoryRebound(to: CChar.self, capacity: text.count) { c in
            _ = sqlite3_bind_text(handle, index, c, Int32(text.count), nil)
        }
    }

    /// Binds a constant (`SQLITE_STATIC`: not copied).
    func bindStatic(_ index: Int32, _ text: StaticString) {
        UnsafeRawPointer(text.utf8Start).withMemoryRebound(to: CChar.self, capacity: max(1, text.utf8CodeUnitCount)) { c in
            _ = sqlite3_bind_text(handle, index, c, Int32(text.utf8CodeUnitCount), nil)
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

    /// Steps to the next row: true when there is one (read it with `int64` and `text`), false when done
    /// (the statement is then reset). Throws the SQLite error.
    func next() throws -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        sqlite3_reset(handle)
        if rc != SQLITE_DONE {
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(connection)))
        }
        return false
    }

    /// Ends a read early (before `next` returned false).
    func reset() {
        sqlite3_reset(handle)
    }

    /// True when column `index` (from 0) of the current row is NULL.
    func isNull(_ index: Int32) -> Bool {
        sqlite3_column_type(handle, index) == SQLITE_NULL
    }

    /// Column `index` (from 0) of the current row.
    func int64(_ index: Int32) -> Int64 {
        sqlite3_column_int64(handle, index)
    }

    /// Column `index` (from 0) of the current row as text ("" for NULL).
    func text(_ index: Int32) -> String {
        guard let p = sqlite3_column_text(handle, index) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, index))), as: UTF8.self)
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
