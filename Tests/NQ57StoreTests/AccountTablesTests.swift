import Foundation
import GRDB
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// The accounts tables of a SQLite file (v17) refuse what a hostile writer may try, and reading them
/// never traps.
@Suite struct AccountTablesTests {
    @Test func theTablesRefuseHostileValuesAndAScopeCoversAProvincesCommunes() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteStore(path: dir.file("a.sqlite"))
        try store.initialize()
        _ = try store.addAccount(login: "ha.noi-01", role: "reporter", units: ["01"])
        try store.queue.write { db in
            for sql in ["INSERT INTO accounts VALUES ('x', 'root')", "INSERT INTO accounts VALUES ('a b', 'viewer')",
                        "INSERT INTO accounts VALUES (X'6162', 'viewer')", "INSERT INTO accounts VALUES ('', 'viewer')",
                        "INSERT INTO account_units VALUES ('nobody', '01')", "INSERT INTO account_units VALUES ('ha.noi-01', 'ZZ')"] {
                #expect(throws: DatabaseError.self, "\(sql)") { try db.execute(sql: sql) }
            }
        }
        #expect(try store.accounts() == [AccountScope(login: "ha.noi-01", role: "reporter", units: ["01"])])
        try store.queue.write { db in
            try db.execute(sql: """
                INSERT INTO tasks (id, title, plan, area, level, unit_code, deadline) VALUES
                ('A1', 'Một', 'KH02', 3, 'commune', '00070', '2026-03-31'), ('B1', 'Hai', 'KH02', 3, 'commune', '00691', '2026-03-31')
                """)
        }
        #expect(try store.task("A1", isIn: ["01"]))
        #expect(try !store.task("B1", isIn: ["01"]))
        #expect(try !store.task("nope", isIn: ["01"]))
        #expect(try store.removeAccount(login: "ha.noi-01"))
        #expect(try store.accounts().isEmpty)
    }

    /// `restrictWrites` (what `nq57 import` runs under an account): an inspector's connection refuses
    /// tasks and reports with the rules' line, a reporter's only reports outside its units; v19's
    /// `inspection_log.account` refuses what is not short text and is '' for other writers.
    @Test func aRestrictedConnectionRefusesWhatTheRoleMayNotInsert() throws {
        let dir = TemporaryDirectory()
        let store = try SQLiteStore(path: dir.file("r.sqlite"))
        try store.initialize()
        try store.queue.write { db in
            try db.execute(sql: "INSERT INTO tasks (id, title, plan, area, level, unit_code, deadline) VALUES ('A1', 'Một', 'KH02', 3, 'commune', '00070', '2026-03-31')")
        }
        let inspector = AccountScope(login: "lan", role: "inspector", units: [])
        let accounts = [inspector, AccountScope(login: "boss", role: "admin", units: [])]
        try store.restrictWrites(login: "lan", account: inspector, accounts: accounts, command: "import")
        try store.queue.inDatabase { db in
            let task = "INSERT INTO tasks (id, title, plan, area, level, unit_code, deadline) VALUES ('A2', 'Hai', 'KH02', 3, 'commune', '00070', '2026-03-31')"
            let error = #expect(throws: DatabaseError.self) { try db.execute(sql: task) }
            #expect(error?.message == AccountRules.refusal(.changeReference, command: "import", login: "lan", account: inspector, accounts: accounts))
            let report = "INSERT INTO report_log (task_key, reported_at, status, progress) VALUES ((SELECT key FROM tasks WHERE id = 'A1'), 1764000000, 'done', 100)"
            let refused = #expect(throws: DatabaseError.self) { try db.execute(sql: report) }
            #expect(refused?.message == "import: login lan (inspector) may not report: only reporter and admin accounts may; nothing was written")
        }
        // Another connection is not restricted; the account column: text of at most 64 characters.
        let other = try SQLiteStore(path: dir.file("r.sqlite"))
        try other.queue.write { db in
            try db.execute(sql: "INSERT INTO report_log (task_key, reported_at, status, progress) VALUES ((SELECT key FROM tasks WHERE id = 'A1'), 1764000000, 'done', 100)")
            try db.execute(sql: "INSERT INTO inspections (task_id, inspected_at, verdict, inspected_by) VALUES ('A1', 1764000100, 'note', 'BCĐ-KT')")
            #expect(try String.fetchOne(db, sql: "SELECT account FROM inspection_log") == "")
            try db.execute(sql: "INSERT INTO inspection_log (task_key, inspected_at, verdict, inspected_by, account) VALUES (1, 1764000200, 'note', 'BCĐ-KT', 'lan')")
            for bad in ["X'6162'", "'\(String(repeating: "a", count: 65))'"] {
                #expect(throws: DatabaseError.self, "\(bad)") {
                    try db.execute(sql: "INSERT INTO inspection_log (task_key, inspected_at, verdict, inspected_by, account) VALUES (1, 1764000300, 'note', 'BCĐ-KT', \(bad))")
                }
            }
        }
        #expect(try other.inspect(InspectionFields(taskID: "A1", verdict: "note", reason: "xem", by: "BCĐ-KT", at: "2025-11-25T00:00:00+07:00"),
                                  now: Timestamp(seconds: 1_800_000_000)).taskID == "A1")
        #expect(try other.queue.read { try String.fetchOne($0, sql: "SELECT account FROM inspection_log ORDER BY id DESC LIMIT 1") } == SQLiteStore.processLogin)
    }
}
