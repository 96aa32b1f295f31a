import NQ57Core

/// What `nq57 check` asks of every stored proposal, on every store (SQLite's `verifyProposals`,
/// PostgreSQL's check): its due day against its kind's deadline rule and the holidays
/// (`DeadlineRule.dueOn`), and its maintained status, body and answer time against the fold of its
/// status history (`ProposalFlow.apply`). The first 20 differences are listed, then how many more.
public struct ProposalReplay {
    public static let listed = 20
    let calendar: WorkingCalendar
    let rules: [ProposalKind: DeadlineRule]
    private var wrong = 0
    private var examples: [String] = []

    public init(calendar: WorkingCalendar, rules: [ProposalKind: DeadlineRule]) {
        (self.calendar, self.rules) = (calendar, rules)
    }

    /// One proposal as stored, and its history oldest first (`at, id` order) as the log holds it.
    public mutating func check(_ p: Proposal, history: [(at: Int64, status: String, body: String?, note: String)]) {
        if let rule = rules[p.kind] {
            let due = DeadlineRule.dueOn(receivedAt: p.receivedAt, workingDays: rule.workingDays, calendar: calendar)
            if due != p.dueOn { add("proposal \(p.id): due \(p.dueOn), the rule and the holidays say \(due)") }
        }
        var folded = Proposal(id: p.id, receivedAt: p.receivedAt, kind: p.kind, submitter: p.submitter, field: p.field,
                              title: p.title, summary: p.summary, dueOn: p.dueOn)
        for h in history {
            guard let s = ProposalStatus(rawValue: h.status), s != .received else { continue }
            folded = ProposalFlow.apply(ProposalFlow.Move(to: s, at: Timestamp(seconds: h.at), body: h.body, note: h.note), to: folded)
        }
        if folded.status != p.status || folded.body != p.body || folded.answeredAt != p.answeredAt {
            add("proposal \(p.id): maintained \(p.status.rawValue), history says \(folded.status.rawValue)")
        }
    }

    private mutating func add(_ line: String) {
        wrong += 1
        if examples.count < Self.listed { examples.append(line) }
    }

    /// The differences found, one a line (empty when every proposal agrees).
    public var lines: [String] {
        examples + (wrong > examples.count ? ["… and \(wrong - examples.count) more proposals"] : [])
    }
}
