#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NQ57Core

/// A store that follows its database file: when the file is removed every call fails (so the
/// dashboard shows its stale banner), and when a file appears again at the path, possibly a new one,
/// it is opened afresh.
///
/// A SQLite connection keeps reading a deleted file through its open descriptor and never learns that
/// another file took its name; checking the path's device and inode each tick (one `stat`) catches both.
public final class ReopeningSource: DashboardSource {
    private let path: String
    private let open: () throws -> DashboardSource
    private var current: DashboardSource?
    private var identity: (dev: UInt64, ino: UInt64)?
    private var opened: Int64 = 0

    public init(path: String, open: @escaping () throws -> DashboardSource) {
        self.path = path
        self.open = open
    }

    private func source() throws -> DashboardSource {
        var st = stat()
        guard stat(path, &st) == 0 else {
            current = nil
            if errno == EACCES { _ = try open() }  // the store's check names the closed directory
            throw NQ57Error(.io, "\(path): the database file is missing")
        }
        let id = (dev: UInt64(st.st_dev), ino: UInt64(st.st_ino))
        if let current, let identity, identity == id { return current }
        current = nil
        let fresh = try open()
        current = fresh
        identity = id
        opened += 1
        return fresh
    }

    public func overview(asOf: CivilDate, latest: Int) throws -> Overview {
        try source().overview(asOf: asOf, latest: latest)
    }

    public func units(_ scope: UnitScope, asOf: CivilDate) throws -> [UnitRow] {
        try source().units(scope, asOf: asOf)
    }

    public func tasks(_ scope: TaskScope, asOf: CivilDate, limit: Int) throws -> TaskPage {
        try source().tasks(scope, asOf: asOf, limit: limit)
    }

    public func taskDetail(id: String, asOf: CivilDate, historyLimit: Int) throws -> TaskDetail? {
        try source().taskDetail(id: id, asOf: asOf, historyLimit: historyLimit)
    }

    /// The store's token, changed as well whenever the file was opened afresh.
    public func changeToken() throws -> Int64 {
        let s = try source()
        return (opened << 40) ^ (try s.changeToken())
    }
}
