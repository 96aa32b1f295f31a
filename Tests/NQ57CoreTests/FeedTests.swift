import Foundation
import Testing
@testable import NQ57Core

private func day(_ s: String) -> CivilDate { CivilDate(s)! }
private func at(_ s: String) -> Timestamp { Timestamp(iso: s)! }

/// The shipped holidays file, read from the source tree (Core has no resources).
private func shippedHolidays() throws -> WorkingCalendar {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/NQ57Store/Reference/vn-public-holidays.csv")
    return WorkingCalendar(entries: try WorkingCalendar.parse(csv: Array(try Data(contentsOf: url))))
}

/// The live feed's merge of reports, inspections and proposals' moves (issues 12, 13).
@Suite struct FeedMergeTests {
    func report(_ id: Int64, _ time: String) -> ReportRow {
        ReportRow(report: Report(id: id, taskID: "T\(id)", reportedAt: at(time), status: .inProgress, progress: 50, note: "", reportedBy: ""),
                  taskTitle: "Nhiệm vụ \(id)", unitCode: "00070", unitName: "Phường Hoàn Kiếm", deadline: day("2025-12-31"),
                  derived: .openOnTime, provinceName: "Thành phố Hà Nội")
    }

    func inspection(_ id: Int64, _ time: String) -> InspectionFeedRow {
        InspectionFeedRow(inspection: Inspection(id: id, taskID: "T\(id)", inspectedAt: at(time), verdict: .returned, reason: "Thiếu minh chứng",
                                                 inspectedBy: "BCĐ-KT"),
                          taskTitle: "Nhiệm vụ \(id)", unitCode: "00070", unitName: "Phường Hoàn Kiếm", provinceName: "Thành phố Hà Nội")
    }

    func proposal(_ id: Int64, _ time: String) -> ProposalFeedRow {
        ProposalFeedRow(id: id, proposalID: "PA-\(id)", title: "Vướng mắc \(id)",
                        event: ProposalEvent(at: at(time), status: .assigned, body: "BKHCN", note: "", by: ""), bodyName: "Bộ Khoa học và Công nghệ")
    }

    @Test func kindsInterleaveByTimeNewestFirst() {
        let feed = FeedRow.merge(
            reports: [report(3, "2025-07-05T10:00:00+07:00"), report(2, "2025-07-03T10:00:00+07:00"), report(1, "2025-07-01T10:00:00+07:00")],
            inspections: [inspection(2, "2025-07-04T10:00:00+07:00"), inspection(1, "2025-07-02T10:00:00+07:00")],
            proposals: [proposal(1, "2025-07-06T10:00:00+07:00")], limit: 10)
        #expect(feed.map(\.identity) == ["p1", "r3", "i2", "r2", "i1", "r1"])
        #expect(feed.map(\.at.seconds) == feed.map(\.at.seconds).sorted(by: >))
    }

    @Test func theLimitKeepsTheNewest() {
        let feed = FeedRow.merge(
            reports: [report(2, "2025-07-05T10:00:00+07:00"), report(1, "2025-07-01T10:00:00+07:00")],
            inspections: [inspection(1, "2025-07-04T10:00:00+07:00")],
            proposals: [proposal(1, "2025-07-03T10:00:00+07:00")], limit: 3)
        #expect(feed.map(\.identity) == ["r2", "i1", "p1"])
        #expect(FeedRow.merge(reports: [report(1, "2025-07-01T10:00:00+07:00")], inspections: [], proposals: [], limit: 0).isEmpty)
    }

    /// At the same second an inspection judges the report standing then: listed above it; a
    /// proposal's move after both.
    @Test func atTheSameSecondTheInspectionLeadsAndTheProposalFollows() {
        let t = "2025-07-05T10:00:00+07:00"
        let feed = FeedRow.merge(reports: [report(1, t)], inspections: [inspection(1, t)], proposals: [proposal(1, t)], limit: 3)
        #expect(feed.map(\.identity) == ["i1", "r1", "p1"])
    }

    /// A merge, not a sort: a back-dated report that arrived last stays first among the reports.
    @Test func eachKindKeepsItsArrivalOrder() {
        let feed = FeedRow.merge(
            reports: [report(9, "2025-06-01T10:00:00+07:00"), report(8, "2025-07-05T10:00:00+07:00")],
            inspections: [inspection(1, "2025-07-02T10:00:00+07:00")], proposals: [], limit: 3)
        #expect(feed.map(\.identity) == ["i1", "r9", "r8"])
    }

    /// The overview's feed is as long as the store was asked for (`feedLimit`); rows keep their kind.
    @Test func theOverviewsFeedHoldsEveryKind() {
        var o = Overview(asOf: day("2025-07-10"), isDemo: false, lastReportAt: nil, metrics: [], levels: [], techGroups: [], provinces: [],
                         latestReports: [report(1, "2025-07-01T10:00:00+07:00")], warnings: EarlyWarnings())
        o.latestInspections = [inspection(1, "2025-07-02T10:00:00+07:00"), inspection(0, "2025-06-02T10:00:00+07:00")]
        o.latestProposalMoves = [proposal(1, "2025-07-03T10:00:00+07:00")]
        #expect(o.feed.map(\.identity) == ["p1", "i1", "r1", "i0"])
        o.feedLimit = 2
        #expect(o.feed.map(\.identity) == ["p1", "i1"])
        guard case .inspection(let i)? = o.feed.last else { Issue.record("no inspection row"); return }
        #expect(i.inspection.inspectedBy == "BCĐ-KT" && i.provinceName == "Thành phố Hà Nội")
    }

    /// Live mode marks what arrived, of every kind: a new inspection and a new proposal's move, not a
    /// row that merely moved down.
    @Test func liveModeMarksNewInspectionsAndProposals() {
        var old = Overview(asOf: day("2025-07-10"), isDemo: false, lastReportAt: nil, metrics: [], levels: [], techGroups: [], provinces: [],
                           latestReports: [report(1, "2025-07-01T10:00:00+07:00")], warnings: EarlyWarnings())
        old.latestInspections = [inspection(1, "2025-07-02T10:00:00+07:00")]
        var new = old
        new.latestInspections.insert(inspection(2, "2025-07-05T10:00:00+07:00"), at: 0)
        new.latestProposalMoves = [proposal(7, "2025-07-05T11:00:00+07:00")]
        #expect(PaneKind.reports.changed(old, new) == ["i2", "p7"])
        #expect(PaneKind.reports.changed(old, old).isEmpty)
    }
}

/// The early warnings' rules at their edges (issues 12, 13).
@Suite struct WarningRuleTests {
    /// Returned on day D: not a warning on D + N − 1, a warning from D + N (N days to the end of the day).
    @Test(arguments: [14, 3, 30])
    func aReturnWaitsNDays(n: Int) {
        let returned = at("2025-07-02T23:30:00+07:00")
        func cut(_ d: CivilDate) -> Int64 { Timestamp(vietnamDate: d.adding(days: 1)).seconds - 1 }
        #expect(!EarlyWarnings.returnIsStale(returnedAt: returned, cut: cut(day("2025-07-02").adding(days: n - 1)), days: n))
        #expect(EarlyWarnings.returnIsStale(returnedAt: returned, cut: cut(day("2025-07-02").adding(days: n)), days: n))
        // Made at the first second of the day: the same day counts.
        let early = at("2025-07-02T00:00:00+07:00")
        #expect(!EarlyWarnings.returnIsStale(returnedAt: early, cut: cut(day("2025-07-02").adding(days: n - 1)), days: n))
        #expect(EarlyWarnings.returnIsStale(returnedAt: early, cut: cut(day("2025-07-02").adding(days: n)), days: n))
    }

    @Test func theDefaultNIsStated() {
        #expect(EarlyWarnings().returnedDays == 14 && EarlyWarnings.returnedWindow == 14)
        #expect(EarlyWarnings.proposalDueSoonWorkingDays == 3)
    }

    /// Due within 3 working days: from the as-of day through the third working day after it.
    @Test func proposalsDueAcrossAWeekend() throws {
        let c = try shippedHolidays()
        // Friday 4 July 2025: Monday 7, Tuesday 8, Wednesday 9.
        let rule = EarlyWarnings.proposalRule(asOf: day("2025-07-04"), calendar: c)
        #expect(rule.dueSoon == day("2025-07-04") ... day("2025-07-09"))
        #expect(rule.overdueBefore == day("2025-07-04"))
        #expect(!rule.dueSoon.contains(day("2025-07-10")) && !rule.dueSoon.contains(day("2025-07-03")))
        // On a Saturday, the window still ends on the third working day: Wednesday 9.
        #expect(EarlyWarnings.proposalRule(asOf: day("2025-07-05"), calendar: c).dueSoon.upperBound == day("2025-07-09"))
    }

    @Test func proposalsDueAcrossTet() throws {
        let c = try shippedHolidays()
        // Thursday 12 Feb 2026: Friday 13, then Tết (16–20 Feb) and the weekend, Monday 23, Tuesday 24.
        #expect(EarlyWarnings.proposalRule(asOf: day("2026-02-12"), calendar: c).dueSoon.upperBound == day("2026-02-24"))
        #expect(EarlyWarnings.proposalRule(asOf: day("2026-02-12"), calendar: .weekendsOnly).dueSoon.upperBound == day("2026-02-17"))
        // Thursday 13 Feb 2025: Friday 14, Saturday 15 (worked for 27 Jan), Monday 17.
        #expect(EarlyWarnings.proposalRule(asOf: day("2025-02-13"), calendar: c).dueSoon.upperBound == day("2025-02-17"))
    }

    @Test func warningRowsKeepTheirKind() {
        var w = EarlyWarnings()
        let p = Proposal(id: "PA-1", receivedAt: at("2025-07-02T09:00:00+07:00"), kind: .barrier, submitter: .citizen, field: "p02-law",
                         title: "Vướng mắc", summary: "", dueOn: day("2025-07-23"))
        w.proposalsOverdue = [ProposalWarning(proposal: p, bodyName: "Bộ Nội vụ")]
        w.proposalsDueSoon = [ProposalWarning(proposal: p)]
        #expect(w.all.map(\.kind) == [.proposalOverdue, .proposalDueSoon])
        #expect(w.all.first?.day == day("2025-07-23"))
        #expect(w.rows.isEmpty)
    }
}
