import Foundation
import GRDB
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// `generateDemo`: deterministic, realistic, marked, and never over real data.
@Suite struct DemoTests {
    typealias F = StoreFixtures

    /// Every task and report of a store, as exported.
    func dump(_ store: SQLiteStore, asOf: CivilDate) throws -> String {
        var text = ""
        try store.export(.tasks, format: .csv, asOf: asOf) { text += $0 }
        try store.export(.reports, format: .csv, asOf: asOf) { text += $0 }
        return text
    }

    @Test func theSameSeedMakesTheSameData() throws {
        let asOf = F.day("2025-04-30")
        let now = F.time("2025-04-30T15:00:00+07:00")
        let a = try SQLiteStore(path: F.databasePath())
        let b = try SQLiteStore(path: F.databasePath())
        let c = try SQLiteStore(path: F.databasePath())
        let sa = try a.generateDemo(scale: .small, seed: 7, asOf: asOf, now: now)
        let sb = try b.generateDemo(scale: .small, seed: 7, asOf: asOf, now: now)
        let sc = try c.generateDemo(scale: .small, seed: 8, asOf: asOf, now: now)
        #expect(sa == sb)
        #expect(try dump(a, asOf: asOf) == dump(b, asOf: asOf))
        #expect(sc.tasks != sa.tasks || sc.reports != sa.reports || sc.provincesBehind != sa.provincesBehind)
        #expect(try dump(a, asOf: asOf) != dump(c, asOf: asOf))
        // Generating again replaces the earlier demo data with the same data.
        let again = try a.generateDemo(scale: .small, seed: 7, asOf: asOf, now: now)
        #expect(again == sa)
        #expect(try a.size() == (tasks: sa.tasks, reports: sa.reports))
        #expect(try a.verifyCounts(asOf: asOf).isEmpty)
    }

    @Test func theDemoCoversEveryUnitRealistically() throws {
        let store = try F.demoStore(access: .readOnly)
        let asOf = F.demoAsOf
        let overview = try store.overview(asOf: asOf, latest: 20)
        #expect(overview.isDemo)
        #expect(overview.latestReports.count == 20)
        // Newest arrivals first, and arrivals follow time.
        let times = overview.latestReports.map(\.report.reportedAt)
        #expect(times == times.sorted(by: >))
        #expect(overview.lastReportAt == times.first)
        #expect(try #require(overview.lastReportAt).vietnamDate <= asOf)
        #expect(overview.techGroups.count == 11)
        #expect(overview.techGroups.allSatisfy { $0.counts.total > 0 })
        for level in Level.allCases {
            #expect(try store.units(.level(level), asOf: asOf).allSatisfy { $0.counts.total > 0 }, "every \(level) unit has tasks")
        }
        let totals = overview.totals
        #expect(totals.total > 6000)
        #expect(totals.doneLate > 0 && totals.overdue > 0 && totals.openOnTime > 0)

        // About 95% of the tasks due in 2025 were done by the year's end.
        var due2025 = 0, done2025 = 0, titles = Set<String>(), plans = Set<String>(), areas = Set<Int>()
        try store.export(.tasks, format: .json, asOf: F.day("2025-12-31")) { chunk in
            for line in chunk.split(separator: "\n") {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
                titles.insert(object["title"] as? String ?? "")
                plans.insert(object["plan"] as? String ?? "")
                areas.insert((object["area"] as? NSNumber)?.intValue ?? 0)
                guard let deadline = object["deadline"] as? String, deadline.hasPrefix("2025") else { continue }
                due2025 += 1
                if object["status"] as? String == "done" { done2025 += 1 }
            }
        }
        let share = Double(done2025) / Double(due2025)
        #expect(share > 0.9 && share < 0.99, "done by the end of 2025: \(done2025) of \(due2025)")
        #expect(plans == ["NQ57", "KH01", "KH02-KH/BCĐTW"])
        #expect(areas == Set(1...6))
        #expect(titles.count > 50)
        #expect(titles.allSatisfy { Array($0.utf8) == Array($0.precomposedStringWithCanonicalMapping.utf8) && !$0.contains("{") })

        // Some provinces are clearly behind: several times the median share of overdue tasks.
        let provinces = try store.units(.level(.province), asOf: asOf).map { $0.counts.overdueShare }.sorted()
        #expect(provinces.suffix(3).allSatisfy { $0 > 2 * provinces[provinces.count / 2] }, "\(provinces)")
    }

    /// Every row of every table (including `meta` and the counts), by table, in storage order.
    static func contents(_ path: String) throws -> [String: [Row]] {
        var config = Configuration()
        config.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: config)
        return try queue.read { db in
            var out: [String: [Row]] = [:]
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
                out[table] = try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"")
            }
            return out
        }
    }

    /// `generateDemo` refuses, naming what is real; and nothing in the file changed.
    func expectRefusal(_ store: SQLiteStore, naming words: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try Self.contents(store.path)
        let error = #expect(throws: NQ57Error.self, sourceLocation: sourceLocation) {
            try store.generateDemo(scale: .small, seed: 1, asOf: F.day("2025-06-30"), now: F.now)
        }
        #expect(error?.kind == .badData, sourceLocation: sourceLocation)
        for word in words + [store.path, "--db", "nothing changed"] {
            #expect(error?.message.contains(word) == true, "\(error?.message ?? "") names \(word)", sourceLocation: sourceLocation)
        }
        #expect(try Self.contents(store.path) == before, "the database is unchanged", sourceLocation: sourceLocation)
    }

    @Test func demoDataIsRefusedOverRealData() throws {
        let store = try F.initializedStore()
        try store.addTask(F.task("REAL-1", deadline: F.day("2025-12-31")))
        try store.append(F.report("REAL-1", .inProgress, 20, at: F.time("2025-06-01T10:00:00+07:00")))
        try expectRefusal(store, naming: ["1 real task and 1 real report"])
        #expect(try store.size() == (tasks: 1, reports: 1))
        #expect(try store.isDemo() == false)
        #expect(try store.verifyCounts(asOf: F.day("2025-06-30")).isEmpty)
    }

    @Test func aRealReportOnADemoTaskIsNeverReplaced() throws {
        let store = try F.demoStore()
        let demo = try store.size()
        // An officer reports on a demo task (nq57 report): that report is real.
        try store.report(ReportFields(taskID: "00070-0001", status: "in_progress", progress: "40", reportedAt: "2026-01-15T09:00:00+07:00",
                                      note: "thật", reportedBy: "Cán bộ xã"), now: F.now)
        try expectRefusal(store, naming: ["1 real report"])
        #expect(try store.size().reports == demo.reports + 1)
        // Imported ones too.
        let file = F.file("r.csv", "task_id,status,progress,reported_at,note,reported_by\n00070-0002,done,100,2026-01-15T10:00:00+07:00,,\n")
        try store.importFile(file, now: F.now)
        try expectRefusal(store, naming: ["2 real reports"])
        // The append-only rule keeps them too: only the demo's own reports may be deleted.
        var config = Configuration()
        config.foreignKeysEnabled = true
        let raw = try DatabaseQueue(path: store.path, configuration: config)
        #expect(throws: DatabaseError.self) {
            try raw.write { try $0.execute(sql: "DELETE FROM report_log WHERE id = (SELECT max(id) FROM report_log)") }
        }
        #expect(try store.verifyCounts(asOf: F.demoAsOf).isEmpty)
    }

    @Test func aDemoMadeBeforeVersion3KeepsItsReportsAsDemo() throws {
        let path = F.databasePath()
        // What nq57 at v2 made with `demo`: a demo task and its reports, no `demo_reports` marker.
        try databaseAtVersion(Schema.v2, path, sql: """
            INSERT INTO meta (key, value) VALUES ('demo', 'scale=small seed=1 as_of=2025-06-30 behind=');
            INSERT INTO tasks (id, title, plan, area, level, unit_code, deadline, demo)
            VALUES ('00070-0001', 'Số hóa', 'KH01', 3, 'commune', '00070', '2025-06-30', 1);
            INSERT INTO reports (task_id, reported_at, status, progress) VALUES
                ('00070-0001', unixepoch('2025-06-01T10:00:00+07:00'), 'in_progress', 50),
                ('00070-0001', unixepoch('2025-06-20T10:00:00+07:00'), 'done', 100);
            """)
        let store = try SQLiteStore(path: path)
        try store.initialize()
        // Reports made after the upgrade are real…
        try store.append(F.report("00070-0001", .inProgress, 90, at: F.time("2025-06-25T10:00:00+07:00")))
        try expectRefusal(store, naming: ["1 real report"])
        #expect(try store.size().reports == 3)
    }

    @Test func aDemoReplacesAnEarlierDemo() throws {
        let store = try F.demoStore()
        let again = try store.generateDemo(scale: .small, seed: F.demoSeed, asOf: F.day("2025-03-31"), now: F.now)
        #expect(try store.size().reports == again.reports)
        // A real report after it is refused again (the marker moved with the new demo).
        try store.append(F.report("00070-0001", .inProgress, 10, at: F.time("2025-03-31T10:00:00+07:00")))
        try expectRefusal(store, naming: ["1 real report"])
    }

    /// The reports are simulated on a thread of their own and inserted here: when an insert fails in the
    /// middle (here a writer's own trigger refuses one report), the simulation stops, the error is the
    /// insert's, and the earlier demo is left whole (s5-demo).
    @Test func aFailedInsertStopsTheSimulationAndChangesNothing() throws {
        let asOf = F.day("2025-09-30")
        let now = F.time("2025-10-01T12:00:00+07:00")
        let store = try SQLiteStore(path: F.databasePath())
        let before = try store.generateDemo(scale: .small, seed: 3, asOf: asOf, now: now)
        try store.write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse_one AFTER INSERT ON report_log WHEN NEW.id = 50000
                BEGIN SELECT RAISE(ABORT, 'report 50000 refused by this writer'); END
                """)
        }
        var lines: [String] = []
        do {
            try store.generateDemo(scale: .small, seed: 57, asOf: asOf, now: now) { lines.append($0) }
            Issue.record("the demo went past a refused report")
        } catch {
            #expect("\(error)".contains("report 50000 refused by this writer"))
        }
        // It failed among the reports, after some months of them had gone in.
        #expect(lines.contains { $0.hasPrefix("reports: 2025-03") })
        #expect(!lines.contains { $0.hasPrefix("building indexes") })
        #expect(try store.size() == (tasks: before.tasks, reports: before.reports))
        #expect(try store.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'demo'") }?.contains("seed=3") == true)
        #expect(try store.verifyCounts(asOf: asOf).isEmpty)
    }

    @Test func theHistoryNeverRunsPastNow() throws {
        let asOf = F.day("2025-04-30")
        // As of today, at noon: nothing after noon, and the morning's reports are there.
        let noon = F.time("2025-04-30T12:00:00+07:00")
        let atNoon = try SQLiteStore(path: F.databasePath())
        let cut = try atNoon.generateDemo(scale: .small, seed: 7, asOf: asOf, now: noon)
        let last = try #require(try atNoon.overview(asOf: asOf, latest: 1).lastReportAt)
        #expect(last <= noon && last.vietnamDate == asOf)
        let whole = try SQLiteStore(path: F.databasePath())
        let all = try whole.generateDemo(scale: .small, seed: 7, asOf: asOf, now: F.time("2025-05-01T00:00:00+07:00"))
        #expect(try #require(try whole.overview(asOf: asOf, latest: 1).lastReportAt) > noon)
        #expect(cut.reports < all.reports)
        #expect(cut.tasks == all.tasks)
        // The same now gives the same data; the states are the fold of the reports written.
        let again = try SQLiteStore(path: F.databasePath())
        #expect(try again.generateDemo(scale: .small, seed: 7, asOf: asOf, now: noon) == cut)
        #expect(try dump(again, asOf: asOf) == dump(atNoon, asOf: asOf))
        #expect(try atNoon.verifyCounts(asOf: asOf).isEmpty)

        // An as-of date ahead of the clock stops at the clock too, so the export imports again: the
        // import refuses reports more than 5 minutes ahead of now. (Into the same database: every row
        // is already stored, so it is only validated with --allow-repeats.)
        let ahead = try SQLiteStore(path: F.databasePath())
        try ahead.generateDemo(scale: .small, seed: 7, asOf: F.day("2025-06-30"), now: noon)
        var reports = ""
        try ahead.export(.reports, format: .csv, asOf: F.day("2025-06-30")) { reports += $0 }
        #expect(try ahead.importFile(F.file("demo.csv", reports), dryRun: true, allowRepeats: true, now: noon).rows == cut.reports)
        #expect(try ahead.verifyCounts(asOf: F.day("2025-06-30")).isEmpty)
    }

    @Test func theDemoDatabaseIsConsistent() throws {
        let store = try F.demoStore(access: .readOnly)
        #expect(try store.verifyCounts(asOf: F.demoAsOf).isEmpty)
        #expect(try store.verifyCounts(asOf: F.day("2025-06-30")).isEmpty)
    }
}
