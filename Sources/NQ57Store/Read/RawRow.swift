import GRDB
import GRDBSQLite

/// The total accessors of `TotalRow.swift` (what a reader may ask of a stored value, never trapping),
/// shared by GRDB's `Row` and by `RawRow` (a row read straight from the SQLite C API), so one decoding
/// function serves both.
protocol TotalColumns {
    func text(_ i: Int) -> String
    func optionalText(_ i: Int) -> String?
    func int64(_ i: Int) -> Int64
    func int64(_ i: Int, in range: ClosedRange<Int64>) -> Int64
    func optionalInt64(_ i: Int) -> Int64?
    func int(_ i: Int) -> Int
    func int(_ i: Int, in range: ClosedRange<Int>) -> Int
    func optionalInt(_ i: Int) -> Int?
    func count(_ i: Int) -> Int
    func double(_ i: Int) -> Double
}

extension Row: TotalColumns {}

/// The current row of a `RawStatement`, decoded as `Row`'s total accessors decode (same value for any
/// stored value: text up to its first NUL with bad UTF-8 repaired, a BLOB's bytes as text, numbers
/// from text or reals clamped), without making a GRDB `Row` and a `DatabaseValue` per column: the
/// overview reads a few hundred list rows on every refresh.
struct RawRow: TotalColumns {
    let handle: OpaquePointer

    private func type(_ i: Int) -> Int32 { sqlite3_column_type(handle, Int32(i)) }

    func text(_ i: Int) -> String {
        let c = Int32(i)
        switch sqlite3_column_type(handle, c) {
        case SQLITE_TEXT:
            // GRDB reads text as a C string (up to the first NUL), bad UTF-8 repaired.
            guard let p = sqlite3_column_text(handle, c) else { return "" }
            return String(cString: p)
        case SQLITE_BLOB:
            let n = Int(sqlite3_column_bytes(handle, c))
            guard n > 0, let p = sqlite3_column_blob(handle, c) else { return "" }
            return String(decoding: UnsafeRawBufferPointer(start: p, count: n), as: UTF8.self)
        case SQLITE_INTEGER: return String(sqlite3_column_int64(handle, c))
        case SQLITE_FLOAT: return String(sqlite3_column_double(handle, c))
        default: return ""
        }
    }

    func optionalText(_ i: Int) -> String? {
        type(i) == SQLITE_NULL ? nil : text(i)
    }

    func int64(_ i: Int) -> Int64 {
        let c = Int32(i)
        switch sqlite3_column_type(handle, c) {
        case SQLITE_INTEGER: return sqlite3_column_int64(handle, c)
        case SQLITE_FLOAT: return Row.clamped(sqlite3_column_double(handle, c))
        case SQLITE_TEXT:
            let s = text(i)
            return Int64(s) ?? Double(s).map(Row.clamped) ?? 0
        default: return 0
        }
    }

    func int64(_ i: Int, in range: ClosedRange<Int64>) -> Int64 {
        Swift.min(Swift.max(int64(i), range.lowerBound), range.upperBound)
    }

    func optionalInt64(_ i: Int) -> Int64? {
        type(i) == SQLITE_NULL ? nil : int64(i)
    }

    func int(_ i: Int) -> Int { Int(int64(i)) }

    func int(_ i: Int, in range: ClosedRange<Int>) -> Int {
        Int(int64(i, in: Int64(range.lowerBound) ... Int64(range.upperBound)))
    }

    func optionalInt(_ i: Int) -> Int? {
        type(i) == SQLITE_NULL ? nil : int(i)
    }

    func count(_ i: Int) -> Int { int(i, in: 0 ... Row.maxCount) }

    func double(_ i: Int) -> Double {
        let c = Int32(i)
        switch sqlite3_column_type(handle, c) {
        case SQLITE_INTEGER: return Double(sqlite3_column_int64(handle, c))
        case SQLITE_FLOAT: return sqlite3_column_double(handle, c)
        case SQLITE_TEXT: return Double(text(i)) ?? 0
        default: return 0
        }
    }
}

extension RawStatement {
    /// The connection's cached statement for `sql` (prepared once per connection, as
    /// `db.cachedStatement`), reset with no bindings.
    static func cached(_ db: Database, sql: String) throws -> RawStatement {
        try RawStatement(db.cachedStatement(sql: sql), db)
    }

    /// The current row (after `next` returned true).
    var row: RawRow { RawRow(handle: sqliteHandle) }

    /// Binds `values` from parameter 1 on: text, whole numbers, or NULL for nil.
    @discardableResult
    func binding(_ values: RawValue...) -> RawStatement {
        for (i, v) in values.enumerated() {
            let index = Int32(i + 1)
            switch v {
            case .text(let s): bind(index, s)
            case .int(let n): bind(index, n)
            case .null: bindNull(index)
            }
        }
        return self
    }

    /// Every row, each mapped by `transform` as it is stepped to.
    func mapRows<T>(_ transform: (RawRow) throws -> T) throws -> [T] {
        var out: [T] = []
        let r = row
        do {
            while try next() { out.append(try transform(r)) }
        } catch {
            reset()
            throw error
        }
        return out
    }

    /// Calls `body` with every row.
    func forEach(_ body: (RawRow) throws -> Void) throws {
        let r = row
        do {
            while try next() { try body(r) }
        } catch {
            reset()
            throw error
        }
    }

    /// The first row mapped by `transform`, or nil when there is none; the statement is reset.
    func first<T>(_ transform: (RawRow) throws -> T) throws -> T? {
        defer { reset() }
        return try next() ? try transform(row) : nil
    }
}

/// A value to bind to a `RawStatement`.
enum RawValue {
    case text(String)
    case int(Int64)
    case null
}
