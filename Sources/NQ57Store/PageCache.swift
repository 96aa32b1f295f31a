import GRDB

/// The page cache of a connection: modest by default, large for the duration of a bulk job.
enum PageCache {
    /// KiB of every connection's page cache: the dashboard must stay small at national scale. 2 MB
    /// holds what the overview's refreshes and the drill-downs read again (the bench reads as many
    /// pages as with 4 MB; with 1 MB three times as many); 4 MB cost 1.5 MB more resident memory.
    static let defaultKiB = 2048

    /// Runs `body` with a page cache of `kib` KiB, then puts the default back, also when it throws.
    static func with<T>(_ db: Database, kib: Int, _ body: () throws -> T) throws -> T {
        try db.execute(sql: "PRAGMA cache_size = -\(kib)")
        defer { try? db.execute(sql: "PRAGMA cache_size = -\(defaultKiB)") }
        return try body()
    }
}
