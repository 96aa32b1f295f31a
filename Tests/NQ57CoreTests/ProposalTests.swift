import Foundation
import Testing
@testable import NQ57Core

private func day(_ s: String) -> CivilDate { CivilDate(s)! }
private func at(_ s: String) -> Timestamp { Timestamp(iso: s)! }

/// The shipped holidays file, read from the source tree (Core has no resources).
private func shippedCalendar() throws -> WorkingCalendar {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/NQ57Store/Reference/vn-public-holidays.csv")
    return WorkingCalendar(entries: try WorkingCalendar.parse(csv: Array(try Data(contentsOf: url))))
}

@Suite struct WorkingDayTests {
    @Test func weekdaysAreRight() {
        #expect(WorkingCalendar.weekday(day("2025-07-02")) == 2)  // a Wednesday
        #expect(WorkingCalendar.weekday(day("2026-02-17")) == 1)  // a Tuesday (Tết Bính Ngọ)
        #expect(WorkingCalendar.weekday(day("2025-01-26")) == 6)  // a Sunday
    }

    @Test func weekendsAreSkipped() {
        let c = WorkingCalendar.weekendsOnly
        // Friday + 1 working day = Monday.
        #expect(c.adding(workingDays: 1, to: day("2025-07-04")) == day("2025-07-07"))
        // Wednesday + 15 working days = three weeks later, a Wednesday.
        #expect(c.adding(workingDays: 15, to: day("2025-07-02")) == day("2025-07-23"))
        // Received on a Saturday: the first working day is Monday.
        #expect(c.adding(workingDays: 1, to: day("2025-07-05")) == day("2025-07-07"))
        #expect(c.workingDays(after: day("2025-07-02"), through: day("2025-07-23")) == 15)
    }

    @Test func tet2025IsSkippedAndItsMakeUpSaturdayCounts() throws {
        let c = try shippedCalendar()
        // Friday 24 Jan 2025 + 1: Sat 25 … Sun 2 Feb are off (27–31 Jan holidays), so Monday 3 Feb.
        #expect(c.adding(workingDays: 1, to: day("2025-01-24")) == day("2025-02-03"))
        // Mon 3 Feb + 10: 4,5,6,7, 10,11,12,13,14 are nine; Saturday 15 Feb is worked: the tenth.
        #expect(c.adding(workingDays: 10, to: day("2025-02-03")) == day("2025-02-15"))
        #expect(!c.isWorkingDay(day("2025-01-29")))
        #expect(c.isWorkingDay(day("2025-02-15")))
        #expect(!c.isWorkingDay(day("2025-02-16")))
    }

    @Test func tet2026AndTheSeptemberHolidays() throws {
        let c = try shippedCalendar()
        // Received Friday 13 Feb 2026: 16–20 Feb are Tết, so 15 working days end on Friday 13 March.
        #expect(c.adding(workingDays: 15, to: day("2026-02-13")) == day("2026-03-13"))
        // Weekends only, it would have been 6 March: a week earlier.
        #expect(WorkingCalendar.weekendsOnly.adding(workingDays: 15, to: day("2026-02-13")) == day("2026-03-06"))
        // Friday 29 Aug 2025 + 1: Mon 1 and Tue 2 Sep are off.
        #expect(c.adding(workingDays: 1, to: day("2025-08-29")) == day("2025-09-03"))
        // 30 Apr – 2 May 2025 off, Saturday 26 Apr worked.
        #expect(c.adding(workingDays: 1, to: day("2025-04-25")) == day("2025-04-26"))
        #expect(c.adding(workingDays: 2, to: day("2025-04-25")) == day("2025-04-28"))
        #expect(c.adding(workingDays: 3, to: day("2025-04-25")) == day("2025-04-29"))
        #expect(c.adding(workingDays: 4, to: day("2025-04-25")) == day("2025-05-05"))
    }

    @Test func theDeadlineCountsFromTheVietnamDayOfReceipt() throws {
        let c = try shippedCalendar()
        // 17:30 UTC on Friday 24 Jan is 00:30 on Saturday 25 Jan in Hà Nội: received during Tết's break.
        let late = DeadlineRule.dueOn(receivedAt: at("2025-01-24T17:30:00Z"), workingDays: 1, calendar: c)
        #expect(late == day("2025-02-03"))
        let early = DeadlineRule.dueOn(receivedAt: at("2025-01-24T09:00:00+07:00"), workingDays: 1, calendar: c)
        #expect(early == day("2025-02-03"))
        let thursday = DeadlineRule.dueOn(receivedAt: at("2025-01-23T09:00:00+07:00"), workingDays: 1, calendar: c)
        #expect(thursday == day("2025-01-24"))
    }

    @Test func theHolidaysFileIsCheckedLineByLine() {
        #expect(throws: WorkingCalendar.CalendarError.self) {
            try WorkingCalendar.parse(csv: Array("day,kind\n".utf8))
        }
        let weekendOff = "day,kind,name_vi,name_en,source,verified\n2025-07-05,off,x,x,x,yes\n"
        do {
            _ = try WorkingCalendar.parse(csv: Array(weekendOff.utf8))
            Issue.record("a Saturday marked off was accepted")
        } catch {
            #expect("\(error)".contains("line 2"))
        }
        let weekdayWork = "day,kind,name_vi,name_en,source,verified\n2025-07-07,work,x,x,x,yes\n"
        #expect(throws: WorkingCalendar.CalendarError.self) { try WorkingCalendar.parse(csv: Array(weekdayWork.utf8)) }
    }

    @Test func defaultsAreMarkedNotOfficial() {
        #expect(DeadlineRule.defaults.count == ProposalKind.allCases.count)
        #expect(DeadlineRule.defaults.allSatisfy { !$0.official && $0.source.contains("NOT OFFICIAL") })
    }
}

@Suite struct ProposalStateTests {
    @Test func fourStatesAndRejected() {
        let due = day("2025-07-23")
        #expect(ProposalState.derive(status: .answered, answeredOn: due, dueOn: due, asOf: day("2025-12-01")) == .answeredOnTime)
        #expect(ProposalState.derive(status: .published, answeredOn: day("2025-07-24"), dueOn: due, asOf: day("2025-12-01")) == .answeredLate)
        #expect(ProposalState.derive(status: .assigned, answeredOn: nil, dueOn: due, asOf: due) == .pending)
        #expect(ProposalState.derive(status: .received, answeredOn: nil, dueOn: due, asOf: day("2025-07-24")) == .overdue)
        #expect(ProposalState.derive(status: .rejected, answeredOn: nil, dueOn: due, asOf: day("2025-07-24")) == .rejected)
    }
}

@Suite struct ProposalFlowTests {
    static let received = Proposal(id: "P-1", receivedAt: at("2025-07-02T09:00:00+07:00"), kind: .barrier,
                                   submitter: .business, field: "p02-procedures", title: "t", summary: "s",
                                   dueOn: day("2025-07-23"))

    func proposal(in status: ProposalStatus) -> Proposal {
        var p = Self.received
        p.status = status
        if status != .received { p.body = "BKHCN" }
        p.statusAt = at("2025-07-03T09:00:00+07:00")
        return p
    }

    func move(_ to: ProposalStatus) -> ProposalFlow.Move {
        ProposalFlow.Move(to: to, at: at("2025-07-04T09:00:00+07:00"), body: to == .assigned ? "01" : nil, note: "lý do / trả lời")
    }

    /// Every (from, to) pair: exactly the table's moves are allowed; the others are refused by
    /// `proposal_flow`.
    @Test(arguments: ProposalStatus.allCases)
    func everyMoveFrom(_ from: ProposalStatus) {
        let expected: [ProposalStatus: Set<ProposalStatus>] = [
            .received: [.rejected, .assigned], .assigned: [.assigned, .answered, .rejected],
            .answered: [.published], .rejected: [], .published: [],
        ]
        for to in ProposalStatus.allCases {
            let refusal = ProposalFlow.check(move(to), of: proposal(in: from), isBody: { _ in true })
            if expected[from]!.contains(to) {
                #expect(refusal == nil, "\(from) → \(to) should be allowed: \(String(describing: refusal))")
            } else {
                #expect(refusal?.rule == "proposal_flow", "\(from) → \(to) should be refused by proposal_flow")
            }
        }
    }

    @Test func namedRefusals() {
        let p = proposal(in: .received)
        let noReason = ProposalFlow.Move(to: .rejected, at: at("2025-07-04T09:00:00Z"), note: "  ")
        #expect(ProposalFlow.check(noReason, of: p, isBody: { _ in true })?.rule == "proposal_reason")
        let noSummary = ProposalFlow.Move(to: .answered, at: at("2025-07-04T09:00:00Z"), note: "")
        #expect(ProposalFlow.check(noSummary, of: proposal(in: .assigned), isBody: { _ in true })?.rule == "proposal_summary")
        let before = ProposalFlow.Move(to: .assigned, at: at("2025-07-01T09:00:00Z"), body: "01")
        #expect(ProposalFlow.check(before, of: p, isBody: { _ in true })?.rule == "proposal_time")
        let unknown = ProposalFlow.Move(to: .assigned, at: at("2025-07-04T09:00:00Z"), body: "99999")
        #expect(ProposalFlow.check(unknown, of: p, isBody: { $0 == "01" })?.rule == "proposal_body")
        let same = ProposalFlow.Move(to: .assigned, at: at("2025-07-04T09:00:00Z"), body: "BKHCN")
        #expect(ProposalFlow.check(same, of: proposal(in: .assigned), isBody: { _ in true })?.rule == "proposal_body")
    }

    @Test func applyKeepsTheAnswerTime() {
        var p = ProposalFlow.apply(move(.assigned), to: Self.received)
        #expect(p.status == .assigned && p.body == "01")
        p = ProposalFlow.apply(ProposalFlow.Move(to: .answered, at: at("2025-07-30T09:00:00+07:00"), note: "x"), to: p)
        p = ProposalFlow.apply(ProposalFlow.Move(to: .published, at: at("2025-08-05T09:00:00+07:00")), to: p)
        #expect(p.answeredAt == at("2025-07-30T09:00:00+07:00"))
        #expect(p.derived(asOf: day("2025-12-01")) == .answeredLate)
    }
}

@Suite struct ProposalDuplicateTests {
    let earlier = ProposalDuplicates.Earlier(
        id: "P-0001",
        folded: ProposalDuplicates.folded(title: "Thủ tục cấp phép thử nghiệm có kiểm soát (sandbox) quá dài",
                                          summary: "Doanh nghiệp fintech phải chờ hơn 6 tháng để được cấp phép thử nghiệm."),
        identities: ProposalContact(name: "Người Mẫu 0001", phone: "0900 000 001").identities)

    @Test func theSameTextWithoutDiacriticsIsADuplicate() {
        let folded = ProposalDuplicates.folded(title: "THU TUC CAP PHEP THU NGHIEM CO KIEM SOAT (SANDBOX) QUA DAI",
                                               summary: "Doanh nghiep fintech phai cho hon 6 thang de duoc cap phep thu nghiem!")
        #expect(folded == earlier.folded)
        let hit = ProposalDuplicates.find(folded: folded, identities: [], among: [earlier])
        #expect(hit?.id == "P-0001" && hit?.reason == .sameText)
    }

    @Test func đAndĐFoldToD() {
        #expect(ProposalDuplicates.folded(title: "Đường truyền", summary: "đất đai") == "duong truyen dat dai")
    }

    @Test func nearlyTheSameTextIsADuplicateButAnotherIsNot() {
        let oneWordMore = ProposalDuplicates.folded(
            title: "Thủ tục cấp phép thử nghiệm có kiểm soát (sandbox) quá dài",
            summary: "Doanh nghiệp fintech phải chờ hơn 6 tháng để được cấp phép thử nghiệm, rất lâu.")
        #expect(ProposalDuplicates.similarity(oneWordMore, earlier.folded) >= ProposalDuplicates.threshold)
        #expect(ProposalDuplicates.find(folded: oneWordMore, identities: [], among: [earlier])?.id == "P-0001")
        let other = ProposalDuplicates.folded(title: "Thiếu chuyên gia trí tuệ nhân tạo",
                                              summary: "Trường đại học cần cơ chế thu hút chuyên gia.")
        #expect(ProposalDuplicates.find(folded: other, identities: [], among: [earlier]) == nil)
    }

    @Test func theSameSubmitterIsADuplicateWhateverTheText() {
        let ids = ProposalContact(name: "NGUOI MAU 0001", phone: "0900-000-001").identities
        let hit = ProposalDuplicates.find(folded: "hoan toan khac", identities: ids, among: [earlier])
        #expect(hit?.reason == .sameSubmitter)
        let someoneElse = ProposalContact(name: "Người Mẫu 0002", phone: "0900 000 002").identities
        #expect(ProposalDuplicates.find(folded: "hoan toan khac", identities: someoneElse, among: [earlier]) == nil)
    }

    @Test func mostRaisedKeyWords() {
        let texts = ["thu tuc sandbox fintech", "sandbox fintech qua lau", "chuyen gia tri tue nhan tao", "sandbox cap phep"]
        let top = ProposalDuplicates.mostRaised(texts)
        #expect(top.first?.word == "sandbox" && top.first?.count == 3)
        #expect(top.contains { $0.word == "fintech" && $0.count == 2 })
        #expect(!top.contains { $0.word == "chuyen" })
    }
}
