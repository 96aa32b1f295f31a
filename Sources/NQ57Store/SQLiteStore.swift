import Foundation
import GRDB
import GRDBSQLite
import NQ57Core

/// The nq57 database: reference data, tasks, the append-only report history and the counts the
/// dashboard reads, in one SQLite file (through GRDB, one connection).
///
/// Reads answer from state and counts that triggers keep up to date on every write (see `Schema`), so
/// a refresh reads a few hundred rows whatever the size of the history. Writes wait for the lock
/// (busy timeout 5 s) instead of failing while dashboards read; the file is in WAL mode so readers
/// never block the writer.
///
/// Errors are `NQ57Error`: `.badData` for bad input (exit 65), `.missingInput` for a missing input file
/// (66), `.io` for database and file trouble (74). A store is used from one thread at a time.
public final class SQLiteStore: DashboardSource {
    /// How the file is opened.
    public enum Access: Sendable, Hashable {
        /// Creates the file (mode 0600) and its directories when missing; WAL; may write.
        case readWrite
        /// `SQLITE_OPEN_READONLY`: never creates nor writes. A missing file is an error.
        case readOnly
    }

    /// The database file.
    public let path: String
    public let access: Access
    let queue: DatabaseQueue
    /// Commits made through this connection, which `PRAGMA data_version` does not count.
    private var ownCommits: Int64 = 0
    private var schemaReady = false
    /// The file's identity when opened, to notice it being removed or replaced.
    private let fileIdentity: FileIdentity?
    /// The overview's parts over rarely written tables, kept between refreshes (`OverviewParts`).
    var overviewParts = OverviewParts()

    /// Where the database lives by default: `$NQ57_DB`, else `$XDG_DATA_HOME/nq57/nq57.sqlite`, else
    /// `~/.local/share/nq57/nq57.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let p = environment["NQ57_DB"], !p.isEmpty { return p }
        if let x = environment["XDG_DATA_HOME"], !x.isEmpty { return x + "/nq57/nq57.sqlite" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/nq57/nq57.sqlite"
    }

    /// Opens (read-write: creating when missing) the database at `path`. Does not migrate: call
    /// `initialize` for that; other calls fail with "run nq57 init" until the schema is current.
    public init(path: String, access: Access = .readWrite) throws {
        self.path = path
        self.access = access
        try SharedAccess.check(path, write: access == .readWrite)
        if access == .readWrite {
            try FileSystem.createFileIfMissing(path)
        } else if !FileSystem.exists(path) {
            throw StoreError.noDatabase(path: path).error
        }
        var config = Configuration()
        config.label = "nq57"
        config.busyMode = .timeout(5)
        config.foreignKeysEnabled = true
        if access == .readOnly {
            config.readonly = true
        } else {
            config.journalMode = .wal
        }
        let writable = access == .readWrite
        let persistWAL = writable && SharedAccess.isShared(path)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -\(PageCache.defaultKiB)")
            if writable { try db.execute(sql: "PRAGMA synchronous = NORMAL") }
            // A shared file keeps its -wal and -shm when this connection closes: readers cannot make them.
            // The size limit has the last connection truncate the kept -wal to nothing.
            if persistWAL {
                var on: Int32 = 1
                _ = sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_PERSIST_WAL, &on)
                try db.execute(sql: "PRAGMA journal_size_limit = \(64 << 20)")
            }
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
        } catch {
            throw Self.describe(error, path: path)
        }
        fileIdentity = FileIdentity(path: path)
    }

    // MARK: - Change detection

    /// A number that changes whenever any process commits a change: `PRAGMA data_version` of this
    /// connection (other connections' commits) combined with this connection's own commits.
    ///
    /// Throws `.io` when the file has been removed or replaced since it was opened (open a new store
    /// then), so a live dashboard can show its data as stale.
    public func changeToken() throws -> Int64 {
        switch fileState() {
        case .same: return try dataVersion()
        case .replaced: throw StoreError.fileReplaced(path: path).error
        case .missing: throw StoreError.noDatabase(path: path).error
        }
    }

    /// `changeToken` without looking at the file: for `FollowingStore`, which has just done so.
    func dataVersion() throws -> Int64 {
        let version = try run { try queue.inDatabase { db in
            try Int64.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")) ?? 0
        } }
        return (ownCommits << 32) &+ version
    }

    enum FileState { case same, replaced, missing }

    /// Whether the path still names the file opened (one `stat`): the only such check.
    func fileState() -> FileState {
        guard let fileIdentity else { return .same }
        guard let now = FileIdentity(path: path), !now.isEmpty else { return .missing }
        return now == fileIdentity ? .same : .replaced
    }

    // MARK: - Plumbing

    /// Runs a read in one transaction, after checking the schema is current.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try run {
            try queue.read { db in
                try requireSchema(db)
                return try body(db)
            }
        }
    }

    /// Runs a write in one `BEGIN IMMEDIATE` transaction (waiting on the busy timeout for the lock),
    /// after checking the schema is current. Rolls back when `body` throws.
    ///
    /// With `foreignKeys: false`, foreign keys are off for this transaction only: for bulk loads whose
    /// data is consistent by construction.
    func write<T>(foreignKeys: Bool = true, _ body: (Database) throws -> T) throws -> T {
        guard access == .readWrite else { throw StoreError.readOnly(path: path).error }
        let result: T = try run {
            try queue.writeWithoutTransaction { db in
                try requireSchema(db)
                if !foreignKeys { try db.execute(sql: "PRAGMA foreign_keys = OFF") }
                defer { if !foreignKeys { try? db.execute(sql: "PRAGMA foreign_keys = ON") } }
                var value: T?
                try db.inTransaction(.immediate) {
                    value = try body(db)
                    // Titles written by this write, folded for the go-to look-up (`find_titles`).
                    try FindTitles.foldPending(db)
                    return .commit
                }
                return value!
            }
        }
        ownCommits += 1
        return result
    }

    /// Converts SQLite errors into one-line `NQ57Error`s naming the file.
    func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw Self.describe(error, path: path)
        }
    }

    static func describe(_ error: any Error, path: String) -> any Error {
        if error is NQ57Error { return error }
        if let e = error as? DatabaseError {
            let failure: StoreError.SQLiteFailure = switch e.resultCode {
            case .SQLITE_CONSTRAINT: .constraint
            case .SQLITE_NOTADB, .SQLITE_CORRUPT: .notADatabase
            case .SQLITE_BUSY, .SQLITE_LOCKED: .locked
            case .SQLITE_READONLY: .cannotWrite
            case .SQLITE_CANTOPEN: .cannotOpen
            default: .other
            }
            return StoreError.sqlite(path: path, failure, message: e.message ?? "\(e.resultCode)").error
        }
        return StoreError.sqlite(path: path, .other, message: "\(error)").error
    }

    private func requireSchema(_ db: Database) throws {
        if schemaReady { return }
        let migrator = Schema.migrator
        if try migrator.hasBeenSuperseded(db) {
            throw StoreError.newerSchema(path: path).error
        }
        guard try migrator.hasCompletedMigrations(db) else {
            throw StoreError.notInitialised(path: path).error
        }
        schemaReady = true
    }

    /// The schema versions applied to this file, oldest first (empty for a new file).
    public func appliedMigrations() throws -> [String] {
        try run { try queue.read { try Schema.migrator.appliedMigrations($0) } }
    }
}

