/// A store that can wake a waiting dashboard between its live checks: PostgreSQL's connection
/// LISTENs, and its socket becomes readable when a NOTIFY comes at another session's commit, so the
/// dashboard checks then instead of at its next tick (issue 17). SQLite has none: it is polled.
public protocol ChangeSignalling: AnyObject {
    /// A file descriptor that becomes readable when a change may have come; nil when there is none
    /// now (not connected, a standby, which cannot LISTEN). Read from any thread; a descriptor gone
    /// stale (the connection closed) only wakes the dashboard once for a check that finds out.
    var changeSignal: Int32? { get }
    /// True when a change was signalled while the store was busy and the descriptor will not show it
    /// (PostgreSQL's client library reads a NOTIFY off the socket together with a statement's answer).
    var changePending: Bool { get }
}
