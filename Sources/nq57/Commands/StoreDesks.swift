import NQ57Core
import NQ57Postgres
import NQ57Store

/// What `nq57 inspect` and `nq57 proposal` ask of a store, on SQLite and on PostgreSQL alike.
protocol InspectionDesk {
    func inspect(_ fields: InspectionFields, now: Timestamp) throws -> Inspection
    func inspectionBodies() throws -> [(code: String, name: String)]
    func inspectionSummary() throws -> InspectionSummary
    func inspectionPlan(sample: Int, seed: UInt64, by: InspectionStratification, scope: InspectionScope, asOf: CivilDate) throws -> [WorklistRow]
}

protocol ProposalDesk {
    func addProposalAndAssign(_ new: NewProposal, to body: String?, by: String, now: Timestamp)
        throws -> (proposal: Proposal, duplicateOf: (id: String, reason: ProposalDuplicates.Reason)?)
    func moveProposal(id: String, _ move: ProposalFlow.Move, by: String) throws -> Proposal
    func proposal(id: String) throws -> Proposal?
    func proposalDuplicateOf(id: String) throws -> String?
    func proposalHistory(id: String) throws -> [ProposalEvent]
    func pendingProposals(body: String) throws -> [Proposal]
    func proposalOverview(asOf: CivilDate) throws -> ProposalOverview
    func mostRaisedBarriers(fields limit: Int, words: Int) throws -> [(field: String, barriers: Int, words: [(word: String, count: Int)])]
    func holidays() throws -> [WorkingCalendar.Entry]
    func importHolidays(_ path: String, asOf: CivilDate) throws -> HolidaysImport
}

extension SQLiteStore: InspectionDesk, ProposalDesk {
    func pendingProposals(body: String) throws -> [Proposal] { try pendingProposals(body: body, limit: 500) }
}

extension PostgresStore: InspectionDesk, ProposalDesk {
    func proposalHistory(id: String) throws -> [ProposalEvent] { try proposalDetail(id: id)?.history ?? [] }
}

extension StoreSelection {
    /// The store of `--db` for the inspection and proposal commands: PostgreSQL for a URL; for a file,
    /// SQLite (initialised when `write`, else read-only).
    static func desk(_ db: DatabaseOptions, write: Bool) throws -> any InspectionDesk & ProposalDesk {
        let path = db.resolved
        if let pg = try postgres(path) { return pg }
        return write ? try SQLiteStore.openInitialised(path) : try SQLiteStore(path: path, access: .readOnly)
    }
}
