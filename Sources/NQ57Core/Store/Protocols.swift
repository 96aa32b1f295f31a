/// The read side of a store: everything the dashboard and `snapshot` show.
///
/// Implementations answer from maintained counts, so the cost of a call does not grow with the
/// report history. Calls are synchronous; a store is used from one thread at a time.
public protocol DashboardSource: AnyObject {
    /// The overview on `asOf`, with the `latest` newest reports.
    func overview(asOf: CivilDate, latest: Int) throws -> Overview
    /// Units of a drill-down with their counts on `asOf`, in code order.
    func units(_ scope: UnitScope, asOf: CivilDate) throws -> [UnitRow]
    /// At most `limit` tasks of a scope, worst first.
    func tasks(_ scope: TaskScope, asOf: CivilDate, limit: Int) throws -> TaskPage
    /// A task with at most `historyLimit` of its reports; nil when there is no such task.
    func taskDetail(id: String, asOf: CivilDate, historyLimit: Int) throws -> TaskDetail?
    /// A number that changes whenever any process commits a change to the data. Cheap: called every tick.
    func changeToken() throws -> Int64
    /// Provinces, communes, central bodies and tasks whose name, title or id matches `query` (folded:
    /// no case, no diacritics), best first, at most `limit`.
    func find(_ query: String, limit: Int) throws -> [Found]
    /// A responsible body's proposals still owed an answer, overdue first (`-`: not yet assigned);
    /// with `state`, its proposals in that derived state on `asOf`, selected in the store.
    func proposalsOwed(body: String, state: ProposalState?, asOf: CivilDate) throws -> [Proposal]
    /// One proposal with its status history; nil when there is no such proposal.
    func proposalDetail(id: String) throws -> ProposalDetail?
    /// On a hot standby, the server read and its lag (the header shows them); nil elsewhere. Called
    /// with every live check: a source that is no standby sends nothing.
    func replica() throws -> ReplicaStatus?
}

extension DashboardSource {
    /// A source that cannot search finds nothing.
    public func find(_ query: String, limit: Int) throws -> [Found] { [] }
    /// A source without proposals owes none.
    public func proposalsOwed(body: String, state: ProposalState?, asOf: CivilDate) throws -> [Proposal] { [] }
    public func proposalDetail(id: String) throws -> ProposalDetail? { nil }
}

/// A report as submitted, validated but not yet stored.
public struct ReportInput: Hashable, Sendable {
    public var taskID: String
    public var status: ReportStatus
    public var progress: Int
    public var reportedAt: Timestamp
    public var note: String
    public var reportedBy: String

    public init(taskID: String, status: ReportStatus, progress: Int, reportedAt: Timestamp, note: String = "", reportedBy: String = "") {
        self.taskID = taskID
        self.status = status
        self.progress = progress
        self.reportedAt = reportedAt
        self.note = note
        self.reportedBy = reportedBy
    }
}
