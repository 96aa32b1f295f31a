import CLibpq
import Foundation
import NQ57Core

/// What the PostgreSQL store refuses or fails at; thrown as `NQ57Error(reason)`, one line each.
public enum PostgresError: ErrorReason, Hashable {
    /// The server could not be reached or refused the login. `server` is the URL without its password.
    case connect(server: String, reason: String)
    /// A statement failed: the server's message, its SQLSTATE and detail when it gave them.
    case statement(message: String, sqlState: String, detail: String)
    /// The connection dropped, or a result could not be read.
    case connection(server: String, reason: String)
    /// The database has no nq57 schema yet.
    case notInitialised(server: String)
    case unsupported(String)

    public var kind: NQ57Error.Kind {
        switch self {
        case .statement(_, let state, _):
            // Class 22 (data exception) and 23 (integrity constraint violation), and raised exceptions
            // (P0001: the schema's triggers) and privilege refusals (42501) are about the data given.
            state.hasPrefix("22") || state.hasPrefix("23") || state == "P0001" || state == "42501" ? .badData : .io
        case .unsupported: .usage
        default: .io
        }
    }

    public var message: String {
        switch self {
        case .connect(let server, let reason): "\(server): cannot connect: \(reason)"
        case .statement(let message, let state, let detail):
            "PostgreSQL: \(message)" + (detail.isEmpty ? "" : " (\(detail))") + (state.isEmpty ? "" : " [\(state)]")
        case .connection(let server, let reason): "\(server): connection lost: \(reason)"
        case .notInitialised(let server): "\(server): no nq57 schema in this database: run nq57 init --db \(server)"
        case .unsupported(let what): what
        }
    }

    /// The SQLSTATE of a refused statement, for tests and callers matching on it.
    public var sqlState: String? {
        if case .statement(_, let state, _) = self { return state }
        return nil
    }
}

/// One line of a libpq message: its lines joined, without the trailing newline.
func oneLine(_ s: String) -> String {
    s.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "; ")
}

/// A connection URL as it may be shown: without the password.
public func redactedURL(_ url: String) -> String {
    guard var c = URLComponents(string: url) else { return url.contains("@") ? "postgresql://…" : url }
    if c.password != nil { c.password = "***" }
    return c.string ?? url
}

/// One libpq connection, synchronous, used from one thread at a time (as `SQLiteStore` is).
///
/// Every parameter and result goes as text; results are read through total accessors that never
/// trap (a value that does not parse is nil, as `TotalRow` does for SQLite).
public final class PGConnection {
    let conn: OpaquePointer
    /// The URL without its password, for messages.
    public let server: String
    /// Statements sent on this connection (for tests: an idle dashboard sends none).
    public private(set) var statementsSent = 0
    /// True once `LISTEN nq57_change` was sent on this connection.
    var listening = false
    /// True when the server is a hot standby (read-only, in recovery).
    var isStandby = false

    public init(url: String) throws {
        server = redactedURL(url)
        if let problem = nq57_libpq_problem() { throw PostgresError.connect(server: server, reason: String(cString: problem)).error }
        // TCP keepalives, so that a connection dropped without a word (a cable, a NAT, a server gone)
        // fails the dashboard's next read of its socket within about 40 s instead of the system's two
        // hours, with no statement sent: an idle dashboard asks the server nothing. Before the URL, so
        // that keepalive settings in the URL win (libpq: the last value of a keyword is used).
        let keywords = Self.keepalives.map(\.key) + ["dbname"], values = Self.keepalives.map(\.value) + [url]
        let c = withCStrings(keywords) { k in withCStrings(values) { v in PQconnectdbParams(k, v, 1) } }
        guard let c else { throw PostgresError.connect(server: server, reason: "out of memory").error }
        guard PQstatus(c) == CONNECTION_OK else {
            let reason = oneLine(String(cString: PQerrorMessage(c)))
            PQfinish(c)
            throw PostgresError.connect(server: server, reason: reason).error
        }
        conn = c
        // Dates as YYYY-MM-DD, UTF-8, no notices on standard error, and no JIT: its compile time is worth it
        // for long analytic queries, not for a dashboard's short ones.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        try exec("SET client_encoding = 'UTF8'; SET datestyle = 'ISO, YMD'; SET TimeZone = 'UTC'; SET client_min_messages = warning; SET jit = off")
    }

    /// libpq's keepalive settings for every connection: first probe after 20 s of silence, then every
    /// 5 s, the connection given up after 4 unanswered probes.
    static let keepalives: KeyValuePairs<String, String> = ["keepalives": "1", "keepalives_idle": "20",
                                                             "keepalives_interval": "5", "keepalives_count": "4"]

    deinit { PQfinish(conn) }

    /// True while the connection is up (libpq's view: after a failed call it may say otherwise).
    public var isUp: Bool { PQstatus(conn) == CONNECTION_OK }

    /// Runs one statement (with `$1`… parameters, text; nil is NULL) or, without parameters, several.
    @discardableResult
    public func exec(_ sql: String, _ params: [String?] = []) throws -> PGResult {
        // A C string ends at NUL: a value holding one would be stored cut short. PostgreSQL text
        // cannot hold it anyway; refuse it whole.
        if params.contains(where: { $0?.utf8.contains(0) == true }) {
            throw NQ57Error(.badData, "a value holds a NUL character, which PostgreSQL text cannot hold; nothing was written")
        }
        statementsSent += 1
        let result: OpaquePointer?
        if params.isEmpty {
            result = PQexec(conn, sql)
        } else {
            let copies = params.map { $0.map { strdup($0) } ?? nil }
            defer { copies.forEach { free($0) } }
            let pointers = copies.map { UnsafePointer<CChar>($0) }
            result = pointers.withUnsafeBufferPointer { values in
                PQexecParams(conn, sql, Int32(params.count), nil, values.baseAddress, nil, nil, 0)
            }
        }
        return try check(result)
    }

    func check(_ result: OpaquePointer?) throws -> PGResult {
        guard let result else {
            throw PostgresError.connection(server: server, reason: oneLine(String(cString: PQerrorMessage(conn)))).error
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_COPY_IN, PGRES_EMPTY_QUERY:
            return PGResult(result)
        default:
            defer { PQclear(result) }
            func field(_ code: Character) -> String {
                PQresultErrorField(result, Int32(code.asciiValue!)).map { String(cString: $0) } ?? ""
            }
            let message = field("M")
            if message.isEmpty {
                throw PostgresError.connection(server: server, reason: oneLine(String(cString: PQerrorMessage(conn)))).error
            }
            throw PostgresError.statement(message: oneLine(message), sqlState: field("C"), detail: oneLine(field("D"))).error
        }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try exec("BEGIN")
        do {
            let value = try body()
            try exec("COMMIT")
            return value
        } catch {
            _ = PQexec(conn, "ROLLBACK").map { PQclear($0) }
            throw error
        }
    }

    /// `COPY … FROM STDIN` (text format): `produce` writes rows into a `CopyRows`, sent in 1 MB chunks.
    /// Rolling back is the caller's transaction's business.
    public func copyIn(_ sql: String, _ produce: (CopyRows) throws -> Void) throws {
        try exec(sql).clear()
        var failure: Error?
        let rows = CopyRows { bytes in
            guard failure == nil, !bytes.isEmpty else { return }
            let ok = bytes.withUnsafeBufferPointer { b in
                b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: b.count) { PQputCopyData(self.conn, $0, Int32(b.count)) }
            }
            if ok != 1 { failure = PostgresError.connection(server: self.server, reason: oneLine(String(cString: PQerrorMessage(self.conn)))).error }
        }
        do {
            try produce(rows)
            rows.flush()
        } catch {
            _ = PQputCopyEnd(conn, "nq57: copy abandoned")
            while let r = PQgetResult(conn) { PQclear(r) }
            throw error
        }
        if let failure { throw failure }
        guard PQputCopyEnd(conn, nil) == 1 else {
            throw PostgresError.connection(server: server, reason: oneLine(String(cString: PQerrorMessage(conn)))).error
        }
        var firstError: Error?
        while let r = PQgetResult(conn) {
            do { try check(r).clear() } catch { if firstError == nil { firstError = error } }
        }
        if let firstError { throw firstError }
    }

    // MARK: - LISTEN / NOTIFY

    /// The socket to wait on for notifications, -1 when the connection is down.
    public var socket: Int32 { PQsocket(conn) }

    /// Reads what the server sent and returns the channels notified since the last call. Throws when
    /// the connection is lost.
    public func notifications() throws -> [String] {
        guard PQconsumeInput(conn) == 1 else {
            throw PostgresError.connection(server: server, reason: oneLine(String(cString: PQerrorMessage(conn)))).error
        }
        return queuedNotifications()
    }

    /// The channels of the notifications libpq has already read (with a statement's answer) and
    /// queued; reads nothing from the socket.
    public func queuedNotifications() -> [String] {
        var channels: [String] = []
        while let n = PQnotifies(conn) {
            channels.append(String(cString: n.pointee.relname))
            PQfreemem(n)
        }
        return channels
    }
}

/// A result: rows of text values, read through accessors that never trap.
public final class PGResult {
    private var result: OpaquePointer?
    public let rows: Int
    public let columns: Int

    init(_ result: OpaquePointer) {
        self.result = result
        rows = Int(PQntuples(result))
        columns = Int(PQnfields(result))
    }

    deinit { clear() }

    func clear() {
        if let result { PQclear(result) }
        result = nil
    }

    /// The value at (row, column) as text; nil for NULL or out of range.
    public func optionalText(_ row: Int, _ column: Int) -> String? {
        guard let result, row >= 0, row < rows, column >= 0, column < columns, PQgetisnull(result, Int32(row), Int32(column)) == 0 else { return nil }
        return String(cString: PQgetvalue(result, Int32(row), Int32(column)))
    }

    public func text(_ row: Int, _ column: Int) -> String { optionalText(row, column) ?? "" }

    public func optionalInt64(_ row: Int, _ column: Int) -> Int64? { optionalText(row, column).flatMap { Int64($0) } }

    public func int64(_ row: Int, _ column: Int) -> Int64 { optionalInt64(row, column) ?? 0 }

    public func optionalInt(_ row: Int, _ column: Int) -> Int? { optionalText(row, column).flatMap { Int($0) } }

    /// A whole number clamped to `range` (0 when NULL or not a number).
    public func int(_ row: Int, _ column: Int, in range: ClosedRange<Int> = Int.min...Int.max) -> Int {
        min(max(optionalInt(row, column) ?? 0, range.lowerBound), range.upperBound)
    }

    /// A count: a whole number from 0 on.
    public func count(_ row: Int, _ column: Int) -> Int { int(row, column, in: 0...Int(Int32.max)) }

    public func double(_ row: Int, _ column: Int) -> Double {
        optionalText(row, column).flatMap { Double($0) }.flatMap { $0.isFinite ? $0 : nil } ?? 0
    }

    public func bool(_ row: Int, _ column: Int) -> Bool { optionalText(row, column) == "t" }
}

/// Rows for `COPY … FROM STDIN` in its text format: fields separated by tabs, `\N` for NULL, and
/// backslash, tab, newline and carriage return escaped.
public final class CopyRows {
    private var buffer: [UInt8] = []
    private var atRowStart = true
    private let send: ([UInt8]) -> Void

    init(send: @escaping ([UInt8]) -> Void) {
        self.send = send
        buffer.reserveCapacity(1 << 20 + 1 << 16)
    }

    private func separate() {
        if !atRowStart { buffer.append(9) }
        atRowStart = false
    }

    public func null() {
        separate()
        buffer.append(contentsOf: [92, 78])
    }

    public func bytes(_ p: UnsafePointer<UInt8>, _ count: Int) {
        separate()
        // Most values need no escape: a scan in C, then one append.
        var clean = true
        for special: UInt8 in [92, 9, 10, 13] where memchr(p, Int32(special), count) != nil {
            clean = false
            break
        }
        if clean { return buffer.append(contentsOf: UnsafeBufferPointer(start: p, count: count)) }
        for i in 0..<count {
            let b = p[i]
            switch b {
            case 92: buffer.append(contentsOf: [92, 92])
            case 9: buffer.append(contentsOf: [92, 116])
            case 10: buffer.append(contentsOf: [92, 110])
            case 13: buffer.append(contentsOf: [92, 114])
            default: buffer.append(b)
            }
        }
    }

    public func text(_ value: String?) {
        guard var s = value else { return null() }
        s.withUTF8 { u in
            if let base = u.baseAddress { bytes(base, u.count) } else { separate() }
        }
    }

    /// Ends a row; sends the buffer when it holds 1 MB.
    public func endRow() {
        buffer.append(10)
        atRowStart = true
        if buffer.count >= 1 << 20 { flush() }
    }

    /// A row of text fields (nil is NULL).
    public func row(_ fields: [String?]) {
        for f in fields { text(f) }
        endRow()
    }

    func flush() {
        send(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// `body` with `strings` as a NULL-terminated array of C strings (libpq's keyword and value arrays).
private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    let array: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } } + [nil]
    return array.withUnsafeBufferPointer { body($0.baseAddress!) }
}
