import GRDB
import NQ57Core

/// The dashboard's proposal drill-downs, over the same reads as `nq57 proposal owed --body` and
/// `nq57 proposal show` (no contact details).
extension SQLiteStore {
    /// A body's pending proposals, overdue first; with `state` (the drill-down's `f`), its proposals in
    /// that derived state on `asOf`, oldest first, selected in the database over every row of the body
    /// (on the index `proposals_body_state`), at most `listLimit`.
    public func proposalsOwed(body: String, state: ProposalState?, asOf: CivilDate) throws -> [Proposal] {
        guard let state else { return Proposal.owedOrder(try pendingProposals(body: body), asOf: asOf) }
        let condition = switch state {
        case .overdue: "bucket = 'open' AND due_on < ?2"
        case .pending: "bucket = 'open' AND due_on >= ?2"
        case .answeredOnTime: "bucket = 'on_time'"
        case .answeredLate: "bucket = 'late'"
        case .rejected: "bucket = 'rejected'"
        }
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(Self.proposalColumns) FROM proposals INDEXED BY proposals_body_state
                WHERE body_code IS ?1 AND \(condition) ORDER BY received_at LIMIT ?3
                """, arguments: [body == "-" ? nil : body, asOf.description, Self.listLimit]).map(Self.proposal)
        }
    }

    /// At most this many proposals in a body's drill-down.
    public static let listLimit = 500

    /// A body's pending proposals, overdue first (`nq57 proposal owed --body` lists them oldest first).
    public func proposalsOwed(body: String, asOf: CivilDate) throws -> [Proposal] {
        try proposalsOwed(body: body, state: nil, asOf: asOf)
    }

    public func proposalDetail(id: String) throws -> ProposalDetail? {
        guard let p = try proposal(id: id) else { return nil }
        return ProposalDetail(proposal: p, history: try proposalHistory(id: id))
    }
}
