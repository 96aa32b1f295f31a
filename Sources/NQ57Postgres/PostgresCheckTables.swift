import NQ57Core
import NQ57Store

extension PostgresStore {
    /// `nq57 check` for the inspection and proposal tables: every task's standing verdict against the
    /// fold of its histories, and the maintained counts against a recount, one line per difference
    /// (at most 100 per table).
    func checkInspectionsAndProposals(_ c: PGConnection) throws -> [String] {
        var problems: [String] = []
        let verdicts = try c.exec("""
            SELECT t.id, coalesce(t.verdict, '-'), coalesce(s.verdict, '-') FROM tasks t JOIN (\(PostgresSchema.verdictFold)) s ON s.key = t.key
            WHERE (t.verdict, t.verified_at) IS DISTINCT FROM (s.verdict, s.verified_at) ORDER BY t.id LIMIT 100
            """)
        for i in 0..<verdicts.rows {
            problems.append("task \(verdicts.text(i, 0)): maintained verdict \(verdicts.text(i, 1)); its inspections and reports say \(verdicts.text(i, 2))")
        }
        let tables: [(table: String, columns: String, select: String, zero: String)] =
            [("inspection_counts", "scope, key, done, confirmed, returned, unchecked", PostgresSchema.inspectionRecount,
              "done = 0 AND confirmed = 0 AND returned = 0 AND unchecked = 0")]
            + PostgresSchema.proposalRecount.map { ($0.table, $0.columns, $0.select, $0.table == "proposal_counts" ? "total = 0" : "false") }
        for t in tables {
            let have = "SELECT \(t.columns) FROM \(t.table) WHERE NOT (\(t.zero))"
            // Rows of zeros on neither side: a task's standing verdict can keep a scope's row whose
            // counts are all zero (a confirmed task no longer done), which the maintained side may drop.
            let want = "SELECT * FROM (\(t.select)) w(\(t.columns)) WHERE NOT (\(t.zero))"
            let diff = try c.exec("""
                (SELECT 'maintained', * FROM (\(have) EXCEPT \(want)) a) UNION ALL (SELECT 'recount', * FROM (\(want) EXCEPT \(have)) b)
                ORDER BY 2, 3, 1 LIMIT 100
                """)
            for i in 0..<diff.rows {
                let row = (1..<diff.columns).map { diff.optionalText(i, $0) ?? "-" }.joined(separator: " ")
                problems.append("\(t.table) (\(t.columns)): \(diff.text(i, 0)) has \(row) and the other does not")
            }
        }
        // Each proposal's due day against its kind's rule and the holidays, and its maintained status,
        // body and answer time against the fold of its status history (SQLite's `verifyProposals`).
        let (calendar, rules) = try Self.deadlineReference(c)
        var replay = ProposalReplay(calendar: calendar, rules: rules)
        let proposals = try c.exec("SELECT \(Self.proposalColumns) FROM proposals p ORDER BY p.key")
        let log = try c.exec("SELECT proposal_key, at, status, body_code, note FROM proposal_log ORDER BY proposal_key, at, id")
        var l = 0
        for i in 0..<proposals.rows {
            let key = proposals.int64(i, 0)
            while l < log.rows && log.int64(l, 0) < key { l += 1 }
            var history: [(at: Int64, status: String, body: String?, note: String)] = []
            while l < log.rows && log.int64(l, 0) == key {
                history.append((log.int64(l, 1), log.text(l, 2), log.optionalText(l, 3), log.text(l, 4)))
                l += 1
            }
            replay.check(Self.proposal(proposals, i), history: history)
        }
        return problems + replay.lines
    }
}
