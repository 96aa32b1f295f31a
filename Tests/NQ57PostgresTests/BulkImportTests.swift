import Foundation
import NQ57Core
import NQ57Postgres
import NQ57Store
import NQ57TestSupport
import Testing

/// The owner's bulk import disables nq57's row triggers for its transaction and does their work
/// set-based (`PostgresBulk.swift`): it must still refuse what they refused, clear what they cleared,
/// and leave every guard on for every other writer.
@Suite struct BulkImportTests {
    static let header = "task_id,status,progress,reported_at,note,reported_by\n"

    /// A new database with T1, T2, T3 (commune 00070; T1 and T3 in a technology group, whose foreign
    /// key is deferred: a task updated twice in the import's transaction queues its check until commit)
    /// and ten tasks no import here touches (so the counts move by difference, not by a recount of
    /// everything, which a file touching a third of the tasks gets); nil without a server.
    static func store() throws -> (pg: PostgresStore, url: String)? {
        guard let url = try TestServer.freshDatabase() else { return nil }
        let pg = try PostgresStore(url: url)
        try pg.initialize()
        try pg.db().exec("""
            INSERT INTO tasks (id, title, plan, area, level, unit_code, deadline) VALUES ('T1', 'Một', 'KH02', 3, 'commune', '00070', '2026-03-31'),
                ('T2', 'Hai', 'KH02', 3, 'commune', '00070', '2026-03-31'), ('T3', 'Ba', 'KH02', 3, 'commune', '00070', '2026-03-31');
            UPDATE tasks SET tech_group = (SELECT min(id) FROM tech_groups) WHERE id IN ('T1', 'T3');
            INSERT INTO tasks (id, title, plan, area, level, unit_code, deadline)
                SELECT 'X' || g, 'Khác', 'KH02', 3, 'commune', '00004', '2026-06-30' FROM generate_series(1, 10) g
            """)
        #expect(try pg.db().exec("SELECT count(*) FROM tasks WHERE tech_group IS NOT NULL").count(0, 0) == 2)
        return (pg, url)
    }

    /// nq57's triggers on report_log and tasks that are disabled (none, outside an import).
    static func disabledTriggers(_ pg: PostgresStore) throws -> Int {
        try pg.db().exec("""
            SELECT count(*) FROM pg_trigger WHERE tgrelid IN ('report_log'::regclass, 'tasks'::regclass) AND tgenabled = 'D'
            """).count(0, 0)
    }

    static func iso(_ seconds: Int64) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    static func verdicts(_ pg: PostgresStore) throws -> [String] {
        let r = try pg.db().exec("SELECT id || ':' || coalesce(verdict, '-') FROM tasks WHERE id LIKE 'T%' ORDER BY id")
        return (0..<r.rows).map { r.text($0, 0) }
    }

    /// Core checks a row against the client's clock; the database's guard against the server's. With
    /// the client's clock an hour fast, a row half an hour ahead passes Core: the bulk load must refuse
    /// it by the server's clock (its row guard is off), naming its line, and write nothing.
    @Test func aRowAheadOfTheServersClockIsRefusedWithItsLineAndNothingIsWritten() throws {
        guard let (pg, _) = try Self.store() else { return }
        let real = Int64(Date().timeIntervalSince1970)
        let fast = Timestamp(seconds: real + 3600)
        let file = StoreFixtures.file("ahead.csv", Self.header + """
            T1,in_progress,20,2026-01-02T09:00:00+07:00,,A
            T2,in_progress,30,\(Self.iso(real + 1800)),,A
            T3,in_progress,40,2026-01-02T09:00:00+07:00,,A

            """)
        let token = try pg.changeToken()
        #expect {
            _ = try pg.importReports(file, dryRun: false, allowRepeats: false, now: fast)
        } throws: { error in
            let message = (error as? NQ57Error)?.message ?? ""
            return message.contains("ahead.csv:3:") && message.contains("server's clock") && !message.contains("ahead.csv:2:")
                && !message.contains("ahead.csv:4:")
        }
        #expect(try pg.db().exec("SELECT count(*) FROM report_log").count(0, 0) == 0)
        #expect(try pg.changeToken() == token)
        #expect(try Self.disabledTriggers(pg) == 0)
        // The same row by the real clock is refused by Core already; the good rows import.
        let good = StoreFixtures.file("good.csv", Self.header + """
            T1,in_progress,20,2026-01-02T09:00:00+07:00,,A
            T3,in_progress,40,2026-01-02T09:00:00+07:00,,A

            """)
        #expect(try pg.importReports(good, dryRun: false, allowRepeats: false, now: fast).rows == 2)
        #expect(try Self.disabledTriggers(pg) == 0)
        #expect(try pg.verifyCounts().isEmpty)
    }

    /// A later report clears a return, and a confirmation when it is not done: the bulk load does it
    /// for the whole file as `nq57_report_check` does row by row. Then, with the triggers back, a raw
    /// INSERT by the owner and by a reporter (who sets `nq57.bulk` and tries to disable a trigger)
    /// meets every guard: the clock, the fold, the verdict, the counts, the login.
    @Test func bulkClearsVerdictsAsTheRowTriggerDoesAndRawInsertsAfterMeetEveryGuard() throws {
        guard let (pg, url) = try Self.store() else { return }
        let now = Timestamp(seconds: Int64(Date().timeIntervalSince1970))
        let done = StoreFixtures.file("done.csv", Self.header + """
            T1,done,100,2026-01-02T09:00:00+07:00,,A
            T2,done,100,2026-01-02T09:00:00+07:00,,A
            T3,done,100,2026-01-02T09:00:00+07:00,,A

            """)
        #expect(try pg.importReports(done, dryRun: false, allowRepeats: false, now: now).rows == 3)
        try pg.db().exec("""
            INSERT INTO inspections (task_id, inspected_at, verdict, reason, inspected_by) VALUES
                ('T1', 1767405600, 'returned', 'thiếu hồ sơ', 'BCĐ-KT'), ('T2', 1767405600, 'confirmed', '', 'BCĐ-KT'),
                ('T3', 1767405600, 'confirmed', '', 'BCĐ-KT')
            """)
        #expect(try Self.verdicts(pg) == ["T1:returned", "T2:confirmed", "T3:confirmed"])
        // T1 done again (a return is cleared by any later report), T2 done again (a confirmation stays),
        // T3 reopened (cleared); an older report of T2 changes nothing.
        let later = StoreFixtures.file("later.csv", Self.header + """
            T1,done,100,2026-01-04T09:00:00+07:00,,A
            T2,done,100,2026-01-04T09:00:00+07:00,,A
            T2,in_progress,50,2026-01-01T09:00:00+07:00,,A
            T3,in_progress,60,2026-01-04T09:00:00+07:00,,A

            """)
        #expect(try pg.importReports(later, dryRun: false, allowRepeats: false, now: now).rows == 4)
        #expect(try Self.verdicts(pg) == ["T1:-", "T2:confirmed", "T3:-"])
        #expect(try Self.disabledTriggers(pg) == 0)
        #expect(try pg.verifyCounts().isEmpty)

        // The owner's raw INSERT, no import: the clock guard, then the fold, the verdict and the counts.
        let owner = try pg.db()
        #expect(throws: NQ57Error.self) {
            try owner.exec("INSERT INTO reports (task_id, status, progress, reported_at) VALUES ('T2', 'done', 100, 4102444800)")
        }
        try owner.exec("INSERT INTO reports (task_id, status, progress, reported_at) VALUES ('T2', 'in_progress', 70, 1767675600)")
        let t2 = try pg.taskDetail(id: "T2", asOf: CivilDate(year: 2026, month: 1, day: 7)!, historyLimit: 10)?.row.state
        #expect(t2?.status == .inProgress && t2?.progress == 70)
        #expect(try Self.verdicts(pg) == ["T1:-", "T2:-", "T3:-"])
        #expect(try pg.verifyCounts().isEmpty)

        // A reporter that sets the owner's old bulk flag still goes through every row trigger, and
        // cannot disable one.
        let login = "bulk_" + String(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(8))
        _ = try pg.addAccount(login: login, role: .reporter, units: ["00070"], password: nil)
        let r = try PGConnection(url: AccountTests.url(url, as: login))
        try r.exec("SET nq57.bulk = 'on'")
        #expect(throws: NQ57Error.self) { try r.exec("ALTER TABLE report_log DISABLE TRIGGER reports_state") }
        #expect(throws: NQ57Error.self) {
            try r.exec("INSERT INTO reports (task_id, status, progress, reported_at) VALUES ('T1', 'done', 100, 4102444800)")
        }
        try r.exec("INSERT INTO reports (task_id, status, progress, reported_at) VALUES ('T1', 'in_progress', 80, 1767679200)")
        let t1 = try pg.taskDetail(id: "T1", asOf: CivilDate(year: 2026, month: 1, day: 7)!, historyLimit: 10)?.row.state
        #expect(t1?.status == .inProgress && t1?.progress == 80)
        #expect(try owner.exec("SELECT account FROM report_log ORDER BY id DESC LIMIT 1").text(0, 0) == login)
        #expect(try pg.verifyCounts().isEmpty)

        // The reporter's own import is no bulk load (it may not disable the triggers): row by row,
        // under its row-level security, and the counts stay exact.
        let reporter = try PostgresStore(url: AccountTests.url(url, as: login))
        let mine = StoreFixtures.file("mine.csv", Self.header + """
            T3,done,100,2026-01-06T09:00:00+07:00,,R
            T1,done,100,2026-01-06T10:00:00+07:00,,R

            """)
        #expect(try reporter.importReports(mine, dryRun: false, allowRepeats: false, now: now).rows == 2)
        // Its rows name the login as author (the file's "R" is not kept on PostgreSQL) and as account.
        #expect(try owner.exec("SELECT count(*) FROM report_log WHERE reported_by = 'R'").count(0, 0) == 0)
        let accounts = try owner.exec("SELECT DISTINCT account, count(*) OVER () FROM report_log WHERE reported_by = $1", [login])
        #expect(accounts.rows == 1 && accounts.text(0, 0) == login && accounts.count(0, 1) == 2)
        #expect(try Self.disabledTriggers(pg) == 0)
        #expect(try pg.verifyCounts().isEmpty)
    }
}
