import Testing
import NQ57Core

@Suite struct TaskCheckTests {
    let day = CivilDate(year: 2025, month: 6, day: 30)!
    func at(_ d: CivilDate, _ hour: Int = 9) -> Timestamp { Timestamp(vietnamDate: d, hour: hour) }

    @Test func aReturnedTaskIsOpenOnItsDeadlineDayAndOverdueTheDayAfter() {
        let done = TaskState.unreported.adding(at: at(day.adding(days: -3)), status: .done, progress: 100)
        #expect(done.derived(deadline: day, asOf: day, check: .unchecked) == .doneOnTime)
        #expect(done.derived(deadline: day, asOf: day, check: .confirmed) == .doneOnTime)
        #expect(done.derived(deadline: day, asOf: day, check: .returned) == .openOnTime)
        #expect(done.derived(deadline: day, asOf: day.adding(days: 1), check: .returned) == .overdue)
        #expect(done.derived(deadline: day, asOf: day.adding(days: 1), check: .unchecked) == .doneOnTime)
    }

    @Test func aReturnIsClearedByALaterReportOnlyAndThatReportIsUncheckedAgain() {
        let done = (at: at(day, 9), status: ReportStatus.done)
        let returned = (at: at(day, 10), verdict: InspectionVerdict.returned)
        #expect(TaskCheck.folding(reports: [done], inspections: [returned]) == .returned)
        // A report at the inspection's own second came before it: still returned.
        #expect(TaskCheck.folding(reports: [done, (at: at(day, 10), status: .done)], inspections: [returned]) == .returned)
        // One second later, a re-report: unchecked again, whatever it says.
        let again = (at: Timestamp(seconds: at(day, 10).seconds + 1), status: ReportStatus.done)
        #expect(TaskCheck.folding(reports: [done, again], inspections: [returned]) == .unchecked)
        // Notes change nothing.
        #expect(TaskCheck.folding(reports: [done], inspections: [returned, (at: at(day, 11), verdict: .note)]) == .returned)
    }

    @Test func aConfirmationStandsUntilAReportChangesTheState() {
        let done = (at: at(day, 9), status: ReportStatus.done)
        let confirmed = (at: at(day, 10), verdict: InspectionVerdict.confirmed)
        #expect(TaskCheck.folding(reports: [done], inspections: [confirmed]) == .confirmed)
        #expect(TaskCheck.folding(reports: [done, (at: at(day, 11), status: .done)], inspections: [confirmed]) == .confirmed)
        #expect(TaskCheck.folding(reports: [done, (at: at(day, 11), status: .inProgress)], inspections: [confirmed]) == .unchecked)
        // Reopened then done again: the confirmation does not come back.
        #expect(TaskCheck.folding(reports: [done, (at: at(day, 11), status: .inProgress), (at: at(day, 12), status: .done)],
                                  inspections: [confirmed]) == .unchecked)
        // The newest decisive verdict wins; ties on time go to the later one.
        #expect(TaskCheck.folding(reports: [done], inspections: [confirmed, (at: at(day, 10), verdict: .returned)]) == .returned)
        #expect(TaskCheck.folding(reports: [done], inspections: [(at: at(day, 10), verdict: .returned), confirmed]) == .confirmed)
    }

    @Test func effectiveCheckOfAStoredVerdict() {
        #expect(TaskCheck.effective(verdict: .confirmed, status: .done) == .confirmed)
        #expect(TaskCheck.effective(verdict: .confirmed, status: .inProgress) == .unchecked)
        #expect(TaskCheck.effective(verdict: .returned, status: .inProgress) == .returned)
        #expect(TaskCheck.effective(verdict: nil, status: .done) == .unchecked)
    }

    @Test func countsDeriveReturnedDoneAndShares() {
        var c = InspectionCounts.zero
        c.add(status: .done, check: .confirmed)
        c.add(status: .done, check: .returned)
        c.add(status: .done, check: .unchecked)
        c.add(status: .done, check: .unchecked)
        c.add(status: .inProgress, check: .unchecked)
        #expect(c == InspectionCounts(done: 4, confirmed: 1, returned: 1, unchecked: 2))
        #expect(c.returnedDone == 1 && c.checked == 2 && c.doneAfterReturns == 3)
        #expect(c.coverage == 0.5 && c.returnedShare == 0.5)
    }
}

@Suite struct InspectionValidatorTests {
    let now = Timestamp(vietnamDate: CivilDate(year: 2026, month: 1, day: 10)!, hour: 12)
    let reported = Timestamp(vietnamDate: CivilDate(year: 2026, month: 1, day: 5)!, hour: 9)

    var validator: InspectionValidator {
        let reported = reported
        return InspectionValidator(now: now, target: { id in
            switch id {
            case "T-done": InspectionTarget(status: .done, reportedAt: reported)
            case "T-open": InspectionTarget(status: .inProgress, reportedAt: reported)
            case "T-none": InspectionTarget(status: nil, reportedAt: nil)
            default: nil
            }
        }, isKnownBody: { $0 == "BCĐ-KT" })
    }

    func problem(_ f: InspectionFields) -> String? {
        if case .failure(let p) = validator.validate(f) { return p.description }
        return nil
    }

    @Test func eachRuleIsRefusedWithALineNamingIt() {
        #expect(problem(InspectionFields(taskID: "T-x", verdict: "confirmed", by: "BCĐ-KT")) == "task_id: no task \"T-x\"")
        #expect(problem(InspectionFields(taskID: "T-done", verdict: "ok", by: "BCĐ-KT")) == "verdict: \"ok\" is not one of confirmed, returned, note")
        #expect(problem(InspectionFields(taskID: "T-open", verdict: "confirmed", by: "BCĐ-KT"))
                == "verdict: confirmed needs a task reported done; task T-open is reported in_progress")
        #expect(problem(InspectionFields(taskID: "T-none", verdict: "returned", reason: "x", by: "BCĐ-KT"))
                == "verdict: returned judges a report, and task T-none has none")
        #expect(problem(InspectionFields(taskID: "T-done", verdict: "returned", reason: "  ", by: "BCĐ-KT"))
                == "reason: is required when the verdict is returned")
        #expect(problem(InspectionFields(taskID: "T-done", verdict: "confirmed", by: "BCĐ-KT", at: "2026-01-05T08:59:59+07:00"))
                == "at: 2026-01-05T01:59:59Z is before the report it judges (task T-done reported at 2026-01-05T02:00:00Z)")
        #expect(problem(InspectionFields(taskID: "T-done", verdict: "confirmed", by: "Ban X")) == "by: no inspecting body \"Ban X\"")
        #expect(problem(InspectionFields(taskID: "T-done", verdict: "confirmed", by: "BCĐ-KT", at: "2027-01-01T00:00:00Z"))
                == "at: 2027-01-01T00:00:00Z is in the future")
    }

    @Test func validInspectionsPass() throws {
        // At the report's own second: allowed (it judges that report).
        let same = try validator.validate(InspectionFields(taskID: "T-done", verdict: "confirmed", by: "BCĐ-KT", at: "2026-01-05T09:00:00+07:00")).get()
        #expect(same.inspectedAt == reported && same.verdict == .confirmed)
        let back = try validator.validate(InspectionFields(taskID: "T-open", verdict: "returned", reason: "Cập nhật muộn", by: " BCĐ-KT ")).get()
        #expect(back.inspectedAt == now && back.inspectedBy == "BCĐ-KT")
        // A note needs no report.
        #expect(try validator.validate(InspectionFields(taskID: "T-none", verdict: "note", by: "BCĐ-KT")).get().verdict == .note)
    }
}

@Suite struct InspectionEstimatorTests {
    @Test func wilsonMatchesAHandComputedExample() {
        // 45 of 50 confirmed: p̂ = 0.9, z²/n = 0.0768293, centre = 0.9384146 / 1.0768293 = 0.871461,
        // half = 1.959964 / 1.0768293 · √(0.0018 + 0.000384146) = 0.085064: (0.786398, 0.956524).
        let w = ShareInterval.wilson(share: 0.9, n: 50)
        #expect(abs(w.low - 0.786398) < 1e-6)
        #expect(abs(w.high - 0.956524) < 1e-6)
        #expect(w.estimate == 0.9)
    }

    @Test func stratifiedHandExample() {
        // Two strata. A: 100 tasks, 90 reported done, 50 checked, 5 returned. B: 100 tasks, 60 done,
        // 20 checked, 4 returned. p̂_A = 0.9, p̂_B = 0.8; weights 90/150 = 0.6 and 0.4: p̂ = 0.86;
        // v = 0.36·0.09/50 + 0.16·0.16/20 = 0.000648 + 0.00128 = 0.001928; n_eff = 0.1204/0.001928 = 62.448.
        // Self-reported 150/200 = 0.75; true completion 0.75 · 0.86 = 0.645.
        let e = InspectionEstimator.estimate([
            InspectionStratum(key: "A", tasks: 100, reportedDone: 90, checked: 50, returned: 5),
            InspectionStratum(key: "B", tasks: 100, reportedDone: 60, checked: 20, returned: 4),
            InspectionStratum(key: "C", tasks: 10, reportedDone: 0, checked: 0, returned: 0),
        ])
        #expect(e.sample == 70 && e.unsampledStrata == 0)
        #expect(abs(e.selfReported - 150.0 / 210.0) < 1e-12)
        let share = try! #require(e.trueShareOfDone)
        #expect(abs(share.estimate - 0.86) < 1e-12)
        let expected = ShareInterval.wilson(share: 0.86, n: 0.1204 / 0.001928)
        #expect(abs(share.low - expected.low) < 1e-9 && abs(share.high - expected.high) < 1e-9)
        #expect(share.low < 0.86 && share.high > 0.86 && share.high - share.low > 0.1)
        let a = try! #require(e.strata[0].completion)
        #expect(abs(a.estimate - 0.81) < 1e-12)
        #expect(e.strata[2].completion == nil)
        let c = try! #require(e.completion)
        #expect(abs(c.estimate - 0.86 * 150.0 / 210.0) < 1e-12)
    }

    @Test func nothingCheckedGivesNoEstimate() {
        let e = InspectionEstimator.estimate([InspectionStratum(key: "A", tasks: 10, reportedDone: 8, checked: 0, returned: 0)])
        #expect(e.completion == nil && e.unsampledStrata == 1 && e.sample == 0)
    }

    /// A seeded simulation: the true share lies inside the 95% interval in about 95% of 1,000 trials.
    @Test func coverageOfTheIntervalIsNear95Percent() {
        var state: UInt64 = 0x5EED_57
        func unit() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        let done = [3000, 1500, 2500, 800, 5000]
        let truth = [0.95, 0.88, 0.80, 0.70, 0.97]
        let n = [60, 40, 50, 30, 80]
        let trueShare = zip(done, truth).reduce(0.0) { $0 + Double($1.0) * $1.1 } / Double(done.reduce(0, +))
        var inside = 0
        for _ in 0..<1000 {
            let strata = (0..<5).map { h in
                let returned = (0..<n[h]).filter { _ in unit() >= truth[h] }.count
                return InspectionStratum(key: "\(h)", tasks: done[h] * 2, reportedDone: done[h], checked: n[h], returned: returned)
            }
            if let s = InspectionEstimator.estimate(strata).trueShareOfDone, s.low <= trueShare, trueShare <= s.high { inside += 1 }
        }
        #expect((920...980).contains(inside), "true share inside the interval in \(inside) of 1000 trials")
    }
}

@Suite struct TaskHistoryTests {
    @Test func reportsAndInspectionsInterleaveNewestFirstWithAnInspectionAboveTheReportItJudges() {
        let t = { (h: Int) in Timestamp(vietnamDate: CivilDate(year: 2025, month: 7, day: 1)!, hour: h) }
        let task = TaskRecord(id: "T", title: "x", plan: "NQ57", area: 1, techGroup: nil, level: .commune, unitCode: "00070",
                              deadline: CivilDate(year: 2025, month: 7, day: 31)!)
        let row = TaskRow(task: task, unitName: "u", state: .unreported, derived: .openOnTime)
        let unit = AdminUnit(code: "00070", level: .commune, name: "u", kind: "ward", parentCode: "01")
        let reports = [9, 5, 1].map { Report(id: Int64($0), taskID: "T", reportedAt: t($0), status: .done, progress: 100, note: "", reportedBy: "") }
        var detail = TaskDetail(row: row, unit: unit, reports: reports, reportCount: 3)
        detail.inspections = [10, 5, 2].map {
            Inspection(id: Int64($0), taskID: "T", inspectedAt: t($0), verdict: .confirmed, reason: "", inspectedBy: "BCĐ-KT")
        }
        let order = detail.history.map { entry -> String in
            switch entry {
            case .report(let r): "r\(r.id)"
            case .inspection(let i): "i\(i.id)"
            }
        }
        #expect(order == ["i10", "r9", "i5", "r5", "i2", "r1"])
        #expect(TaskDetail(row: row, unit: unit, reports: reports, reportCount: 3).history.count == 3)
    }
}
