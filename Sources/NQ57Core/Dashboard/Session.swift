/// Who the dashboard reads as and where from: the header names the account logged in and, on a
/// PostgreSQL hot standby, the server and how far its data is behind the primary's.

/// A standby's replay, as the header shows it.
public struct ReplicaStatus: Hashable, Sendable {
    /// The server read: its cluster name, else host:port.
    public var server: String
    public var lag: ReplicaLag

    public init(server: String, lag: ReplicaLag) {
        self.server = server
        self.lag = lag
    }
}

/// How far a standby is behind. When everything it received is replayed it is `caughtUp`, however long
/// ago the last write was: an idle primary sends nothing, and `now() - last replay` would grow without
/// the data being any older than the primary's.
public enum ReplicaLag: Hashable, Sendable {
    /// Everything received has been replayed, and it is still receiving.
    case caughtUp
    /// Received WAL waits to be replayed; the last replayed commit is this many seconds old.
    case behind(seconds: Int64)
    /// Not receiving from the primary (stream down): the data is as of the last replayed commit, if any.
    case notStreaming(lastReplay: Timestamp?)
}

extension DashboardSource {
    /// A source that is not a standby says nothing (and sends no statement).
    public func replica() throws -> ReplicaStatus? { nil }
}

extension DashboardModel {
    /// The loads the current screen needs: the overview and every drill-down on the stack (a
    /// dashboard that opens at its account's unit starts with one).
    public func loadsForScreen() -> [Effect] {
        [.loadOverview] + stack.enumerated().compactMap { depth, frame in
            if case .metric = frame.screen { return nil }
            return .loadFrame(depth: depth, screen: frame.screen)
        }
    }
}

/// The account a command runs as: its login, role and the units it answers for.
public struct AccountScope: Hashable, Sendable {
    public var login: String
    /// viewer, reporter, inspector, intake or admin; nil for a login that is no nq57 account (the
    /// database's owner, or a SQLite file's user not in its accounts).
    public var role: String?
    /// The codes of its units, as stored.
    public var units: [String]

    public init(login: String, role: String?, units: [String]) {
        self.login = login
        self.role = role
        self.units = units
    }

    /// The unit a dashboard opens at among the account's: the broadest (a central body, then a
    /// province, then a commune), then the lowest code; nil without units (the national picture).
    public static func opening(among units: [AdminUnit]) -> AdminUnit? {
        units.min { ($0.level.rank, $0.code) < ($1.level.rank, $1.code) }
    }

    /// The role of a login without an account on a SQLite file that has accounts: it reads, and
    /// writes nothing (`AccountRules`); the header says so.
    public static let noAccount = "none"

    /// The header's name for it: `login (role)`, or the login alone.
    public var badge: String { role.map { "\(login) (\($0))" } ?? login }
}

extension Found {
    /// What the go-to prompt would have found for a unit: the dashboard opens at it as if chosen there.
    public static func unit(_ unit: AdminUnit, provinceName: String?) -> Found {
        let kind: Kind = switch unit.level {
        case .central: .central
        case .province: .province
        case .commune: .commune
        }
        return Found(kind: kind, code: unit.code, name: unit.name, provinceName: provinceName)
    }
}
