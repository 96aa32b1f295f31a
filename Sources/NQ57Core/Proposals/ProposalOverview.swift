/// Counts of proposals in each derived state.
public struct ProposalCounts: Hashable, Sendable, Codable {
    public var total = 0
    public var rejected = 0
    public var answeredOnTime = 0
    public var answeredLate = 0
    /// Received or assigned, within deadline.
    public var pending = 0
    public var overdue = 0

    public init() {}

    public var answered: Int { answeredOnTime + answeredLate }
    /// Pending and overdue: every proposal still owed an answer.
    public var open: Int { pending + overdue }
}

/// One responsible body's line in "who owes answers".
public struct ProposalBodyLine: Hashable, Sendable {
    /// Unit code, or `-` for proposals not yet assigned (owed by the intake).
    public var code: String
    public var name: String
    public var counts: ProposalCounts
    /// Median calendar days from receipt to answer, over the body's answered proposals; nil when none.
    public var medianDaysToAnswer: Int?
    /// The oldest proposal still owed an answer.
    public var oldestPending: (id: String, receivedAt: Timestamp)?

    public init(code: String, name: String, counts: ProposalCounts, medianDaysToAnswer: Int?, oldestPending: (id: String, receivedAt: Timestamp)? = nil) {
        self.code = code
        self.name = name
        self.counts = counts
        self.medianDaysToAnswer = medianDaysToAnswer
        self.oldestPending = oldestPending
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.code == b.code && a.counts == b.counts && a.medianDaysToAnswer == b.medianDaysToAnswer
            && a.oldestPending?.id == b.oldestPending?.id
    }

    public func hash(into h: inout Hasher) { h.combine(code) }
}

/// The proposals picture as of a day: what the pane and `snapshot --view proposals` show.
public struct ProposalOverview: Hashable, Sendable {
    public var asOf: CivilDate
    public var all: ProposalCounts
    /// Ranked by overdue answers, then pending, then code: "who owes answers".
    public var bodies: [ProposalBodyLine]
    public var byField: [(id: String, counts: ProposalCounts)]
    public var byKind: [(kind: ProposalKind, counts: ProposalCounts)]
    /// True while a deadline rule is a default, not the official figure.
    public var deadlinesNotOfficial: Bool
    public var medianDaysToAnswer: Int?

    public init(asOf: CivilDate, all: ProposalCounts, bodies: [ProposalBodyLine], byField: [(id: String, counts: ProposalCounts)],
                byKind: [(kind: ProposalKind, counts: ProposalCounts)], deadlinesNotOfficial: Bool, medianDaysToAnswer: Int?) {
        self.asOf = asOf
        self.all = all
        self.bodies = bodies
        self.byField = byField
        self.byKind = byKind
        self.deadlinesNotOfficial = deadlinesNotOfficial
        self.medianDaysToAnswer = medianDaysToAnswer
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.asOf == b.asOf && a.all == b.all && a.bodies == b.bodies && a.byField.map(\.id) == b.byField.map(\.id)
            && a.byField.map(\.counts) == b.byField.map(\.counts) && a.deadlinesNotOfficial == b.deadlinesNotOfficial
    }

    public func hash(into h: inout Hasher) { h.combine(asOf) }
}


/// Days to answer, as a histogram of (days, answers) in ascending days.
public enum AnswerDays {
    /// The median: the first day at which half of the answers are seen; nil without answers. The
    /// rule `proposal_answer_medians` keeps on SQLite and PostgreSQL's overview applies.
    public static func median(_ rows: [(days: Int, n: Int)]) -> Int? {
        let total = rows.reduce(0) { $0 + $1.n }
        var seen = 0
        for (d, n) in rows {
            seen += n
            if total > 0, 2 * seen >= total { return d }
        }
        return nil
    }
}
