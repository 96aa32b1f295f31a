import CLibpq
import NQ57Core

extension PostgresStore {
    /// On a hot standby: the server read (its `cluster_name`, else host:port) and how far behind the
    /// primary it is; nil on a primary, where it sends no statement once the connection knows.
    ///
    /// The lag is `now() - pg_last_xact_replay_timestamp()` only while received WAL waits to be
    /// replayed (`pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn()`). When everything received is
    /// replayed and the WAL receiver is streaming (an account without pg_read_all_stats sees its row
    /// with the status hidden: the row alone says it runs), the standby is as current as the primary has sent,
    /// `caughtUp`, however old the last commit (an idle primary sends none). Without a streaming
    /// receiver the data is as of the last replayed commit.
    public func replica() throws -> ReplicaStatus? {
        try run { c in
            if !c.listening { _ = try changeToken() }
            guard c.isStandby else { return nil }
            let r = try c.exec("""
                SELECT current_setting('cluster_name'),
                       EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE coalesce(status, 'streaming') = 'streaming'),
                       pg_last_wal_receive_lsn() IS NOT NULL AND pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn(),
                       floor(extract(epoch FROM now() - pg_last_xact_replay_timestamp()))::bigint,
                       floor(extract(epoch FROM pg_last_xact_replay_timestamp()))::bigint
                """)
            let name = r.text(0, 0)
            let server = name.isEmpty ? c.hostPort : name
            let lag: ReplicaLag
            if !r.bool(0, 1) {
                lag = .notStreaming(lastReplay: r.optionalInt64(0, 4).map(Timestamp.init(seconds:)))
            } else if r.bool(0, 2) {
                lag = .caughtUp
            } else {
                lag = .behind(seconds: r.optionalInt64(0, 3) ?? 0)
            }
            return ReplicaStatus(server: server, lag: lag)
        }
    }
}

extension PGConnection {
    /// `host:port` as libpq connected (a socket directory shows as its path).
    var hostPort: String {
        let host = PQhost(conn).map { String(cString: $0) } ?? "?"
        let port = PQport(conn).map { String(cString: $0) } ?? "?"
        return host + ":" + port
    }
}

extension PostgresStore {
    /// The login connected (`session_user`), its nq57 role and units (`account_units`); a login that
    /// is no nq57 account (the schema's owner) has no role and no units.
    public func currentAccount() throws -> AccountScope {
        try run { c in
            let login = try c.exec("SELECT session_user").text(0, 0)
            let role = try c.exec("""
                SELECT substr(g.rolname, 6) FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = session_user AND g.rolname = ANY($1::text[])
                ORDER BY 1 LIMIT 1
                """, ["{" + AccountRole.allCases.map(\.group).joined(separator: ",") + "}"])
            var units: [String] = []
            if try c.exec("SELECT to_regclass('account_units') IS NOT NULL").bool(0, 0) {
                let u = try c.exec("SELECT unit_code FROM account_units WHERE login = session_user ORDER BY unit_code")
                units = (0..<u.rows).map { u.text($0, 0) }
            }
            return AccountScope(login: login, role: role.rows == 1 ? role.text(0, 0) : nil, units: units)
        }
    }
}

extension PostgresStore {
    /// Every account: the members of the nq57 groups, with their units.
    public func accounts() throws -> [AccountScope] {
        try run { c in
            let hasUnits = try c.exec("SELECT to_regclass('account_units') IS NOT NULL").bool(0, 0)
            let r = try c.exec("""
                SELECT r.rolname, substr(g.rolname, 6), \(hasUnits ? "(SELECT string_agg(unit_code, ',' ORDER BY unit_code) FROM account_units a WHERE a.login = r.rolname)" : "NULL")
                FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member
                WHERE g.rolname = ANY($1::text[]) ORDER BY 1
                """, ["{" + AccountRole.allCases.map(\.group).joined(separator: ",") + "}"])
            return (0..<r.rows).map {
                AccountScope(login: r.text($0, 0), role: r.text($0, 1), units: r.optionalText($0, 2).map { $0.split(separator: ",").map(String.init) } ?? [])
            }
        }
    }

    /// Removes an account: its units, then its login role (which must own nothing). False when the
    /// login is no nq57 account.
    public func removeAccount(login: String) throws -> Bool {
        guard try accounts().contains(where: { $0.login == login }) else { return false }
        return try run { c in
            try c.transaction {
                try c.exec("DELETE FROM account_units WHERE login = $1", [login])
                try c.exec("DROP ROLE \(try c.exec("SELECT quote_ident($1)", [login]).text(0, 0))")
                return true
            }
        }
    }
}
