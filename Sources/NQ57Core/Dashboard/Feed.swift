/// The live feed (issues 12 and 13): units' reports, inspections' verdicts and proposals' status moves,
/// interleaved by time. Each row keeps its kind, so that a verdict or a proposal is never drawn as a
/// unit's report.

/// An inspection in the feed, with the task it judges and that task's unit (and province).
public struct InspectionFeedRow: Hashable, Sendable {
    public var inspection: Inspection
    public var taskTitle: String
    public var unitCode: String
    public var unitName: String
    /// The province of the task's unit when that unit is a commune.
    public var provinceName: String?

    public init(inspection: Inspection, taskTitle: String, unitCode: String, unitName: String, provinceName: String? = nil) {
        (self.inspection, self.taskTitle, self.unitCode, self.unitName, self.provinceName) =
            (inspection, taskTitle, unitCode, unitName, provinceName)
    }
}

/// A proposal's status move in the feed, with the body it concerns (the body assigned, or the
/// proposal's responsible body; nil while none is).
public struct ProposalFeedRow: Hashable, Sendable {
    /// Row id of the move in the status history: increases with arrival.
    public var id: Int64
    public var proposalID: String
    public var title: String
    public var event: ProposalEvent
    public var bodyName: String?

    public init(id: Int64, proposalID: String, title: String, event: ProposalEvent, bodyName: String? = nil) {
        (self.id, self.proposalID, self.title, self.event, self.bodyName) = (id, proposalID, title, event, bodyName)
    }
}

/// One row of the feed.
public enum FeedRow: Hashable, Sendable {
    case report(ReportRow)
    case inspection(InspectionFeedRow)
    case proposal(ProposalFeedRow)

    public var at: Timestamp {
        switch self {
        case .report(let r): r.report.reportedAt
        case .inspection(let i): i.inspection.inspectedAt
        case .proposal(let p): p.event.at
        }
    }

    /// A stable identity across refreshes, unique over the three kinds (`r12`, `i3`, `p7`).
    public var identity: String {
        switch self {
        case .report(let r): "r\(r.report.id)"
        case .inspection(let i): "i\(i.inspection.id)"
        case .proposal(let p): "p\(p.id)"
        }
    }

    /// The row id in its own table (arrival order within a kind).
    public var rowID: Int64 {
        switch self {
        case .report(let r): r.report.id
        case .inspection(let i): i.inspection.id
        case .proposal(let p): p.id
        }
    }

    /// Order at the same second, newest first: an inspection at a report's own second judges that
    /// report (it comes after it, as in a task's history), so it is listed above it; a proposal's move
    /// is listed after both.
    var tieRank: Int {
        switch self {
        case .inspection: 0
        case .report: 1
        case .proposal: 2
        }
    }

    /// The feed: three newest-first lists (each in its own arrival order) merged by time, newest
    /// first, at most `limit` rows. A merge, not a sort: each kind keeps its own order (a back-dated
    /// report that arrived last stays first among the reports), and the kinds interleave by the
    /// time of the row at the head of each list; at the same second `tieRank` decides.
    public static func merge(reports: [ReportRow], inspections: [InspectionFeedRow], proposals: [ProposalFeedRow], limit: Int) -> [FeedRow] {
        // The heads are compared by their time and tie rank read in place: a row is copied once,
        // into the feed (issue 14: copying each head at every comparison was most of the merge,
        // which runs at each refresh and each frame).
        var next = (reports: 0, inspections: 0, proposals: 0)
        func head(_ k: Int) -> (Int64, Int)? {
            switch k {
            case 0: next.reports < reports.count ? (reports[next.reports].report.reportedAt.seconds, -1) : nil
            case 1: next.inspections < inspections.count ? (inspections[next.inspections].inspection.inspectedAt.seconds, 0) : nil
            default: next.proposals < proposals.count ? (proposals[next.proposals].event.at.seconds, -2) : nil
            }
        }
        var out: [FeedRow] = []
        out.reserveCapacity(max(0, min(limit, reports.count + inspections.count + proposals.count)))
        while out.count < limit {
            var best: (k: Int, key: (Int64, Int))?
            for k in 0..<3 {
                guard let key = head(k) else { continue }
                if let b = best, key <= b.key { continue }
                best = (k, key)
            }
            guard let b = best else { break }
            switch b.k {
            case 0:
                out.append(.report(reports[next.reports]))
                next.reports += 1
            case 1:
                out.append(.inspection(inspections[next.inspections]))
                next.inspections += 1
            default:
                out.append(.proposal(proposals[next.proposals]))
                next.proposals += 1
            }
        }
        return out
    }
}

extension FeedRow: ListRow {
    public var searchText: String {
        switch self {
        case .report(let r): r.searchText
        case .inspection(let i): i.taskTitle + " " + i.inspection.taskID + " " + i.unitName + " " + i.inspection.inspectedBy
        case .proposal(let p): p.proposalID + " " + p.title + " " + (p.bodyName ?? "")
        }
    }

    public func sortValue(_ column: SortColumn) -> SortValue? {
        column == .time ? .number(Double(at.seconds)) : nil
    }
}

extension Overview {
    /// The feed the latest-reports pane shows: reports, inspections and proposals' moves merged by
    /// time, `feedLimit` rows at most (the store reads that many of each), else every row.
    public var feed: [FeedRow] {
        FeedRow.merge(reports: latestReports, inspections: latestInspections, proposals: latestProposalMoves, limit: feedCount)
    }

    /// The feed's length without merging it (the layout asks on every frame).
    public var feedCount: Int {
        let all = latestReports.count + latestInspections.count + latestProposalMoves.count
        return min(feedLimit ?? all, all)
    }
}

/// An open proposal in the early warnings, with its responsible body's name.
public struct ProposalWarning: Hashable, Sendable {
    public var proposal: Proposal
    public var bodyName: String?

    public init(proposal: Proposal, bodyName: String? = nil) {
        self.proposal = proposal
        self.bodyName = bodyName
    }
}

/// Why a row is an early warning.
public enum WarningKind: String, Sendable, Hashable, CaseIterable {
    /// An open task whose deadline passed in the last week.
    case turnedOverdue = "turned_overdue"
    /// An open task due within the week.
    case dueSoon = "due_soon"
    /// A task returned by an inspection and not re-reported within N days.
    case returned
    /// A proposal whose answer is overdue.
    case proposalOverdue = "proposal_overdue"
    /// A proposal whose answer is due within 3 working days.
    case proposalDueSoon = "proposal_due_soon"
}

/// One row of the warnings pane: a task or a proposal, with why it is there.
public enum WarningRow: Hashable, Sendable {
    case task(WarningKind, TaskRow)
    case proposal(WarningKind, ProposalWarning)

    public var kind: WarningKind {
        switch self {
        case .task(let k, _), .proposal(let k, _): k
        }
    }

    /// A stable identity (`t:ID`, `p:ID`).
    public var identity: String {
        switch self {
        case .task(_, let t): "t:" + t.task.id
        case .proposal(_, let p): "p:" + p.proposal.id
        }
    }

    /// The day the row is about: a task's deadline, a proposal's answer day.
    public var day: CivilDate {
        switch self {
        case .task(_, let t): t.task.deadline
        case .proposal(_, let p): p.proposal.dueOn
        }
    }
}

extension WarningRow: ListRow {
    public var searchText: String {
        switch self {
        case .task(_, let t): t.searchText
        case .proposal(_, let p): p.proposal.id + " " + p.proposal.title + " " + (p.bodyName ?? "")
        }
    }

    public func sortValue(_ column: SortColumn) -> SortValue? {
        switch (self, column) {
        case (.task(_, let t), _): t.sortValue(column)
        case (.proposal(_, let p), .name): .text(Search.fold(p.proposal.title))
        case (.proposal(_, let p), .deadline): .number(Double(p.proposal.dueOn.daysSinceEpoch))
        default: nil
        }
    }
}

extension EarlyWarnings {
    /// The row of `all` at `i` (0 ..< `allCount`), without building the whole list: a pane draws a
    /// screenful of the rows.
    public func row(at i: Int) -> WarningRow {
        var i = i
        if i < turnedOverdue.count { return .task(.turnedOverdue, turnedOverdue[i]) }
        i -= turnedOverdue.count
        if i < dueSoon.count { return .task(.dueSoon, dueSoon[i]) }
        i -= dueSoon.count
        if i < returnedStale.count { return .task(.returned, returnedStale[i]) }
        i -= returnedStale.count
        if i < proposalsOverdue.count { return .proposal(.proposalOverdue, proposalsOverdue[i]) }
        return .proposal(.proposalDueSoon, proposalsDueSoon[i - proposalsOverdue.count])
    }

    /// The proposals' warnings on `asOf` from open proposals (each with its body's name): overdue
    /// (answer day before the as-of day), most overdue first, and due from the as-of day through the
    /// `proposalDueSoonWorkingDays`th working day after it, soonest first. The store reads the same
    /// two ranges through an index; this is the rule, for tests and small sources.
    public static func proposalRule(asOf: CivilDate, calendar: WorkingCalendar) -> (overdueBefore: CivilDate, dueSoon: ClosedRange<CivilDate>) {
        (asOf, asOf ... calendar.adding(workingDays: proposalDueSoonWorkingDays, to: asOf))
    }

    /// The last second of the window a task returned at `returnedAt` may wait: a return is a
    /// warning on the as-of day when it was made at least `days` days (of 86,400 s) before the end
    /// of that day (`cut`, the day's last second).
    public static func returnIsStale(returnedAt: Timestamp, cut: Int64, days: Int) -> Bool {
        returnedAt.seconds <= cut - Int64(days) * 86400
    }
}

/// The early warnings' rows in `EarlyWarnings.all`'s order, read in place: the warnings pane's
/// list sorts and searches them at every refresh without copying them into one array first.
public struct WarningRows: RandomAccessCollection, Sendable {
    public let warnings: EarlyWarnings

    public init(_ warnings: EarlyWarnings) { self.warnings = warnings }

    public var startIndex: Int { 0 }
    public var endIndex: Int { warnings.allCount }

    public subscript(i: Int) -> WarningRow { warnings.row(at: i) }
}
