import Foundation
import GRDB
@testable import NQ57Store
import Testing

/// The import rebuilds the tasks' indexes with SQLite's sorter in small runs (issue 14, session 6):
/// the page cache lowered and cache spilling off for the builds only. Both must be as they were
/// afterwards (the import's 1 GB cache for the rest of its transaction, then the default), also when
/// a build fails. (That the rebuilt indexes are right is TouchedTasksImportTests' `rebuild: true`
/// cases: integrity_check and the twin stores.)
@Suite struct SortRunsTests {
    struct Failure: Error {}

    static func settings(_ db: Database) throws -> (cache: Int, spill: Int) {
        (try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? 0, try Int.fetchOne(db, sql: "PRAGMA cache_spill") ?? -1)
    }

    @Test(arguments: [false, true])
    func theCacheAndSpillingAreLoweredForTheBuildsAndPutBack(failing: Bool) throws {
        let queue = try DatabaseQueue()
        try queue.inDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -1048576")
            let before = try Self.settings(db)
            #expect(before.cache == -1_048_576)
            #expect(before.spill > 0)
            var inside: (cache: Int, spill: Int)?
            do {
                try PageCache.sortingInSmallRuns(db) {
                    inside = try Self.settings(db)
                    if failing { throw Failure() }
                }
                #expect(!failing)
            } catch is Failure {
                #expect(failing)
            }
            #expect(inside?.cache == -PageCache.sortRunKiB)
            #expect(inside?.spill == 0)
            let after = try Self.settings(db)
            #expect(after.cache == before.cache)
            #expect(after.spill == before.spill)
        }
    }
}
