import Testing
import NQ57Core

@Suite struct DerivedStateTests {
    let deadline = CivilDate("2025-12-31")!

    @Test func doneOnTheDeadlineDayIsOnTime() {
        #expect(DerivedState.derive(status: .done, completedOn: deadline, deadline: deadline, asOf: CivilDate("2026-03-01")!) == .doneOnTime)
        #expect(DerivedState.derive(status: .done, completedOn: deadline.adding(days: 1), deadline: deadline, asOf: CivilDate("2026-03-01")!) == .doneLate)
    }

    @Test func openBecomesOverdueTheDayAfterTheDeadline() {
        #expect(DerivedState.derive(status: .inProgress, completedOn: nil, deadline: deadline, asOf: deadline) == .openOnTime)
        #expect(DerivedState.derive(status: .inProgress, completedOn: nil, deadline: deadline, asOf: deadline.adding(days: 1)) == .overdue)
        #expect(DerivedState.derive(status: .notStarted, completedOn: nil, deadline: deadline, asOf: deadline.adding(days: 400)) == .overdue)
    }

    @Test func aDoneTaskNeverTurnsOverdue() {
        #expect(DerivedState.derive(status: .done, completedOn: deadline, deadline: deadline, asOf: deadline.adding(days: 900)) == .doneOnTime)
    }

    @Test func completionIsTheStartOfTheLastRunOfDoneReports() {
        let t1 = Timestamp(iso: "2025-12-20T10:00:00+07:00")!
        let t2 = Timestamp(iso: "2026-01-05T10:00:00+07:00")!
        let t3 = Timestamp(iso: "2026-01-12T10:00:00+07:00")!
        // done, reopened, done again: completed when it was last finished.
        let s = TaskState.folding([(t1, .done, 100), (t2, .inProgress, 90), (t3, .done, 100)])
        #expect(s.completedOn == CivilDate("2026-01-12"))
        #expect(s.derived(deadline: deadline, asOf: CivilDate("2026-02-01")!) == .doneLate)
        // A later "done" repeating the first does not move the completion day.
        let repeated = TaskState.folding([(t1, .done, 100), (t2, .done, 100)])
        #expect(repeated.completedOn == CivilDate("2025-12-20"))
    }

    @Test func historyOrderIsByTimeNotByArrival() {
        let early = Timestamp(iso: "2025-11-01T08:00:00Z")!
        let late = Timestamp(iso: "2025-11-08T08:00:00Z")!
        // The back-dated in_progress arrives last but is older: the task stays done.
        let s = TaskState.folding([(late, .done, 100), (early, .inProgress, 50)])
        #expect(s.status == .done)
        #expect(s.completedOn == late.vietnamDate)
    }

    @Test func tiesGoToTheLaterArrival() {
        let t = Timestamp(iso: "2025-11-01T08:00:00Z")!
        #expect(TaskState.folding([(t, .done, 100), (t, .inProgress, 60)]).status == .inProgress)
        #expect(TaskState.folding([(t, .inProgress, 60), (t, .done, 100)]).status == .done)
    }

    @Test func countsAddUp() {
        var c = StateCounts()
        c.add(.doneOnTime, 3)
        c.add(.overdue, 1)
        #expect(c.total == 4 && c.done == 3 && c.open == 1)
        #expect(c.doneShare == 0.75 && c.overdueShare == 0.25)
        #expect(StateCounts.zero.doneShare == 0)
        #expect((c + c).total == 8)
        let d = StateCounts(doneOnTime: 1, doneLate: 2, openOnTime: 3, overdue: 4)
        #expect((c + d) - d == c)
        #expect(d - c == StateCounts(doneOnTime: -2, doneLate: 2, openOnTime: 3, overdue: 3))
    }
}
