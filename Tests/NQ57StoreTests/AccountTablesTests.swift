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
}
