import Foundation
import GRDB
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// Inspections in the store: the standing verdict and the inspection counts kept by triggers on every
/// write path, the database's own refusals, the work list and its import, the demo's inspections.
@Suite struct InspectionStoreTests {
    typealias F = StoreFixtures
    static let now = F.time("2026-12-01T00:00:00Z")

    static func raw(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.foreignKeysEnabled = false
        config.busyMode = .timeout(5)
        return try DatabaseQueue(path: path, configuration: config)
    }

    func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return (error as? NQ57Error)?.message ?? "\(error)" }
    }

    /// Random report histories with inspections between them (some later reports back-dated), part of
    /// the inspections through `nq57 inspect`, the rest from a work list: the standing checks equal
    /// `TaskCheck.folding` of the model, and the maintained inspection counts equal a recount and the
    /// model's counts per level. `verifyCounts` (`nq57 check`) agrees.
    @Test(arguments: [UInt64(1), 2, 3])
    func maintainedInspectionCountsEqualARecount(seed: UInt64) throws {
        let store = try F.initializedStore()
        var rng = SplitMix64(seed: seed)
        let units: [(String, Level)] = [("00070", .commune), ("01", .province), ("79", .province), ("BKHCN", .central)]
        var tasks: [String: TaskRecord] = [:]
        var reports: [String: [(at: Timestamp, status: ReportStatus)]] = [:]
        var inspections: [String: [(at: Timestamp, verdict: InspectionVerdict)]] = [:]
        for i in 0..<16 {
            let (unit, level) = units[rng.below(units.count)]
            let t = F.task("T\(i)", unit: unit, level: level, deadline: F.day("2025-06-30").adding(days: rng.below(200)),
                           group: rng.chance(0.5) ? rng.within(1...11) : nil)
            try store.addTask(t)
            tasks[t.id] = t
        }
        let ids = tasks.keys.sorted()
        var clock = Timestamp(vietnamDate: F.day("2025-02-01")).seconds
        var worklist = InspectionFileFormat.csvHeader.joined(separator: ",") + "\n"
        for n in 0..<300 {
            let id = ids[rng.below(ids.count)]
            clock += Int64(rng.below(2 * 86400))
            let latest = TaskState.folding(reports[id, default: []].map { ($0.at, $0.status, 0) })
            if rng.chance(0.35), let reportedAt = latest.reportedAt {
                var verdict = [InspectionVerdict.confirmed, .returned, .note][rng.below(3)]
                if verdict == .confirmed && latest.status != .done { verdict = .returned }
                let at = Timestamp(seconds: max(reportedAt.seconds, clock - Int64(rng.below(86400))))
                inspections[id, default: []].append((at, verdict))
                if n < 200 {
                    try store.inspect(InspectionFields(taskID: id, verdict: verdict.rawValue, reason: "lý do \(n)",
                                                       by: "BCĐ-KT", at: at.description), now: Self.now)
                } else {
                    worklist += "\(id),,,,,\(verdict.rawValue),lý do \(n),VP-01,\(at),\n"
                }
            } else if n < 200 {
                // Some reports back-dated up to three days: before or after a standing verdict.
                let at = Timestamp(seconds: clock - Int64(rng.below(3 * 86400)))
                let status = [ReportStatus.inProgress, .done, .done][rng.below(3)]
                reports[id, default: []].append((at, status))
                try store.append(F.report(id, status, at: at))
            }
        }
        let summary = try store.importFile(F.file("worklist.csv", worklist), now: Self.now)
        #expect(summary.kind == .inspections)

        #expect(try store.verifyCounts(asOf: F.day("2026-06-30")) == [])
        var expected: [Level: InspectionCounts] = [:]
        for id in ids {
            let history = reports[id, default: []]
            let status = TaskState.folding(history.map { ($0.at, $0.status, 0) }).status
            let check = TaskCheck.folding(reports: history, inspections: inspections[id, default: []])
            expected[tasks[id]!.level, default: .zero].add(status: status, check: check)
        }
        let summaryRows = try store.inspectionSummary().levels
        for row in summaryRows {
            #expect(row.counts == expected[row.level!] ?? .zero, "level \(row.key), seed \(seed)")
        }
        // The test has teeth: some of each kind.
        let all = summaryRows.reduce(InspectionCounts.zero) { $0 + $1.counts }
        #expect(all.confirmed > 0 && all.returned > 0, "\(all)")

        // A report after a return clears it; `check --repair` rebuilds the same state.
        try store.rebuild()
        #expect(try store.verifyCounts(asOf: F.day("2026-06-30")) == [])
        #expect(try store.inspectionSummary().levels == summaryRows)
    }

    @Test func aReturnedTaskCountsAsNotDoneUntilTheUnitReportsAgain() throws {
        let store = try F.initializedStore()
        try store.addTask(F.task("T", deadline: F.day("2025-06-30")))
        try store.append(F.report("T", .done, at: F.time("2025-06-20T09:00:00+07:00")))
        func counts() throws -> InspectionCounts { try store.inspectionSummary().levels.first { $0.level == .commune }!.counts }
        #expect(try counts() == InspectionCounts(done: 1, unchecked: 1))
        try store.inspect(InspectionFields(taskID: "T", verdict: "returned", reason: "Chưa có sản phẩm", by: "VP-01",
                                           at: "2025-07-02T10:00:00+07:00"), now: Self.now)
        #expect(try counts() == InspectionCounts(done: 1, returned: 1))
        // A back-dated report (before the inspection) does not clear it.
        try store.append(F.report("T", .done, at: F.time("2025-07-01T09:00:00+07:00")))
        #expect(try counts() == InspectionCounts(done: 1, returned: 1))
        // The unit reports again: unchecked again.
        try store.append(F.report("T", .done, at: F.time("2025-07-05T09:00:00+07:00")))
        #expect(try counts() == InspectionCounts(done: 1, unchecked: 1))
        try store.inspect(InspectionFields(taskID: "T", verdict: "confirmed", by: "BCĐ-KT", at: "2025-07-06T10:00:00+07:00"), now: Self.now)
        #expect(try counts() == InspectionCounts(done: 1, confirmed: 1))
        try store.append(F.report("T", .done, at: F.time("2025-07-07T09:00:00+07:00")))
        #expect(try counts() == InspectionCounts(done: 1, confirmed: 1))
        try store.append(F.report("T", .inProgress, 90, at: F.time("2025-07-08T09:00:00+07:00")))
        #expect(try counts() == InspectionCounts())
        #expect(try store.inspections(taskID: "T", limit: 10).map(\.verdict) == [.confirmed, .returned])
        #expect(try store.verifyCounts(asOf: F.day("2025-07-10")) == [])
    }

    @Test func aReturnNotAnsweredWithinTwoWeeksIsAnEarlyWarning() throws {
        let store = try F.initializedStore()
        try store.addTask(F.task("T", deadline: F.day("2025-07-31")))
        try store.append(F.report("T", .done, at: F.time("2025-07-01T09:00:00+07:00")))
        try store.inspect(InspectionFields(taskID: "T", verdict: "returned", reason: "Thiếu minh chứng", by: "VP-01",
                                           at: "2025-07-02T10:00:00+07:00"), now: Self.now)
        func warned(_ day: String) throws -> [TaskRow] { try store.overview(asOf: F.day(day), latest: 0).warnings.returnedStale }
        // 14 days after the return (to the end of the as-of day): not yet; the day after: a warning.
        #expect(try warned("2025-07-15").isEmpty)
        let rows = try warned("2025-07-16")
        #expect(rows.map(\.task.id) == ["T"] && rows.first?.derived == .openOnTime)
        #expect(try store.overview(asOf: F.day("2025-07-16"), latest: 0).warnings.returnedStaleCount == 1)
        #expect(try warned("2025-08-01").first?.derived == .overdue)
        // The unit reports again: no longer a warning.
        try store.append(F.report("T", .done, at: F.time("2025-07-20T09:00:00+07:00")))
        #expect(try warned("2025-08-01").isEmpty)
    }

    @Test func badInspectionsAreRefusedWithALineAndNothingWritten() throws {
        let store = try F.initializedStore()
        try store.addTask(F.task("T", deadline: F.day("2025-06-30")))
        try store.addTask(F.task("U", deadline: F.day("2025-06-30")))
        try store.append(F.report("T", .done, at: F.time("2025-06-20T09:00:00+07:00")))
        try store.append(F.report("U", .inProgress, 40, at: F.time("2025-06-20T09:00:00+07:00")))
        #expect(message { try store.inspect(InspectionFields(taskID: "X", verdict: "confirmed", by: "BCĐ-KT"), now: Self.now) }
                == "task_id: no task \"X\"")
        #expect(message { try store.inspect(InspectionFields(taskID: "U", verdict: "confirmed", by: "BCĐ-KT"), now: Self.now) }
                == "verdict: confirmed needs a task reported done; task U is reported in_progress")
        #expect(message { try store.inspect(InspectionFields(taskID: "T", verdict: "returned", by: "BCĐ-KT"), now: Self.now) }
                == "reason: is required when the verdict is returned")
        #expect(message { try store.inspect(InspectionFields(taskID: "T", verdict: "confirmed", by: "BCĐ-KT", at: "2025-06-19T09:00:00+07:00"), now: Self.now) }
                == "at: 2025-06-19T02:00:00Z is before the report it judges (task T reported at 2025-06-20T02:00:00Z)")
        #expect(message { try store.inspect(InspectionFields(taskID: "T", verdict: "confirmed", by: "VP-99"), now: Self.now) }
                == "by: no inspecting body \"VP-99\"")

        // A work list with three bad rows among good ones: every bad row by its line, nothing imported.
        let header = InspectionFileFormat.csvHeader.joined(separator: ",")
        let file = F.file("worklist.csv", """
            \(header)
            T,x,x,x,x,confirmed,,BCĐ-KT,2025-06-21T09:00:00+07:00,
            U,x,x,x,x,confirmed,,BCĐ-KT,2025-06-21T09:00:00+07:00,
            T,x,x,x,x,,,,,
            T,x,x,x,x,returned,,BCĐ-KT,2025-06-21T09:00:00+07:00,
            Z,x,x,x,x,note,,BCĐ-KT,,

            """)
        let m = message { try store.importFile(file, now: Self.now) } ?? ""
        #expect(m.contains("worklist.csv:3: verdict: confirmed needs a task reported done"), "\(m)")
        #expect(m.contains("worklist.csv:5: reason: is required when the verdict is returned"), "\(m)")
        #expect(m.contains("worklist.csv:6: task_id: no task \"Z\""), "\(m)")
        #expect(!m.contains("worklist.csv:2:") && !m.contains("worklist.csv:4:"), "\(m)")
        #expect(try store.inspections(taskID: "T", limit: 10).isEmpty)
        #expect(try store.verifyCounts(asOf: F.day("2025-07-10")) == [])
    }

    static let refused: [(String, String, String)] = [
        ("returned without a reason", "INSERT INTO inspections (task_id, inspected_at, verdict, reason, inspected_by) VALUES ('T', 1751000000, 'returned', ' ', 'BCĐ-KT')", "inspection_reason"),
        ("confirmed on a task not done", "INSERT INTO inspections (task_id, inspected_at, verdict, inspected_by) VALUES ('U', 1751000000, 'confirmed', 'BCĐ-KT')", "inspection_confirmed_not_done"),
        ("before the report it judges", "INSERT INTO inspections (task_id, inspected_at, verdict, inspected_by) VALUES ('T', 1750000000, 'confirmed', 'BCĐ-KT')", "inspection_before_report"),
        ("an unknown body", "INSERT INTO inspections (task_id, inspected_at, verdict, inspected_by) VALUES ('T', 1751000000, 'confirmed', 'nobody')", "inspection_body"),
        ("a time as text", "INSERT INTO inspections (task_id, inspected_at, verdict, inspected_by) VALUES ('T', '2025-06-27', 'note', 'BCĐ-KT')", "inspected_at_window"),
        ("a verdict on a task never reported", "INSERT INTO inspections (task_id, inspected_at, verdict, inspected_by, reason) VALUES ('V', 1751000000, 'returned', 'BCĐ-KT', 'x')", "inspection_no_report"),
        ("a BLOB reason", "INSERT INTO inspection_log (task_key, inspected_at, verdict, reason, inspected_by) VALUES (1, 1751000000, 'note', X'00FF', 'BCĐ-KT')", "inspection_text"),
        ("a NUL in the evidence", "INSERT INTO inspection_log (task_key, inspected_at, verdict, inspected_by, evidence) VALUES (1, 1751000000, 'note', 'BCĐ-KT', 'a' || char(0) || 'b')", "inspection_text"),
        ("an update", "UPDATE inspection_log SET verdict = 'confirmed'", "inspections are append-only"),
        ("a delete", "DELETE FROM inspection_log", "inspections are append-only"),
        ("an unknown task", "INSERT INTO inspections (task_id, inspected_at, verdict, inspected_by) VALUES ('Z', 1751000000, 'note', 'BCĐ-KT')", "inspections: no task"),
    ]

    @Test(arguments: refused.indices)
    func aHostileInspectionIsRefusedByItsRule(_ i: Int) throws {
        let (what, sql, rule) = Self.refused[i]
        let store = try F.initializedStore()
        for id in ["T", "U", "V"] { try store.addTask(F.task(id, deadline: F.day("2025-06-30"))) }
        try store.append(F.report("T", .done, at: Timestamp(seconds: 1_750_900_000)))
        try store.append(F.report("U", .inProgress, 40, at: Timestamp(seconds: 1_750_900_000)))
        try store.inspect(InspectionFields(taskID: "T", verdict: "note", reason: "ghi chú", by: "BCĐ-KT", at: "\(Timestamp(seconds: 1_750_950_000))"),
                          now: Self.now)
        do {
            try Self.raw(store.path).write { try $0.execute(sql: sql) }
            Issue.record("\(what): written, not refused")
        } catch let e as DatabaseError {
            #expect(e.message?.hasPrefix(rule) == true, "\(what): \(e.message ?? "")")
        }
        #expect(try store.inspections(taskID: "T", limit: 10).count == 1)
        #expect(try store.verifyCounts(asOf: F.day("2025-07-10")) == [])
    }

    @Test func aHandWrittenInspectionThroughTheViewKeepsTheCounts() throws {
        let store = try F.initializedStore()
        try store.addTask(F.task("T", deadline: F.day("2025-06-30")))
        try store.append(F.report("T", .done, at: Timestamp(seconds: 1_750_900_000)))
        try Self.raw(store.path).write {
            try $0.execute(sql: "INSERT INTO inspections (task_id, inspected_at, verdict, reason, inspected_by) VALUES ('T', 1751000000, 'returned', 'Thiếu hồ sơ', 'VP-01')")
        }
        #expect(try store.inspectionSummary().provinces.first { $0.key == "01" }?.counts == InspectionCounts(done: 1, returned: 1))
        #expect(try store.verifyCounts(asOf: F.day("2025-07-10")) == [])
    }

    @Test func theWorkListIsAReproducibleStratifiedSampleOfUncheckedCompletions() throws {
        let store = try F.demoStore()
        let asOf = F.demoAsOf
        let a = try store.inspectionPlan(sample: 120, seed: 7, by: .province, asOf: asOf)
        let b = try store.inspectionPlan(sample: 120, seed: 7, by: .province, asOf: asOf)
        let c = try store.inspectionPlan(sample: 120, seed: 8, by: .province, asOf: asOf)
        #expect(a.count == 120 && a == b && a != c)
        #expect(Set(a.map(\.taskID)).count == 120)
        // Every stratum with unchecked completions is in the sample (35 strata: 34 provinces, central).
        #expect(Set(a.map(\.stratum)).count == 35)
        #expect(a.allSatisfy { $0.reportedState.hasPrefix("done_") })
        // Not yet checked: none of them has a standing verdict.
        let checked = try Set(Self.raw(store.path).read { try String.fetchAll($0, sql: "SELECT id FROM tasks WHERE verdict IS NOT NULL") })
        #expect(!checked.isEmpty && checked.isDisjoint(with: a.map(\.taskID)))
        let scoped = try store.inspectionPlan(sample: 10, seed: 7, by: .unit, scope: .province("01"), asOf: asOf)
        #expect(scoped.count == 10 && scoped.allSatisfy { $0.province == "01" })

        // Filled in and imported back: the verdicts count.
        var csv = ""
        SQLiteStore.worklistCSV(Array(a.prefix(3)), write: { csv += $0 })
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(lines.first == InspectionFileFormat.csvHeader.joined(separator: ","))
        let filled = [lines[0], lines[1] + "", lines[2], lines[3]].enumerated().map { i, l in
            i == 0 ? l : String(l.dropLast(5)) + (i == 1 ? ",returned,Thiếu minh chứng,BCĐ-KT,," : i == 2 ? ",confirmed,,BCĐ-KT,," : ",,,,,")
        }.joined(separator: "\n") + "\n"
        let before = try store.inspectionSummary().totals
        let s = try store.importFile(F.file("filled.csv", filled), now: F.now)
        #expect(s.rows == 2)
        let after = try store.inspectionSummary().totals
        #expect(after.confirmed == before.confirmed + 1 && after.returned == before.returned + 1)
    }

    @Test func allocationIsProportionalWithOneEachAndNeverMoreThanAStratumHolds() {
        #expect(Inspecting.allocate(10, sizes: [50, 30, 20]) == [5, 3, 2])
        #expect(Inspecting.allocate(3, sizes: [1000, 1, 1]) == [1, 1, 1])
        #expect(Inspecting.allocate(100, sizes: [5, 5]) == [5, 5])
        #expect(Inspecting.allocate(7, sizes: [0, 10, 10]).reduce(0, +) == 7)
        #expect(Inspecting.allocate(0, sizes: [3]) == [0])
    }

    @Test func theDemoInspectsAtRandomAndReturnsMoreWhereProvincesLag() throws {
        let store = try F.demoStore()
        #expect(try store.verifyCounts(asOf: F.demoAsOf) == [])
        let summary = try store.inspectionSummary()
        let totals = summary.totals
        #expect(totals.confirmed > 100 && totals.returned > 10, "\(totals)")
        let behind = try Self.raw(store.path).read { db in
            Set((try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'demo'") ?? "")
                .components(separatedBy: "behind=").last!.split(separator: ",").map(String.init))
        }
        #expect(behind.count == 4)
        let lag = summary.provinces.filter { behind.contains($0.key) }.reduce(InspectionCounts.zero) { $0 + $1.counts }
        let rest = summary.provinces.filter { !behind.contains($0.key) }.reduce(InspectionCounts.zero) { $0 + $1.counts }
        #expect(lag.returnedShare > rest.returnedShare, "lagging \(lag.returnedShare), others \(rest.returnedShare)")
        let estimate = try #require(summary.estimate.completion)
        #expect(estimate.estimate < summary.estimate.selfReported && estimate.low < estimate.high)
    }
}
