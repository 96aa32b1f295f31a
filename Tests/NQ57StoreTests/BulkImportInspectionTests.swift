import Foundation
import GRDB
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// The bulk import does itself what the per-row triggers of `report_log` and `tasks` do (issue 14):
/// the state fold, the inspection check that clears a stale verdict, and both kinds of counts. Two
/// twin databases with the same tasks, reports and inspections take the same report file, one through
/// the bulk path and one row by row through the triggers: every task's state and verdict, and every
/// count, must come out the same, and equal a recount.
@Suite struct BulkImportInspectionTests {
    typealias F = StoreFixtures
    static let now = F.time("2026-12-01T00:00:00Z")

    /// Every task's maintained columns and both counts tables, as text, in a stable order.
    static func maintained(_ store: SQLiteStore) throws -> [String] {
        try store.queue.read { db in
            try String.fetchAll(db, sql: """
                SELECT id || ' ' || status || ' ' || progress || ' ' || ifnull(reported_at, '-') || ' ' || ifnull(completed_on, '-')
                       || ' ' || ifnull(verdict, '-') || ' ' || ifnull(verified_at, '-') FROM tasks ORDER BY id
                """)
                + String.fetchAll(db, sql: """
                    SELECT scope || ' ' || key || ' ' || done || ' ' || confirmed || ' ' || returned || ' ' || unchecked
                    FROM inspection_counts WHERE done <> 0 OR confirmed <> 0 OR returned <> 0 OR unchecked <> 0 ORDER BY scope, key
                    """)
                + String.fetchAll(db, sql: """
                    SELECT scope || ' ' || key || ' ' || total || ' ' || done_on_time || ' ' || done_late || ' ' || open
                    FROM state_counts ORDER BY scope, key
                    """)
        }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func bulkAndRowByRowAgreeOnStatesVerdictsAndCounts(seed: UInt64) throws {
        let stores = [try F.initializedStore(), try F.initializedStore()]
        var rng = SplitMix64(seed: seed)
        let units: [(String, Level)] = [("00070", .commune), ("01", .province), ("79", .province), ("BKHCN", .central)]
        var ids: [String] = []
        for i in 0..<20 {
            let (unit, level) = units[rng.below(units.count)]
            let t = F.task("T\(i)", unit: unit, level: level, deadline: F.day("2025-06-30").adding(days: rng.below(200)),
                           group: rng.chance(0.5) ? rng.within(1...11) : nil)
            for s in stores { try s.addTask(t) }
            ids.append(t.id)
        }
        // A history with standing verdicts: confirmations of done tasks, returns of any reported task.
        var clock = Timestamp(vietnamDate: F.day("2025-02-01")).seconds
        var latest: [String: (at: Int64, done: Bool)] = [:]
        for _ in 0..<200 {
            let id = ids[rng.below(ids.count)]
            clock += Int64(rng.below(86400))
            if rng.chance(0.3), let l = latest[id] {
                let verdict = l.done && rng.chance(0.6) ? "confirmed" : "returned"
                for s in stores {
                    try s.inspect(InspectionFields(taskID: id, verdict: verdict, reason: "lý do", by: "BCĐ-KT",
                                                   at: Timestamp(seconds: max(clock, l.at)).description), now: Self.now)
                }
            } else {
                let status = [ReportStatus.inProgress, .done, .done][rng.below(3)]
                for s in stores { try s.append(F.report(id, status, at: Timestamp(seconds: clock))) }
                latest[id] = (clock, status == .done)
            }
        }
        #expect(try stores[0].queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM tasks WHERE verdict IS NOT NULL") ?? 0 } > 0)
        // The file: reports after the verdicts and back-dated ones, done and not.
        var csv = "task_id,status,progress,reported_at,note,reported_by\n"
        for _ in 0..<300 {
            let id = ids[rng.below(ids.count)]
            let at = Timestamp(seconds: clock - Int64(rng.below(40 * 86400)) + Int64(rng.below(5 * 86400)))
            let done = rng.chance(0.4)
            csv += "\(id),\(done ? "done,100" : "in_progress,\(rng.within(1...99))"),\(at),,\n"
        }
        let file = F.file("reports.csv", csv)
        for (s, bulk) in zip(stores, [true, false]) {
            _ = try s.importFile(file, dryRun: false, now: Self.now, bulk: bulk, batchSize: seed == 3 ? 16 : BulkReports.batchSize)
            #expect(try s.verifyCounts(asOf: F.day("2026-01-15")) == [])
        }
        let (bulk, rowByRow) = (try Self.maintained(stores[0]), try Self.maintained(stores[1]))
        #expect(bulk.count == rowByRow.count)
        for (b, r) in zip(bulk, rowByRow) { #expect(b == r) }
    }
}
