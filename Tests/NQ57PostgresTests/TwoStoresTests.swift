import Foundation
import GRDB
import NQ57Core
import NQ57Postgres
import NQ57Render
import NQ57Store
import NQ57TestSupport
import Testing

/// The live server the tests use: `NQ57_TEST_PG` (scripts/pg-test-server start prints it; `make test`
/// and `.ci/run` start one). Without it the tests skip, except under CI, where they fail.
enum TestServer {
    static var url: String? {
        let url = ProcessInfo.processInfo.environment["NQ57_TEST_PG"].flatMap { $0.isEmpty ? nil : $0 }
        if url == nil, ProcessInfo.processInfo.environment["CI"] != nil {
            Issue.record("NQ57_TEST_PG is not set under CI: start a server with scripts/pg-test-server start (make test does)")
        }
        return url
    }

    /// A new empty database on the server, for one test; nil when there is no server (outside CI).
    static func freshDatabase() throws -> String? {
        guard let url = url else { return nil }
        let name = "nq57_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try PGConnection(url: url).exec("CREATE DATABASE \(name)")
        guard var c = URLComponents(string: url) else { throw NQ57Error(.usage, "NQ57_TEST_PG is not a URL") }
        c.path = "/" + name
        return c.string!
    }

    /// A fresh database holding a copy of the small demo (seed 57, as of 2026-01-15), and the SQLite
    /// file it came from.
    static func demoPair() throws -> (sqlite: SQLiteStore, pg: PostgresStore)? {
        guard let url = try freshDatabase() else { return nil }
        let path = try StoreFixtures.demoDatabasePath()
        let pg = try PostgresStore(url: url)
        _ = try PostgresCopy.sqliteToPostgres(from: path, to: pg)
        return (try SQLiteStore(path: path), pg)
    }
}

/// One suite, two stores: the same questions asked of the SQLite store and of the PostgreSQL store
/// holding a copy of the same data must get the same answers.
@Suite struct TwoStoresTests {
    static let days = [StoreFixtures.demoAsOf, StoreFixtures.demoAsOf.adding(days: -40), StoreFixtures.demoAsOf.adding(days: 30)]

    @Test(arguments: days)
    func sameSnapshotOnBothStores(day: CivilDate) throws {
        guard let (sqlite, pg) = try TestServer.demoPair() else { return }
        let a = try sqlite.overview(asOf: day, latest: Snapshot.reportsShown)
        let b = try pg.overview(asOf: day, latest: Snapshot.reportsShown)
        #expect(a.totals.total > 6000)
        // What the SQLite store gained since (v14) is there to compare: short names, Vietnamese
        // sources, the figures' catalogue's names.
        #expect(a.techGroups.contains { $0.group.short.of(.vi) != nil })
        #expect(a.metrics.contains { $0.latest?.sourceVI.isEmpty == false })
        #expect(a.metrics.contains { $0.name?.short.of(.en) != nil })
        // The inspections and proposals are there to compare too (issue 17): figures, feed rows, warnings.
        #expect(a.inspection?.levels.contains { $0.counts.returned > 0 } == true)
        #expect(a.proposals.map { $0.all.total > 0 } == true)
        #expect(!a.latestInspections.isEmpty && !a.latestProposalMoves.isEmpty)
        #expect(a.warnings.proposalsOverdueCount + a.warnings.proposalsDueSoonCount + a.warnings.returnedStaleCount > 0)
        #expect(a == b)
        for language in [Language.vi, .en] {
            #expect(Snapshot.text(.overview(a), width: 100, language: language) == Snapshot.text(.overview(b), width: 100, language: language))
        }
    }

    @Test(arguments: days)
    func sameDrillDownsOnBothStores(day: CivilDate) throws {
        guard let (sqlite, pg) = try TestServer.demoPair() else { return }
        for scope in [UnitScope.level(.province), .level(.central), .level(.commune), .communes(province: "01")] {
            #expect(try sqlite.units(scope, asOf: day) == pg.units(scope, asOf: day), "\(scope)")
        }
        #expect(try pg.units(.level(.central), asOf: day).contains { $0.unit.short.of(.en) != nil })
        for scope in [TaskScope.unit("00070"), .province("01"), .techGroup(3), .level(.central), .inState(.level(.commune), .overdue),
                      .inState(.province("79"), .doneLate), .inState(.techGroup(1), .openOnTime), .inState(.level(.province), .doneOnTime)] {
            #expect(try sqlite.tasks(scope, asOf: day, limit: 25) == pg.tasks(scope, asOf: day, limit: 25), "\(scope)")
        }
        let some = try sqlite.tasks(.level(.commune), asOf: day, limit: 5).rows.map(\.task.id)
        #expect(some.count == 5)
        // Tasks an inspection returned (and, on an earlier day, maybe not yet): their inspections and check.
        let returned = try sqlite.tasks(.inState(.level(.commune), .returned), asOf: day, limit: 5)
        #expect(returned == (try pg.tasks(.inState(.level(.commune), .returned), asOf: day, limit: 5)))
        #expect(try sqlite.tasks(.inState(.province("01"), .returned), asOf: day, limit: 25) == pg.tasks(.inState(.province("01"), .returned), asOf: day, limit: 25))
        let inspected = try DatabaseQueue(path: sqlite.path).read { try String.fetchAll($0, sql: "SELECT DISTINCT t.id FROM inspection_log i JOIN tasks t ON t.key = i.task_key ORDER BY i.id DESC LIMIT 8") }
        #expect(returned.total > 0 && inspected.count == 8)
        for id in some + inspected + ["no-such-task"] {
            let a = try sqlite.taskDetail(id: id, asOf: day, historyLimit: 10)
            #expect(a == (try pg.taskDetail(id: id, asOf: day, historyLimit: 10)), "\(id)")
        }
        // The proposals' drill-downs: each body's owed list and every state, and a proposal's history.
        let bodies = try sqlite.overview(asOf: day, latest: 0).proposals?.bodies.map(\.code) ?? []
        #expect(bodies.count > 3)
        for body in bodies.prefix(6) {
            for state in [nil] + ProposalState.allCases.map(Optional.some) {
                #expect(try sqlite.proposalsOwed(body: body, state: state, asOf: day) == pg.proposalsOwed(body: body, state: state, asOf: day), "\(body) \(String(describing: state))")
            }
        }
        for id in try DatabaseQueue(path: sqlite.path).read({ try String.fetchAll($0, sql: "SELECT id FROM proposals ORDER BY key DESC LIMIT 5") }) + ["nope"] {
            #expect(try sqlite.proposalDetail(id: id) == pg.proposalDetail(id: id), "\(id)")
        }
    }

    @Test func copyingBackGivesTheSameDatabase() throws {
        guard let (sqlite, pg) = try TestServer.demoPair() else { return }
        _ = try pg.report(ReportFields(taskID: "00070-0001", status: "done", reportedAt: "2026-01-15T11:00:00+07:00"), now: StoreFixtures.now)
        // An inspection and a proposal (with contact details, assigned, answered) made on PostgreSQL travel back too.
        try pg.inspect(InspectionFields(taskID: "00070-0001", verdict: "returned", reason: "Thiếu biên bản", by: "VP-01", at: "2026-01-15T11:10:00+07:00"),
                       now: StoreFixtures.now)
        let added = try pg.addProposalAndAssign(NewProposal(receivedAt: Timestamp(iso: "2026-01-15T11:20:00+07:00")!, kind: .barrier, submitter: .business,
                                                            field: "p02-law", title: "Thủ tục thử nghiệm có kiểm soát", summary: "",
                                                            contact: ProposalContact(name: "Lê C", email: "c@example.vn")),
                                                to: "BKHCN", by: "tiếp nhận", now: StoreFixtures.now).proposal
        try pg.moveProposal(id: added.id, ProposalFlow.Move(to: .answered, at: Timestamp(iso: "2026-01-15T11:40:00+07:00")!, note: "Đã trả lời"))
        // What only the PostgreSQL database holds travels back: a figure with its Vietnamese source, a
        // short name changed with psql, a catalogue entry added with psql.
        try pg.db().exec("""
            UPDATE tech_groups SET short_vi = 'Lượng tử', short_en = 'Quantum' WHERE id = 3;
            UPDATE units SET short_en = 'Ha Noi' WHERE code = '01';
            INSERT INTO metric_catalogue (key, name_vi, name_en, short_vi, short_en) VALUES ('labs', 'Phòng thí nghiệm', 'Laboratories', 'PTN', 'Labs');
            """)
        try pg.setMetric(Metric(key: "labs", value: 12, asOf: StoreFixtures.demoAsOf.adding(days: -50), source: "survey", sourceVI: "khảo sát"))
        let back = StoreFixtures.databasePath()
        let s = try PostgresCopy.postgresToSQLite(from: pg, to: back)
        #expect(s.reports == (try sqlite.size().reports) + 1)
        let copy = try SQLiteStore(path: back, access: .readOnly)
        #expect(try copy.verifyCounts(asOf: StoreFixtures.demoAsOf).isEmpty)
        for day in Self.days {
            #expect(try copy.overview(asOf: day, latest: 10) == pg.overview(asOf: day, latest: 10))
        }
        #expect(try copy.metrics(asOf: StoreFixtures.demoAsOf).last?.name?.short.of(.vi) == "PTN")
        #expect(try copy.techGroups().first { $0.id == 3 }?.short.of(.en) == "Quantum")
        #expect(try copy.taskDetail(id: "00070-0001", asOf: StoreFixtures.demoAsOf, historyLimit: 3)?.check == .returned)
        #expect(try copy.proposalDetail(id: added.id) == pg.proposalDetail(id: added.id))
        #expect(try copy.proposalDetail(id: added.id)?.proposal.status == .answered)
        #expect(try copy.verifyProposals().isEmpty)
        let contacts = try DatabaseQueue(path: back).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM proposal_contacts") }
        #expect(contacts == (try pg.db().exec("SELECT count(*) FROM proposal_contacts").count(0, 0)))
        #expect(try DatabaseQueue(path: back).read { try String.fetchOne($0, sql: "SELECT email FROM proposal_contacts ORDER BY proposal_key DESC LIMIT 1") } == "c@example.vn")
        // Into a database that holds tasks: refused, nothing changed.
        #expect(throws: NQ57Error.self) { try PostgresCopy.postgresToSQLite(from: pg, to: sqlite.path) }
        #expect(try sqlite.verifyCounts(asOf: StoreFixtures.demoAsOf).isEmpty)
    }

    @Test func maintainedCountsEqualARecountAfterWritesOnBothStores() throws {
        guard let (sqlite, pg) = try TestServer.demoPair() else { return }
        let now = Timestamp(seconds: Int64(Date().timeIntervalSince1970))
        // The same reports through both stores: a task marked done, then a back-dated report that is
        // not done (it splits the run of done reports), then one in progress on another task.
        let tasks = try sqlite.tasks(.inState(.level(.commune), .overdue), asOf: StoreFixtures.demoAsOf, limit: 2).rows.map(\.task.id)
        #expect(tasks.count == 2)
        let fields = [
            ReportFields(taskID: tasks[0], status: "done", reportedAt: "2026-02-01T09:00:00+07:00"),
            ReportFields(taskID: tasks[0], status: "in_progress", progress: "90", reportedAt: "2026-01-31T09:00:00+07:00"),
            ReportFields(taskID: tasks[1], status: "in_progress", progress: "10", reportedAt: "2026-02-02T09:00:00+07:00", note: "ghi chú", reportedBy: "X"),
            // Done, then done again later: the completion day stays the first; then a tie on the time.
            ReportFields(taskID: tasks[1], status: "done", reportedAt: "2026-02-03T09:00:00+07:00"),
            ReportFields(taskID: tasks[1], status: "done", reportedAt: "2026-02-05T09:00:00+07:00"),
            ReportFields(taskID: tasks[1], status: "in_progress", progress: "95", reportedAt: "2026-02-05T09:00:00+07:00"),
            ReportFields(taskID: tasks[1], status: "done", reportedAt: "2026-02-06T09:00:00+07:00"),
            ReportFields(taskID: tasks[1], status: "done", reportedAt: "2026-02-07T09:00:00+07:00"),
        ]
        for f in fields {
            _ = try sqlite.report(f, now: now)
            _ = try pg.report(f, now: now)
        }
        // A figure, then the same key, day and source again: replaced, on both.
        for value in [1001.5, 1002.0] {
            let m = Metric(key: "st_enterprises", value: value, asOf: CivilDate(year: 2026, month: 2, day: 1)!, qualifier: "more than", source: "test")
            try sqlite.setMetric(m)
            try pg.setMetric(m)
        }
        // A key the figures' catalogue does not hold: refused on both, nothing stored.
        let typo = Metric(key: "st_enterprise", value: 1, asOf: CivilDate(year: 2026, month: 2, day: 1)!, source: "test")
        #expect(throws: NQ57Error.self) { try sqlite.setMetric(typo) }
        #expect(throws: NQ57Error.self) { try pg.setMetric(typo) }
        #expect(try pg.db().exec("SELECT count(*) FROM metrics WHERE key = 'st_enterprise'").count(0, 0) == 0)
        #expect(try sqlite.verifyCounts(asOf: StoreFixtures.demoAsOf).isEmpty)
        #expect(try pg.verifyCounts().isEmpty)
        let day = CivilDate(year: 2026, month: 2, day: 3)!
        #expect(try sqlite.overview(asOf: day, latest: 10) == pg.overview(asOf: day, latest: 10))
        // The check can fail: a count changed behind the triggers' back is found.
        try pg.db().exec("UPDATE state_counts SET open = open + 1 WHERE scope = 'unit' AND key = '00070'")
        let problems = try pg.verifyCounts()
        #expect(problems.count == 1)
        #expect(problems.first?.contains("counts unit 00070") == true)
        try pg.rebuild()
        #expect(try pg.verifyCounts().isEmpty)
    }

    /// The go-to prompt's look-up gives the same rows in the same order on both, from the titles folded
    /// when copied; a task inserted with psql is found before nq57 folded its title, and after.
    @Test func sameGoToLookUpOnBothStores() throws {
        guard let (sqlite, pg) = try TestServer.demoPair() else { return }
        let title = try #require(try sqlite.tasks(.unit("00070"), asOf: StoreFixtures.demoAsOf, limit: 1).rows.first?.task.title)
        let words = Search.fold(title).split(separator: " ").prefix(3).joined(separator: " ")
        #expect(try pg.db().exec("SELECT count(*) FROM find_titles WHERE folded IS NULL").count(0, 0) == 0)
        for query in ["ha noi", "hoan kiem", "dak lak", "00070-0001", "0007", "xa", "son", "an", "hai", words, "%", "_", "  ", "HÀ NỘI 00070"] {
            #expect(try sqlite.find(query, limit: 30) == pg.find(query, limit: 30), "\(query)")
        }
        #expect(try pg.find(words, limit: 30).contains { $0.kind == .task })
        #expect(try pg.find("ha noi", limit: 30).first?.code == "01")
        try pg.db().exec("""
            INSERT INTO tasks (id, title, plan, area, level, unit_code, deadline) VALUES ('PSQL-1', 'Thử nghiệm Zuyên Khoáy', 'KH02', 3, 'commune', '00070', '2026-03-31')
            """)
        #expect(try pg.db().exec("SELECT count(*) FROM find_titles WHERE folded IS NULL").count(0, 0) == 1)
        #expect(try pg.find("zuyen khoay", limit: 5).map(\.code) == ["PSQL-1"])
        try pg.initialize()
        #expect(try pg.db().exec("SELECT folded FROM find_titles f JOIN tasks t ON t.key = f.task_key WHERE t.id = 'PSQL-1'").text(0, 0)
            == "thu nghiem zuyen khoay")
        #expect(try pg.find("zuyen khoay", limit: 5).map(\.code) == ["PSQL-1"])
        // A new title is folded again, not found under the old one.
        try pg.db().exec("UPDATE tasks SET title = 'Cáp quang Qỳx' WHERE id = 'PSQL-1'")
        #expect(try pg.find("zuyen", limit: 5).isEmpty)
        #expect(try pg.find("cap quang qyx", limit: 5).map(\.code) == ["PSQL-1"])
        // check names a wrong fold and a lost row; --rebuild makes them again.
        #expect(try pg.verifyCounts().isEmpty)
        try pg.db().exec("""
            UPDATE find_titles SET folded = 'sai' WHERE task_key = (SELECT key FROM tasks WHERE id = 'PSQL-1');
            DELETE FROM find_titles WHERE task_key = (SELECT key FROM tasks WHERE id = '00070-0001');
            """)
        let problems = try pg.verifyCounts()
        #expect(problems.count == 2)
        #expect(problems.contains { $0.contains("PSQL-1") && $0.contains("cap quang qyx") })
        #expect(problems.contains { $0.contains("00070-0001 has no row") })
        try pg.rebuild()
        #expect(try pg.verifyCounts().isEmpty)
        #expect(try sqlite.find("00070", limit: 30) == pg.find("00070", limit: 30))
    }

    /// A PostgreSQL database made before the short names (no columns, no figures' catalogue): the next
    /// `init` adds them and fills them from the reference data, and a figure recorded before keeps
    /// being shown (its key enters the catalogue under its own name, as SQLite's v14 does).
    @Test func anOlderDatabaseTakesTheShortNamesOnInit() throws {
        guard let url = try TestServer.freshDatabase() else { return }
        let pg = try PostgresStore(url: url)
        try pg.initialize()
        // An account made before: it still reads after the upgrade.
        let viewer = "view_" + String(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(8))
        _ = try pg.addAccount(login: viewer, role: .viewer, units: [], password: nil)
        try pg.db().exec("""
            ALTER TABLE units DROP COLUMN short_vi, DROP COLUMN short_en;
            ALTER TABLE tech_groups DROP COLUMN short_vi, DROP COLUMN short_en;
            ALTER TABLE metrics DROP COLUMN source_vi;
            DROP TABLE metric_catalogue;
            DROP TABLE find_titles;
            DROP FUNCTION nq57_find_titles() CASCADE;
            DELETE FROM meta WHERE key IN ('pg_short_names', 'pg_find_titles');
            INSERT INTO tasks (id, title, plan, area, level, unit_code, deadline) VALUES ('T1', 'Số hóa', 'KH02', 3, 'commune', '00070', '2026-03-31');
            INSERT INTO metrics (key, value, as_of, source) VALUES ('old_figure', 7, '2025-06-01', 'by hand');
            """)
        #expect(throws: NQ57Error.self) { try pg.overview(asOf: StoreFixtures.demoAsOf, latest: 5) }
        try pg.initialize()
        let o = try pg.overview(asOf: StoreFixtures.demoAsOf, latest: 5)
        let sqlite = try StoreFixtures.initializedStore().overview(asOf: StoreFixtures.demoAsOf, latest: 5)
        #expect(o.techGroups.map(\.group) == sqlite.techGroups.map(\.group))
        #expect(o.provinces.map(\.unit) == sqlite.provinces.map(\.unit))
        #expect(o.metrics.filter { $0.key != "old_figure" } == sqlite.metrics)
        #expect(o.metrics.last?.name == FigureName(key: "old_figure", nameVI: "old_figure", nameEN: "old_figure"))
        #expect(try pg.db().exec("SELECT count(*) FROM units WHERE short_en <> ''").count(0, 0) > 0)
        #expect(try pg.find("so hoa", limit: 50).filter { $0.kind == .task }.map(\.code) == ["T1"])
        #expect(try PostgresStore(url: AccountTests.url(url, as: viewer)).overview(asOf: StoreFixtures.demoAsOf, latest: 5) == o)
        #expect(try PostgresStore(url: AccountTests.url(url, as: viewer)).find("so hoa", limit: 50).contains { $0.code == "T1" })
        // Once done, not again: the next init finds the mark.
        #expect(try pg.db().exec("SELECT count(*) FROM meta WHERE key = 'pg_short_names'").count(0, 0) == 1)
        try pg.initialize()
        #expect(try pg.overview(asOf: StoreFixtures.demoAsOf, latest: 5) == o)
    }

    /// What another program may try: each statement is refused by the database itself, on both.
    static let hostile: [(what: String, sqlite: String, pg: String)] = [
        ("progress out of range", "INSERT INTO reports (task_id, status, progress, reported_at) VALUES ('T1', 'in_progress', 140, 1767225600)",
         "INSERT INTO reports (task_id, status, progress, reported_at) VALUES ('T1', 'in_progress', 140, 1767225600)"),
        ("unknown status", "INSERT INTO reports (task_id, status, progress, reported_at) VALUES ('T1', 'bogus', 0, 1767225600)",
         "INSERT INTO reports (task_id, status, progress, reported_at) VALUES ('T1', 'bogus', 0, 1767225600)"),
        ("done below 100", "INSERT INTO reports (task_id, status, progress, reported_at) VALUES ('T1', 'done', 50, 1767225600)",
         "INSERT INTO reports (task_id, status, progress, reported_at) VALUES ('T1', 'done', 50, 1767225600)"),
        ("a time in the future", "INSERT INTO reports (task_id, status, progress, reported_at) VALUES ('T1', 'done', 100, 4102444800)",
         "INSERT INTO reports (task_id, status, progress, reported_at) VALUES ('T1', 'done', 100, 4102444800)"),
        ("a time before Resolution 57", "INSERT INTO reports (task_id, status, progress, reported_at) VALUES ('T1', 'done', 100, 1000)",
         "INSERT INTO reports (task_id, status, progress, reported_at) VALUES ('T1', 'done', 100, 1000)"),
        ("a time as text", "INSERT INTO reports (task_id, status, progress, reported_at) VALUES ('T1', 'done', 100, 'yesterday')",
         "INSERT INTO reports (task_id, status, progress, reported_at) VALUES ('T1', 'done', 100, 'yesterday')"),
        ("an unknown task", "INSERT INTO reports (task_id, status, progress, reported_at) VALUES ('nope', 'done', 100, 1767225600)",
         "INSERT INTO reports (task_id, status, progress, reported_at) VALUES ('nope', 'done', 100, 1767225600)"),
        ("a note too long", "INSERT INTO reports (task_id, status, progress, reported_at, note) VALUES ('T1', 'done', 100, 1767225600, printf('%.3000c', 'x'))",
         "INSERT INTO reports (task_id, status, progress, reported_at, note) VALUES ('T1', 'done', 100, 1767225600, repeat('x', 3000))"),
        ("changing a report", "UPDATE report_log SET progress = 0", "UPDATE report_log SET progress = 0"),
        ("deleting a report", "DELETE FROM report_log", "DELETE FROM report_log"),
        ("a deadline that is no day", "UPDATE tasks SET deadline = '2026-02-30'", "UPDATE tasks SET deadline = '2026-02-30'"),
        ("a task at the wrong level", "UPDATE tasks SET level = 'central'", "UPDATE tasks SET level = 'central'"),
        ("a figure too large", "INSERT INTO metrics (key, value, as_of, source) VALUES ('k', 1e300, '2026-01-01', 's')",
         "INSERT INTO metrics (key, value, as_of, source) VALUES ('k', 1e300, '2026-01-01', 's')"),
    ]

    /// A task T1 of 00070 with one report (in progress, 2026-01-02 09:00) in a new SQLite file and a
    /// new PostgreSQL database; nil without a server.
    static func oneTaskOnBothStores() throws -> (sqlite: SQLiteStore, pg: PostgresStore, now: Timestamp)? {
        guard let url = try TestServer.freshDatabase() else { return nil }
        let sqlite = try StoreFixtures.initializedStore()
        try sqlite.addTask(StoreFixtures.task("T1", deadline: CivilDate(year: 2026, month: 3, day: 31)!))
        let fields = ReportFields(taskID: "T1", status: "in_progress", progress: "20", reportedAt: "2026-01-02T09:00:00+07:00")
        let now = Timestamp(seconds: Int64(Date().timeIntervalSince1970))
        _ = try sqlite.report(fields, now: now)
        let pg = try PostgresStore(url: url)
        try pg.initialize()
        try pg.db().exec("""
            INSERT INTO tasks (id, title, plan, area, level, unit_code, deadline) VALUES ('T1', 'Số hóa dữ liệu hộ tịch', 'KH02-KH/BCĐTW', 3, 'commune', '00070', '2026-03-31')
            """)
        _ = try pg.report(fields, now: now)
        return (sqlite, pg, now)
    }

    @Test func hostileValuesAreRefusedByBothDatabases() throws {
        guard let (sqlite, pg, _) = try Self.oneTaskOnBothStores() else { return }
        let queue = try DatabaseQueue(path: sqlite.path)
        for h in Self.hostile {
            #expect(throws: (any Error).self, "SQLite: \(h.what)") { try queue.write { try $0.execute(sql: h.sqlite) } }
            #expect(throws: NQ57Error.self, "PostgreSQL: \(h.what)") { try pg.db().exec(h.pg) }
        }
        // A parameter holding NUL is refused whole, not stored cut short at the NUL.
        #expect(throws: NQ57Error.self) {
            try pg.db().exec("INSERT INTO reports (task_id, status, progress, reported_at, note) VALUES ('T1', 'done', 100, 1767225600, $1)", ["a\u{0}b"])
        }
        // Nothing refused changed anything, and what was stored is as it was.
        #expect(try pg.db().exec("SELECT count(*), min(progress) FROM report_log").text(0, 0) == "1")
        #expect(try pg.verifyCounts().isEmpty)
        #expect(try sqlite.verifyCounts(asOf: StoreFixtures.demoAsOf).isEmpty)
        // A good insert through the view, as psql would make it, folds into the task and its counts.
        try pg.db().exec("INSERT INTO reports (task_id, status, reported_at) VALUES ('T1', 'done', 1767402000)")
        let page = try pg.tasks(.unit("00070"), asOf: CivilDate(year: 2026, month: 1, day: 5)!, limit: 5)
        #expect(page.rows.first?.state.status == .done)
        #expect(page.rows.first?.derived == .doneOnTime)
        #expect(try pg.verifyCounts().isEmpty)
    }

    @Test func importListsEveryBadRowAndWritesNothingThenImportsOnce() throws {
        guard let url = try TestServer.freshDatabase() else { return }
        let pg = try PostgresStore(url: url)
        try pg.initialize()
        try pg.db().exec("""
            INSERT INTO tasks (id, title, plan, area, level, unit_code, deadline) VALUES ('T1', 'Một', 'KH02', 3, 'commune', '00070', '2026-03-31'),
                ('T2', 'Hai', 'KH02', 3, 'commune', '00070', '2026-03-31')
            """)
        let now = Timestamp(seconds: Int64(Date().timeIntervalSince1970))
        let header = "task_id,status,progress,reported_at,note,reported_by\n"
        let bad = StoreFixtures.file("bad.csv", header + """
            T1,in_progress,20,2026-01-02T09:00:00+07:00,,A
            T9,done,100,2026-01-02T09:00:00+07:00,,A
            T2,done,50,2026-01-02T09:00:00+07:00,,A
            T2,in_progress,30,2026-01-03T09:00:00+07:00,"note, with comma",B

            """)
        let before = try pg.changeToken()
        #expect {
            _ = try pg.importReports(bad, dryRun: false, allowRepeats: false, now: now)
        } throws: { error in
            let message = (error as? NQ57Error)?.message ?? ""
            return message.contains("bad.csv:3:") && message.contains("bad.csv:4:") && !message.contains("bad.csv:2:")
                && !message.contains("bad.csv:5:")
        }
        #expect(try pg.db().exec("SELECT count(*) FROM report_log").count(0, 0) == 0)
        #expect(try pg.changeToken() == before)
        let good = StoreFixtures.file("good.csv", header + """
            T1,in_progress,20,2026-01-02T09:00:00+07:00,,A
            T2,in_progress,30,2026-01-03T09:00:00+07:00,"note, with comma",B
            T2,done,100,2026-01-04T09:00:00+07:00,"tab\there\\back",B

            """)
        let first = try pg.importReports(good, dryRun: false, allowRepeats: false, now: now)
        #expect(first.rows == 3)
        #expect(try pg.changeToken() != before)
        let again = try pg.importReports(good, dryRun: false, allowRepeats: false, now: now)
        #expect(again.rows == 0 && again.alreadyStored == 3)
        #expect(try pg.db().exec("SELECT note FROM report_log ORDER BY id DESC LIMIT 1").text(0, 0) == "tab\there\\back")
        #expect(try pg.verifyCounts().isEmpty)
        let t2 = try pg.taskDetail(id: "T2", asOf: CivilDate(year: 2026, month: 1, day: 5)!, historyLimit: 10)
        #expect(t2?.row.state.status == .done)
        #expect(t2?.reportCount == 2)

        // The bulk fold reads the new rows: T1 done twice after its state (completion day of the first),
        // T2 a back-dated done under its done state (state kept, completion day moved back).
        let more = StoreFixtures.file("more.csv", header + """
            T1,done,100,2026-01-06T09:00:00+07:00,,A
            T1,done,100,2026-01-05T09:00:00+07:00,,A
            T2,done,100,2026-01-03T10:00:00+07:00,,B

            """)
        #expect(try pg.importReports(more, dryRun: false, allowRepeats: false, now: now).rows == 3)
        #expect(try pg.verifyCounts().isEmpty)
        let day = CivilDate(year: 2026, month: 1, day: 7)!
        let t1 = try pg.taskDetail(id: "T1", asOf: day, historyLimit: 10)?.row.state
        #expect(t1?.status == .done && t1?.reportedAt?.vietnamDate == CivilDate(year: 2026, month: 1, day: 6)!)
        #expect(t1?.completedOn == CivilDate(year: 2026, month: 1, day: 5)!)
        let t2Later = try pg.taskDetail(id: "T2", asOf: day, historyLimit: 10)?.row.state
        #expect(t2Later?.status == .done && t2Later?.reportedAt?.vietnamDate == CivilDate(year: 2026, month: 1, day: 4)!)
        #expect(t2Later?.completedOn == CivilDate(year: 2026, month: 1, day: 3)!)
    }

    /// JSON Lines of reports import on PostgreSQL as on SQLite (the same reader, the same messages):
    /// every bad line listed and nothing written, then the good file once, its repeats left out.
    @Test func jsonLinesImportListsBadLinesThenImportsOnce() throws {
        guard let url = try TestServer.freshDatabase() else { return }
        let pg = try PostgresStore(url: url)
        try pg.initialize()
        try pg.db().exec("""
            INSERT INTO tasks (id, title, plan, area, level, unit_code, deadline) VALUES ('T1', 'Một', 'KH02', 3, 'commune', '00070', '2026-03-31')
            """)
        let now = Timestamp(seconds: Int64(Date().timeIntervalSince1970))
        let first = #"{"task_id":"T1","status":"in_progress","progress":20,"reported_at":"2026-01-02T09:00:00+07:00","reported_by":"A"}"#
        let bad = StoreFixtures.file("bad.jsonl", first + "\n" + """
            {"task_id":"T1","status":"done","progress":140,"reported_at":"2026-01-03T09:00:00+07:00","reported_by":"A"}
            not json
            {"task_id":"T1","colour":"red"}

            """)
        #expect {
            _ = try pg.importReports(bad, dryRun: false, allowRepeats: false, now: now)
        } throws: { error in
            let message = (error as? NQ57Error)?.message ?? ""
            return message.contains("bad.jsonl:2: progress") && message.contains("bad.jsonl:3:") && message.contains("bad.jsonl:4: colour")
                && !message.contains("bad.jsonl:1:")
        }
        #expect(try pg.db().exec("SELECT count(*) FROM report_log").count(0, 0) == 0)
        let good = StoreFixtures.file("good.jsonl", first + "\n\n" + """
            {"task_id":"T1","status":"done","progress":100,"reported_at":"2026-01-04T09:00:00+07:00","note":"xong, \\"đủ\\"","reported_by":"B"}
            """)
        let once = try pg.importReports(good, dryRun: false, allowRepeats: false, now: now)
        #expect(once.rows == 2 && once.format == .jsonLines)
        let again = try pg.importReports(good, dryRun: false, allowRepeats: false, now: now)
        #expect(again.rows == 0 && again.alreadyStored == 2)
        #expect(try pg.db().exec("SELECT note FROM report_log ORDER BY id DESC LIMIT 1").text(0, 0) == "xong, \"đủ\"")
        #expect(try pg.verifyCounts().isEmpty)
        let t1 = try pg.taskDetail(id: "T1", asOf: CivilDate(year: 2026, month: 1, day: 5)!, historyLimit: 10)
        #expect(t1?.row.state.status == .done && t1?.reportCount == 2)
    }

    @Test func changeTokenMovesOnCommitsOnly() throws {
        guard let url = try TestServer.freshDatabase() else { return }
        let pg = try PostgresStore(url: url)
        try pg.initialize()
        let other = try PostgresStore(url: url)
        let t0 = try pg.changeToken()
        _ = try pg.overview(asOf: StoreFixtures.demoAsOf, latest: 10)
        #expect(try pg.changeToken() == t0)
        let c = try other.db()
        try c.exec("BEGIN")
        try c.exec("INSERT INTO tasks (id, title, plan, area, level, unit_code, deadline) VALUES ('T1', 'Một', 'KH02', 3, 'commune', '00070', '2026-03-31')")
        #expect(try pg.changeToken() == t0)
        try c.exec("COMMIT")
        // The notification comes at commit, asynchronously: wait for it.
        var seen = t0
        let deadline = Date().addingTimeInterval(10)
        while seen == t0, Date() < deadline { seen = try pg.changeToken() }
        #expect(seen > t0)
    }
}

/// Live refresh by LISTEN/NOTIFY: an idle dashboard's tick reads the socket and sends nothing.
@Suite struct ListenTests {
    @Test func anIdleChangeTokenSendsNoStatementAndACommitIsSeen() throws {
        guard let url = try TestServer.freshDatabase() else { return }
        let pg = try PostgresStore(url: url)
        try pg.initialize()
        let t0 = try pg.changeToken()
        let c = try pg.db()
        let sent = c.statementsSent
        for _ in 0..<200 { #expect(try pg.changeToken() == t0) }
        #expect(c.statementsSent == sent)
        // Another process commits: the notification comes at commit, and the next tick reads the token.
        let other = try PGConnection(url: url)
        try other.exec("INSERT INTO tasks (id, title, plan, area, level, unit_code, deadline) VALUES ('T1', 'Một', 'KH02', 3, 'commune', '00070', '2026-03-31')")
        var seen = t0
        let deadline = Date().addingTimeInterval(10)
        while seen == t0, Date() < deadline { seen = try pg.changeToken() }
        #expect(seen > t0)
        #expect(c.statementsSent == sent + 1)
    }

    /// No statement finds a connection dropped without a word either: the kernel's keepalive probes
    /// do (first after 20 s of silence, not the system's two hours), so the next read of the socket
    /// fails and the dashboard shows its stale banner. A URL's own settings win.
    @Test func everyConnectionProbesItsPeerAndAURLsSettingWins() throws {
        guard let url = try TestServer.freshDatabase() else { return }
        func option(_ c: PGConnection, _ level: Int32, _ name: Int32) -> Int32 {
            var value: Int32 = -1
            var size = socklen_t(MemoryLayout<Int32>.size)
            return getsockopt(c.socket, level, name, &value, &size) == 0 ? value : -1
        }
        let c = try PGConnection(url: url)
        #expect(option(c, SOL_SOCKET, SO_KEEPALIVE) == 1)
        #expect(option(c, Int32(IPPROTO_TCP), TCP_KEEPIDLE) == 20)
        #expect(option(c, Int32(IPPROTO_TCP), TCP_KEEPINTVL) == 5)
        #expect(option(c, Int32(IPPROTO_TCP), TCP_KEEPCNT) == 4)
        let own = try PGConnection(url: url + (url.contains("?") ? "&" : "?") + "keepalives_idle=45")
        #expect(option(own, Int32(IPPROTO_TCP), TCP_KEEPIDLE) == 45)
    }

    @Test func aDroppedConnectionThrowsThenReconnects() throws {
        guard let url = try TestServer.freshDatabase() else { return }
        let pg = try PostgresStore(url: url)
        try pg.initialize()
        let t0 = try pg.changeToken()
        let pid = try pg.db().exec("SELECT pg_backend_pid()").text(0, 0)
        try PGConnection(url: url).exec("SELECT pg_terminate_backend($1::integer)", [pid])
        // The next tick finds the connection gone (the stale banner), a later one connects again.
        var failed = false
        let deadline = Date().addingTimeInterval(10)
        while !failed, Date() < deadline {
            do { _ = try pg.changeToken() } catch { failed = true }
        }
        #expect(failed)
        var token: Int64?
        while token == nil, Date() < deadline.addingTimeInterval(10) { token = try? pg.changeToken() }
        #expect(token == t0)
        #expect(try pg.db().exec("SELECT pg_backend_pid()").text(0, 0) != pid)
    }
}

/// Accounts PostgreSQL enforces: tried against the live server, as each account, with plain SQL.
@Suite struct AccountTests {
    /// The URL of `url` logged in as `login` (the test cluster trusts loopback logins).
    static func url(_ url: String, as login: String) -> String {
        var c = URLComponents(string: url)!
        c.user = login
        c.password = nil
        return c.string!
    }

    @Test func reportersViewersAndTheDatabaseSaysNo() throws {
        guard let url = try TestServer.freshDatabase() else { return }
        let pg = try PostgresStore(url: url)
        try pg.initialize()
        try pg.db().exec("""
            INSERT INTO tasks (id, title, plan, area, level, unit_code, deadline) VALUES
                ('A1', 'Một', 'KH02', 3, 'commune', '00070', '2026-03-31'),
                ('B1', 'Hai', 'KH02', 3, 'commune', '00004', '2026-03-31'),
                ('C1', 'Ba', 'KH02', 3, 'commune', '00691', '2026-03-31')
            """)
        let suffix = String(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(8))
        let reporter = "rep_" + suffix, viewer = "view_" + suffix, province = "prov_" + suffix
        #expect(try pg.addAccount(login: reporter, role: .reporter, units: ["00070"], password: nil).contains("created"))
        _ = try pg.addAccount(login: viewer, role: .viewer, units: [], password: nil)
        _ = try pg.addAccount(login: province, role: .reporter, units: ["01"], password: nil)
        let insert = "INSERT INTO reports (task_id, status, progress, reported_at, reported_by) VALUES ($1, 'in_progress', 30, 1767402000, 'ai đó')"
        func refused(_ c: PGConnection, _ sql: String, _ params: [String?] = []) -> String? {
            do {
                try c.exec(sql, params)
                return nil
            } catch let e as NQ57Error {
                return (e.reason as? PostgresError)?.sqlState
            } catch { return "?" }
        }

        let r = try PGConnection(url: Self.url(url, as: reporter))
        #expect(refused(r, insert, ["A1"]) == nil)
        #expect(refused(r, insert, ["B1"]) == "42501")  // another commune: row-level security
        #expect(refused(r, "INSERT INTO report_log (task_key, status, progress, reported_at) SELECT key, 'done', 100, 1767402000 FROM tasks WHERE id = 'B1'") == "42501")
        #expect(refused(r, "UPDATE tasks SET status = 'done', progress = 100 WHERE id = 'B1'") == "42501")
        #expect(refused(r, "UPDATE state_counts SET open = 0") == "42501")
        #expect(refused(r, "UPDATE change_token SET n = 0") == "42501")
        // The province's reporter covers its communes (00070 is in Hà Nội, 01), not another province's.
        let p = try PGConnection(url: Self.url(url, as: province))
        #expect(refused(p, insert, ["A1"]) == nil)
        #expect(refused(p, insert, ["B1"]) == nil)  // 00004 is in Hà Nội too
        #expect(refused(p, insert, ["C1"]) == "42501")

        let v = try PGConnection(url: Self.url(url, as: viewer))
        #expect(try v.exec("SELECT count(*) FROM reports").count(0, 0) == 3)
        #expect(refused(v, insert, ["A1"]) == "42501")
        #expect(refused(v, "DELETE FROM tasks") == "42501")
        #expect(refused(v, "INSERT INTO metrics (key, value, as_of) VALUES ('k', 1, '2026-01-01')") == "42501")

        // Every report names the login that made it, whatever the writer sent; the state followed.
        let accounts = try pg.db().exec("SELECT account FROM report_log ORDER BY id")
        #expect((0..<accounts.rows).map { accounts.text($0, 0) } == [reporter, province, province])
        #expect(try pg.verifyCounts().isEmpty)
        #expect(try pg.taskDetail(id: "A1", asOf: CivilDate(year: 2026, month: 1, day: 5)!, historyLimit: 5)?.row.state.progress == 30)
    }
}

/// Wall screens on a standby: the dashboard's source on a hot standby sees what the primary commits.
@Suite struct StandbyTests {
    @Test func aStandbyShowsAReportWrittenToThePrimary() throws {
        guard let url = try TestServer.freshDatabase() else { return }
        guard let standbyServer = ProcessInfo.processInfo.environment["NQ57_TEST_PG_STANDBY"], !standbyServer.isEmpty else {
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("NQ57_TEST_PG_STANDBY is not set under CI") }
            return
        }
        let primary = try PostgresStore(url: url)
        try primary.initialize()
        try primary.db().exec("INSERT INTO tasks (id, title, plan, area, level, unit_code, deadline) VALUES ('T1', 'Một', 'KH02', 3, 'commune', '00070', '2026-03-31')")
        var c = URLComponents(string: standbyServer)!
        c.path = URLComponents(string: url)!.path
        // The new database reaches the standby by replication: wait for it and its task.
        var standby: PostgresStore?
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let s = try? PostgresStore(url: c.string!), (try? s.taskDetail(id: "T1", asOf: StoreFixtures.demoAsOf, historyLimit: 5)) != nil {
                standby = s
                break
            }
            usleep(100_000)
        }
        let s = try #require(standby)
        #expect(try s.db().exec("SELECT pg_is_in_recovery()").bool(0, 0))
        let t0 = try s.changeToken()
        // A write on the standby is refused by PostgreSQL; on the primary it is seen on the standby.
        #expect(throws: NQ57Error.self) { try s.report(ReportFields(taskID: "T1", status: "done", reportedAt: "2026-01-02T09:00:00+07:00"), now: StoreFixtures.now) }
        _ = try primary.report(ReportFields(taskID: "T1", status: "in_progress", progress: "45", reportedAt: "2026-01-02T09:00:00+07:00"), now: StoreFixtures.now)
        var token = t0
        while token == t0, Date() < deadline.addingTimeInterval(30) { token = try s.changeToken() }
        #expect(token != t0)
        let o = try s.overview(asOf: CivilDate(year: 2026, month: 1, day: 5)!, latest: 5)
        #expect(o.latestReports.first?.report.progress == 45)
        #expect(o.latestReports.first?.report.taskID == "T1")
    }
}
