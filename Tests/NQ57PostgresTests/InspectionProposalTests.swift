import Foundation
import GRDB
import NQ57Core
import NQ57Postgres
import NQ57Store
import NQ57TestSupport
import Testing

/// The inspection and proposal tables on PostgreSQL: the same rules as SQLite's, and the accounts'
/// rights on them, each refused by the database itself (raw SQL as the account's login).
@Suite struct InspectionProposalTests {
    /// A proposal received on 2026-01-01 with its received row, in either database.
    static let proposal = """
        INSERT INTO proposals (id, received_at, kind, submitter_kind, field, title, due_on, status_at)
            VALUES ('P1', 1767225600, 'barrier', 'citizen', 'area-1', 'Thủ tục cấp phép phòng thí nghiệm', '2026-01-22', 1767225600);
        INSERT INTO proposal_log (proposal_key, at, status) VALUES ((SELECT key FROM proposals WHERE id = 'P1'), 1767225600, 'received');
        INSERT INTO proposal_contacts (proposal_key, name, phone) VALUES ((SELECT key FROM proposals WHERE id = 'P1'), 'Nguyễn Văn A', '0900000000');
        INSERT INTO inspections (task_id, inspected_at, verdict, inspected_by) VALUES ('T1', 1767402000, 'note', 'BCĐ-KT');
        """

    static func move(_ status: String, at: Int = 1767402000, body: String = "NULL", note: String = "") -> String {
        "INSERT INTO proposal_log (proposal_key, at, status, body_code, note) VALUES ((SELECT key FROM proposals WHERE id = 'P1'), \(at), '\(status)', \(body), '\(note)')"
    }

    static func inspect(_ verdict: String, at: Int = 1767402000, reason: String = "", by: String = "BCĐ-KT") -> String {
        "INSERT INTO inspections (task_id, inspected_at, verdict, reason, inspected_by) VALUES ('T1', \(at), '\(verdict)', '\(reason)', '\(by)')"
    }

    /// What another program may try on the new tables: the same statement refused by both databases.
    static let hostile: [(what: String, sql: String)] = [
        ("returned without a reason", inspect("returned", reason: "  ")),
        ("confirmed on a task not done", inspect("confirmed")),
        ("an inspection before the report it judges", inspect("note", at: 1767225600)),
        ("an unknown inspecting body", inspect("note", by: "XX")),
        ("an unknown verdict", inspect("maybe")),
        ("changing an inspection", "UPDATE inspection_log SET reason = 'x'"),
        ("deleting an inspection", "DELETE FROM inspection_log"),
        ("answering a proposal not assigned", move("answered", note: "Đã trả lời")),
        ("assigning to a commune", move("assigned", body: "'00070'")),
        ("rejecting without a reason", move("rejected")),
        ("a move before the last one", move("rejected", at: 1767225000, note: "trùng")),
        ("a second received row", move("received", at: 1767225600)),
        ("a new proposal already answered", """
            INSERT INTO proposals (id, received_at, kind, submitter_kind, field, title, due_on, status, status_at, answered_at)
            VALUES ('P2', 1767225600, 'barrier', 'citizen', 'area-1', 'x', '2026-01-20', 'answered', 1767225600, 1767225600)
            """),
        ("a proposal due before it came", """
            INSERT INTO proposals (id, received_at, kind, submitter_kind, field, title, due_on, status_at)
            VALUES ('P3', 1767225600, 'barrier', 'citizen', 'area-1', 'x', '2025-12-01', 1767225600)
            """),
        ("an unknown field", """
            INSERT INTO proposals (id, received_at, kind, submitter_kind, field, title, due_on, status_at)
            VALUES ('P4', 1767225600, 'barrier', 'citizen', 'nope', 'x', '2026-01-20', 1767225600)
            """),
        ("an empty title", """
            INSERT INTO proposals (id, received_at, kind, submitter_kind, field, title, due_on, status_at)
            VALUES ('P5', 1767225600, 'barrier', 'citizen', 'area-1', '  ', '2026-01-20', 1767225600)
            """),
        ("changing a proposal's received time", "UPDATE proposals SET received_at = received_at + 1"),
        ("deleting a proposal", "DELETE FROM proposals"),
        ("changing a status row", "UPDATE proposal_log SET note = 'x'"),
    ]

    @Test func inspectionAndProposalRulesAreTheDatabasesOnBothStores() throws {
        guard let (sqlite, pg, now) = try TwoStoresTests.oneTaskOnBothStores() else { return }
        let queue = try DatabaseQueue(path: sqlite.path)
        try queue.write { try $0.execute(sql: Self.proposal) }
        try pg.db().exec(Self.proposal)
        for h in Self.hostile {
            #expect(throws: (any Error).self, "SQLite: \(h.what)") { try queue.write { try $0.execute(sql: h.sql) } }
            #expect(throws: NQ57Error.self, "PostgreSQL: \(h.what)") { try pg.db().exec(h.sql) }
        }
        // The good moves give the same state and counts on both.
        let good = [Self.inspect("returned", reason: "Chưa có sản phẩm"), Self.move("assigned", body: "'01'"),
                    Self.move("answered", at: 1767502000, note: "Đã trả lời")]
        for sql in good {
            try queue.write { try $0.execute(sql: sql) }
            try pg.db().exec(sql)
        }
        let sqliteState = try queue.read { db in
            try [String.fetchOne(db, sql: "SELECT verdict || ' ' || verified_at FROM tasks WHERE id = 'T1'"),
                 String.fetchOne(db, sql: "SELECT status || ' ' || body_code || ' ' || bucket || ' ' || answered_at FROM proposals WHERE id = 'P1'"),
                 String.fetchOne(db, sql: "SELECT group_concat(scope || ':' || key || ':' || total || '/' || open || '/' || on_time, ' ') FROM (SELECT * FROM proposal_counts ORDER BY scope, key)"),
                 String.fetchOne(db, sql: "SELECT group_concat(scope || ':' || key || ':' || done || '/' || returned, ' ') FROM (SELECT * FROM inspection_counts WHERE returned > 0 ORDER BY scope, key)")]
        }
        let p = try pg.db()
        let pgState = try [
            p.exec("SELECT verdict || ' ' || verified_at FROM tasks WHERE id = 'T1'").optionalText(0, 0),
            p.exec("SELECT status || ' ' || body_code || ' ' || bucket || ' ' || answered_at FROM proposals WHERE id = 'P1'").optionalText(0, 0),
            p.exec("SELECT string_agg(scope || ':' || key || ':' || total || '/' || open || '/' || on_time, ' ' ORDER BY scope, key) FROM proposal_counts").optionalText(0, 0),
            p.exec("SELECT string_agg(scope || ':' || key || ':' || done || '/' || returned, ' ' ORDER BY scope, key) FROM inspection_counts WHERE returned > 0").optionalText(0, 0),
        ]
        #expect(sqliteState[0] == "returned 1767402000")
        #expect(sqliteState[1] == "answered 01 on_time 1767502000")
        #expect(sqliteState == pgState)
        #expect(try pg.verifyCounts() == [])
        #expect(try sqlite.verifyCounts(asOf: StoreFixtures.demoAsOf).isEmpty)
        // A report after the return clears it, on PostgreSQL too.
        _ = try pg.report(ReportFields(taskID: "T1", status: "in_progress", progress: "60", reportedAt: "2026-01-04T09:00:00+07:00"), now: now)
        #expect(try p.exec("SELECT verdict FROM tasks WHERE id = 'T1'").optionalText(0, 0) == nil)
        #expect(try pg.verifyCounts() == [])
    }

    /// A task confirmed while done, then a report dated between its done report and the inspection: the
    /// task is no longer done and the confirmation stands (no report after it). Its scopes' inspection
    /// counts are all zero, and `check` finds nothing to report on either store (PostgreSQL's compared
    /// the recount's rows of zeros with maintained rows that leave zeros out: a false difference after
    /// the bench's 1,000,000-row import).
    @Test func aConfirmedTaskNoLongerDoneIsNoDifferenceForCheck() throws {
        guard let (sqlite, pg, now) = try TwoStoresTests.oneTaskOnBothStores() else { return }
        let queue = try DatabaseQueue(path: sqlite.path)
        let done = ReportFields(taskID: "T1", status: "done", progress: "100", reportedAt: "2026-01-03T09:00:00+07:00")
        let between = ReportFields(taskID: "T1", status: "in_progress", progress: "90", reportedAt: "2026-01-03T12:00:00+07:00")
        let confirmed = Self.inspect("confirmed", at: 1767430800) // 2026-01-03 16:00 in Vietnam
        _ = try sqlite.report(done, now: now)
        _ = try pg.report(done, now: now)
        try queue.write { try $0.execute(sql: confirmed) }
        try pg.db().exec(confirmed)
        _ = try sqlite.report(between, now: now)
        _ = try pg.report(between, now: now)
        let sqliteTask = try queue.read { try String.fetchOne($0, sql: "SELECT status || ' ' || verdict FROM tasks WHERE id = 'T1'") }
        #expect(sqliteTask == "in_progress confirmed")
        #expect(try pg.db().exec("SELECT status || ' ' || verdict FROM tasks WHERE id = 'T1'").optionalText(0, 0) == sqliteTask)
        #expect(try sqlite.verifyCounts(asOf: StoreFixtures.demoAsOf).isEmpty)
        #expect(try pg.verifyCounts().isEmpty)
    }

    static func refused(_ c: PGConnection, _ sql: String) -> String? {
        do {
            try c.exec(sql)
            return nil
        } catch let e as NQ57Error {
            return (e.reason as? PostgresError)?.sqlState
        } catch { return "?" }
    }

    @Test func onlyIntakeReadsContactDetailsAndEachAccountWritesItsOwnTable() throws {
        guard let url = try TestServer.freshDatabase() else { return }
        let pg = try PostgresStore(url: url)
        try pg.initialize()
        try pg.db().exec("""
            INSERT INTO tasks (id, title, plan, area, level, unit_code, deadline) VALUES ('T1', 'Một', 'KH02', 3, 'commune', '00070', '2026-03-31');
            INSERT INTO reports (task_id, status, reported_at) VALUES ('T1', 'done', 1767319200);
            \(Self.proposal)
            """)
        let suffix = String(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(8))
        let reporter = "rep_" + suffix, viewer = "view_" + suffix, inspector = "insp_" + suffix, intake = "intake_" + suffix
        _ = try pg.addAccount(login: reporter, role: .reporter, units: ["00070"], password: nil)
        _ = try pg.addAccount(login: viewer, role: .viewer, units: [], password: nil)
        _ = try pg.addAccount(login: inspector, role: .inspector, units: [], password: nil)
        _ = try pg.addAccount(login: intake, role: .intake, units: [], password: nil)
        func as_(_ login: String) throws -> PGConnection { try PGConnection(url: AccountTests.url(url, as: login)) }
        let contacts = "SELECT name, phone FROM proposal_contacts"
        let newProposal = """
            INSERT INTO proposals (id, received_at, kind, submitter_kind, field, title, due_on, status_at, account)
            VALUES ('P9', 1767225600, 'initiative', 'business', 'area-2', 'Sáng kiến', '2026-02-12', 1767225600, 'someone_else')
            """
        let received = "INSERT INTO proposal_log (proposal_key, at, status) VALUES ((SELECT key FROM proposals WHERE id = 'P9'), 1767225600, 'received')"
        let contact = "INSERT INTO proposal_contacts (proposal_key, email) VALUES ((SELECT key FROM proposals WHERE id = 'P9'), 'a@b.vn')"

        // A reporter reads the proposals, not their submitters' contact details.
        let r = try as_(reporter)
        #expect(try r.exec("SELECT count(*) FROM proposals").count(0, 0) == 1)
        #expect(Self.refused(r, contacts) == "42501")
        #expect(Self.refused(r, "SELECT count(*) FROM proposal_contacts") == "42501")
        #expect(Self.refused(r, Self.inspect("returned", reason: "x")) == "42501")

        // A viewer writes neither an inspection nor a proposal, nor reads contact details.
        let v = try as_(viewer)
        #expect(try v.exec("SELECT count(*) FROM inspections").count(0, 0) == 1)
        #expect(Self.refused(v, Self.inspect("confirmed")) == "42501")
        #expect(Self.refused(v, "INSERT INTO inspection_log (task_key, inspected_at, verdict, inspected_by) SELECT key, 1767402000, 'confirmed', 'BCĐ-KT' FROM tasks") == "42501")
        #expect(Self.refused(v, newProposal) == "42501")
        #expect(Self.refused(v, Self.move("assigned", body: "'01'")) == "42501")
        #expect(Self.refused(v, contacts) == "42501")

        // An inspector inserts inspections and not reports; no contact details; no verdict by hand.
        let i = try as_(inspector)
        #expect(Self.refused(i, "INSERT INTO reports (task_id, status, reported_at) VALUES ('T1', 'done', 1767402000)") == "42501")
        #expect(Self.refused(i, "INSERT INTO report_log (task_key, status, progress, reported_at) SELECT key, 'done', 100, 1767402000 FROM tasks") == "42501")
        #expect(Self.refused(i, "UPDATE tasks SET verdict = 'confirmed'") == "42501")
        #expect(Self.refused(i, "UPDATE inspection_counts SET confirmed = 5") == "42501")
        #expect(Self.refused(i, contacts) == "42501")
        #expect(Self.refused(i, newProposal) == "42501")
        #expect(Self.refused(i, Self.inspect("confirmed", at: 1767405600)) == nil)

        // Intake reads contact details and writes proposals, their moves and answers, not inspections or reports.
        let k = try as_(intake)
        let seen = try k.exec(contacts)
        #expect(seen.rows == 1 && seen.text(0, 0) == "Nguyễn Văn A")
        #expect(Self.refused(k, newProposal) == nil)
        #expect(Self.refused(k, received) == nil)
        #expect(Self.refused(k, contact) == nil)
        #expect(Self.refused(k, Self.move("assigned", body: "'01'")) == nil)
        #expect(Self.refused(k, Self.move("answered", at: 1767502000, note: "Đã trả lời")) == nil)
        #expect(Self.refused(k, Self.inspect("note", at: 1767405600)) == "42501")
        #expect(Self.refused(k, "INSERT INTO reports (task_id, status, reported_at) VALUES ('T1', 'done', 1767402000)") == "42501")
        #expect(Self.refused(k, "UPDATE proposal_counts SET open = 0") == "42501")
        #expect(try k.exec(contacts).rows == 2)

        // Every row names the login that wrote it, whatever the writer sent; state and counts followed.
        let p = try pg.db()
        #expect(try p.exec("SELECT account FROM inspection_log ORDER BY id DESC LIMIT 1").text(0, 0) == inspector)
        #expect(try p.exec("SELECT account FROM proposals WHERE id = 'P9'").text(0, 0) == intake)
        #expect(try p.exec("SELECT string_agg(account, ' ' ORDER BY id) FROM proposal_log WHERE proposal_key > 1 OR status <> 'received'").text(0, 0)
                == [intake, intake, intake].joined(separator: " "))
        #expect(try p.exec("SELECT account FROM proposal_contacts ORDER BY proposal_key DESC LIMIT 1").text(0, 0) == intake)
        #expect(try p.exec("SELECT verdict FROM tasks WHERE id = 'T1'").optionalText(0, 0) == "confirmed")
        #expect(try p.exec("SELECT status FROM proposals WHERE id = 'P1'").text(0, 0) == "answered")
        #expect(try pg.verifyCounts() == [])
    }
}

/// `nq57 export` on PostgreSQL gives the bytes the SQLite export gives from the same data.
@Suite struct ExportOnBothStoresTests {
    @Test func theSameExportOnBothStores() throws {
        guard let (sqlite, pg) = try TestServer.demoPair() else { return }
        for day in [StoreFixtures.demoAsOf, StoreFixtures.demoAsOf.adding(days: -40)] {
            for kind in [ExportKind.tasks, .reports, .metrics, .proposals, .inspections] {
                for format in [ExportFormat.csv, .json] {
                    var a = "", b = ""
                    let n = try sqlite.export(kind, format: format, asOf: day) { a += $0 }
                    try pg.export(kind, format: format, asOf: day) { b += $0 }
                    #expect(n > 0 && a == b, "\(kind) \(format) \(day)")
                }
            }
            var a = "", b = ""
            try sqlite.exportProposals(format: .json, asOf: day, withContacts: true) { a += $0 }
            try pg.export(.proposals, format: .json, asOf: day, withContacts: true) { b += $0 }
            #expect(a.contains("\"email\"") && a == b)
        }
    }
}
