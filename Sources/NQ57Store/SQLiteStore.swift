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
            throw NQ57Error(.io, "\(path): no database here; run nq57 init")
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
        if let fileIdentity, FileIdentity(path: path) != fileIdentity {
            throw NQ57Error(.io, FileSystem.exists(path)
                ? "\(path): the database file was replaced"
                : "\(path): no database here; run nq57 init")
        }
        let version = try run { try queue.inDatabase { db in
            try Int64.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")) ?? 0
        } }
        return (ownCommits << 32) &+ version
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
        guard access == .readWrite else { throw NQ57Error(.io, "\(path): opened read-only") }
        let result: T = try run {
            try queue.writeWithoutTransaction { db in
                try requireSchema(db)
                if !foreignKeys { try db.execute(sql: "PRAGMA foreign_keys = OFF") }
                defer { if !foreignKeys { try? db.execute(sql: "PRAGMA foreign_keys = ON") } }
                var value: T?
                try db.inTransaction(.immediate) {
                    value = try body(db)
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
            let message = e.message ?? "\(e.resultCode)"
            switch e.resultCode {
            case .SQLITE_CONSTRAINT:
                return NQ57Error(.badData, "\(path): \(message)")
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                return NQ57Error(.io, "\(path): not an nq57 database (\(message))")
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return NQ57Error(.io, "\(path): the database stayed locked past the busy timeout (\(message))")
            case .SQLITE_READONLY:
                return NQ57Error(.io, "\(path): cannot write (\(message))")
            case .SQLITE_CANTOPEN:
                return NQ57Error(.io, "\(path): cannot open the database (\(message))")
            default:
                return NQ57Error(.io, "\(path): \(message)")
            }
        }
        return NQ57Error(.io, "\(path): \(error)")
    }

    private func requireSchema(_ db: Database) throws {
        if schemaReady { return }
        let migrator = Schema.migrator
        if try migrator.hasBeenSuperseded(db) {
            throw NQ57Error(.io, "\(path): the database was made by a newer nq57")
        }
        guard try migrator.hasCompletedMigrations(db) else {
            throw NQ57Error(.io, "\(path): the database is not initialised or not up to date; run nq57 init")
        }
        schemaReady = true
    }

    /// The schema versions applied to this file, oldest first (empty for a new file).
    public func appliedMigrations() throws -> [String] {
        try run { try queue.read { try Schema.migrator.appliedMigrations($0) } }
    }
}

/// Device and inode of a file, to notice it being removed or replaced.
struct FileIdentity: Equatable {
    var device: UInt64
    var inode: UInt64

    init?(path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
    }
}

/// Small POSIX file helpers.
enum FileSystem {
    static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// Creates the file with mode 0600, and its missing parent directories with mode 0700.
    static func createFileIfMissing(_ path: String) throws {
        if exists(path) {
            if isDirectory(path) { throw NQ57Error(.io, "\(path): is a directory, not a database file") }
            return
        }
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty, !exists(dir) {
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw NQ57Error(.io, "\(dir): cannot create the directory: \(error.localizedDescription)")
            }
        }
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if fd < 0 {
            if errno == EEXIST { return }
            throw NQ57Error(.io, "\(path): cannot create the database: \(String(cString: strerror(errno)))")
        }
        close(fd)
    }

    /// The whole of a small file.
    static func readAll(_ path: String) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw NQ57Error(exists(path) ? .io : .missingInput, "\(path): cannot open the file")
        }
        defer { try? handle.close() }
        do {
            return Array(try handle.readToEnd() ?? Data())
        } catch {
            throw NQ57Error(.io, "\(path): cannot read the file: \(error.localizedDescription)")
        }
    }
}

/// Reads a file in chunks, for inputs of any size in constant memory.
final class ChunkedFile {
    let path: String
    private let fd: Int32
    private let chunkSize: Int

    init(path: String, chunkSize: Int = 1 << 20) throws {
        self.path = path
        self.chunkSize = chunkSize
        if FileSystem.isDirectory(path) { throw NQ57Error(.missingInput, "\(path): is a directory, not a file") }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let err = errno
            if err == ENOENT { throw NQ57Error(.missingInput, "\(path): no such file") }
            throw NQ57Error(.missingInput, "\(path): cannot open: \(String(cString: strerror(err)))")
        }
        self.fd = fd
    }

    deinit { close(fd) }

    /// The next chunk, or nil at the end of the file.
    func next() throws -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, chunkSize) }
        if n < 0 { throw NQ57Error(.io, "\(path): cannot read: \(String(cString: strerror(errno)))") }
        if n == 0 { return nil }
        if n < chunkSize { buffer.removeSubrange(n...) }
        return buffer
    }
}

/// The page cache of a connection: modest by default, large for the duration of a bulk job.
enum PageCache {
    /// KiB of every connection's page cache: the dashboard must stay small at national scale.
    static let defaultKiB = 4096

    /// Runs `body` with a page cache of `kib` KiB, then puts the default back, also when it throws.
    static func with<T>(_ db: Database, kib: Int, _ body: () throws -> T) throws -> T {
        try db.execute(sql: "PRAGMA cache_size = -\(kib)")
        defer { try? db.execute(sql: "PRAGMA cache_size = -\(defaultKiB)") }
        return try body()
    }
}
