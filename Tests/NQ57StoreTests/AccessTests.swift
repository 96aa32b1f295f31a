import Foundation
import GRDB
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// Opening the file: creation, read-only access, change detection, migrations of an existing file.
@Suite struct AccessTests {
    typealias F = StoreFixtures

    @Test func aNewDatabaseIsPrivateAndItsDirectoriesAreMade() throws {
        let path = F.temporaryDirectory() + "/a/b/nq57.sqlite"
        let store = try SQLiteStore(path: path)
        try store.initialize()
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let journal = try DatabaseQueue(path: path).read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
    }

    @Test func readOnlyNeverCreatesNorWrites() throws {
        let missing = F.temporaryDirectory() + "/none.sqlite"
        #expect(storeError { try SQLiteStore(path: missing, access: .readOnly) } == .noDatabase(path: missing))
        #expect(!FileManager.default.fileExists(atPath: missing))

        let path = try F.initializedStore().path
        let store = try SQLiteStore(path: path, access: .readOnly)
        #expect(try store.overview(asOf: F.demoAsOf, latest: 5).provinces.count == 34)
        #expect(storeError { try store.initialize() } == .readOnly(path: path))
        #expect(storeError { try store.setMetric(Metric(key: "k", value: 1, asOf: F.demoAsOf, source: "s")) } == .readOnly(path: path))
        #expect(storeError { try store.append(F.report("T", .done, at: F.now)) } == .readOnly(path: path))
        // Even a raw write through its connection is refused by SQLite.
        #expect(throws: DatabaseError.self) {
            try store.queue.writeWithoutTransaction { try $0.execute(sql: "DELETE FROM metrics") }
        }
        #expect(try store.metrics(asOf: F.day("2026-01-01")).count == 9)
    }

    @Test func aReadOnlyDashboardSeesOtherConnectionsCommits() throws {
        let writer = try F.initializedStore()
        try writer.addTask(F.task("T", deadline: F.day("2025-12-31")))
        let reader = try SQLiteStore(path: writer.path, access: .readOnly)
        let first = try reader.changeToken()
        #expect(try reader.changeToken() == first)
        let writerBefore = try writer.changeToken()
        try writer.append(F.report("T", .done, at: F.time("2025-12-01T10:00:00+07:00")))
        #expect(try writer.changeToken() != writerBefore)
        let second = try reader.changeToken()
        #expect(second != first)
        #expect(try reader.overview(asOf: F.day("2025-12-31"), latest: 1).latestReports.first?.report.taskID == "T")
        try writer.setMetric(Metric(key: "ai_experts", value: 1, asOf: F.demoAsOf, source: "s"))
        #expect(try reader.changeToken() != second)
    }

    @Test func aRemovedFileMakesTheTokenFail() throws {
        let path = try F.initializedStore().path
        let reader = try SQLiteStore(path: path, access: .readOnly)
        _ = try reader.changeToken()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        #expect(storeError { try reader.changeToken() } == .noDatabase(path: path))
    }

    @Test func aDatabaseAtVersion1IsMigratedWithItsHistory() throws {
        let path = F.databasePath()
        // What an nq57 with only the first migration made: tasks and reports, no maintained state.
        try databaseAtVersion(Schema.v1, path, sql: """
            INSERT INTO tech_groups (id, name_vi, name_en, verified, position) VALUES (1, 'AI', 'AI', 'yes', 0);
            INSERT INTO tasks (id, title, plan, area, tech_group, level, unit_code, deadline)
            VALUES ('A', 'Số hóa', 'KH01', 3, 1, 'commune', '00070', '2025-06-30'),
                   ('B', 'Số hóa', 'KH01', 3, NULL, 'province', '01', '2025-06-30'),
                   ('C', 'Số hóa', 'KH01', 3, NULL, 'central', 'BKHCN', '2025-06-30');
            INSERT INTO reports (task_id, reported_at, status, progress) VALUES
                ('A', unixepoch('2025-06-01T10:00:00+07:00'), 'in_progress', 50),
                ('A', unixepoch('2025-06-30T23:00:00+07:00'), 'done', 100),
                ('B', unixepoch('2025-06-01T10:00:00+07:00'), 'done', 100),
                ('B', unixepoch('2025-07-05T10:00:00+07:00'), 'in_progress', 80);
            """)
        let store = try SQLiteStore(path: path)
        #expect(try store.appliedMigrations() == ["v1-history"])
        #expect(storeError { try store.overview(asOf: F.day("2025-07-10"), latest: 1) } == .notInitialised(path: path))
        let summary = try store.initialize()
        #expect(summary.migrationsApplied == ["v2-maintained-state", "v3-demo-reports", "v4-task-keys", "v5-guards", "v6-inspections", "v7-proposals", "v9-guards", "v10-returned-by-time", "v12-feed-warnings", "v13-find-titles", "v14-short-names", "v16-answer-medians", "v17-accounts", "v19-inspection-account", "v20-oldest-pending", "v21-change-counts"])
        #expect(summary.techGroups == 1)
        let asOf = F.day("2025-07-10")
        #expect(try store.taskDetail(id: "A", asOf: asOf, historyLimit: 0)?.row.derived == .doneOnTime)
        #expect(try store.taskDetail(id: "B", asOf: asOf, historyLimit: 0)?.row.derived == .overdue)
        #expect(try store.taskDetail(id: "C", asOf: asOf, historyLimit: 0)?.row.derived == .overdue)
        let levels = try store.overview(asOf: asOf, latest: 0).levels.map(\.counts)
        #expect(levels == [StateCounts(overdue: 1), StateCounts(overdue: 1), StateCounts(doneOnTime: 1)])
        #expect(try store.verifyCounts(asOf: asOf).isEmpty)
        // The triggers work on the migrated file.
        try store.append(F.report("C", .done, at: F.time("2025-07-09T10:00:00+07:00")))
        #expect(try store.taskDetail(id: "C", asOf: asOf, historyLimit: 0)?.row.derived == .doneLate)
        #expect(try store.verifyCounts(asOf: asOf).isEmpty)
    }

    /// A file at v3 with tasks and reports (made through the v3 triggers).
    func version3(_ path: String, orphan: Bool = false) throws {
        try databaseAtVersion(Schema.v3, path, sql: """
            INSERT INTO tech_groups (id, name_vi, name_en, verified, position) VALUES (1, 'AI', 'AI', 'yes', 0);
            INSERT INTO tasks (id, title, plan, area, tech_group, level, unit_code, deadline)
            VALUES ('Z', 'Số hóa', 'KH01', 3, 1, 'commune', '00070', '2025-06-30'),
                   ('A', 'Số hóa', 'KH01', 3, NULL, 'province', '01', '2025-06-30'),
                   ('M', 'Số hóa', 'KH01', 3, NULL, 'central', 'BKHCN', '2025-06-30');
            INSERT INTO reports (task_id, reported_at, status, progress, note, reported_by) VALUES
                ('Z', unixepoch('2025-06-01T10:00:00+07:00'), 'in_progress', 50, 'một', 'X'),
                ('A', unixepoch('2025-06-02T10:00:00+07:00'), 'done', 100, '', ''),
                ('Z', unixepoch('2025-06-20T10:00:00+07:00'), 'done', 100, 'hai', 'Y'),
                ('A', unixepoch('2025-07-05T10:00:00+07:00'), 'in_progress', 80, '', ''),
                ('Z', unixepoch('2025-06-25T10:00:00+07:00'), 'done', 100, '', '');
            """)
        if orphan {
            // Only a writer with foreign keys off (a plain sqlite3 shell) can do this.
            var config = Configuration()
            config.foreignKeysEnabled = false
            try DatabaseQueue(path: path, configuration: config).write { db in
                try db.execute(sql: "INSERT INTO reports (task_id, reported_at, status, progress) VALUES ('GONE', 1750000000, 'done', 100)")
            }
        }
    }

    @Test func aDatabaseAtVersion3MovesItsReportsToTaskKeys() throws {
        let path = F.databasePath()
        try version3(path)
        let columns = "id, task_id, reported_at, status, progress, note, reported_by"
        let before = try DatabaseQueue(path: path).read { try Row.fetchAll($0, sql: "SELECT \(columns) FROM reports ORDER BY id") }
        let states = try DatabaseQueue(path: path).read {
            try Row.fetchAll($0, sql: "SELECT id, status, progress, reported_at, completed_on FROM tasks ORDER BY id")
        }
        let store = try SQLiteStore(path: path)
        #expect(try store.initialize().migrationsApplied == ["v4-task-keys", "v5-guards", "v6-inspections", "v7-proposals", "v9-guards", "v10-returned-by-time", "v12-feed-warnings", "v13-find-titles", "v14-short-names", "v16-answer-medians", "v17-accounts", "v19-inspection-account", "v20-oldest-pending", "v21-change-counts"])
        let raw = try DatabaseQueue(path: path)
        // The same reports (ids, arrival order) through the view, the same states, keys in id order.
        #expect(try raw.read { try Row.fetchAll($0, sql: "SELECT \(columns) FROM reports ORDER BY id") } == before)
        #expect(try raw.read { try Row.fetchAll($0, sql: "SELECT id, status, progress, reported_at, completed_on FROM tasks ORDER BY id") } == states)
        #expect(try raw.read { try String.fetchAll($0, sql: "SELECT id FROM tasks ORDER BY key") } == ["A", "M", "Z"])
        #expect(try raw.read { try Int.fetchOne($0, sql: "PRAGMA foreign_key_check") } == nil)
        let asOf = F.day("2025-07-10")
        #expect(try store.verifyCounts(asOf: asOf).isEmpty)
        let z = try #require(try store.taskDetail(id: "Z", asOf: asOf, historyLimit: 5))
        #expect(z.row.state.completedOn == F.day("2025-06-20"))
        #expect(z.reports.map(\.note) == ["", "hai", "một"])
        // Every write path works on the migrated file.
        try store.append(F.report("M", .done, at: F.time("2025-07-09T10:00:00+07:00")))
        try raw.write { try $0.execute(sql: "INSERT INTO reports (task_id, status, reported_at) VALUES ('A', 'done', unixepoch('2025-07-08T10:00:00+07:00'))") }
        let file = F.file("r.csv", "task_id,status,progress,reported_at,note,reported_by\nZ,in_progress,90,2025-06-22T10:00:00+07:00,,\n")
        #expect(try store.importFile(file, dryRun: false, now: F.now, bulk: true).rows == 1)
        #expect(try store.taskDetail(id: "Z", asOf: asOf, historyLimit: 0)?.row.state.completedOn == F.day("2025-06-25"))
        #expect(try store.overview(asOf: asOf, latest: 0).levels.map(\.counts)
                == [StateCounts(doneLate: 1), StateCounts(doneLate: 1), StateCounts(doneOnTime: 1)])
        #expect(try store.verifyCounts(asOf: asOf).isEmpty)
    }

    @Test func reportsOfNoTaskStopTheMigrationByName() throws {
        let path = F.databasePath()
        try version3(path, orphan: true)
        let store = try SQLiteStore(path: path)
        let error = #expect(throws: NQ57Error.self) { try store.initialize() }
        #expect(error?.kind == .badData)
        #expect(error?.message.contains("1 report name no task (task_id \"GONE\")") == true, "\(error?.message ?? "")")
        #expect(try store.appliedMigrations().last == Schema.v3)
    }

    @Test func aFileThatIsNotADatabaseIsNamed() throws {
        let path = F.file("not.sqlite", String(repeating: "not a database\n", count: 100))
        let error = #expect(throws: NQ57Error.self) {
            let store = try SQLiteStore(path: path)
            try store.initialize()
        }
        #expect(error?.kind == .io)
        #expect(error?.message.hasPrefix(path) == true)
    }
}
