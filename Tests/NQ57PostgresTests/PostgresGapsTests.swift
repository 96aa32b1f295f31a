import Foundation
import GRDB
import NQ57Core
import NQ57Postgres
import NQ57Store
import NQ57TestSupport
import Testing

/// What issue 17's "every command works on it" still lacked on PostgreSQL: `inspect plan`, `proposal
/// holidays` (list and import), `import` of every file kind, `check` of the proposals. One suite, two
/// stores: the same input given to the SQLite store and to the PostgreSQL store must give the same
/// output, and the same one-line refusals.
@Suite struct PostgresGapsTests {
    typealias F = StoreFixtures

    static let shippedHolidays = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/NQ57Store/Reference/vn-public-holidays.csv")

    @Test func theSameWorkListOnBothStores() throws {
        guard let (sqlite, pg) = try TestServer.demoPair() else { return }
        var drawn = 0
        for by in InspectionStratification.allCases {
            for scope in [InspectionScope.all, .province("01"), .level(.commune), .group(3), .unit("BKHCN")] {
                for seed: UInt64 in [1, 57] {
                    let a = try sqlite.inspectionPlan(sample: 40, seed: seed, by: by, scope: scope, asOf: F.demoAsOf)
                    let b = try pg.inspectionPlan(sample: 40, seed: seed, by: by, scope: scope, asOf: F.demoAsOf)
                    #expect(a == b, "\(by) \(scope) seed \(seed)")
                    drawn += a.count
                }
            }
        }
        #expect(drawn > 500)
        var csv = ["", ""]
        SQLiteStore.worklistCSV(try sqlite.inspectionPlan(sample: 25, seed: 9, by: .province, asOf: F.demoAsOf)) { csv[0] += $0 }
        SQLiteStore.worklistCSV(try pg.inspectionPlan(sample: 25, seed: 9, by: .province, asOf: F.demoAsOf)) { csv[1] += $0 }
        #expect(csv[0] == csv[1])
        #expect(csv[0].split(separator: "\n").count == 26)
    }

    @Test func holidaysListAndImportTheSameOnBothStores() throws {
        guard let (sqlite, pg) = try TestServer.demoPair() else { return }
        #expect(try sqlite.holidays() == pg.holidays())
        #expect(try pg.holidays().count > 20)
        let shipped = try String(contentsOf: Self.shippedHolidays, encoding: .utf8)
        // Without 2025's days off: deadlines of proposals received around them come earlier.
        let without = F.file("holidays-without-2025.csv", shipped.split(separator: "\n").filter { !$0.hasPrefix("2025-") }.joined(separator: "\n") + "\n")
        let a = try sqlite.importHolidays(without, asOf: F.demoAsOf)
        let b = try pg.importHolidays(without, asOf: F.demoAsOf)
        #expect(a == b)
        #expect(a.deadlinesMoved > 0 && a.rows == 13, "\(a)")
        #expect(try sqlite.holidays() == pg.holidays())
        for day in [F.demoAsOf, F.demoAsOf.adding(days: -40)] {
            #expect(try sqlite.overview(asOf: day, latest: 10) == pg.overview(asOf: day, latest: 10), "\(day)")
            #expect(try sqlite.proposalOverview(asOf: day) == pg.proposalOverview(asOf: day), "\(day)")
        }
        #expect(try sqlite.verifyProposals() == [])
        #expect(try pg.verifyCounts() == [])
        // A copy either way carries the holidays its deadlines were counted with (not the shipped ones).
        let copyPath = F.databasePath()
        _ = try PostgresCopy.postgresToSQLite(from: pg, to: copyPath)
        let copy = try SQLiteStore(path: copyPath, access: .readOnly)
        #expect(try copy.holidays() == pg.holidays())
        #expect(try copy.verifyProposals() == [])
        if let url = try TestServer.freshDatabase() {
            let target = try PostgresStore(url: url)
            try target.initialize()
            _ = try PostgresCopy.sqliteToPostgres(from: sqlite.path, to: target)
            #expect(try target.holidays() == sqlite.holidays())
            #expect(try target.verifyCounts() == [])
            // `init` again keeps them (the shipped reference data did not change).
            try target.initialize()
            #expect(try target.holidays() == sqlite.holidays())
            #expect(try target.verifyCounts() == [])
        }
        // The shipped file again: every deadline back where it was.
        let back = try pg.importHolidays(Self.shippedHolidays.path, asOf: F.demoAsOf)
        #expect(back.deadlinesMoved == a.deadlinesMoved && back.statesChanged == a.statesChanged)
        #expect(try sqlite.importHolidays(Self.shippedHolidays.path, asOf: F.demoAsOf) == back)
        // A bad file (Saturday 14 February 2026 cannot be a day off): the same one line, nothing changed.
        let bad = F.file("bad-holidays.csv", shipped + "2026-02-14,off,x,x,x,yes\n")
        let before = try pg.holidays()
        let ea = #expect(throws: NQ57Error.self) { try sqlite.importHolidays(bad, asOf: F.demoAsOf) }
        let eb = #expect(throws: NQ57Error.self) { try pg.importHolidays(bad, asOf: F.demoAsOf) }
        #expect(ea?.message == eb?.message)
        #expect(eb?.message.contains("bad-holidays.csv") == true && eb?.message.contains("\n") == false)
        #expect(try pg.holidays() == before)
        #expect(try pg.verifyCounts() == [])
    }

    /// `check` replays every proposal on both stores: a due day or a status changed behind the
    /// triggers' back (raw SQL, as the owner) is named, the same lines on both; a histogram row too.
    @Test func checkFindsACorruptedProposalTheSameWayOnBothStores() throws {
        guard let (sqlite, pg) = try TestServer.demoPair() else { return }
        #expect(try pg.verifyCounts() == [])
        #expect(try sqlite.verifyProposals() == [])
        let queue = try DatabaseQueue(path: sqlite.path)
        let open = try #require(try queue.read { try String.fetchOne($0, sql: "SELECT id FROM proposals WHERE status = 'assigned' ORDER BY key LIMIT 1") })
        let answered = try #require(try queue.read { try String.fetchOne($0, sql: "SELECT id FROM proposals WHERE status = 'answered' ORDER BY key LIMIT 1") })
        let due = try #require(try pg.proposal(id: open)?.dueOn)
        try queue.write { db in
            try db.execute(sql: "UPDATE proposals SET due_on = date(due_on, '+3 days') WHERE id = ?", arguments: [open])
            try db.execute(sql: "UPDATE proposals SET status = 'published' WHERE id = ?", arguments: [answered])
        }
        try pg.db().exec("UPDATE proposals SET due_on = due_on + 3 WHERE id = $1", [open])
        try pg.db().exec("UPDATE proposals SET status = 'published' WHERE id = $1", [answered])
        let a = try sqlite.verifyCounts(asOf: F.demoAsOf) + sqlite.verifyProposals()
        let b = try pg.verifyCounts()
        #expect(a == b)
        #expect(b.contains("proposal \(open): due \(due.adding(days: 3)), the rule and the holidays say \(due)"), "\(b)")
        #expect(b.contains("proposal \(answered): maintained published, history says answered"), "\(b)")
        #expect(b.count == 2)
        // The days-to-answer histogram, recounted.
        try pg.db().exec("UPDATE proposal_answer_days SET n = n + 1 WHERE body = '*' AND days = (SELECT min(days) FROM proposal_answer_days WHERE body = '*')")
        #expect(try pg.verifyCounts().contains { $0.hasPrefix("proposal_answer_days (body, days, n): maintained has * ") })
    }

    /// Every file kind SQLite's `import` takes, imported into a new SQLite file and a new PostgreSQL
    /// database: bad files refused with the same lines on both, nothing written; good files give the
    /// same summaries and the same dashboard (authors aside: on PostgreSQL the login connected).
    @Test func everyFileKindImportsTheSameOnBothStores() throws {
        guard let url = try TestServer.freshDatabase() else { return }
        let sqlite = try F.initializedStore()
        let pg = try PostgresStore(url: url)
        try pg.initialize()
        let login = try pg.currentAccount().login
        let now = F.now

        /// The same summary from both stores, or the same refusal naming the file.
        func compare<T: Equatable>(_ name: String, _ a: Result<T, any Error>, _ b: Result<T, any Error>) -> T? {
            switch (a, b) {
            case (.success(let x), .success(let y)):
                #expect(x == y, "\(name)")
                return y
            case (.failure(let x), .failure(let y)):
                #expect((x as? NQ57Error)?.message == (y as? NQ57Error)?.message, "\(name)")
                #expect((y as? NQ57Error)?.message.contains("\(name):") == true, "\(name): \(y)")
                return nil
            default:
                Issue.record("\(name): \(a) on SQLite, \(b) on PostgreSQL")
                return nil
            }
        }
        func same(_ name: String, _ text: String, dryRun: Bool = false) -> ImportSummary? {
            let path = F.file(name, text)
            let b = Result { try pg.importFile(path, dryRun: dryRun, allowRepeats: false, now: now) }
            // PostgreSQL alone counts rows naming another author than the login.
            let a = Result { () throws -> ImportSummary in
                var s = try sqlite.importFile(path, dryRun: dryRun, now: now)
                s.otherAuthors = (try? b.get())?.otherAuthors ?? 0
                return s
            }
            return compare(name, a, b)
        }
        func sameProposals(_ name: String, _ text: String) -> ProposalImportSummary? {
            let path = F.file(name, text)
            return compare(name, Result { try sqlite.importProposals(path, now: now) }, Result { try pg.importProposals(path, dryRun: false, now: now).summary })
        }
        func counts() throws -> [Int] {
            try ["tasks", "report_log", "inspection_log", "proposals", "proposal_log"].map { try pg.db().exec("SELECT count(*) FROM \($0)").count(0, 0) }
        }

        // Tasks.
        let tasksHeader = SQLiteStore.tasksCSVHeader.joined(separator: ",") + "\n"
        #expect(same("tasks-bad.csv", tasksHeader + """
            T1,Số hóa dữ liệu hộ tịch,KH02,3,,commune,00070,2026-03-31
            T1,Lặp lại,KH02,3,,commune,00070,2026-03-31
            T3,Ba,KH02,x,,commune,00070,2026-03-31
            T4,Bốn,KH02,3,,commune,99999,2026-03-31
            T5,Năm,KH02,3,1,province,01,2026-13-01

            """) == nil)
        let tasks = tasksHeader + """
            T1,Số hóa dữ liệu hộ tịch,KH02,3,,commune,00070,2026-03-31
            T2,"Nền tảng, dùng chung",KH02,4,1,province,01,2026-01-10
            T3,Ba,KH02,2,,commune,00070,2026-02-28

            """
        #expect(same("tasks-dry.csv", tasks, dryRun: true)?.rows == 3)
        #expect(try counts() == [0, 0, 0, 0, 0])
        #expect(same("tasks.csv", tasks)?.rows == 3)
        #expect(same("tasks-again.csv", tasks) == nil)

        // Reports: the author is the login connected on PostgreSQL, the file's text on SQLite.
        let reportsHeader = ReportFileFormat.csvHeader.joined(separator: ",") + "\n"
        #expect(same("reports-bad.csv", reportsHeader + """
            T1,in_progress,20,2026-01-02T09:00:00+07:00,,
            T9,done,100,2026-01-02T09:00:00+07:00,,
            T2,done,50,2026-01-02T09:00:00+07:00,,

            """) == nil)
        let reports = same("reports.csv", reportsHeader + """
            T1,in_progress,20,2026-01-02T09:00:00+07:00,,Cán bộ xã
            T1,done,100,2026-01-05T09:00:00+07:00,"xong, đủ",
            T2,done,100,2026-01-12T09:00:00+07:00,,\(login)
            T3,done,100,2026-01-03T09:00:00+07:00,,

            """)
        #expect(reports?.rows == 4 && reports?.otherAuthors == 1)
        #expect(try pg.db().exec("SELECT DISTINCT reported_by FROM report_log").text(0, 0) == login)
        #expect(try pg.db().exec("SELECT count(DISTINCT reported_by) FROM report_log").count(0, 0) == 1)

        // A filled inspection work list.
        let worklistHeader = InspectionFileFormat.csvHeader.joined(separator: ",") + "\n"
        #expect(same("worklist-bad.csv", worklistHeader + """
            T1,00070,01,Một,done_on_time,confirmed,,BCĐ-KT,2026-01-10T09:00:00+07:00,
            T2,01,01,Hai,done_late,returned,,BCĐ-KT,2026-01-13T09:00:00+07:00,
            T3,00070,01,Ba,done_on_time,note,ok,XX,2026-01-10T09:00:00+07:00,
            T3,00070,01,Ba,done_on_time,confirmed,,BCĐ-KT,2026-01-02T09:00:00+07:00,

            """) == nil)
        let worklist = same("worklist.csv", worklistHeader + """
            T1,00070,01,Một,done_on_time,confirmed,,BCĐ-KT,2026-01-10T09:00:00+07:00,
            T2,01,01,Hai,done_late,returned,Thiếu minh chứng,VP-01,2026-01-13T09:00:00+07:00,biên bản 3
            T3,00070,01,Ba,done_on_time,,,,,
            T3,00070,01,Ba,done_on_time,note,"Đã xem, đủ",BCĐ-KT,2026-01-10T09:00:00+07:00,

            """)
        #expect(worklist?.rows == 3 && worklist?.kind == .inspections)

        // Proposals, then their status changes (the `by` column: the login on PostgreSQL).
        let proposalsHeader = SQLiteStore.proposalsCSVHeader.joined(separator: ",") + "\n"
        #expect(sameProposals("proposals-bad.csv", proposalsHeader + """
            PA-1,2026-01-05T09:00:00+07:00,maybe,business,p02-law,Thủ tục thử nghiệm,,,,,,
            PA-2,2026-01-05T09:00:00+07:00,barrier,business,p99,Thủ tục,,,,,,
            PA-3,hôm qua,barrier,business,p02-law,Thủ tục,,,,,,

            """) == nil)
        let proposals = sameProposals("proposals.csv", proposalsHeader + """
            PA-1,2026-01-05T09:00:00+07:00,barrier,business,p02-law,Thủ tục thử nghiệm có kiểm soát,,Lê C,,,c@example.vn,
            ,2026-01-06T09:00:00+07:00,initiative,citizen,area-1,Sáng kiến số hóa hồ sơ,,,,,,
            PA-3,2026-01-07T09:00:00+07:00,barrier,business,p02-law,Thủ tục thử nghiệm,,Lê C,,,c@example.vn,

            """)
        #expect(proposals?.rows == 3 && proposals?.duplicates == 1)
        let statusHeader = SQLiteStore.proposalStatusCSVHeader.joined(separator: ",") + "\n"
        #expect(sameProposals("status-bad.csv", statusHeader + """
            PA-1,2026-01-06T09:00:00+07:00,answered,,Đã hướng dẫn,
            PA-000002,2026-01-07T09:00:00+07:00,assigned,00070,,
            PA-9,2026-01-07T09:00:00+07:00,rejected,,Ngoài phạm vi,

            """) == nil)
        let status = sameProposals("status.csv", statusHeader + """
            PA-1,2026-01-06T09:00:00+07:00,assigned,BKHCN,,Tiếp nhận
            PA-1,2026-01-08T09:00:00+07:00,answered,,Đã hướng dẫn,
            PA-000002,2026-01-07T09:00:00+07:00,rejected,,Ngoài phạm vi,

            """)
        #expect(status?.rows == 3 && status?.statusChanges == true)
        #expect(try pg.db().exec("SELECT count(*) FROM proposal_log WHERE by <> $1", [login]).count(0, 0) == 0)
        #expect(try counts() == [3, 4, 3, 3, 6])

        // The same dashboard and details on both, authors aside.
        func anonymous(_ o: Overview) -> Overview {
            var o = o
            for i in o.latestReports.indices { o.latestReports[i].report.reportedBy = "" }
            for i in o.latestProposalMoves.indices { o.latestProposalMoves[i].event.by = "" }
            return o
        }
        let day = CivilDate(year: 2026, month: 1, day: 15)!
        let overview = try sqlite.overview(asOf: day, latest: 10)
        #expect(anonymous(overview) == anonymous(try pg.overview(asOf: day, latest: 10)))
        #expect(overview.latestReports.count == 4 && !overview.latestInspections.isEmpty && !overview.latestProposalMoves.isEmpty)
        for id in ["T1", "T2", "T3"] {
            var a = try sqlite.taskDetail(id: id, asOf: day, historyLimit: 10)
            var b = try pg.taskDetail(id: id, asOf: day, historyLimit: 10)
            for i in a?.reports.indices ?? 0..<0 { a?.reports[i].reportedBy = "" }
            for i in b?.reports.indices ?? 0..<0 { b?.reports[i].reportedBy = "" }
            #expect(a != nil && a == b, "\(id)")
        }
        #expect(try pg.taskDetail(id: "T2", asOf: day, historyLimit: 10)?.check == .returned)
        for id in ["PA-1", "PA-000002", "PA-3"] {
            #expect(try sqlite.proposal(id: id) == pg.proposal(id: id), "\(id)")
            #expect(try sqlite.proposalDuplicateOf(id: id) == pg.proposalDuplicateOf(id: id), "\(id)")
        }
        #expect(try pg.proposalDuplicateOf(id: "PA-3") == "PA-1")
        #expect(try sqlite.verifyCounts(asOf: day) + sqlite.verifyProposals() == [])
        #expect(try pg.verifyCounts() == [])
    }

    /// The commands themselves, on a SQLite file and on a URL holding a copy of it: the same output.
    @Test func theCommandsPrintTheSameOnBothStores() throws {
        guard let (sqlite, pg) = try TestServer.demoPair() else { return }
        let dbs = [sqlite.path, pg.url]
        func both(_ args: [String]) throws -> [Binary.Result] {
            try dbs.map { db in try Binary.run(args + ["--db", db]) }
        }
        /// Without the seconds an import took.
        func untimed(_ s: String) -> String { s.replacingOccurrences(of: #" in [0-9.]+ s"#, with: "", options: .regularExpression) }

        let plan = try both(["inspect", "plan", "--sample", "30", "--seed", "7", "--by", "unit"])
        #expect(plan.allSatisfy { $0.status == 0 }, "\(plan.map(\.stderr))")
        #expect(plan[0].stdout == plan[1].stdout && plan[0].stderr == plan[1].stderr)
        #expect(plan[0].stdout.split(separator: "\n").count == 31)
        for lang in ["vi", "en"] {
            let list = try both(["proposal", "holidays", "--lang", lang])
            #expect(list[0].status == 0 && list[0].stdout == list[1].stdout && list[0].stdout.count > 500, "\(list.map(\.stderr))")
        }
        let shipped = try String(contentsOf: Self.shippedHolidays, encoding: .utf8)
        let holidays = F.file("cli-holidays.csv", shipped.split(separator: "\n").filter { !$0.hasPrefix("2025-") }.joined(separator: "\n") + "\n")
        let imported = try both(["proposal", "holidays", "--import", holidays, "--as-of", "2026-01-15"])
        #expect(imported.allSatisfy { $0.status == 0 }, "\(imported.map(\.stderr))")
        #expect(imported[0].stdout == imported[1].stdout && imported[0].stdout.contains("13 holiday rows stored; "), "\(imported.map(\.stdout))")

        // A filled work list, and reports one of which names an author.
        var worklist = InspectionFileFormat.csvHeader.joined(separator: ",") + "\n"
        for r in try sqlite.inspectionPlan(sample: 20, seed: 3, by: .province, asOf: F.demoAsOf) {
            worklist += [r.taskID, r.unit, r.province, r.title, r.reportedState, "note", "Đã xem, đủ", "BCĐ-KT", "2026-01-15T12:00:00+07:00", ""]
                .map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\n"
        }
        let inspections = try both(["import", F.file("cli-worklist.csv", worklist)])
        #expect(inspections.allSatisfy { $0.status == 0 }, "\(inspections.map(\.stderr))")
        #expect(untimed(inspections[0].stdout) == untimed(inspections[1].stdout) && inspections[0].stdout.contains("imported 20 inspections (csv)"))
        let reports = try both(["import", F.file("cli-reports.csv", ReportFileFormat.csvHeader.joined(separator: ",") + "\n"
            + "00070-0001,in_progress,40,2026-01-15T12:30:00+07:00,,Cán bộ xã\n00070-0002,in_progress,10,2026-01-15T12:31:00+07:00,,\n")])
        #expect(reports.allSatisfy { $0.status == 0 }, "\(reports.map(\.stderr))")
        #expect(untimed(reports[0].stdout) == untimed(reports[1].stdout) && reports[0].stdout.contains("imported 2 reports (csv)"), "\(reports.map(\.stdout))")
        let login = try pg.currentAccount().login
        #expect(reports[0].stderr.isEmpty && reports[1].stderr.contains("1 row naming another author recorded as \(login)"), "\(reports.map(\.stderr))")
        let bad = try both(["import", F.file("cli-bad.csv", "task_id,colour\nT1,red\n")])
        #expect(bad.allSatisfy { $0.status == 65 } && bad[0].stderr == bad[1].stderr && bad[0].stderr.contains("cli-bad.csv"), "\(bad.map(\.stderr))")
        let check = try both(["check"])
        #expect(check.allSatisfy { $0.status == 0 && $0.stdout.hasSuffix("maintained state and counts equal a full recount\n") }, "\(check.map(\.stderr))")
    }
}
