import Foundation
import GRDB
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// Answer deadlines follow the holidays: when the holidays change (`proposal holidays --import`, or a
/// reference reload by `nq57 init`), every stored deadline and the maintained states move in the same
/// transaction, and `nq57 check` agrees.
@Suite struct ProposalHolidayTests {
    typealias F = StoreFixtures
    let now = Timestamp(iso: "2026-04-15T12:00:00+07:00")!

    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/NQ57Store/Reference/vn-public-holidays.csv")

    /// The shipped file without Tết 2026 (16–20 February).
    func withoutTet2026() throws -> String {
        let lines = try String(contentsOf: Self.shipped, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("2026-02-") }
        let path = F.temporaryDirectory() + "/holidays.csv"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func move(_ to: ProposalStatus, _ at: String, body: String? = nil, note: String = "") -> ProposalFlow.Move {
        ProposalFlow.Move(to: to, at: Timestamp(iso: at)!, body: body, note: note)
    }

    /// Two barriers received Tuesday 10 February 2026: with Tết skipped, due Tuesday 10 March; without
    /// it, Tuesday 3 March. One answered Friday 6 March (on time, or late), one still open on 5 March
    /// (pending, or overdue).
    func twoAcrossTet(_ store: SQLiteStore) throws -> (answered: String, open: String) {
        func add(_ title: String) throws -> String {
            try store.addProposal(NewProposal(receivedAt: Timestamp(iso: "2026-02-10T09:00:00+07:00")!, kind: .barrier, submitter: .business,
                                              field: "p02-procedures", title: title, summary: ""), now: now).proposal.id
        }
        let a = try add("Thủ tục cấp phép thử nghiệm có kiểm soát")
        let b = try add("Hạ tầng dữ liệu dùng chung chưa sẵn sàng")
        for id in [a, b] { try store.moveProposal(id: id, move(.assigned, "2026-02-11T09:00:00+07:00", body: "BKHCN")) }
        try store.moveProposal(id: a, move(.answered, "2026-03-06T10:00:00+07:00", note: "Đã hướng dẫn"))
        return (a, b)
    }

    @Test func importingHolidaysMovesEveryDeadlineAndStateInOneTransaction() throws {
        let store = try F.initializedStore()
        let (a, b) = try twoAcrossTet(store)
        let day = F.day("2026-03-05")
        #expect(try store.proposal(id: a)?.dueOn == F.day("2026-03-10"))
        var o = try store.proposalOverview(asOf: day)
        #expect(o.all.answeredOnTime == 1 && o.all.answeredLate == 0 && o.all.pending == 1 && o.all.overdue == 0)

        let r = try store.importHolidays(try withoutTet2026(), asOf: day)
        #expect(r.deadlinesMoved == 2 && r.statesChanged == 2, "\(r)")
        for id in [a, b] { #expect(try store.proposal(id: id)?.dueOn == F.day("2026-03-03")) }
        o = try store.proposalOverview(asOf: day)
        #expect(o.all.answeredOnTime == 0 && o.all.answeredLate == 1 && o.all.pending == 0 && o.all.overdue == 1)
        #expect(o.bodies.first { $0.code == "BKHCN" }?.counts.overdue == 1)
        #expect(try store.verifyProposals() == [])

        // A reference reload (the shipped file again, as `nq57 init` loads it when it changed) moves them back.
        try store.write { db in try db.execute(sql: "UPDATE meta SET value = 'stale' WHERE key = 'reference'") }
        try store.initialize()
        for id in [a, b] { #expect(try store.proposal(id: id)?.dueOn == F.day("2026-03-10")) }
        o = try store.proposalOverview(asOf: day)
        #expect(o.all.answeredOnTime == 1 && o.all.answeredLate == 0 && o.all.pending == 1 && o.all.overdue == 0)
        #expect(try store.verifyProposals() == [])
    }

    @Test func aBadHolidaysFileChangesNothing() throws {
        let store = try F.initializedStore()
        let (a, _) = try twoAcrossTet(store)
        let before = try store.holidays()
        let path = F.temporaryDirectory() + "/bad.csv"
        // Saturday 14 February 2026 cannot be a day off: the weekend is off already.
        try (try String(contentsOf: Self.shipped, encoding: .utf8) + "2026-02-14,off,x,x,x,yes\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: NQ57Error.self) { try store.importHolidays(path, asOf: F.day("2026-03-05")) }
        #expect(try store.holidays() == before)
        #expect(try store.proposal(id: a)?.dueOn == F.day("2026-03-10"))
    }

    @Test func rowsStillToVerifyAreMarked() throws {
        let store = try F.initializedStore()
        let days = try store.holidays()
        #expect(days.count > 20)
        // 20 Feb 2026 was recalled, not checked against the official notice; 1 Jan 2026 is in the Labour Code.
        #expect(days.first { $0.day == F.day("2026-02-20") }?.needsVerification == true)
        #expect(days.first { $0.day == F.day("2026-01-01") }?.needsVerification == false)
        #expect(days.allSatisfy { !$0.source.isEmpty })
    }
}

/// `nq57 check` reads the proposal tables through the total accessors: a value another program wrote
/// where a count belongs is reported, not a crash.
@Suite struct ProposalCheckTests {
    @Test func aHostileCountIsReportedNotATrap() throws {
        let store = try StoreFixtures.initializedStore()
        try store.write { db in
            try db.execute(sql: "INSERT INTO proposal_counts (scope, key, total, open) VALUES ('body', 'x', 'many', x'ff')")
        }
        let problems = try store.verifyProposals()
        #expect(problems.count == 1 && problems.first?.hasPrefix("proposal_counts body x: ") == true, "\(problems)")
    }
}
