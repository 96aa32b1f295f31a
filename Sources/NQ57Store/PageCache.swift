import GRDB

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
