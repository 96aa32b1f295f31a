import NQ57Core

/// The dashboard's proposal drill-downs, over the same reads as `nq57 proposal owed --body` and
/// `nq57 proposal show` (no contact details).
extension SQLiteStore {
    public func proposalsOwed(body: String, asOf: CivilDate) throws -> [Proposal] {
        Proposal.owedOrder(try pendingProposals(body: body), asOf: asOf)
    }

    public func proposalDetail(id: String) throws -> ProposalDetail? {
        guard let p = try proposal(id: id) else { return nil }
        return ProposalDetail(proposal: p, history: try proposalHistory(id: id))
    }
}
