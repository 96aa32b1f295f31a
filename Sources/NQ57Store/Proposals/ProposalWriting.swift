import Foundation
import GRDB
import NQ57Core

/// What a new submission says.
public struct NewProposal: Sendable, Hashable {
    /// Given by the intake system, or nil for the next `PA-NNNNNN`.
    public var id: String?
    public var receivedAt: Timestamp
    public var kind: ProposalKind
    public var submitter: SubmitterKind
    public var field: String
    public var title: String
    public var summary: String
    public var contact: ProposalContact

    public init(id: String? = nil, receivedAt: Timestamp, kind: ProposalKind, submitter: SubmitterKind, field: String,
                title: String, summary: String, contact: ProposalContact = ProposalContact()) {
        self.id = id
        self.receivedAt = receivedAt
        self.kind = kind
        self.submitter = submitter
        self.field = field
        self.title = title
        self.summary = summary
        self.contact = contact
    }
}

/// A proposal refused or not found, by the rule's name.
public enum ProposalError: ErrorReason, Hashable {
    case refused(ProposalFlow.Refusal)
    case noProposal(id: String)
    case exists(id: String)

    public var kind: NQ57Error.Kind { .badData }

    public var message: String {
        switch self {
        case .refused(let r): r.description
        case .noProposal(let id): "proposal_unknown: no proposal \(Quoting.quoted(id))"
        case .exists(let id): "proposal_id: proposal \(Quoting.quoted(id)) already exists"
        }
    }

    static func rule(_ rule: String, _ message: String) -> NQ57Error {
        ProposalError.refused(ProposalFlow.Refusal(rule: rule, message: message)).error
    }
}


extension SQLiteStore {
    /// Adds a received proposal (and its contact details, apart), with its answer deadline from the
    /// deadline rule of its kind and the holidays. Returns it and the earlier proposal it repeats, if
    /// any (same submitter, or nearly the same text: `ProposalDuplicates`), which is stored in
    /// `duplicate_of` so staff can reject it as a duplicate in one step. Refused by the rule's name,
    /// nothing written: an unknown field, an empty title, a time before Resolution 57 or ahead of the clock.
    @discardableResult
    public func addProposal(_ new: NewProposal, by: String = "", now: Timestamp = Timestamp(seconds: Int64(Date().timeIntervalSince1970))) throws -> (proposal: Proposal, duplicateOf: (id: String, reason: ProposalDuplicates.Reason)?) {
        try write { db in try Self.addProposal(db, new, by: by, now: now, demo: false, findDuplicates: true) }
    }

    /// Adds a received proposal and, with `to`, assigns it at its received time: one transaction.
    public func addProposalAndAssign(_ new: NewProposal, to body: String?, by: String = "", now: Timestamp) throws -> (proposal: Proposal, duplicateOf: (id: String, reason: ProposalDuplicates.Reason)?) {
        try write { db in
            var r = try Self.addProposal(db, new, by: by, now: now, demo: false, findDuplicates: true)
            if let body {
                r.proposal = try Self.moveProposal(db, id: r.proposal.id, ProposalFlow.Move(to: .assigned, at: new.receivedAt, body: body), by: by)
            }
            return r
        }
    }

    public static func validate(_ new: NewProposal, now: Timestamp) -> NQ57Error? {
        if ProposalField.named(new.field) == nil {
            return ProposalError.rule("proposal_field", "\(Quoting.quoted(new.field)) is not a field; one of \(ProposalField.all.map(\.id).joined(separator: ", "))")
        }
        if new.title.trimmingASCIISpaces().isEmpty { return ProposalError.rule("proposal_title", "the title is empty") }
        if let p = TextLimit.problem(new.title, maxCharacters: ProposalLimits.title) { return ProposalError.rule("proposal_title", "the title \(p)") }
        if let p = TextLimit.problem(new.summary, maxCharacters: ProposalLimits.summary) { return ProposalError.rule("proposal_summary_text", "the summary \(p)") }
        if let id = new.id {
            if id.isEmpty || id.unicodeScalars.contains(where: { $0.value <= 32 || $0.value == 127 }) || TextLimit.problem(id, maxCharacters: ProposalLimits.id) != nil {
                return ProposalError.rule("proposal_id", "\(Quoting.quoted(id)) must be 1–\(ProposalLimits.id) characters without spaces or control characters")
            }
        }
        if new.receivedAt < ReportValidator.earliest || new.receivedAt.seconds > now.seconds + ReportValidator.futureTolerance {
            return ProposalError.rule("proposal_time", "received time \(new.receivedAt) is before Resolution 57 (2024-12-22) or ahead of the clock")
        }
        return nil
    }

    static func addProposal(_ db: Database, _ new: NewProposal, by: String, now: Timestamp, demo: Bool, findDuplicates: Bool,
                            calendar: WorkingCalendar? = nil, rules: [ProposalKind: DeadlineRule]? = nil) throws -> (proposal: Proposal, duplicateOf: (id: String, reason: ProposalDuplicates.Reason)?) {
        var index = findDuplicates ? try duplicateIndex(db) : nil
        var seen = Set<String>()
        return try addProposal(db, new, by: by, now: now, demo: demo, index: &index, calendar: calendar, rules: rules, write: true, seen: &seen)
    }

    /// Checks a new proposal and, with `write`, stores it. `index`: the proposals stored (and, in an
    /// import, the rows before this one), searched for the one it repeats and given this one; nil
    /// looks for no repeat (the demo makes its repeats on purpose). Without `write` (a dry run) the id
    /// is checked against the store and the index, nothing is written.
    static func addProposal(_ db: Database, _ new: NewProposal, by: String, now: Timestamp, demo: Bool,
                            index: inout ProposalDuplicateIndex?, calendar: WorkingCalendar? = nil,
                            rules: [ProposalKind: DeadlineRule]? = nil, write: Bool, seen: inout Set<String>) throws -> (proposal: Proposal, duplicateOf: (id: String, reason: ProposalDuplicates.Reason)?) {
        let (p, duplicate, folded) = try admit(new, now: now, calendar: calendar ?? ProposalReference.calendar(db),
                                               rules: rules ?? ProposalReference.rules(db), index: &index, write: write, seen: &seen,
            idExists: { try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM proposals WHERE id = ?)"), arguments: [$0]) == true },
            nextKey: { Int64(try Int.fetchOne(db.cachedStatement(sql: "SELECT ifnull(max(key), 0) + 1 FROM proposals")) ?? 1) })
        let id = p.id
        guard write else { return (p, duplicate) }
        try db.cachedStatement(sql: """
            INSERT INTO proposals (id, received_at, kind, submitter_kind, field, title, summary, folded, due_on, status, status_at, duplicate_of, demo)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?)
            """).execute(arguments: [id, new.receivedAt.seconds, new.kind.rawValue, new.submitter.rawValue, new.field, new.title, new.summary,
                             folded, p.dueOn.description, new.receivedAt.seconds, duplicate?.id, demo ? 1 : 0])
        let key = db.lastInsertedRowID
        try db.cachedStatement(sql: "INSERT INTO proposal_log (proposal_key, at, status, by) VALUES (?, ?, 'received', ?)").execute(
                       arguments: [key, new.receivedAt.seconds, by])
        let c = new.contact
        if c != ProposalContact() {
            try db.cachedStatement(sql: "INSERT INTO proposal_contacts (proposal_key, name, address, phone, email, id_number) VALUES (?, ?, ?, ?, ?, ?)").execute(
                           arguments: [key, c.name, c.address, c.phone, c.email, c.idNumber])
        }
        return (p, duplicate)
    }

    /// A new proposal checked as every store checks it (`validate`, an id given twice), with its answer
    /// deadline (the kind's rule and the holidays), the earlier proposal it repeats (`index`, which
    /// then holds it) and its id: the one given, else the next `PA-NNNNNN` after the store's largest
    /// key (`nextKey`; counting the rows a dry run has not written). Returns the proposal as it will
    /// be stored and its folded text.
    public static func admit(_ new: NewProposal, now: Timestamp, calendar: WorkingCalendar, rules: [ProposalKind: DeadlineRule],
                             index: inout ProposalDuplicateIndex?, write: Bool, seen: inout Set<String>,
                             idExists: (String) throws -> Bool, nextKey: () throws -> Int64)
        throws -> (proposal: Proposal, duplicateOf: (id: String, reason: ProposalDuplicates.Reason)?, folded: String) {
        if let e = validate(new, now: now) { throw e }
        let due = DeadlineRule.dueOn(kind: new.kind, receivedAt: new.receivedAt, rules: rules, calendar: calendar)
        let folded = ProposalDuplicates.folded(title: new.title, summary: new.summary)
        let identities = new.contact.identities
        let duplicate = index?.find(folded: folded, identities: identities, field: new.field)
        let id: String
        if let given = new.id {
            if try idExists(given) || seen.contains(given) { throw ProposalError.exists(id: given).error }
            id = given
        } else {
            let next = try nextKey() + (write ? 0 : Int64(seen.count))
            id = "PA-" + String(repeating: "0", count: max(0, 6 - String(next).count)) + String(next)
        }
        seen.insert(id)
        index?.insert(id: id, field: new.field, folded: folded, identities: identities)
        let p = Proposal(id: id, receivedAt: new.receivedAt, kind: new.kind, submitter: new.submitter, field: new.field,
                         title: new.title, summary: new.summary, dueOn: due)
        return (p, duplicate, folded)
    }

    /// The earliest proposal the new one repeats: the same submitter anywhere, or nearly the same text
    /// in the same field. Reads the contacts table (only for this comparison, never to show).
    static func findDuplicate(_ db: Database, folded: String, identities: Set<String>, field: String) throws -> (id: String, reason: ProposalDuplicates.Reason)? {
        try duplicateIndex(db).find(folded: folded, identities: identities, field: field)
    }

    /// Every stored proposal, oldest first, in a `ProposalDuplicateIndex`: one read of the proposals
    /// and the contacts (identities only; never shown). An import builds it once and adds each new
    /// row to it, instead of reading every stored row again for every new one.
    static func duplicateIndex(_ db: Database) throws -> ProposalDuplicateIndex {
        var index = ProposalDuplicateIndex()
        let rows = try Row.fetchCursor(db, sql: """
            SELECT p.id, p.field, p.folded, c.name, c.phone, c.email, c.id_number
            FROM proposals p LEFT JOIN proposal_contacts c ON c.proposal_key = p.key ORDER BY p.key
            """)
        while let r = try rows.next() {
            let contact = ProposalContact(name: r.text(3), phone: r.text(4), email: r.text(5), idNumber: r.text(6))
            index.insert(id: r.text(0), field: r.text(1), folded: r.text(2), identities: contact.identities)
        }
        return index
    }

    /// Moves a proposal (assign, re-assign, reject, answer, publish), checked against the flow first
    /// (refused by the rule's name, nothing written); the database's guard checks it again.
    @discardableResult
    public func moveProposal(id: String, _ move: ProposalFlow.Move, by: String = "") throws -> Proposal {
        try write { db in try Self.moveProposal(db, id: id, move, by: by) }
    }

    static func moveProposal(_ db: Database, id: String, _ move: ProposalFlow.Move, by: String) throws -> Proposal {
        var moved: [String: (key: Int64, proposal: Proposal)] = [:]
        return try moveProposal(db, id: id, move, by: by, bodies: responsibleBodies(db), write: true, moved: &moved)
    }

    /// The codes a proposal may be assigned to: central units and provinces.
    static func responsibleBodies(_ db: Database) throws -> Set<String> {
        try Set(String.fetchAll(db, sql: "SELECT code FROM units WHERE level = 'central' OR level = 'province'"))
    }

    /// Checks a move against the flow and, with `write`, stores it. `moved`: the proposals an import
    /// has moved so far, as they stand after its earlier rows (a dry run writes nothing, so a file's
    /// `assigned` then `answered` rows are checked one after the other here, not by the database).
    static func moveProposal(_ db: Database, id: String, _ move: ProposalFlow.Move, by: String, bodies: Set<String>, write: Bool,
                             moved: inout [String: (key: Int64, proposal: Proposal)]) throws -> Proposal {
        guard let (key, p) = try moved[id] ?? proposalRow(db, id: id) else { throw ProposalError.noProposal(id: id).error }
        if let refusal = ProposalFlow.check(move, of: p, isBody: { bodies.contains($0) }) {
            throw ProposalError.refused(refusal).error
        }
        if write {
            try db.cachedStatement(sql: "INSERT INTO proposal_log (proposal_key, at, status, body_code, note, by) VALUES (?, ?, ?, ?, ?, ?)").execute(
                arguments: [key, move.at.seconds, move.to.rawValue, move.to == .assigned ? move.body : nil, move.note, by])
        }
        let after = ProposalFlow.apply(move, to: p)
        moved[id] = (key, after)
        return after
    }

    static let proposalColumns = "key, id, received_at, kind, submitter_kind, field, title, summary, body_code, status, status_at, answered_at, due_on"

    static func proposal(_ r: some TotalColumns) -> Proposal {
        Proposal(id: r.text(1), receivedAt: Timestamp(seconds: r.int64(2)), kind: ProposalKind(rawValue: r.text(3)) ?? .barrier,
                 submitter: SubmitterKind(rawValue: r.text(4)) ?? .citizen, field: r.text(5), title: r.text(6), summary: r.text(7), body: r.optionalText(8),
                 status: ProposalStatus(rawValue: r.text(9)) ?? .received, statusAt: Timestamp(seconds: r.int64(10)),
                 answeredAt: r.optionalInt64(11).map { Timestamp(seconds: $0) }, dueOn: CivilDate(r.text(12)) ?? CivilDate(year: 2025, month: 1, day: 1)!)
    }

    static func proposalRow(_ db: Database, id: String) throws -> (Int64, Proposal)? {
        guard let r = try Row.fetchOne(db, sql: "SELECT \(proposalColumns) FROM proposals WHERE id = ?", arguments: [id]) else { return nil }
        return (r.int64(0), proposal(r))
    }

    /// One proposal (without contact details), or nil.
    public func proposal(id: String) throws -> Proposal? {
        try read { db in try Self.proposalRow(db, id: id)?.1 }
    }

    /// The earlier proposal a stored one was flagged as repeating, if any.
    public func proposalDuplicateOf(id: String) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT duplicate_of FROM proposals WHERE id = ?", arguments: [id]) }
    }

    /// A proposal's status history, oldest first.
    public func proposalHistory(id: String) throws -> [ProposalEvent] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT l.at, l.status, l.body_code, l.note, l.by FROM proposal_log l JOIN proposals p ON p.key = l.proposal_key
                WHERE p.id = ? ORDER BY l.at, l.id
                """, arguments: [id]).map {
                ProposalEvent(at: Timestamp(seconds: $0.int64(0)), status: ProposalStatus(rawValue: $0.text(1)) ?? .received, body: $0.optionalText(2), note: $0.text(3), by: $0.text(4))
            }
        }
    }
}

