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
        let a = try SQLiteStore(path: F.databasePath())
        let b = try SQLiteStore(path: F.databasePath())
        let c = try SQLiteStore(path: F.databasePath())
        let sa = try a.generateDemo(scale: .small, seed: 7, asOf: asOf)
        let sb = try b.generateDemo(scale: .small, seed: 7, asOf: asOf)
        let sc = try c.generateDemo(scale: .small, seed: 8, asOf: asOf)
        #expect(sa == sb)
        #expect(try dump(a, asOf: asOf) == dump(b, asOf: asOf))
        #expect(sc.tasks != sa.tasks || sc.reports != sa.reports || sc.provincesBehind != sa.provincesBehind)
        #expect(try dump(a, asOf: asOf) != dump(c, asOf: asOf))
        // Generating again replaces the earlier demo data with the same data.
        let again = try a.generateDemo(scale: .small, seed: 7, asOf: asOf)
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

    @Test func demoDataIsRefusedOverRealData() throws {
        let store = try F.initializedStore()
        try store.addTask(F.task("REAL-1", deadline: F.day("2025-12-31")))
        try store.append(F.report("REAL-1", .inProgress, 20, at: F.time("2025-06-01T10:00:00+07:00")))
        #expect {
            try store.generateDemo(scale: .small, seed: 1, asOf: F.day("2025-06-30"))
        } throws: { error in
            (error as? NQ57Error).map { $0.kind == .badData && $0.message.contains("1 real task") } ?? false
        }
        #expect(try store.size() == (tasks: 1, reports: 1))
        #expect(try store.isDemo() == false)
        #expect(try store.verifyCounts(asOf: F.day("2025-06-30")).isEmpty)
    }

    @Test func reportsOnDemoTasksAreDemoData() throws {
        let store = try F.demoStore()
        let detail = try #require(try store.taskDetail(id: "00070-0001", asOf: F.demoAsOf, historyLimit: 1))
        try store.append(F.report(detail.row.task.id, .done, at: F.time("2026-01-15T09:00:00+07:00")))
        #expect(try store.overview(asOf: F.demoAsOf, latest: 1).latestReports.first?.report.taskID == "00070-0001")
        #expect(try store.verifyCounts(asOf: F.demoAsOf).isEmpty)
        // …so a new demo may replace them.
        let again = try store.generateDemo(scale: .small, seed: F.demoSeed, asOf: F.day("2025-03-31"))
        #expect(try store.size().reports == again.reports)
    }

    @Test func theDemoDatabaseIsConsistent() throws {
        let store = try F.demoStore(access: .readOnly)
        #expect(try store.verifyCounts(asOf: F.demoAsOf).isEmpty)
        #expect(try store.verifyCounts(asOf: F.day("2025-06-30")).isEmpty)
    }
}
