import NQ57Core

/// The header's words for the account logged in and the standby read (issue 17), kept out of
/// `Labels`.
public struct SessionLabels: Sendable {
    public var account: String
    public var standby: String
    public var lag: String
    public var caughtUp: String
    public var noStream: String
    /// The roles as the header names them (`root (báo cáo)`), and `AccountScope.noAccount`: a login
    /// without an account on a SQLite file that has accounts (it reads, and writes nothing).
    public var roles: [String: String]

    public static let vi = SessionLabels(account: "tài khoản", standby: "bản sao", lag: "trễ", caughtUp: "đã theo kịp", noStream: "mất luồng, số liệu lúc",
                                         roles: ["viewer": "chỉ xem", "reporter": "báo cáo", "inspector": "kiểm tra", "intake": "tiếp nhận",
                                                 "admin": "quản trị", AccountScope.noAccount: "chưa có tài khoản, chỉ xem"])
    public static let en = SessionLabels(account: "account", standby: "standby", lag: "lag", caughtUp: "up to date", noStream: "no stream, data of",
                                         roles: ["viewer": "viewer", "reporter": "reporter", "inspector": "inspector", "intake": "intake",
                                                 "admin": "admin", AccountScope.noAccount: "no account, read only"])

    public static func of(_ language: Language) -> SessionLabels { language == .vi ? vi : en }

    /// `standby db2:5432 · lag 3 s` (full) or `db2:5432 · 3 s` (short): which server, how far behind.
    public func replica(_ r: ReplicaStatus, short: Bool) -> String {
        let how: String
        switch r.lag {
        case .caughtUp: how = caughtUp
        case .behind(let s): how = (short ? "" : lag + " ") + Self.duration(s)
        case .notStreaming(let at): how = noStream + " " + (at.map { $0.vietnamClock } ?? "?")
        }
        return (short ? "" : standby + " ") + r.server + " · " + how
    }

    /// The header's spans for the standby and the account at a shortening `level` (0 widest … 6):
    /// the standby's server and lag stay longest (its lag says how fresh the data is), shortening to
    /// `host:port ✓` / `+3 s` at 5 and the host alone at 6; the account shortens to its login at 4
    /// and goes at 5 on a standby, at 6 otherwise.
    func spans(_ model: DashboardModel, level: Int) -> [Span] {
        var spans: [Span] = []
        if let r = model.replica {
            var text = level < 5 ? replica(r, short: level >= 2) : compact(r)
            if level >= 6 { text = compact(ReplicaStatus(server: String(r.server.prefix { $0 != ":" }), lag: r.lag)) }
            spans.append(Span("│ " + text + " ", .header))
        }
        if let account = model.account.map(badge), level < (model.replica == nil ? 6 : 5) {
            let text = level < 2 ? self.account + " " + account : level < 4 ? account : String(account.prefix { $0 != " " })
            spans.append(Span("│ " + text + " ", .header))
        }
        return spans
    }

    /// `login (role)` (`AccountScope.badge`) with the role in this language; other text as it is.
    func badge(_ account: String) -> String {
        guard account.hasSuffix(")"), let open = account.range(of: " (") else { return account }
        let role = String(account[open.upperBound..<account.index(before: account.endIndex)])
        guard let word = roles[role] else { return account }
        return account[..<open.lowerBound] + " (" + word + ")"
    }

    /// `db2:5432 ✓` (caught up), `db2:5432 +3 s` (behind), `db2:5432 ✗ 09:20:00` (no stream).
    func compact(_ r: ReplicaStatus) -> String {
        switch r.lag {
        case .caughtUp: r.server + " ✓"
        case .behind(let s): r.server + " +" + Self.duration(s)
        case .notStreaming(let at): r.server + " ✗ " + (at.map { $0.vietnamClock } ?? "?")
        }
    }

    /// Seconds as the header shows a lag: `0 s`, `45 s`, `12 min`, `3 h`.
    static func duration(_ s: Int64) -> String {
        let s = max(0, s)
        if s < 120 { return "\(s) s" }
        if s < 7200 { return "\(s / 60) min" }
        return "\(s / 3600) h"
    }
}
