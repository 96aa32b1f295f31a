import Foundation
import GRDB
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// The live feed's inspections and proposals' moves, the early warnings of returns and proposals, and
/// the inspection figures on a past as-of day, as the store reads them (issues 12, 13).
@Suite struct FeedStoreTests {
    typealias F = StoreFixtures
    static let now = F.time("2026-12-01T00:00:00Z")

    func proposal(_ n: Int, at: String) -> NewProposal {
        NewProposal(receivedAt: Timestamp(iso: at)!, kind: .barrier, submitter: .business, field: "p02-procedures",
                    title: "Vướng mắc số \(n) về thủ tục", summary: "Nội dung \(n)",
                    contact: ProposalContact(name: "Người Mẫu \(n)", phone: "0900 000 \(n)"))
    }

    func move(_ to: ProposalStatus, _ at: String, body: String? = nil, note: String = "") -> ProposalFlow.Move {
        ProposalFlow.Move(to: to, at: Timestamp(iso: at)!, body: body, note: note)
    }

    /// Task T at Phường Hoàn Kiếm, reported done on 1 July 2025 and returned by VP-01 on 2 July.
    func returnATask(_ store: SQLiteStore) throws {
        try store.addTask(F.task("T", deadline: F.day("2025-09-30")))
        try store.append(F.report("T", .done, at: F.time("2025-07-01T09:00:00+07:00")))
        try store.inspect(InspectionFields(taskID: "T", verdict: "returned", reason: "Thiếu minh chứng", by: "VP-01",
                                           at: "2025-07-02T10:00:00+07:00"), now: Self.now)
    }

    @Test func theFeedInterleavesInspectionsAndProposalsWithReports() throws {
        let store = try F.initializedStore()
        try returnATask(store)
        let p = try store.addProposal(proposal(1, at: "2025-07-03T09:00:00+07:00"), now: Self.now).proposal
        try store.moveProposal(id: p.id, move(.assigned, "2025-07-03T10:00:00+07:00", body: "01"))

        let feed = try store.overview(asOf: F.day("2025-07-10"), latest: 5).feed
        #expect(feed.map(\.identity).map { String($0.prefix(1)) } == ["p", "p", "i", "r"])
        guard feed.count == 4, case .proposal(let assigned) = feed[0], case .proposal(let received) = feed[1], case .inspection(let i) = feed[2] else {
            Issue.record("kinds out of order: \(feed.map(\.identity))")
            return
        }
        #expect(assigned.event.status == .assigned && assigned.proposalID == p.id && assigned.bodyName == "Thành phố Hà Nội")
        // At receipt no body is responsible yet, though one is now.
        #expect(received.event.status == .received && received.bodyName == nil)
        #expect(i.inspection.verdict == .returned && i.inspection.inspectedBy == "VP-01")
        #expect(i.unitName == "Phường Hoàn Kiếm" && i.provinceName == "Thành phố Hà Nội" && i.taskTitle == "Số hóa dữ liệu hộ tịch")
        // On an earlier day, what came after it is not in the feed.
        let earlier = try store.overview(asOf: F.day("2025-07-02"), latest: 5).feed
        #expect(earlier.map(\.identity).map { String($0.prefix(1)) } == ["i", "r"])
        // Enter on the inspection opens its task, on the proposal its history.
        let o = try store.overview(asOf: F.day("2025-07-10"), latest: 5)
        guard o.feed.count == 4, case .load(.proposal(let id), _)? = PaneKind.reports.open(o, 0), case .load(.task(let task), _)? = PaneKind.reports.open(o, 2) else {
            Issue.record("Enter opens the wrong screen")
            return
        }
        #expect(id == p.id && task == "T")
    }

    /// N of "returned and not re-reported within N days" is data: `meta.returned_warning_days`, 14 when
    /// absent or not a whole number from 1 to 365.
    @Test func theReturnedWindowIsData() throws {
        let path = F.databasePath()
        let store = try SQLiteStore(path: path)
        try store.initialize()
        try returnATask(store)
        func warned(_ day: String) throws -> EarlyWarnings { try store.overview(asOf: F.day(day), latest: 0).warnings }
        #expect(try warned("2025-07-15").returnedStale.isEmpty && warned("2025-07-15").returnedDays == 14)
        #expect(try warned("2025-07-16").returnedStaleCount == 1)
        let raw = try DatabaseQueue(path: path)
        try raw.write { try $0.execute(sql: "INSERT INTO meta (key, value) VALUES ('returned_warning_days', '5')") }
        #expect(try warned("2025-07-06").returnedStale.isEmpty)
        #expect(try warned("2025-07-07").returnedStale.map(\.task.id) == ["T"] && warned("2025-07-07").returnedDays == 5)
        for bad in ["0", "366", "cinq", "-3"] {
            try raw.write { try $0.execute(sql: "UPDATE meta SET value = ? WHERE key = 'returned_warning_days'", arguments: [bad]) }
            #expect(try warned("2025-07-07").returnedDays == 14, "\(bad) falls back to the default")
        }
    }

    /// Proposals: due within 3 working days of the as-of day (inclusive), overdue from the day after
    /// their answer day, gone once answered.
    @Test func proposalWarningsAtTheirEdges() throws {
        let store = try F.initializedStore()
        // Wednesday 2 July 2025 + 15 working days: due Wednesday 23 July.
        let p = try store.addProposal(proposal(1, at: "2025-07-02T09:00:00+07:00"), now: Self.now).proposal
        #expect(p.dueOn == F.day("2025-07-23"))
        try store.moveProposal(id: p.id, move(.assigned, "2025-07-03T10:00:00+07:00", body: "BKHCN"))
        func warned(_ day: String) throws -> EarlyWarnings { try store.overview(asOf: F.day(day), latest: 0).warnings }
        // Thursday 17: its third working day is Tuesday 22: not yet. Friday 18: Wednesday 23: due soon.
        #expect(try warned("2025-07-17").proposalsDueSoonCount == 0)
        let friday = try warned("2025-07-18")
        #expect(friday.proposalsDueSoon.map(\.proposal.id) == [p.id] && friday.proposalsDueSoonCount == 1)
        #expect(friday.proposalsDueThrough == F.day("2025-07-23") && friday.proposalsOverdueCount == 0)
        #expect(friday.proposalsDueSoon.first?.bodyName == "Bộ Khoa học và Công nghệ")
        #expect(try warned("2025-07-23").proposalsDueSoonCount == 1)
        let late = try warned("2025-07-24")
        #expect(late.proposalsDueSoonCount == 0 && late.proposalsOverdue.map(\.proposal.id) == [p.id] && late.proposalsOverdueCount == 1)
        try store.moveProposal(id: p.id, move(.answered, "2025-07-25T10:00:00+07:00", note: "Đã trả lời"))
        #expect(try warned("2025-07-28").proposalsOverdueCount == 0)
    }

    /// On a past as-of day, verdicts and reports made after it do not count: the inspection figures and
    /// the returned warnings are what they were at the end of that day.
    @Test func inspectionFiguresOnAPastDay() throws {
        let store = try F.initializedStore()
        try store.addTask(F.task("T", deadline: F.day("2025-09-30")))
        try store.addTask(F.task("U", deadline: F.day("2025-09-30")))
        try store.append(F.report("T", .done, at: F.time("2025-07-01T09:00:00+07:00")))
        try store.append(F.report("U", .done, at: F.time("2025-07-01T09:00:00+07:00")))
        try store.inspect(InspectionFields(taskID: "T", verdict: "confirmed", reason: "", by: "BCĐ-KT", at: "2025-07-05T10:00:00+07:00"), now: Self.now)
        try store.inspect(InspectionFields(taskID: "U", verdict: "returned", reason: "Sai", by: "BCĐ-KT", at: "2025-07-10T10:00:00+07:00"), now: Self.now)
        try store.append(F.report("U", .done, at: F.time("2025-07-30T09:00:00+07:00")))
        func totals(_ day: String) throws -> InspectionCounts { try #require(try store.overview(asOf: F.day(day), latest: 0).inspection).totals }
        #expect(try totals("2025-07-03") == InspectionCounts(done: 2, confirmed: 0, returned: 0, unchecked: 2))
        #expect(try totals("2025-07-06") == InspectionCounts(done: 2, confirmed: 1, returned: 0, unchecked: 1))
        #expect(try totals("2025-07-11") == InspectionCounts(done: 2, confirmed: 1, returned: 1, unchecked: 0))
        #expect(try totals("2025-08-01") == InspectionCounts(done: 2, confirmed: 1, returned: 0, unchecked: 1))
        let province = try #require(try store.overview(asOf: F.day("2025-07-11"), latest: 0).inspection?.provinces.first { $0.key == "01" })
        #expect(province.counts.returned == 1)
        // U was returned on 10 July and re-reported on 30 July: a warning from 24 July to 29 July only.
        func returned(_ day: String) throws -> [String] { try store.overview(asOf: F.day(day), latest: 0).warnings.returnedStale.map(\.task.id) }
        #expect(try returned("2025-07-23").isEmpty)
        #expect(try returned("2025-07-24") == ["U"])
        #expect(try store.overview(asOf: F.day("2025-07-24"), latest: 0).warnings.returnedStaleCount == 1)
        #expect(try returned("2025-07-30").isEmpty)
    }

    /// `snapshot --format json` has a warnings section with every list, its count and the rules' figures.
    @Test func theWarningsAreInTheJSON() throws {
        let store = try F.initializedStore()
        try returnATask(store)
        let p = try store.addProposal(proposal(1, at: "2025-07-02T09:00:00+07:00"), now: Self.now).proposal
        let data = try JSONEncoder().encode(SnapshotJSON(try store.overview(asOf: F.day("2025-07-24"), latest: 5)))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let w = try #require(json["warnings"] as? [String: Any])
        let returned = try #require(w["returned_not_rereported"] as? [String: Any])
        #expect(returned["count"] as? Int == 1 && returned["days"] as? Int == 14)
        #expect((returned["tasks"] as? [[String: Any]])?.first?["task_id"] as? String == "T")
        let overdue = try #require(w["proposals_overdue"] as? [String: Any])
        #expect(overdue["count"] as? Int == 1 && (overdue["proposals"] as? [[String: Any]])?.first?["id"] as? String == p.id)
        #expect((w["proposals_due_soon"] as? [String: Any])?["count"] as? Int == 0)
        #expect(w["proposals_due_soon_working_days"] as? Int == 3)
        #expect(w["turned_overdue"] != nil && w["due_soon"] != nil)
        // No contact detail in it.
        #expect(!String(decoding: data, as: UTF8.self).contains("Người Mẫu"))
    }
}
