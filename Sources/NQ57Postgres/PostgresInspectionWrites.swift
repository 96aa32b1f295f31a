import Foundation
import NQ57Core
import NQ57Store

/// `nq57 inspect` and `nq57 proposal` on PostgreSQL: the same validation as the SQLite store (Core's
/// `InspectionValidator`, `ProposalFlow`, `SQLiteStore.validate`), then the database's own rules. The
/// login that writes is recorded by the database (`account`); `--by` is kept as the text it was.
extension PostgresStore {
    /// Records one inspection as typed, validated against the task's latest report and the bodies.
    @discardableResult
    public func inspect(_ fields: InspectionFields, now: Timestamp) throws -> Inspection {
        try run { c in
            try requireSchema(c)
            return try c.transaction {
                switch Self.inspectionValidator(c, now: now).validate(fields) {
                case .failure(let problem): throw StoreError.invalid(problem).error
                case .success(let i):
                    return Inspection(id: try Self.insert(c, i), taskID: i.taskID, inspectedAt: i.inspectedAt, verdict: i.verdict,
                                      reason: i.reason, inspectedBy: i.inspectedBy, evidence: i.evidence)
                }
            }
        }
    }

    /// Core's inspection rule against this database's tasks and inspecting bodies (SQLite's `Inspecting.validator`).
    static func inspectionValidator(_ c: PGConnection, now: Timestamp) -> InspectionValidator {
        InspectionValidator(now: now, target: { id in
            guard let r = try? c.exec("SELECT status, reported_at FROM tasks WHERE id = $1", [id]), r.rows == 1 else { return nil }
            let at = r.optionalInt64(0, 1)
            return InspectionTarget(status: at == nil ? nil : ReportStatus(rawValue: r.text(0, 0)), reportedAt: at.map(Timestamp.init(seconds:)))
        }, isKnownBody: { code in
            ((try? c.exec("SELECT 1 FROM inspection_bodies WHERE code = $1", [code]))?.rows ?? 0) == 1
        })
    }

    /// Stores one validated inspection; its id.
    static func insert(_ c: PGConnection, _ i: InspectionInput) throws -> Int64 {
        try c.exec("""
            INSERT INTO inspection_log (task_key, inspected_at, verdict, reason, inspected_by, evidence)
            SELECT key, $2, $3, $4, $5, $6 FROM tasks WHERE id = $1 RETURNING id
            """, [i.taskID, String(i.inspectedAt.seconds), i.verdict.rawValue, i.reason, i.inspectedBy, i.evidence]).int64(0, 0)
    }

    /// The inspecting bodies, by code.
    public func inspectionBodies() throws -> [(code: String, name: String)] {
        try read { c in
            try requireSchema(c)
            let r = try c.exec("SELECT code, name FROM inspection_bodies")
            return (0..<r.rows).map { (r.text($0, 0), r.text($0, 1)) }
        }
    }

    /// The inspection figures now (`nq57 inspect estimate`).
    public func inspectionSummary() throws -> InspectionSummary {
        try read { c in
            try requireSchema(c)
            return try inspectionSummary(c, corrections: [:])
        }
    }

    /// Adds a received proposal (its contact details apart) with its answer deadline, and with `to`
    /// assigns it at its received time, in one transaction; returns it and the earlier proposal it
    /// repeats, if any (read from the contact details: an intake or admin account's right).
    public func addProposalAndAssign(_ new: NewProposal, to body: String?, by: String = "", now: Timestamp)
        throws -> (proposal: Proposal, duplicateOf: (id: String, reason: ProposalDuplicates.Reason)?) {
        if let e = SQLiteStore.validate(new, now: now) { throw e }
        return try run { c in
            try requireSchema(c)
            return try c.transaction {
                var index: ProposalDuplicateIndex? = try Self.duplicateIndex(c)
                var seen = Set<String>()
                let (calendar, rules) = try Self.deadlineReference(c)
                var r = try Self.addProposal(c, new, by: by, now: now, index: &index, calendar: calendar, rules: rules, write: true, seen: &seen)
                if let body { r.proposal = try move(c, id: r.proposal.id, ProposalFlow.Move(to: .assigned, at: new.receivedAt, body: body), by: by) }
                return r
            }
        }
    }

    /// The holidays as a working calendar, and the deadline rules by kind (SQLite's `ProposalReference`).
    static func deadlineReference(_ c: PGConnection) throws -> (calendar: WorkingCalendar, rules: [ProposalKind: DeadlineRule]) {
        var off: Set<CivilDate> = [], work: Set<CivilDate> = []
        let h = try c.exec("SELECT day, kind FROM holidays")
        for i in 0..<h.rows {
            guard let d = CivilDate(h.text(i, 0)) else { continue }
            if h.text(i, 1) == "off" { off.insert(d) } else { work.insert(d) }
        }
        var rules: [ProposalKind: DeadlineRule] = [:]
        let r = try c.exec("SELECT kind, working_days, official, source FROM proposal_deadline_rules")
        for i in 0..<r.rows {
            guard let k = ProposalKind(rawValue: r.text(i, 0)) else { continue }
            rules[k] = DeadlineRule(kind: k, workingDays: r.int(i, 1, in: 1 ... 365), official: r.bool(i, 2), source: r.text(i, 3))
        }
        return (WorkingCalendar(daysOff: off, workedWeekends: work), rules)
    }

    /// Every stored proposal, oldest first, in one index for the repeat check (reads the contact
    /// details: an intake or admin account's right).
    static func duplicateIndex(_ c: PGConnection) throws -> ProposalDuplicateIndex {
        var index = ProposalDuplicateIndex()
        let stored = try c.exec("""
            SELECT p.id, p.field, p.folded, c.name, c.phone, c.email, c.id_number
            FROM proposals p LEFT JOIN proposal_contacts c ON c.proposal_key = p.key ORDER BY p.key
            """)
        for i in 0..<stored.rows {
            let contact = ProposalContact(name: stored.text(i, 3), phone: stored.text(i, 4), email: stored.text(i, 5), idNumber: stored.text(i, 6))
            index.insert(id: stored.text(i, 0), field: stored.text(i, 1), folded: stored.text(i, 2), identities: contact.identities)
        }
        return index
    }

    /// Checks a new proposal and, with `write`, stores it (SQLite's `addProposal`): `index` holds the
    /// proposals stored and an import's rows before this one; `seen` the ids given so far. Without
    /// `write` (a dry run, or after a bad row) nothing is written.
    static func addProposal(_ c: PGConnection, _ new: NewProposal, by: String, now: Timestamp, index: inout ProposalDuplicateIndex?,
                            calendar: WorkingCalendar, rules: [ProposalKind: DeadlineRule], write: Bool, seen: inout Set<String>)
        throws -> (proposal: Proposal, duplicateOf: (id: String, reason: ProposalDuplicates.Reason)?) {
        let (p, duplicate, folded) = try SQLiteStore.admit(new, now: now, calendar: calendar, rules: rules, index: &index, write: write, seen: &seen,
            idExists: { try c.exec("SELECT 1 FROM proposals WHERE id = $1", [$0]).rows == 1 },
            nextKey: { try c.exec("SELECT coalesce(max(key), 0) + 1 FROM proposals").int64(0, 0) })
        let id = p.id
        guard write else { return (p, duplicate) }
        let key = try c.exec("""
            INSERT INTO proposals (id, received_at, kind, submitter_kind, field, title, summary, folded, due_on, status, status_at, duplicate_of)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::date, 'received', $2, $10) RETURNING key
            """, [id, String(new.receivedAt.seconds), new.kind.rawValue, new.submitter.rawValue, new.field, new.title, new.summary,
                  folded, p.dueOn.description, duplicate?.id]).text(0, 0)
        try c.exec("INSERT INTO proposal_log (proposal_key, at, status, by) VALUES ($1, $2, 'received', $3)", [key, String(new.receivedAt.seconds), by])
        let ct = new.contact
        if ct != ProposalContact() {
            try c.exec("INSERT INTO proposal_contacts (proposal_key, name, address, phone, email, id_number) VALUES ($1, $2, $3, $4, $5, $6)",
                       [key, ct.name, ct.address, ct.phone, ct.email, ct.idNumber])
        }
        return (p, duplicate)
    }

    /// Moves a proposal, checked against the flow first (refused by the rule's name, nothing written);
    /// the database's guard checks it again.
    @discardableResult
    public func moveProposal(id: String, _ m: ProposalFlow.Move, by: String = "") throws -> Proposal {
        try run { c in
            try requireSchema(c)
            return try c.transaction { try move(c, id: id, m, by: by) }
        }
    }

    func move(_ c: PGConnection, id: String, _ m: ProposalFlow.Move, by: String) throws -> Proposal {
        var moved: [String: (key: String, proposal: Proposal)] = [:]
        return try Self.move(c, id: id, m, by: by, bodies: Self.responsibleBodies(c), write: true, moved: &moved)
    }

    /// The codes a proposal may be assigned to: central units and provinces.
    static func responsibleBodies(_ c: PGConnection) throws -> Set<String> {
        let b = try c.exec("SELECT code FROM units WHERE level IN ('central', 'province')")
        return Set((0..<b.rows).map { b.text($0, 0) })
    }

    /// Checks a move against the flow and, with `write`, stores it (SQLite's `moveProposal`). `moved`:
    /// the proposals an import has moved so far, as they stand after its earlier rows.
    static func move(_ c: PGConnection, id: String, _ m: ProposalFlow.Move, by: String, bodies: Set<String>, write: Bool,
                     moved: inout [String: (key: String, proposal: Proposal)]) throws -> Proposal {
        // Two moves of one proposal at once: the second waits here, then reads the first's result.
        // (Not FOR UPDATE: that needs the UPDATE right, which no account has on proposals.)
        if write { try c.exec("SELECT pg_advisory_xact_lock(5759, hashtext($1))", [id]) }
        let found: (key: String, proposal: Proposal)
        if let m = moved[id] {
            found = m
        } else {
            let r = try c.exec("SELECT \(Self.proposalColumns) FROM proposals p WHERE p.id = $1", [id])
            guard r.rows == 1 else { throw ProposalError.noProposal(id: id).error }
            found = (r.text(0, 0), Self.proposal(r, 0))
        }
        if let refusal = ProposalFlow.check(m, of: found.proposal, isBody: { bodies.contains($0) }) { throw ProposalError.refused(refusal).error }
        if write {
            try c.exec("INSERT INTO proposal_log (proposal_key, at, status, body_code, note, by) VALUES ($1, $2, $3, $4, $5, $6)",
                       [found.key, String(m.at.seconds), m.to.rawValue, m.to == .assigned ? m.body : nil, m.note, by])
        }
        let after = ProposalFlow.apply(m, to: found.proposal)
        moved[id] = (found.key, after)
        return after
    }

    /// One proposal (without contact details), or nil.
    public func proposal(id: String) throws -> Proposal? { try proposalDetail(id: id)?.proposal }

    /// The earlier proposal a stored one was flagged as repeating, if any.
    public func proposalDuplicateOf(id: String) throws -> String? {
        try read { c in
            try requireSchema(c)
            let r = try c.exec("SELECT duplicate_of FROM proposals WHERE id = $1", [id])
            return r.rows == 1 ? r.optionalText(0, 0) : nil
        }
    }

    /// `p.body_code` is the body `$1` ("-": none yet), in a form the body's indexes serve (`IS NOT
    /// DISTINCT FROM $1` is not indexable and scanned every proposal).
    static func bodyIs(_ body: String) -> String {
        body == "-" ? "p.body_code IS NULL AND $1::text = '-'" : "p.body_code = $1"
    }

    /// A body's pending proposals, oldest first.
    public func pendingProposals(body: String) throws -> [Proposal] {
        try read { c in
            try requireSchema(c)
            let r = try c.exec("""
                SELECT \(Self.proposalColumns) FROM proposals p WHERE \(Self.bodyIs(body)) AND p.status IN ('received', 'assigned')
                ORDER BY p.received_at LIMIT \(Self.proposalListLimit)
                """, [body])
            return (0..<r.rows).map { Self.proposal(r, $0) }
        }
    }

    /// The proposals' overview on a day (`nq57 proposal overview`, the dashboard's proposals view).
    public func proposalOverview(asOf: CivilDate) throws -> ProposalOverview {
        try read { c in
            try requireSchema(c)
            return try proposalOverview(c, asOf: asOf)
        }
    }

    /// The fields with the most barriers raised (not rejected), with their most frequent words (SQLite's
    /// `mostRaisedBarriers`).
    public func mostRaisedBarriers(fields limit: Int = 5, words: Int = 3) throws -> [(field: String, barriers: Int, words: [(word: String, count: Int)])] {
        try read { c in
            try requireSchema(c)
            var texts: [String: [String]] = [:]
            let r = try c.exec("SELECT field, folded FROM proposals WHERE kind = 'barrier' AND status <> 'rejected'")
            for i in 0..<r.rows { texts[r.text(i, 0), default: []].append(r.text(i, 1)) }
            return texts.sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }.prefix(limit)
                .map { ($0.key, $0.value.count, ProposalDuplicates.mostRaised($0.value, limit: words)) }
        }
    }
}
