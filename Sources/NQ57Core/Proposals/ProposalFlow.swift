/// The moves a proposal's status may make, each a rule with a name that every refusal starts with.
///
/// ```
/// received ──► rejected            (reason required)
///     │
///     └──────► assigned ──► answered ──► published
///                 ▲   │     (summary required)
///                 └───┘ re-assigned (a body required)
/// ```
/// A rejected or published proposal is closed: nothing moves it.
public enum ProposalFlow {
    /// Every move, allowed or not, from each status (rows) to each status (columns).
    public static let table: [ProposalStatus: Set<ProposalStatus>] = [
        .received: [.rejected, .assigned],
        .assigned: [.assigned, .answered, .rejected],
        .answered: [.published],
        .rejected: [],
        .published: [],
    ]

    public static func allows(_ from: ProposalStatus, _ to: ProposalStatus) -> Bool {
        table[from, default: []].contains(to)
    }

    /// A move asked for: the new status, when, and what goes with it.
    public struct Move: Sendable, Hashable {
        public var to: ProposalStatus
        public var at: Timestamp
        /// The body for `assigned`.
        public var body: String?
        /// The reason for `rejected`, the answer summary for `answered`.
        public var note: String

        public init(to: ProposalStatus, at: Timestamp, body: String? = nil, note: String = "") {
            self.to = to
            self.at = at
            self.body = body
            self.note = note
        }
    }

    /// Why a move is refused, by rule name (the message begins with the name).
    public struct Refusal: Error, Hashable, Sendable, CustomStringConvertible {
        public let rule: String
        public let message: String
        public var description: String { "\(rule): \(message)" }

        public init(rule: String, message: String) {
            self.rule = rule
            self.message = message
        }
    }

    public static let maxNoteLength = 4000

    /// nil when `move` is allowed for `proposal`; else the rule it breaks. `bodies` says whether a
    /// unit code may be a responsible body (a central unit or a province).
    public static func check(_ move: Move, of proposal: Proposal, isBody: (String) -> Bool) -> Refusal? {
        let from = proposal.status
        if !allows(from, move.to) {
            return Refusal(rule: "proposal_flow", message: "a \(from.rawValue) proposal cannot become \(move.to.rawValue) (allowed: \(allowedList(from)))")
        }
        if move.at < proposal.receivedAt {
            return Refusal(rule: "proposal_time", message: "\(move.at) is before the proposal was received (\(proposal.receivedAt))")
        }
        if move.at < proposal.statusAt {
            return Refusal(rule: "proposal_time", message: "\(move.at) is before its last status change (\(proposal.statusAt))")
        }
        let note = move.note.trimmingASCIISpaces()
        switch move.to {
        case .rejected where note.isEmpty:
            return Refusal(rule: "proposal_reason", message: "a rejection needs a reason (duplicate, out of scope, not enough information…)")
        case .answered where note.isEmpty:
            return Refusal(rule: "proposal_summary", message: "an answer needs a summary")
        case .assigned:
            guard let body = move.body, !body.isEmpty else {
                return Refusal(rule: "proposal_body", message: "an assignment needs a responsible body")
            }
            if !isBody(body) {
                return Refusal(rule: "proposal_body", message: "\(Quoting.quoted(body)) is not a central unit or a province")
            }
            if body == proposal.body {
                return Refusal(rule: "proposal_body", message: "already assigned to \(body)")
            }
        default: break
        }
        if let problem = TextLimit.problem(move.note, maxCharacters: maxNoteLength) {
            return Refusal(rule: "proposal_note", message: "the note \(problem)")
        }
        return nil
    }

    /// The proposal after an allowed move.
    public static func apply(_ move: Move, to p: Proposal) -> Proposal {
        var q = p
        q.status = move.to
        q.statusAt = move.at
        if move.to == .assigned { q.body = move.body }
        if move.to == .answered { q.answeredAt = move.at }
        return q
    }

    static func allowedList(_ from: ProposalStatus) -> String {
        let next = ProposalStatus.allCases.filter { allows(from, $0) }.map(\.rawValue)
        return next.isEmpty ? "none: it is closed" : next.joined(separator: ", ")
    }
}
