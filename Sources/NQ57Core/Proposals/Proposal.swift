/// The proposals intake ("PAKN-SKGP", launched 2 July 2025; Regulation 03-QC/BCĐTW of 23 June 2025):
/// difficulties and barriers, initiatives and solutions sent by citizens, businesses and scientists, each
/// owed an answer by a responsible body within a number of working days.

/// What a submission is about.
public enum ProposalKind: String, CaseIterable, Sendable, Codable {
    /// Khó khăn, vướng mắc: a difficulty or obstacle.
    case barrier
    /// Sáng kiến, giải pháp: an initiative or solution.
    case initiative
}

/// Who sent it.
public enum SubmitterKind: String, CaseIterable, Sendable, Codable {
    case citizen
    case business
    /// A scientist or a research body.
    case scientist
    case association
    /// A state unit.
    case stateUnit = "state_unit"
}

/// What a proposal is about: one of the eight task groups of Plan 02-KH/BCĐTW, or one of the review's
/// six highlight areas. Reference data (the store's `proposal_fields`), listed here so that Core can
/// validate without a store.
public struct ProposalField: Hashable, Sendable {
    public let id: String
    public let nameVI: String
    public let nameEN: String

    public init(id: String, nameVI: String, nameEN: String) {
        self.id = id
        self.nameVI = nameVI
        self.nameEN = nameEN
    }

    /// The eight Plan 02 groups (ids `p02-…`), then the six highlight areas (ids `area-1` … `area-6`).
    public static let all: [ProposalField] = [
        ProposalField(id: "p02-law", nameVI: "Thể chế, pháp luật", nameEN: "Institutions and law"),
        ProposalField(id: "p02-procedures", nameVI: "Thủ tục hành chính", nameEN: "Administrative procedures"),
        ProposalField(id: "p02-infrastructure", nameVI: "Hạ tầng số", nameEN: "Digital infrastructure"),
        ProposalField(id: "p02-data", nameVI: "Dữ liệu", nameEN: "Data"),
        ProposalField(id: "p02-platforms", nameVI: "Nền tảng, ứng dụng dùng chung", nameEN: "Platforms and applications"),
        ProposalField(id: "p02-people", nameVI: "Nguồn nhân lực", nameEN: "Human resources"),
        ProposalField(id: "p02-finance", nameVI: "Tài chính", nameEN: "Finance"),
        ProposalField(id: "p02-security", nameVI: "An toàn, an ninh thông tin", nameEN: "Information security"),
    ] + Area.highlightAreas.map {
        ProposalField(id: "area-\($0.id)", nameVI: $0.nameVI, nameEN: $0.nameEN)
    }

    public static func named(_ id: String) -> ProposalField? { all.first { $0.id == id } }
}

/// Where a proposal is in its handling. Append-only history: each move is a new row.
public enum ProposalStatus: String, CaseIterable, Sendable, Codable {
    case received
    /// Duplicate, out of scope, not enough information: a reason is required.
    case rejected
    /// To a responsible body; may be re-assigned.
    case assigned
    /// An answer summary is required.
    case answered
    case published
}

/// The submitter's personal data (Decree 13/2023/NĐ-CP): held apart, never drawn on a screen, a
/// snapshot or a default export.
public struct ProposalContact: Hashable, Sendable {
    public var name: String
    public var address: String
    public var phone: String
    public var email: String
    public var idNumber: String

    public init(name: String = "", address: String = "", phone: String = "", email: String = "", idNumber: String = "") {
        self.name = name
        self.address = address
        self.phone = phone
        self.email = email
        self.idNumber = idNumber
    }

    /// What identifies a submitter for duplicate detection: the folded name with the phone, or the
    /// email, or the ID number. Empty when nothing identifies them.
    public var identities: Set<String> {
        var out: Set<String> = []
        let digits = String(phone.unicodeScalars.filter { $0.properties.numericType != nil })
        let folded = Search.fold(name)
        if !digits.isEmpty && !folded.isEmpty { out.insert("phone:" + digits) }
        let mail = email.trimmingASCIISpaces().lowercased()
        if !mail.isEmpty { out.insert("email:" + mail) }
        let id = idNumber.trimmingASCIISpaces()
        if !id.isEmpty { out.insert("id:" + id) }
        return out
    }
}

/// A proposal as the intake holds it (without its submitter's contact details).
public struct Proposal: Hashable, Sendable {
    public var id: String
    public var receivedAt: Timestamp
    public var kind: ProposalKind
    public var submitter: SubmitterKind
    public var field: String
    public var title: String
    public var summary: String
    /// The responsible body's unit code (a central unit or a province); nil until assigned.
    public var body: String?
    public var status: ProposalStatus
    /// When the current status was reached.
    public var statusAt: Timestamp
    /// When it was answered (kept when published); nil before.
    public var answeredAt: Timestamp?
    /// The last working day on which an answer is on time.
    public var dueOn: CivilDate

    public init(id: String, receivedAt: Timestamp, kind: ProposalKind, submitter: SubmitterKind, field: String,
                title: String, summary: String, body: String? = nil, status: ProposalStatus = .received,
                statusAt: Timestamp? = nil, answeredAt: Timestamp? = nil, dueOn: CivilDate) {
        self.id = id
        self.receivedAt = receivedAt
        self.kind = kind
        self.submitter = submitter
        self.field = field
        self.title = title
        self.summary = summary
        self.body = body
        self.status = status
        self.statusAt = statusAt ?? receivedAt
        self.answeredAt = answeredAt
        self.dueOn = dueOn
    }

    public func derived(asOf: CivilDate) -> ProposalState {
        ProposalState.derive(status: status, answeredOn: answeredAt?.vietnamDate, dueOn: dueOn, asOf: asOf)
    }
}

/// What the dashboard shows for a proposal, like a task's derived state.
public enum ProposalState: String, CaseIterable, Sendable, Codable {
    case answeredOnTime = "answered_on_time"
    case answeredLate = "answered_late"
    /// Received or assigned, the answer day not yet passed.
    case pending
    /// Received or assigned, past its answer day.
    case overdue
    /// Closed without an answer (a reason was given).
    case rejected

    /// An answer on its due day is on time; an unanswered proposal is overdue from the next day.
    public static func derive(status: ProposalStatus, answeredOn: CivilDate?, dueOn: CivilDate, asOf: CivilDate) -> ProposalState {
        switch status {
        case .rejected: return .rejected
        case .answered, .published:
            guard let answeredOn else { return .answeredOnTime }
            return answeredOn <= dueOn ? .answeredOnTime : .answeredLate
        case .received, .assigned:
            return dueOn < asOf ? .overdue : .pending
        }
    }
}
