import Foundation
import GRDB
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// The bulk import reads and writes only the tasks its file names (issue 14, session 5): their states
/// are read batch by batch (`TaskTable.load`), the verdicts their new reports make stale are cleared
/// in the same pass as the states are written, and the tasks' indexes are updated in place (or
/// rebuilt when most tasks change). A file naming a few of many tasks, with back-dated rows, rows
/// that repeat stored reports and rows after standing verdicts, must leave every task, verdict and
/// count as the triggers do row by row, and the tasks it does not name untouched.
@Suite struct TouchedTasksImportTests {
    typealias F = StoreFixtures
    static let now = F.time("2026-12-01T00:00:00Z")

    /// The same history in each store: 40 tasks, reports, and verdicts (confirmed and returned).
    /// Returns the ids and every stored report (id, time, status, progress, note).
    static func history(_ stores: [SQLiteStore], seed: UInt64) throws -> (ids: [String], reports: [(String, Int64, ReportStatus, Int, String)]) {
        var rng = SplitMix64(seed: seed)
        let units: [(String, Level)] = [("00070", .commune), ("00073", .commune), ("01", .province), ("79", .province), ("BKHCN", .central)]
        var ids: [String] = []
        for i in 0..<40 {
            let (unit, level) = units[rng.below(units.count)]
            let t = F.task(String(format: "T%02d", i), unit: unit, level: level, deadline: F.day("2025-06-30").adding(days: rng.below(200)),
                           group: rng.chance(0.5) ? rng.within(1...11) : nil)
            for s in stores { try s.addTask(t) }
            ids.append(t.id)
        }
        var clock = Timestamp(vietnamDate: F.day("2025-02-01")).seconds
        var latest: [String: (at: Int64, done: Bool)] = [:]
        var reports: [(String, Int64, ReportStatus, Int, String)] = []
        for n in 0..<400 {
            let id = ids[rng.below(ids.count)]
            clock += Int64(rng.below(43200))
            if rng.chance(0.25), let l = latest[id] {
                let verdict = l.done && rng.chance(0.6) ? "confirmed" : "returned"
                for s in stores {
                    try s.inspect(InspectionFields(taskID: id, verdict: verdict, reason: "lý do", by: "BCĐ-KT",
                                                   at: Timestamp(seconds: max(clock, l.at)).description), now: now)
                }
            } else {
                let status = [ReportStatus.inProgress, .done, .done][rng.below(3)]
                let progress = status == .done ? 100 : rng.within(1...99)
                let note = "lần \(n)"
                for s in stores { try s.append(F.report(id, status, progress, at: Timestamp(seconds: clock), note: note)) }
                latest[id] = (clock, status == .done)
                reports.append((id, clock, status, progress, note))
            }
        }
        return (ids, reports)
    }

    /// Every task's row as `BulkImportInspectionTests.maintained` gives it, by id.
    static func tasks(_ store: SQLiteStore) throws -> [String: String] {
        var out: [String: String] = [:]
        for line in try BulkImportInspectionTests.maintained(store) where line.hasPrefix("T") {
            out[String(line.prefix(while: { $0 != " " }))] = line
        }
        return out
    }

    @Test(arguments: [UInt64(1), 2, 3, 4], [false, true])
    func aFileNamingAFewTasksAgreesWithTheTriggersAndLeavesTheOthers(seed: UInt64, rebuild: Bool) throws {
        let stores = [try F.initializedStore(), try F.initializedStore()]
        let (ids, stored) = try Self.history(stores, seed: seed)
        #expect(try stores[0].queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM tasks WHERE verdict IS NOT NULL") ?? 0 } > 2)
        var rng = SplitMix64(seed: seed &+ 100)
        // Six of the forty tasks, some of them with a standing verdict.
        let named = Set((0..<6).map { _ in ids[rng.below(ids.count)] }).sorted()
        let last = stored.map(\.1).max() ?? 0
        var csv = "task_id,status,progress,reported_at,note,reported_by\n"
        var repeats = 0
        for (id, at, status, progress, note) in stored where named.contains(id) && rng.chance(0.3) {
            // A report already stored: left out by both paths.
            csv += "\(id),\(status.rawValue),\(progress),\(Timestamp(seconds: at)),\(note),\n"
            repeats += 1
        }
        for _ in 0..<60 {
            let id = named[rng.below(named.count)]
            // Back-dated (inside the history) and after it (after the verdicts).
            let at = Timestamp(seconds: last - Int64(rng.below(60 * 86400)) + Int64(rng.below(20 * 86400)))
            let done = rng.chance(0.4)
            csv += "\(id),\(done ? "done,100" : "in_progress,\(rng.within(1...99))"),\(at),mới,\n"
        }
        let before = try Self.tasks(stores[0])
        let file = F.file("reports.csv", csv)
        // In batches of 1 (seed 1: a task's rows in many batches, read once), 5, and all at once.
        let batch = seed == 1 ? 1 : seed == 2 ? 5 : BulkReports.batchSize
        let bulk = try stores[0].importFile(file, dryRun: false, now: Self.now, bulk: true, batchSize: batch, rebuildTaskIndexes: rebuild)
        let rowByRow = try stores[1].importFile(file, dryRun: false, now: Self.now, bulk: false)
        #expect(bulk.alreadyStored == repeats && rowByRow.alreadyStored == repeats)
        #expect(bulk.rows == rowByRow.rows)
        for s in stores { #expect(try s.verifyCounts(asOf: F.day("2026-01-15")) == []) }
        let (b, r) = (try BulkImportInspectionTests.maintained(stores[0]), try BulkImportInspectionTests.maintained(stores[1]))
        #expect(b.count == r.count)
        for (x, y) in zip(b, r) { #expect(x == y) }
        // The tasks the file does not name: exactly as before.
        let after = try Self.tasks(stores[0])
        for id in ids where !named.contains(id) { #expect(after[id] == before[id], "\(id)") }
        // Another SQLite writer afterwards (the `reports` view and its triggers, as a `sqlite3` user
        // inserts): the triggers the import dropped are back, in both stores alike.
        for s in stores {
            try s.queue.write { db in
                try db.execute(sql: "INSERT INTO reports (task_id, reported_at, status) VALUES (?, ?, 'done')",
                               arguments: [named[0], last + 30 * 86400])
                try db.execute(sql: "INSERT INTO reports (task_id, reported_at, status, progress) VALUES (?, ?, 'in_progress', 40)",
                               arguments: [ids[0], last - 86400])
            }
            #expect(try s.verifyCounts(asOf: F.day("2026-01-15")) == [])
        }
        #expect(try BulkImportInspectionTests.maintained(stores[0]) == BulkImportInspectionTests.maintained(stores[1]))
        // The tasks' indexes agree with the table (an index left stale by an update in place would not).
        try stores[0].queue.read { db in
            #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
            let byIndex = try Int.fetchOne(db, sql: "SELECT count(*) FROM tasks INDEXED BY tasks_open_deadline WHERE deadline > '' AND status <> 'done'")
            let byTable = try Int.fetchOne(db, sql: "SELECT count(*) FROM tasks NOT INDEXED WHERE status <> 'done'")
            #expect(byIndex == byTable)
        }
    }

    /// `TaskTable` reads the tasks it is given and no other: a few far apart (a seek each), and many
    /// close together (one pass over their range), given twice and out of order.
    @Test(arguments: [[3, 17, 29], [12, 13, 14, 15, 16, 18, 19, 20]])
    func onlyTheNamedTasksAreRead(picks: [Int]) throws {
        let store = try F.initializedStore()
        let (ids, _) = try Self.history([store], seed: 7)
        try store.queue.read { db in
            let known = try KnownTasks(db)
            var table = try TaskTable(db, known: known)
            let picked = picks.map { known.position[ids[$0]]! }.sorted()
            try table.load(picked)
            try table.load(picked.reversed() + picked)
            #expect(table.loadedCount == picks.count)
            for p in 0..<Int32(ids.count) { #expect(table.isLoaded(p) == picked.contains(p)) }
            for p in picked {
                let row = try #require(try Row.fetchOne(db, sql: "SELECT status, progress, reported_at, completed_on FROM tasks WHERE key = ?",
                                                        arguments: [known.keys[Int(p)]]))
                let s = table.state(p)
                #expect(s.status.rawValue == row.text(0))
                #expect(s.progress == row.int(1))
                #expect(s.reportedAt?.seconds == row.optionalInt64(2))
                #expect(s.completedOn?.description == row.optionalText(3))
            }
        }
    }
}
