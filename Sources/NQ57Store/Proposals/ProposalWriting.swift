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

    static func validate(_ new: NewProposal, now: Timestamp) -> NQ57Error? {
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
        if let e = validate(new, now: now) { throw e }
        let calendar = try calendar ?? ProposalReference.calendar(db)
        let rules = try rules ?? ProposalReference.rules(db)
        let days = rules[new.kind]?.workingDays ?? DeadlineRule.defaults.first { $0.kind == new.kind }!.workingDays
        let due = DeadlineRule.dueOn(receivedAt: new.receivedAt, workingDays: days, calendar: calendar)
        let folded = ProposalDuplicates.folded(title: new.title, summary: new.summary)
        var duplicate: (id: String, reason: ProposalDuplicates.Reason)?
        if findDuplicates {
            duplicate = try findDuplicate(db, folded: folded, identities: new.contact.identities, field: new.field)
        }
        let id: String
        if let given = new.id {
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM proposals WHERE id = ?)", arguments: [given]) == true {
                throw ProposalError.exists(id: given).error
            }
            id = given
        } else {
            let next = (try Int.fetchOne(db.cachedStatement(sql: "SELECT ifnull(max(key), 0) + 1 FROM proposals")) ?? 1)
            id = "PA-" + String(repeating: "0", count: max(0, 6 - String(next).count)) + String(next)
        }
        try db.cachedStatement(sql: """
            INSERT INTO proposals (id, received_at, kind, submitter_kind, field, title, summary, folded, due_on, status, status_at, duplicate_of, demo)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?)
            """).execute(arguments: [id, new.receivedAt.seconds, new.kind.rawValue, new.submitter.rawValue, new.field, new.title, new.summary,
                             folded, due.description, new.receivedAt.seconds, duplicate?.id, demo ? 1 : 0])
        let key = db.lastInsertedRowID
        try db.cachedStatement(sql: "INSERT INTO proposal_log (proposal_key, at, status, by) VALUES (?, ?, 'received', ?)").execute(
                       arguments: [key, new.receivedAt.seconds, by])
        let c = new.contact
        if c != ProposalContact() {
            try db.cachedStatement(sql: "INSERT INTO proposal_contacts (proposal_key, name, address, phone, email, id_number) VALUES (?, ?, ?, ?, ?, ?)").execute(
                           arguments: [key, c.name, c.address, c.phone, c.email, c.idNumber])
        }
        let p = Proposal(id: id, receivedAt: new.receivedAt, kind: new.kind, submitter: new.submitter, field: new.field,
                         title: new.title, summary: new.summary, dueOn: due)
        return (p, duplicate)
    }

    /// The earliest proposal the new one repeats: the same submitter anywhere, or nearly the same text
    /// in the same field. Reads the contacts table (only for this comparison, never to show).
    static func findDuplicate(_ db: Database, folded: String, identities: Set<String>, field: String) throws -> (id: String, reason: ProposalDuplicates.Reason)? {
        if !identities.isEmpty {
            let rows = try Row.fetchCursor(db, sql: """
                SELECT p.id, c.name, c.phone, c.email, c.id_number FROM proposal_contacts c JOIN proposals p ON p.key = c.proposal_key
                ORDER BY p.key
                """)
            while let r = try rows.next() {
                let other = ProposalContact(name: r[1], phone: r[2], email: r[3], idNumber: r[4]).identities
                if !other.isDisjoint(with: identities) { return (r[0], .sameSubmitter) }
            }
        }
        let rows = try Row.fetchCursor(db, sql: "SELECT id, folded FROM proposals WHERE field = ? ORDER BY key", arguments: [field])
        let mine = ProposalDuplicates.words(folded)
        while let r = try rows.next() {
            let theirs = ProposalDuplicates.words(r[1] as String)
            if ProposalDuplicates.similarity(mine, theirs) >= ProposalDuplicates.threshold { return (r[0], .sameText) }
        }
        return nil
    }

    /// Moves a proposal (assign, re-assign, reject, answer, publish), checked against the flow first
    /// (refused by the rule's name, nothing written); the database's guard checks it again.
    @discardableResult
    public func moveProposal(id: String, _ move: ProposalFlow.Move, by: String = "") throws -> Proposal {
        try write { db in try Self.moveProposal(db, id: id, move, by: by) }
    }

    static func moveProposal(_ db: Database, id: String, _ move: ProposalFlow.Move, by: String) throws -> Proposal {
        guard let (key, p) = try proposalRow(db, id: id) else { throw ProposalError.noProposal(id: id).error }
        let bodies = try Set(String.fetchAll(db, sql: "SELECT code FROM units WHERE level = 'central' OR level = 'province'"))
        if let refusal = ProposalFlow.check(move, of: p, isBody: { bodies.contains($0) }) {
            throw ProposalError.refused(refusal).error
        }
        try db.cachedStatement(sql: "INSERT INTO proposal_log (proposal_key, at, status, body_code, note, by) VALUES (?, ?, ?, ?, ?, ?)").execute(
                       arguments: [key, move.at.seconds, move.to.rawValue, move.to == .assigned ? move.body : nil, move.note, by])
        return ProposalFlow.apply(move, to: p)
    }

    static let proposalColumns = "key, id, received_at, kind, submitter_kind, field, title, summary, body_code, status, status_at, answered_at, due_on"

    static func proposal(_ r: Row) -> Proposal {
        Proposal(id: r[1], receivedAt: Timestamp(seconds: r[2]), kind: ProposalKind(rawValue: r[3]) ?? .barrier,
                 submitter: SubmitterKind(rawValue: r[4]) ?? .citizen, field: r[5], title: r[6], summary: r[7], body: r[8],
                 status: ProposalStatus(rawValue: r[9]) ?? .received, statusAt: Timestamp(seconds: r[10]),
                 answeredAt: (r[11] as Int64?).map { Timestamp(seconds: $0) }, dueOn: CivilDate(r[12] as String) ?? CivilDate(year: 2025, month: 1, day: 1)!)
    }

    static func proposalRow(_ db: Database, id: String) throws -> (Int64, Proposal)? {
        guard let r = try Row.fetchOne(db, sql: "SELECT \(proposalColumns) FROM proposals WHERE id = ?", arguments: [id]) else { return nil }
        return (r[0], proposal(r))
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
                ProposalEvent(at: Timestamp(seconds: $0[0]), status: ProposalStatus(rawValue: $0[1]) ?? .received, body: $0[2], note: $0[3], by: $0[4])
            }
        }
    }
}

