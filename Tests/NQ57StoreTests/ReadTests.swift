import Foundation
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// What the dashboard reads: lists worst first, drill-downs, details, the feed and the warnings.
@Suite struct ReadTests {
    typealias F = StoreFixtures

    /// Tasks at Phường Hoàn Kiếm (00070) in every derived state on 2025-07-10.
    func store() throws -> SQLiteStore {
        let store = try F.initializedStore()
        let tasks: [(String, String, ReportStatus?, String?)] = [
            ("A-done-on-time", "2025-06-30", .done, "2025-06-20T10:00:00+07:00"),
            ("B-done-late", "2025-06-30", .done, "2025-07-02T10:00:00+07:00"),
            ("C-overdue-old", "2025-05-31", .inProgress, "2025-05-02T10:00:00+07:00"),
            ("D-overdue-new", "2025-07-05", nil, nil),
            ("E-open", "2025-07-12", .inProgress, "2025-07-01T10:00:00+07:00"),
            ("F-open-later", "2025-09-30", .notStarted, "2025-07-03T10:00:00+07:00"),
            ("G-done-late-early", "2025-03-31", .done, "2025-04-02T10:00:00+07:00"),
        ]
        for (id, deadline, status, at) in tasks {
            try store.addTask(F.task(id, deadline: F.day(deadline), group: 5))
            if let status, let at { try store.append(F.report(id, status, at: F.time(at))) }
        }
        try store.addTask(F.task("P-1", unit: "01", level: .province, deadline: F.day("2025-07-08")))
        try store.addTask(F.task("Q-1", unit: "00073", deadline: F.day("2025-07-15")))
        return store
    }

    let asOf = F.day("2025-07-10")

    @Test func taskListsAreWorstFirst() throws {
        let store = try store()
        let page = try store.tasks(.unit("00070"), asOf: asOf, limit: 10)
        #expect(page.total == 7)
        #expect(page.rows.map(\.task.id) == ["C-overdue-old", "D-overdue-new", "E-open", "F-open-later",
                                             "G-done-late-early", "B-done-late", "A-done-on-time"])
        #expect(page.rows.map(\.derived) == [.overdue, .overdue, .openOnTime, .openOnTime, .doneLate, .doneLate, .doneOnTime])
        #expect(page.rows.allSatisfy { $0.unitName == "Phường Hoàn Kiếm" })
        let three = try store.tasks(.unit("00070"), asOf: asOf, limit: 3)
        #expect(three.total == 7)
        #expect(three.rows.map(\.task.id) == ["C-overdue-old", "D-overdue-new", "E-open"])
        // On a later day, E is overdue too and moves up among the overdue by its deadline.
        let later = try store.tasks(.unit("00070"), asOf: F.day("2025-07-13"), limit: 4)
        #expect(later.rows.map(\.task.id) == ["C-overdue-old", "D-overdue-new", "E-open", "F-open-later"])
        #expect(later.rows[2].derived == .overdue)
        let group = try store.tasks(.techGroup(5), asOf: asOf, limit: 2)
        #expect(group.total == 7)
        #expect(group.rows.map(\.task.id) == ["C-overdue-old", "D-overdue-new"])
        #expect(try store.tasks(.unit("00073"), asOf: asOf, limit: 5).rows.map(\.task.id) == ["Q-1"])
        #expect(try store.tasks(.unit("BKHCN"), asOf: asOf, limit: 5) == TaskPage(rows: [], total: 0))
    }

    @Test func provincesRollUpTheirCommunesAndCommunesCountTheirOwn() throws {
        let store = try store()
        let hanoi = try #require(try store.units(.level(.province), asOf: asOf).first { $0.unit.code == "01" })
        #expect(hanoi.counts == StateCounts(doneOnTime: 1, doneLate: 2, openOnTime: 3, overdue: 3))
        let communes = try store.units(.communes(province: "01"), asOf: asOf)
        #expect(communes.first { $0.unit.code == "00070" }?.counts == StateCounts(doneOnTime: 1, doneLate: 2, openOnTime: 2, overdue: 2))
        #expect(communes.first { $0.unit.code == "00073" }?.counts == StateCounts(openOnTime: 1))
        let all = try store.units(.level(.commune), asOf: asOf)
        #expect(all.first { $0.unit.code == "00070" }?.counts == communes.first { $0.unit.code == "00070" }?.counts)
        let overview = try store.overview(asOf: asOf, latest: 3)
        #expect(overview.levels.map(\.counts.total) == [0, 1, 8])
        #expect(overview.provinces.first { $0.unit.code == "01" } == hanoi)
        #expect(overview.techGroups.first { $0.group.id == 5 }?.counts.total == 7)
        #expect(!overview.isDemo)
    }

    @Test func theFeedShowsArrivalsWithTheStateEachReportImplies() throws {
        let store = try store()
        // A back-dated report arrives last: it leads the feed though its time is older.
        try store.append(F.report("F-open-later", .done, at: F.time("2025-06-01T10:00:00+07:00")))
        let feed = try store.overview(asOf: asOf, latest: 3).latestReports
        #expect(feed.map(\.report.taskID) == ["F-open-later", "G-done-late-early", "F-open-later"])
        #expect(feed[0].derived == .doneOnTime)
        #expect(feed[1].derived == .doneLate)
        #expect(feed[2].derived == .openOnTime)
        #expect(feed[0].unitName == "Phường Hoàn Kiếm")
        #expect(feed[0].deadline == F.day("2025-09-30"))
        // On an earlier day, reports made after it are not shown.
        let earlier = try store.overview(asOf: F.day("2025-07-01"), latest: 2).latestReports
        #expect(earlier.allSatisfy { $0.report.reportedAt.vietnamDate <= F.day("2025-07-01") })
        #expect(earlier.first?.report.taskID == "F-open-later")
    }

    @Test func warningsListWhatTurnedOverdueAndWhatFallsDue() throws {
        let store = try store()
        let w = try store.overview(asOf: asOf, latest: 0).warnings
        // Deadlines 2025-07-03…2025-07-09 passed this week; 2025-07-10…2025-07-17 are due soon.
        #expect(w.turnedOverdue.map(\.task.id) == ["P-1", "D-overdue-new"])
        #expect(w.turnedOverdueCount == 2)
        #expect(w.dueSoon.map(\.task.id) == ["E-open", "Q-1"])
        #expect(w.dueSoonCount == 2)
        #expect(w.turnedOverdue.allSatisfy { $0.derived == .overdue })
        #expect(w.dueSoon.allSatisfy { $0.derived == .openOnTime })
    }

    @Test func aTaskWithItsHistoryNewestFirst() throws {
        let store = try store()
        for day in ["2025-07-04", "2025-07-08", "2025-07-06"] {
            try store.append(F.report("E-open", .inProgress, 60, at: F.time(day + "T09:00:00+07:00")))
        }
        let detail = try #require(try store.taskDetail(id: "E-open", asOf: asOf, historyLimit: 3))
        #expect(detail.reportCount == 4)
        #expect(detail.reports.map { $0.reportedAt.vietnamDate.description } == ["2025-07-08", "2025-07-06", "2025-07-04"])
        #expect(detail.unit.code == "00070")
        #expect(detail.unit.parentCode == "01")
        #expect(detail.row.state.progress == 60)
        let before = try #require(try store.taskDetail(id: "E-open", asOf: F.day("2025-07-05"), historyLimit: 10))
        #expect(before.reportCount == 2)
        #expect(before.row.state.reportedAt == F.time("2025-07-04T09:00:00+07:00"))
        #expect(try store.taskDetail(id: "nope", asOf: asOf, historyLimit: 3) == nil)
    }

    @Test func anAsOfDateBeforeTheNewestReportsRecountsOnlyWhatChanged() throws {
        let store = try store()
        // B was open (and overdue) before its late completion on 2025-07-02.
        let july1 = F.day("2025-07-01")
        let b = try #require(try store.taskDetail(id: "B-done-late", asOf: july1, historyLimit: 5))
        #expect(b.row.derived == .overdue)
        #expect(b.row.state == .unreported)
        #expect(b.reportCount == 0)
        let page = try store.tasks(.unit("00070"), asOf: july1, limit: 10)
        #expect(page.rows.first { $0.task.id == "B-done-late" }?.derived == .overdue)
        #expect(page.rows.map(\.derived.severity) == page.rows.map(\.derived.severity).sorted(by: >))
        let commune = try store.units(.communes(province: "01"), asOf: july1).first { $0.unit.code == "00070" }
        #expect(commune?.counts == StateCounts(doneOnTime: 1, doneLate: 1, openOnTime: 3, overdue: 2))
        #expect(try store.overview(asOf: july1, latest: 0).lastReportAt == F.time("2025-07-01T10:00:00+07:00"))
        #expect(try store.verifyCounts(asOf: july1).isEmpty)
    }

    @Test func aReportFromTomorrowCostsOnlyItsOwnTask() throws {
        let store = try store()
        // Dated a few hours ahead (clock skew): on today's date it is not yet counted.
        try store.append(F.report("E-open", .done, at: F.time("2025-07-11T02:00:00+07:00")))
        let today = try store.overview(asOf: asOf, latest: 1)
        #expect(today.levels[2].counts == StateCounts(doneOnTime: 1, doneLate: 2, openOnTime: 3, overdue: 2))
        #expect(today.latestReports.isEmpty == false)
        #expect(today.latestReports.first?.report.taskID != "E-open")
        let tomorrow = try store.overview(asOf: asOf.adding(days: 1), latest: 1)
        #expect(tomorrow.levels[2].counts.doneOnTime == 2)
        #expect(tomorrow.latestReports.first?.report.taskID == "E-open")
    }
}
