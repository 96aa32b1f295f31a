import GRDB

/// The page cache of a connection: modest by default, large for the duration of a bulk job.
enum PageCache {
    /// KiB of every connection's page cache: the dashboard must stay small at every scale. It must
    /// hold every page one overview refresh reads, or the least-recently-used order evicts each page
    /// before the next refresh needs it and every refresh reads them all again: at stress scale the
    /// overview reads about 2.1 MB of pages (tasks and their verdict-time index, proposals: the
    /// warning lists), and with 2 MB each refresh made 420 `pread64` calls (from 2,080 KiB down,
    /// none from 2,112 KiB up). 2.25 MB keeps a tenth in hand there; 1 MB read three times as many
    /// pages at national scale, and each MB more is as much more resident memory (BENCHMARKS.md
    /// "Memory, session 6").
    static let defaultKiB = 2304

    /// Runs `body` with a page cache of `kib` KiB, then puts the default back, also when it throws.
    static func with<T>(_ db: Database, kib: Int, _ body: () throws -> T) throws -> T {
        try db.execute(sql: "PRAGMA cache_size = -\(kib)")
        defer { try? db.execute(sql: "PRAGMA cache_size = -\(defaultKiB)") }
        return try body()
    }
}
