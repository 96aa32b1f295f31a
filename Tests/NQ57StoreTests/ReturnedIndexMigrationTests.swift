import Foundation
import GRDB
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// v10 (issue 14): a database built by the previous schema (v9, without `tasks_verdict_time`) is moved
/// by `initialize`, passes `nq57 check`, and its returned-task warnings read the new index alone.
@Suite struct ReturnedIndexMigrationTests {
    typealias F = StoreFixtures
    static let now = F.time("2026-12-01T00:00:00Z")

    @Test func aV9DatabaseIsMovedChecksAndCountsReturnsFromTheIndex() throws {
        let store = try F.initializedStore()
        for i in 0..<6 {
            try store.addTask(F.task("T\(i)", deadline: F.day("2025-06-30")))
            try store.append(F.report("T\(i)", .done, at: F.time("2025-05-0\(i + 1)T03:00:00Z")))
            try store.inspect(InspectionFields(taskID: "T\(i)", verdict: i % 2 == 0 ? "returned" : "confirmed", reason: "lý do",
                                               by: "BCĐ-KT", at: "2025-06-0\(i + 1)T03:00:00Z"), now: Self.now)
        }
        // Back to the previous schema: the index and the migration's record gone.
        try store.queue.write { db in
            try db.execute(sql: "DROP INDEX tasks_verdict_time; DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [Schema.v10])
        }
        #expect(throws: (any Error).self) { try SQLiteStore(path: store.path, access: .readOnly).overview(asOf: F.day("2025-12-01"), latest: 5) }

        #expect(try store.initialize().migrationsApplied == [Schema.v10])
        #expect(try store.verifyCounts(asOf: F.day("2025-12-01")) == [])
        // The plan's detail column names the index; the count never reads the tasks' rows.
        let details = try store.queue.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT count(*) FROM tasks WHERE verdict = 'returned' AND verified_at <= 1800000000")
                .map { $0.text(3) }
        }
        #expect(details.contains { $0.contains("COVERING INDEX tasks_verdict_time") }, "\(details)")
        let overview = try store.overview(asOf: F.day("2025-12-01"), latest: 5)
        #expect(overview.warnings.returnedStaleCount == 3)
    }
}
