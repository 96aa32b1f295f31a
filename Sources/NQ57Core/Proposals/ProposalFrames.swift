/// A status row of a proposal's history.
public struct ProposalEvent: Sendable, Hashable {
    public var at: Timestamp
    public var status: ProposalStatus
    public var body: String?
    public var note: String
    public var by: String

    public init(at: Timestamp, status: ProposalStatus, body: String?, note: String, by: String) {
        (self.at, self.status, self.body, self.note, self.by) = (at, status, body, note, by)
    }
}

/// One proposal and its status history (no contact details), for the dashboard's drill-down.
public struct ProposalDetail: Sendable, Hashable {
    public var proposal: Proposal
    public var history: [ProposalEvent]

    public init(proposal: Proposal, history: [ProposalEvent]) {
        self.proposal = proposal
        self.history = history
    }
}

extension Proposal: ListRow {
    public var searchText: String { id + " " + title + " " + field }
    public func sortValue(_ column: SortColumn) -> SortValue? { nil }
}

extension ProposalEvent: ListRow {
    public var searchText: String { status.rawValue + " " + note + " " + (body ?? "") }
    public func sortValue(_ column: SortColumn) -> SortValue? { nil }
}

extension Proposal {
    /// A body's pending proposals as the drill-down lists them: overdue first, then oldest first.
    public static func owedOrder(_ rows: [Proposal], asOf: CivilDate) -> [Proposal] {
        rows.enumerated().sorted { a, b in
            let (x, y) = (a.element.derived(asOf: asOf) == .overdue ? 0 : 1, b.element.derived(asOf: asOf) == .overdue ? 0 : 1)
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
    }
}
