import Foundation
import GRDB
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// The maintained state of a task (the triggers' fold of its reports) and the derived states and counts
/// on as-of dates.
@Suite struct StateTests {
    typealias F = StoreFixtures

    func state(_ store: SQLiteStore, _ id: String, asOf: CivilDate = F.day("2026-06-30")) throws -> TaskRow {
        try #require(try store.taskDetail(id: id, asOf: asOf, historyLimit: 0)).row
    }

    @Test func aDeadlineIsTheWholeDayInVietnam() throws {
        let store = try F.initializedStore()
        let deadline = F.day("2025-06-30")
        for id in ["T-onTime", "T-late", "T-open"] {
            try store.addTask(F.task(id, deadline: deadline))
        }
        // 23:30 in Hà Nội on the deadline day is 16:30Z: on time, though it is already the next day
        // nowhere else. Ten minutes after midnight is late.
        try store.append(F.report("T-onTime", .done, at: F.time("2025-06-30T16:30:00Z")))
        try store.append(F.report("T-late", .done, at: F.time("2025-07-01T00:10:00+07:00")))
        try store.append(F.report("T-open", .inProgress, 40, at: F.time("2025-06-01T09:00:00+07:00")))

        #expect(try state(store, "T-onTime").derived == .doneOnTime)
        #expect(try state(store, "T-onTime").state.completedOn == deadline)
        #expect(try state(store, "T-late").derived == .doneLate)
        #expect(try state(store, "T-open", asOf: deadline).derived == .openOnTime)
        #expect(try state(store, "T-open", asOf: F.day("2025-07-01")).derived == .overdue)

        func commune(_ asOf: String) throws -> StateCounts {
            try #require(try store.units(.communes(province: "01"), asOf: F.day(asOf)).first { $0.unit.code == "00070" }).counts
        }
        // On the deadline day the late report had not come yet: that task was still open, on time.
        #expect(try commune("2025-06-30") == StateCounts(doneOnTime: 1, doneLate: 0, openOnTime: 2, overdue: 0))
        #expect(try commune("2025-07-01") == StateCounts(doneOnTime: 1, doneLate: 1, openOnTime: 0, overdue: 1))
        // The day before, even the on-time report (23:30 on the deadline day) had not come.
        #expect(try commune("2025-06-29") == StateCounts(doneOnTime: 0, doneLate: 0, openOnTime: 3, overdue: 0))
        let overview = try store.overview(asOf: F.day("2025-07-01"), latest: 5)
        #expect(overview.levels.map(\.level) == [.central, .province, .commune])
        #expect(overview.levels[2].counts == StateCounts(doneOnTime: 1, doneLate: 1, openOnTime: 0, overdue: 1))
        let hanoi = try #require(overview.provinces.first { $0.unit.code == "01" })
        #expect(hanoi.includesCommunes)
        #expect(hanoi.counts.total == 3)
        #expect(try store.verifyCounts(asOf: F.day("2025-07-01")).isEmpty)
        #expect(try store.verifyCounts(asOf: F.day("2025-06-30")).isEmpty)
    }

    @Test func theCompletionDayIsTheFirstOfTheTrailingRunOfDoneReports() throws {
        let store = try F.initializedStore()
        try store.addTask(F.task("T", deadline: F.day("2025-09-30")))
        try store.append(F.report("T", .done, at: F.time("2025-07-01T10:00:00+07:00")))
        try store.append(F.report("T", .inProgress, 90, at: F.time("2025-08-01T10:00:00+07:00")))
        try store.append(F.report("T", .done, at: F.time("2025-10-02T10:00:00+07:00")))
        try store.append(F.report("T", .done, at: F.time("2025-10-09T10:00:00+07:00")))
        let row = try state(store, "T")
        #expect(row.state.status == .done)
        #expect(row.state.completedOn == F.day("2025-10-02"))
        #expect(row.state.reportedAt == F.time("2025-10-09T10:00:00+07:00"))
        #expect(row.derived == .doneLate)
        #expect(try store.verifyCounts(asOf: F.day("2026-01-01")).isEmpty)
    }

    @Test func backDatedReportsSplitOrExtendTheTrailingRun() throws {
        let store = try F.initializedStore()
        try store.addTask(F.task("T", deadline: F.day("2025-09-30")))
        try store.append(F.report("T", .inProgress, 50, at: F.time("2025-09-01T10:00:00+07:00")))
        try store.append(F.report("T", .done, at: F.time("2025-10-02T10:00:00+07:00")))
        try store.append(F.report("T", .done, at: F.time("2025-10-20T10:00:00+07:00")))
        #expect(try state(store, "T").state.completedOn == F.day("2025-10-02"))
        #expect(try state(store, "T").derived == .doneLate)

        // A done report dated before the run, after the last open one, extends the run backwards.
        try store.append(F.report("T", .done, at: F.time("2025-09-28T10:00:00+07:00")))
        #expect(try state(store, "T").state.completedOn == F.day("2025-09-28"))
        #expect(try state(store, "T").derived == .doneOnTime)
        #expect(try store.verifyCounts(asOf: F.day("2026-01-01")).isEmpty)

        // An open report dated inside the run splits it: the run now starts after it.
        try store.append(F.report("T", .inProgress, 95, at: F.time("2025-10-10T10:00:00+07:00")))
        let split = try state(store, "T")
        #expect(split.state.status == .done)
        #expect(split.state.completedOn == F.day("2025-10-20"))
        #expect(split.state.reportedAt == F.time("2025-10-20T10:00:00+07:00"))
        #expect(split.derived == .doneLate)

        // An open report older than everything changes nothing.
        try store.append(F.report("T", .notStarted, at: F.time("2025-01-10T10:00:00+07:00")))
        #expect(try state(store, "T").state == split.state)
        #expect(try store.verifyCounts(asOf: F.day("2026-01-01")).isEmpty)
        #expect(try store.verifyCounts(asOf: F.day("2025-10-15")).isEmpty)
    }

    @Test func reportsAtTheSameSecondGoToTheLaterArrival() throws {
        let store = try F.initializedStore()
        try store.addTask(F.task("A", deadline: F.day("2025-12-31")))
        try store.addTask(F.task("B", deadline: F.day("2025-12-31")))
        let at = F.time("2025-11-03T08:00:00+07:00")
        try store.append(F.report("A", .done, at: at))
        try store.append(F.report("A", .inProgress, 70, at: at))
        try store.append(F.report("B", .inProgress, 70, at: at))
        try store.append(F.report("B", .done, at: at))
        #expect(try state(store, "A").state.status == .inProgress)
        #expect(try state(store, "B").state.status == .done)
        #expect(try store.verifyCounts(asOf: F.day("2026-01-01")).isEmpty)
    }

    @Test func aPlainSQLInsertKeepsStateAndCountsRight() throws {
        let store = try F.initializedStore()
        try store.addTask(F.task("T", deadline: F.day("2025-12-31"), group: 3))
        let before = try store.changeToken()
        // Another program writing the same file, knowing only the schema.
        let other = try DatabaseQueue(path: store.path)
        try other.write { db in
            try db.execute(sql: """
                INSERT INTO reports (task_id, status, progress, reported_at)
                VALUES ('T', 'done', 100, unixepoch('2025-12-30T15:00:00+07:00'))
                """)
        }
        #expect(try store.changeToken() != before)
        let row = try state(store, "T")
        #expect(row.state.status == .done)
        #expect(row.state.completedOn == F.day("2025-12-30"))
        let overview = try store.overview(asOf: F.day("2026-01-05"), latest: 3)
        #expect(overview.techGroups.first { $0.group.id == 3 }?.counts == StateCounts(doneOnTime: 1))
        #expect(overview.latestReports.first?.report.taskID == "T")
        #expect(overview.lastReportAt == F.time("2025-12-30T15:00:00+07:00"))
        #expect(try store.verifyCounts(asOf: F.day("2026-01-05")).isEmpty)
    }

    /// The SQL that `Schema`'s documentation gives for adding a report by hand in the `sqlite3` shell,
    /// verbatim, through a connection configured as that shell is (foreign keys off).
    @Test func theDocumentedSqlite3InsertShowsUpAndKeepsCountsRight() throws {
        let store = try F.demoStore()
        let today = Timestamp(seconds: Int64(Date().timeIntervalSince1970)).vietnamDate
        let before = try store.overview(asOf: today, latest: 5)
        let token = try store.changeToken()
        var config = Configuration()
        config.foreignKeysEnabled = false
        config.busyMode = .timeout(5)
        let shell = try DatabaseQueue(path: store.path, configuration: config)
        try shell.writeWithoutTransaction { db in
            try db.execute(sql: """
                INSERT INTO reports (task_id, status, progress, reported_at, note, reported_by)
                VALUES ('00070-0001', 'in_progress', 60, unixepoch('now'), 'Đã số hóa 60% hồ sơ', 'Nguyễn Văn A');
                """)
        }
        #expect(try store.changeToken() != token)
        let after = try store.overview(asOf: today, latest: 5)
        #expect(after != before)
        let latest = try #require(after.latestReports.first)
        #expect(latest.report.taskID == "00070-0001")
        #expect(latest.report.note == "Đã số hóa 60% hồ sơ" && latest.report.reportedBy == "Nguyễn Văn A")
        let task = try #require(try store.taskDetail(id: "00070-0001", asOf: today, historyLimit: 1))
        #expect(task.row.state.status == .inProgress && task.row.state.progress == 60)
        #expect(try store.verifyCounts(asOf: today).isEmpty)

        // `done` without a progress moves the task between counts; the unit's counts follow.
        let unit = { try store.units(.communes(province: "01"), asOf: today).first { $0.unit.code == "00070" }!.counts }
        let open = try unit()
        try shell.writeWithoutTransaction { db in
            try db.execute(sql: "INSERT INTO reports (task_id, status, reported_at) VALUES ('00070-0001', 'done', unixepoch('now'))")
        }
        #expect(try unit().total == open.total)
        #expect(try unit().doneOnTime + unit().doneLate == open.doneOnTime + open.doneLate + 1)
        #expect(try store.verifyCounts(asOf: today).isEmpty)

        // What the shell refuses, by name.
        for (sql, message) in [
            ("INSERT INTO reports (task_id, status, reported_at) VALUES ('nope', 'done', unixepoch('now'))", "no task with this task_id"),
            ("INSERT INTO reports (task_id, status, reported_at) VALUES ('00070-0001', 'done', '2026-01-15 09:00')", "Unix seconds"),
            ("INSERT INTO reports (task_id, status, progress, reported_at) VALUES ('00070-0001', 'in_progress', 140, unixepoch('now'))", "CHECK"),
            ("UPDATE reports SET progress = 10", "view"),
        ] {
            let error = #expect(throws: DatabaseError.self) { try shell.writeWithoutTransaction { try $0.execute(sql: sql) } }
            #expect(error?.message?.contains(message) == true, "\(sql): \(error?.message ?? "")")
        }
        #expect(try store.verifyCounts(asOf: today).isEmpty)
    }

    @Test func rebuildRepairsWhatAWriterWithoutTriggersBroke() throws {
        let store = try F.initializedStore()
        try store.addTask(F.task("T", deadline: F.day("2025-06-30"), group: 4))
        try store.append(F.report("T", .done, at: F.time("2025-06-10T10:00:00+07:00")))
        let asOf = F.day("2025-07-01")
        let before = try store.overview(asOf: asOf, latest: 0)
        // Someone edits the maintained columns and counts behind the triggers' back (and, since
        // v9-guards, with the counts' CHECK constraints turned off: an unbalanced total is refused).
        try store.queue.writeWithoutTransaction { db in
            try db.execute(sql: """
                PRAGMA ignore_check_constraints = ON;
                UPDATE state_counts SET total = total + 5 WHERE scope = 'level';
                DROP TRIGGER tasks_counts_update;
                UPDATE tasks SET status = 'in_progress', progress = 10, completed_on = NULL WHERE id = 'T';
                PRAGMA ignore_check_constraints = OFF;
                """)
        }
        let problems = try store.verifyCounts(asOf: asOf)
        #expect(problems.contains { $0.hasPrefix("task T: maintained in_progress 10%") })
        #expect(problems.contains { $0.hasPrefix("state_counts level commune") })
        try store.rebuild()
        #expect(try store.verifyCounts(asOf: asOf) == [])
        #expect(try store.overview(asOf: asOf, latest: 0) == before)
        // …and the trigger is back.
        try store.append(F.report("T", .inProgress, 90, at: F.time("2025-06-20T10:00:00+07:00")))
        #expect(try store.overview(asOf: asOf, latest: 0).levels[2].counts == StateCounts(overdue: 1))
        #expect(try store.verifyCounts(asOf: asOf) == [])
    }

    @Test func reportsAreAppendOnly() throws {
        let store = try F.initializedStore()
        try store.addTask(F.task("T", deadline: F.day("2025-12-31")))
        try store.append(F.report("T", .inProgress, 10, at: F.time("2025-05-01T10:00:00+07:00")))
        let other = try DatabaseQueue(path: store.path)
        #expect(throws: DatabaseError.self) {
            try other.write { try $0.execute(sql: "UPDATE reports SET progress = 20") }
        }
        #expect(throws: DatabaseError.self) {
            try other.write { try $0.execute(sql: "DELETE FROM reports") }
        }
        #expect(try store.taskDetail(id: "T", asOf: F.day("2025-06-01"), historyLimit: 5)?.reportCount == 1)
    }

    @Test func aTaskMustBeValidAndAtTheLevelOfItsUnit() throws {
        let store = try F.initializedStore()
        let deadline = F.day("2025-12-31")
        func problem(_ t: TaskRecord) -> String? {
            do {
                try store.addTask(t)
                return nil
            } catch let e as NQ57Error {
                #expect(e.kind == .badData)
                return e.message
            } catch {
                return "\(error)"
            }
        }
        #expect(problem(F.task("T", unit: "01", level: .commune, deadline: deadline))?.hasPrefix("level:") == true)
        #expect(problem(F.task("T", unit: "99999", deadline: deadline))?.hasPrefix("unit_code:") == true)
        #expect(problem(F.task("T", deadline: deadline, group: 12))?.hasPrefix("tech_group:") == true)
        #expect(problem(F.task("T", deadline: deadline, area: 7))?.hasPrefix("area:") == true)
        #expect(problem(F.task("has space", deadline: deadline))?.hasPrefix("task_id:") == true)
        #expect(problem(F.task("T", deadline: deadline, title: " ")) == "title: is empty")
        #expect(problem(F.task("T", unit: "BKHCN", level: .central, deadline: deadline)) == nil)
        #expect(problem(F.task("T", unit: "BKHCN", level: .central, deadline: deadline))?.contains("already exists") == true)
        #expect(throws: NQ57Error.self) { try store.append(F.report("nope", .done, at: F.time("2025-05-01"))) }
    }

    @Test func reportValidatesWhatATypistGives() throws {
        let store = try F.initializedStore()
        try store.addTask(F.task("T", deadline: F.day("2025-12-31")))
        let now = F.time("2025-06-01T12:00:00+07:00")
        func error(_ f: ReportFields) -> String? {
            do {
                _ = try store.report(f, now: now)
                return nil
            } catch {
                return (error as? NQ57Error)?.message
            }
        }
        #expect(error(ReportFields(taskID: "T", status: "in_progress", progress: "140")) == "progress: 140 is outside 0–100")
        #expect(error(ReportFields(taskID: "X", status: "done")) == "task_id: no task \"X\"")
        #expect(error(ReportFields(taskID: "T", status: "finished"))?.hasPrefix("status:") == true)
        #expect(error(ReportFields(taskID: "T", status: "done", reportedAt: "2025-06-03T12:00:00+07:00"))?.hasSuffix("is in the future") == true)
        let stored = try store.report(ReportFields(taskID: " T ", status: "in_progress", progress: "30", note: "ghi chú"), now: now)
        #expect(stored.reportedAt == now)
        #expect(stored.taskID == "T")
        let detail = try #require(try store.taskDetail(id: "T", asOf: F.day("2025-06-01"), historyLimit: 10))
        #expect(detail.reports.map(\.id) == [stored.id])
        #expect(detail.reports.first?.note == "ghi chú")
    }

    /// Random histories, back-dated and same-second reports included, through every write path: the
    /// maintained counts always equal a recount, on dates that cross the deadlines.
    @Test(arguments: [UInt64(1), 2, 3, 4])
    func maintainedCountsEqualARecount(seed: UInt64) throws {
        let store = try F.initializedStore()
        var rng = SplitMix64(seed: seed)
        let units: [(String, Level)] = [("00070", .commune), ("00073", .commune), ("01", .province), ("79", .province), ("BKHCN", .central)]
        var model: [String: (task: TaskRecord, reports: [(at: Timestamp, status: ReportStatus, progress: Int)])] = [:]
        for i in 0..<24 {
            let (unit, level) = units[rng.below(units.count)]
            let deadline = F.day("2025-03-31").adding(days: rng.below(300))
            let task = F.task("T\(i)", unit: unit, level: level, deadline: deadline, group: rng.chance(0.5) ? rng.within(1...11) : nil)
            try store.addTask(task)
            model[task.id] = (task, [])
        }
        let ids = model.keys.sorted()
        let start = Timestamp(vietnamDate: F.day("2025-02-01"))
        var csv = "task_id,status,progress,reported_at,note,reported_by\n"
        for n in 0..<400 {
            let id = ids[rng.below(ids.count)]
            let at = Timestamp(seconds: start.seconds + Int64(rng.below(330 * 86400)) / 3600 * 3600)
            let status = [ReportStatus.notStarted, .inProgress, .done, .done][rng.below(4)]
            let progress = status == .done ? 100 : status == .notStarted ? 0 : rng.within(1...99)
            model[id]!.reports.append((at, status, progress))
            let input = ReportInput(taskID: id, status: status, progress: progress, reportedAt: at)
            if n < 150 {
                try store.append(input)
            } else {
                csv += "\(id),\(status.rawValue),\(progress),\(at),,\n"
            }
        }
        let file = F.file("reports.csv", csv)
        // The rest from a file: through the bulk path, which must agree with the triggers, in one batch
        // (seed 1), in batches of 7 rows and of 1 (3, 4: a task's reports land in several), or row by
        // row through the triggers (2).
        _ = try store.importFile(file, dryRun: false, now: F.time("2026-12-01T00:00:00Z"), bulk: seed != 2,
                                 batchSize: seed == 3 ? 7 : seed == 4 ? 1 : BulkReports.batchSize)

        for asOf in ["2025-03-31", "2025-04-01", "2025-07-15", "2025-12-31", "2026-06-30"].map(F.day) {
            #expect(try store.verifyCounts(asOf: asOf) == [])
            let cut = Timestamp(vietnamDate: asOf.adding(days: 1)).seconds - 1
            var expected: [Level: StateCounts] = [:]
            for (task, reports) in model.values {
                let state = TaskState.folding(reports.filter { $0.at.seconds <= cut })
                expected[task.level, default: .zero][state.derived(deadline: task.deadline, asOf: asOf)] += 1
            }
            let overview = try store.overview(asOf: asOf, latest: 10)
            for row in overview.levels {
                #expect(row.counts == expected[row.level] ?? .zero, "level \(row.level) on \(asOf)")
            }
            // Early warnings: open on the as-of date, due in the week before or the week after.
            let open = model.values.filter { task, reports in
                !TaskState.folding(reports.filter { $0.at.seconds <= cut }).derived(deadline: task.deadline, asOf: asOf).isDone
            }.map(\.task)
            let turned = open.filter { $0.deadline >= asOf.adding(days: -7) && $0.deadline <= asOf.adding(days: -1) }
                .sorted { ($0.deadline, $0.id) > ($1.deadline, $1.id) }
            let soon = open.filter { $0.deadline >= asOf && $0.deadline <= asOf.adding(days: 7) }
                .sorted { ($0.deadline, $0.id) < ($1.deadline, $1.id) }
            #expect(overview.warnings.turnedOverdueCount == turned.count)
            #expect(overview.warnings.turnedOverdue.map(\.task.id) == turned.map(\.id))
            #expect(overview.warnings.dueSoonCount == soon.count)
            #expect(overview.warnings.dueSoon.map(\.task.id) == soon.map(\.id))
            for id in ids {
                let (task, reports) = model[id]!
                let state = TaskState.folding(reports.filter { $0.at.seconds <= cut })
                let row = try #require(try store.taskDetail(id: id, asOf: asOf, historyLimit: 0)).row
                #expect(row.state == state, "\(id) on \(asOf)")
                #expect(row.derived == state.derived(deadline: task.deadline, asOf: asOf))
            }
        }
    }
}
