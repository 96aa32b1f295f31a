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

    /// KiB of the sorted runs SQLite's sorter makes while `sortingInSmallRuns` builds indexes.
    static let sortRunKiB = 1024

    /// Runs `body`, which builds indexes, with SQLite's sorter in sorted runs of `sortRunKiB`: the
    /// sorter collects entries up to the page cache's size before it sorts them, and under a bulk
    /// job's large cache that is one list far larger than the CPU's caches (the demo's finding,
    /// `Demo.createIndexes`). Cache spilling is off meanwhile, so that the dirty pages of the
    /// transaction stay in memory however small the cache is set, and SQLite lets the cache grow as
    /// the new index needs. Both settings are put back afterwards, also when `body` throws.
    /// At stress scale the import's rebuild of the tasks' indexes (995,804 tasks) took 3.1–3.3 s of
    /// CPU under the import's 1 GB cache, 1.9–2.1 s this way (BENCHMARKS.md, "Import, session 6").
    static func sortingInSmallRuns<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        let cache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -defaultKiB
        // `PRAGMA cache_spill` reads as a number of pages, 0 when off; nq57 only ever turns it on or off.
        let spills = try (Int.fetchOne(db, sql: "PRAGMA cache_spill") ?? 1) != 0
        try db.execute(sql: "PRAGMA cache_spill = OFF; PRAGMA cache_size = -\(sortRunKiB)")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(cache); PRAGMA cache_spill = \(spills ? "ON" : "OFF")") }
        return try body()
    }
}
