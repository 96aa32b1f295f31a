extension PaneKind {
    /// Open tasks that turned overdue this week, those due within the week, those returned by an
    /// inspection and not re-reported within N days, then proposals whose answer is overdue or due
    /// within 3 working days; Enter opens a task or a proposal's history.
    public static let warnings = PaneKind(
        id: .warnings,
        sortColumns: [.deadline, .name],
        rows: { WarningRows($0.warnings) },
        identities: { WarningRows($0.warnings).map(\.identity) },
        changed: { old, new in old.warnings == new.warnings ? [] : [ChangeSet.wholePane] },
        open: { o, i in
            switch WarningRows(o.warnings)[i] {
            case .task(_, let row): .load(.task(row.task.id), .task(id: row.task.id))
            case .proposal(_, let p): .load(.proposal(p.proposal.id), .proposal(id: p.proposal.id))
            }
        },
        naturalRows: { max(2, min(12, $0?.warnings.allCount ?? 0)) },
        wide: PaneSlot(column: 2, row: 0, weight: 2),
        medium: PaneSlot(column: 1, row: 1, weight: 2),
        viewRank: 6,
        json: PaneJSON(key: "warnings") { WarningsJSON($0.warnings) })
}

extension PaneID {
    public static let warnings = PaneID("warnings")
}

/// The early warnings in `snapshot --format json`: each list with its full count (the rows are the
/// first `SQLiteStore.warningLimit`) and the rule's figures in force.
public struct WarningsJSON: Encodable, Sendable {
    struct Tasks: Encodable, Sendable {
        var count: Int
        var tasks: [TaskJSON]
    }
    struct Returned: Encodable, Sendable {
        var count: Int
        /// N of "returned and not re-reported within N days".
        var days: Int
        var tasks: [TaskJSON]
    }
    struct Proposals: Encodable, Sendable {
        var count: Int
        var proposals: [ProposalWarningJSON]
    }
    var turned_overdue, due_soon: Tasks
    var returned_not_rereported: Returned
    var proposals_overdue: Proposals
    var proposals_due_soon: Proposals
    var proposals_due_soon_working_days: Int
    var proposals_due_through: String?

    public init(_ w: EarlyWarnings) {
        turned_overdue = Tasks(count: w.turnedOverdueCount, tasks: w.turnedOverdue.map(TaskJSON.init))
        due_soon = Tasks(count: w.dueSoonCount, tasks: w.dueSoon.map(TaskJSON.init))
        returned_not_rereported = Returned(count: w.returnedStaleCount, days: w.returnedDays, tasks: w.returnedStale.map(TaskJSON.init))
        proposals_overdue = Proposals(count: w.proposalsOverdueCount, proposals: w.proposalsOverdue.map(ProposalWarningJSON.init))
        proposals_due_soon = Proposals(count: w.proposalsDueSoonCount, proposals: w.proposalsDueSoon.map(ProposalWarningJSON.init))
        proposals_due_soon_working_days = EarlyWarnings.proposalDueSoonWorkingDays
        proposals_due_through = w.proposalsDueThrough?.description
    }
}

/// A proposal in the warnings' JSON (no contact details: the proposal's own fields only).
public struct ProposalWarningJSON: Encodable, Sendable {
    var id, received_at, kind, field, title, status, due_on: String
    var body: String?
    var body_name: String?

    init(_ w: ProposalWarning) {
        let p = w.proposal
        (id, received_at, kind, field, title, status, due_on) =
            (p.id, p.receivedAt.description, p.kind.rawValue, p.field, p.title, p.status.rawValue, p.dueOn.description)
        (body, body_name) = (p.body, w.bodyName)
    }
}
