import NQ57Core

extension Fixtures {
    /// An inspection (between the two reports) and a proposal's assignment (the oldest row) in the
    /// feed, a task returned and not re-reported, and a proposal overdue and one due soon in the
    /// warnings: every kind of row the feed and the warnings draw.
    public static func addFeed(to overview: inout Overview) {
        let returnedTask = task("X00070-0009", "Số hóa hồ sơ hộ tịch", unit: hoankiem, deadline: CivilDate(year: 2026, month: 12, day: 15)!)
        overview.latestInspections = [
            InspectionFeedRow(inspection: Inspection(id: 41, taskID: returnedTask.id, inspectedAt: now.adding(seconds: -1800), verdict: .returned,
                                                     reason: "Thiếu minh chứng", inspectedBy: "BCĐ-KT"),
                              taskTitle: returnedTask.title, unitCode: hoankiem.code, unitName: hoankiem.name, provinceName: hanoi.name),
        ]
        overview.latestProposalMoves = [
            ProposalFeedRow(id: 77, proposalID: "PA-000077", title: "Thủ tục cấp phép thử nghiệm quá dài",
                            event: ProposalEvent(at: now.adding(seconds: -7200), status: .assigned, body: bkhcn.code, note: "", by: ""),
                            bodyName: bkhcn.name),
        ]
        overview.warnings.returnedStale = [
            TaskRow(task: returnedTask, unitName: hoankiem.name, state: TaskState(status: .done, progress: 100), derived: .openOnTime,
                    provinceName: hanoi.name),
        ]
        overview.warnings.returnedStaleCount = 1
        let late = Proposal(id: "PA-000022", receivedAt: Timestamp(vietnamDate: CivilDate(year: 2026, month: 9, day: 1)!, hour: 9), kind: .barrier,
                            submitter: .business, field: "p02-procedures", title: "Giải pháp chữ ký số trên điện thoại", summary: "",
                            body: hanoi.code, status: .assigned, dueOn: CivilDate(year: 2026, month: 11, day: 27)!)
        var soon = late
        (soon.id, soon.title, soon.body, soon.dueOn) = ("PA-000358", "Nền tảng dùng chung chưa đồng bộ tài khoản", nil, CivilDate(year: 2026, month: 12, day: 2)!)
        overview.warnings.proposalsOverdue = [ProposalWarning(proposal: late, bodyName: hanoi.name)]
        overview.warnings.proposalsOverdueCount = 26
        overview.warnings.proposalsDueSoon = [ProposalWarning(proposal: soon)]
        overview.warnings.proposalsDueSoonCount = 1
        overview.warnings.proposalsDueThrough = CivilDate(year: 2026, month: 12, day: 2)!
    }
}
