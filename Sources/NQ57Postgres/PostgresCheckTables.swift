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
        return problems
    }
}
