extension ProposalBodyLine: ListRow {
    public var searchText: String { code + " " + name }

    public func sortValue(_ column: SortColumn) -> SortValue? {
        switch column {
        case .name: .text(name)
        case .overdue: .number(Double(counts.overdue))
        case .total: .number(Double(counts.total))
        default: nil
        }
    }
}

extension PaneKind {
    /// Proposals (issue 13): "who owes answers", one row per responsible body ranked by overdue answers,
    /// with received, answered, pending, overdue, the median days to answer and the oldest pending one;
    /// the totals and the NOT OFFICIAL deadline marker under the list. Read from the maintained counts
    /// (no history). In its own view only (`proposals`, `9`): no slot in the overview's layouts, so the
    /// overview's goldens stay as they are and Tab there passes it by.
    public static let proposals = PaneKind(
        id: .proposals,
        sortColumns: [.natural, .overdue, .total, .name],
        rows: { $0.proposals?.bodies ?? [] },
        identities: { $0.proposals?.bodies.map(\.code) ?? [] },
        open: { o, i in
            guard let row = o.proposals?.bodies[i] else { return nil }
            return .load(.proposals(body: row.code), .proposalsOf(body: row.code, name: row.name))
        },
        naturalRows: { max(1, $0?.proposals?.bodies.count ?? 20) },
        detailRows: ProposalsPaneLayout.footerRows,
        viewRank: 9,
        json: PaneJSON(key: "proposals") { o in o.proposals.map(ProposalsJSON.init) })
}

/// Rows under the proposals pane's list: the NOT OFFICIAL marker, the totals, pending and overdue.
public enum ProposalsPaneLayout {
    public static let footerRows = 3
}

/// The proposals pane in `snapshot --format json` (no contact detail: the overview holds none).
public struct ProposalsJSON: Encodable, Sendable {
    struct Counts: Encodable, Sendable {
        var total, answered_on_time, answered_late, pending, overdue, rejected: Int
        init(_ c: ProposalCounts) {
            (total, answered_on_time, answered_late, pending, overdue, rejected) = (c.total, c.answeredOnTime, c.answeredLate, c.pending, c.overdue, c.rejected)
        }
    }
    struct Body: Encodable, Sendable {
        var code, name: String
        var counts: Counts
        var median_days_to_answer: Int?
        var oldest_pending_id: String?
    }
    var deadlines_official: Bool
    var all: Counts
    var median_days_to_answer: Int?
    var bodies: [Body]

    public init(_ o: ProposalOverview) {
        deadlines_official = !o.deadlinesNotOfficial
        all = Counts(o.all)
        median_days_to_answer = o.medianDaysToAnswer
        bodies = o.bodies.map { Body(code: $0.code, name: $0.name, counts: Counts($0.counts), median_days_to_answer: $0.medianDaysToAnswer, oldest_pending_id: $0.oldestPending?.id) }
    }
}

extension PaneID {
    public static let proposals = PaneID("proposals")
}

/// `f` on proposals, as on tasks (`StateFilter.swift`): in a body's list it steps through the derived
/// states — overdue, pending within its deadline, answered late, answered on time, rejected — and
/// back to the pending list; each is a new read of the store over every proposal of the body (not a
/// filter of the rows on screen), and the list's title names the state. On a body's row of the
/// proposals view it opens that body's overdue proposals.
extension DashboardModel {
    /// The order `f` steps a body's list through; nil is the pending list (overdue first).
    public static let proposalStateOrder: [ProposalState?] = [.overdue, .pending, .answeredLate, .answeredOnTime, .rejected, nil]

    /// The effects of `f` when it is about proposals; nil when it is not.
    mutating func filterProposalsByState() -> [Effect]? {
        if let frame {
            guard case .proposals(let body, let state) = frame.screen else { return nil }
            let order = Self.proposalStateOrder
            let next = order[((order.firstIndex(of: state) ?? order.count - 1) + 1) % order.count]
            let screen = Screen.proposals(body: body, state: next)
            stack[stack.count - 1] = Frame(screen: screen, crumb: frame.crumb)
            return [.loadFrame(depth: stack.count - 1, screen: screen)]
        }
        guard focus == .proposals, let bodies = overview?.proposals?.bodies, let i = panes[.proposals]?.selectedRow,
              bodies.indices.contains(i) else { return nil }
        let row = bodies[i]
        let screen = Screen.proposals(body: row.code, state: .overdue)
        stack.append(Frame(screen: screen, crumb: .proposalsOf(body: row.code, name: row.name)))
        return [.loadFrame(depth: stack.count - 1, screen: screen)]
    }
}
