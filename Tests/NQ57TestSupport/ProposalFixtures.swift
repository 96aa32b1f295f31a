import NQ57Core

extension Fixtures {
    /// A proposals picture ranked as the store ranks it (overdue answers first): Hồ Chí Minh City owes
    /// the most, then a ministry, then Hà Nội, then proposals not yet assigned; deadlines still the defaults.
    public static var proposals: ProposalOverview {
        func counts(_ total: Int, onTime: Int, late: Int, pending: Int, overdue: Int, rejected: Int = 0) -> ProposalCounts {
            var c = ProposalCounts()
            (c.total, c.answeredOnTime, c.answeredLate, c.pending, c.overdue, c.rejected) = (total, onTime, late, pending, overdue, rejected)
            return c
        }
        let received = Timestamp(vietnamDate: CivilDate(year: 2026, month: 8, day: 3)!, hour: 9)
        return ProposalOverview(
            asOf: CivilDate(year: 2026, month: 11, day: 29)!,
            all: counts(1_240, onTime: 900, late: 160, pending: 120, overdue: 40, rejected: 20),
            bodies: [
                ProposalBodyLine(code: "79", name: "Thành phố Hồ Chí Minh", counts: counts(310, onTime: 200, late: 60, pending: 25, overdue: 21, rejected: 4),
                                 medianDaysToAnswer: 41, oldestPending: ("PA-000077", received)),
                ProposalBodyLine(code: "BKHCN", name: "Bộ Khoa học và Công nghệ", counts: counts(420, onTime: 330, late: 40, pending: 30, overdue: 12, rejected: 8),
                                 medianDaysToAnswer: 18, oldestPending: ("PA-000102", Timestamp(vietnamDate: CivilDate(year: 2026, month: 9, day: 1)!, hour: 14))),
                ProposalBodyLine(code: "01", name: "Thành phố Hà Nội", counts: counts(503, onTime: 370, late: 60, pending: 58, overdue: 7, rejected: 8),
                                 medianDaysToAnswer: 15, oldestPending: ("PA-000640", Timestamp(vietnamDate: CivilDate(year: 2026, month: 10, day: 12)!, hour: 10))),
                ProposalBodyLine(code: "-", name: "", counts: counts(7, onTime: 0, late: 0, pending: 7, overdue: 0),
                                 medianDaysToAnswer: nil, oldestPending: ("PA-001233", Timestamp(vietnamDate: CivilDate(year: 2026, month: 11, day: 27)!, hour: 8))),
            ],
            byField: [], byKind: [], deadlinesNotOfficial: true, medianDaysToAnswer: 16)
    }
}
