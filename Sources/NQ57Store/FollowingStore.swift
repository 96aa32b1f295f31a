import Foundation
import NQ57Core

/// A store that follows its database file: when the file is removed every call fails (so the
/// dashboard shows its stale banner), and when a file appears again at the path, possibly a new one,
/// it is opened afresh.
///
/// A SQLite connection keeps reading a deleted file through its open descriptor and never learns that
/// another file took its name; `SQLiteStore.fileState` (one `stat` of the path's device and inode)
/// catches both, and is the only such check.
public final class FollowingStore: DashboardSource {
    public let path: String
    private let access: SQLiteStore.Access
    private var current: SQLiteStore?
    /// Times a file was opened, folded into the change token so that a new file always redraws.
    private var opened: Int64 = 0

    public init(path: String, access: SQLiteStore.Access) {
        self.path = path
        self.access = access
    }

    /// The open store for the file now at the path, opening it when it is new.
    private func store() throws -> SQLiteStore {
        if let current {
            switch current.fileState() {
            case .same: return current
            case .missing:
                self.current = nil
                throw StoreError.fileMissing(path: path).error
            case .replaced:
                self.current = nil
            }
        } else if FileIdentity(path: path)?.isEmpty ?? true {
            // Missing, or emptied: opened again once a database is there. A directory this account
            // may not pass through is a permission problem: the store's check names it.
            if errno == EACCES { _ = try SQLiteStore(path: path, access: access) }
            throw StoreError.fileMissing(path: path).error
        }
        let fresh = try SQLiteStore(path: path, access: access)
        current = fresh
        opened += 1
        return fresh
    }

    public func overview(asOf: CivilDate, latest: Int) throws -> Overview {
        try store().overview(asOf: asOf, latest: latest)
    }

    public func units(_ scope: UnitScope, asOf: CivilDate) throws -> [UnitRow] {
        try store().units(scope, asOf: asOf)
    }

    public func tasks(_ scope: TaskScope, asOf: CivilDate, limit: Int) throws -> TaskPage {
        try store().tasks(scope, asOf: asOf, limit: limit)
    }

    public func taskDetail(id: String, asOf: CivilDate, historyLimit: Int) throws -> TaskDetail? {
        try store().taskDetail(id: id, asOf: asOf, historyLimit: historyLimit)
    }

    public func proposalsOwed(body: String, state: ProposalState?, asOf: CivilDate) throws -> [Proposal] {
        try store().proposalsOwed(body: body, state: state, asOf: asOf)
    }

    public func proposalDetail(id: String) throws -> ProposalDetail? {
        try store().proposalDetail(id: id)
    }

    /// The store's token, changed as well whenever the file was opened afresh.
    public func find(_ query: String, limit: Int) throws -> [Found] {
        try store().find(query, limit: limit)
    }

    public func changeToken() throws -> Int64 {
        let s = try store()
        return (opened << 40) ^ (try s.dataVersion())
    }
}
