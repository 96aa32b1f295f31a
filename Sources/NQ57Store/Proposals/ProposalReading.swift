import GRDB
import NQ57Core

extension SQLiteStore {
    /// The maintained counts as of a day: a read of `proposal_counts`, a range read of
    /// `proposal_open_by_due` (due before the day), each body's median (`proposal_answer_medians`)
    /// and its oldest pending proposal (`proposal_oldest_pending`). No proposal history is read.
    ///
    /// The counts are those of now, split by the day: answered on time and late do not depend on it,
    /// and open ones are overdue when due before it (a day in the past sees today's statuses).
    public func proposalOverview(asOf: CivilDate) throws -> ProposalOverview {
        try read { db in try Self.proposalOverview(db, asOf: asOf) }
    }

    /// The scopes whose overdue counts the overview shows, and the open proposals of their days ahead
    /// (`?1`: the as-of day), scope by scope in the primary key's order, each row with its scope's index.
    static let aheadScopes = ["all", "body", "field", "kind"]
    static let aheadSQL = aheadScopes.indices.map {
        "SELECT \($0), key, open FROM proposal_open_by_due WHERE scope = '\(aheadScopes[$0])' AND due_on >= ?1"
    }.joined(separator: " UNION ALL ")

    static func proposalCounts(_ db: Database, asOf: CivilDate) throws -> [String: [String: ProposalCounts]] {
        var out: [String: [String: ProposalCounts]] = [:]
        try RawStatement.cached(db, sql: "SELECT scope, key, total, rejected, open, on_time, late FROM proposal_counts WHERE total > 0").forEach { r in
            var c = ProposalCounts()
            c.total = r.count(2)
            c.rejected = r.count(3)
            c.pending = r.count(4)
            c.answeredOnTime = r.count(5)
            c.answeredLate = r.count(6)
            out[r.text(0), default: [:]][r.text(1)] = c
        }
        // Overdue: the open ones less those not yet due, from the days ahead of `proposal_open_by_due`
        // (a few weeks of answer days) rather than every day behind (which grows with the history):
        // the triggers keep both tables from the same proposals, and `nq57 check` recounts both.
        // Summed here as the rows stream in: a GROUP BY sorted the 860 rows ahead at national scale in a
        // temporary B-tree, most of the statement's time. Each row's count is clamped as
        // `Reading.count` clamps it, and the sum to 0 ... `Row.maxCount`.
        let scopes = Self.aheadScopes
        var ahead = [[String: Int]](repeating: [:], count: scopes.count)
        try RawStatement.cached(db, sql: Self.aheadSQL).binding(.text(asOf.description)).forEach { r in
            ahead[r.int(0, in: 0 ... scopes.count - 1)][r.text(1), default: 0] += r.count(2)
        }
        var notYetDue: [String: [String: Int]] = [:]
        for (i, scope) in scopes.enumerated() { notYetDue[scope] = ahead[i] }
        for (scope, keys) in out {
            for (key, c) in keys where c.pending > 0 {
                let n = max(0, c.pending - min(notYetDue[scope]?[key] ?? 0, Row.maxCount))
                out[scope]![key]!.overdue += n
                out[scope]![key]!.pending -= n
            }
        }
        return out
    }

    static func proposalOverview(_ db: Database, asOf: CivilDate) throws -> ProposalOverview {
        let counts = try proposalCounts(db, asOf: asOf)
        // Each body's median days to answer, kept with every answer (v16, `proposal_answer_medians`):
        // one row per body, where walking the histogram read thousands.
        var medians: [String: Int] = [:]
        try RawStatement.cached(db, sql: "SELECT body, days FROM proposal_answer_medians").forEach { r in
            medians[r.text(0)] = r.int(1, in: 0 ... 100_000)
        }
        func median(_ body: String) -> Int? { medians[body] }
        let names = try Dictionary(RawStatement.cached(db, sql: "SELECT code, name FROM units WHERE level = 'central' OR level = 'province'")
            .mapRows { ($0.text(0), $0.text(1)) }, uniquingKeysWith: { a, _ in a })
        // Each body's oldest open proposal, kept with every move (v20, `proposal_oldest_pending`): one
        // read of a row per body, where a seek per body took a statement each.
        var oldest: [String: (id: String, receivedAt: Timestamp)] = [:]
        try RawStatement.cached(db, sql: "SELECT body, id, received_at FROM proposal_oldest_pending").forEach { r in
            oldest[r.text(0)] = (id: r.text(1), receivedAt: Timestamp(seconds: r.int64(2)))
        }
        var bodies: [ProposalBodyLine] = []
        for (code, c) in counts["body"] ?? [:] {
            var line = ProposalBodyLine(code: code, name: code == "-" ? "" : names[code] ?? code, counts: c, medianDaysToAnswer: median(code))
            if c.open > 0 { line.oldestPending = oldest[code] }
            bodies.append(line)
        }
        bodies.sort { ($1.counts.overdue, $1.counts.pending, $0.code) < ($0.counts.overdue, $0.counts.pending, $1.code) }
        let fields = ProposalField.all.compactMap { f in counts["field"]?[f.id].map { (f.id, $0) } }
        let kinds = ProposalKind.allCases.compactMap { k in counts["kind"]?[k.rawValue].map { (k, $0) } }
        let notOfficial = try RawStatement.cached(db, sql: "SELECT EXISTS (SELECT 1 FROM proposal_deadline_rules WHERE official = 0)")
            .first { $0.int64(0) != 0 } ?? true
        return ProposalOverview(asOf: asOf, all: counts["all"]?[""] ?? ProposalCounts(), bodies: bodies, byField: fields, byKind: kinds,
                                deadlinesNotOfficial: notOfficial, medianDaysToAnswer: median("*"))
    }

    /// A body's proposals still owed an answer, oldest first (`-`: not yet assigned).
    public func pendingProposals(body: String, limit: Int = 500) throws -> [Proposal] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(Self.proposalColumns) FROM proposals INDEXED BY proposals_body_open
                WHERE body_code IS ? AND (status = 'received' OR status = 'assigned') ORDER BY received_at LIMIT ?
                """, arguments: [body == "-" ? nil : body, limit]).map(Self.proposal)
        }
    }

    /// Compares the maintained proposal counts with a recount, and every due day with the deadline
    /// rule and the holidays; one line per difference (empty when consistent).
    public func verifyProposals() throws -> [String] {
        try read { db in
            var out: [String] = []
            let stored = "SELECT scope, key, total, rejected, open, on_time, late FROM proposal_counts WHERE total <> 0 OR rejected <> 0 OR open <> 0 OR on_time <> 0 OR late <> 0"
            for r in try Row.fetchAll(db, sql: "\(stored) EXCEPT \(Schema.proposalRecountSQL)") {
                out.append("proposal_counts \(r.text(0)) \(r.text(1)): total \(r.int64(2)), rejected/open/on time/late \(r.int64(3))/\(r.int64(4))/\(r.int64(5))/\(r.int64(6)) is not what the proposals say")
            }
            for r in try Row.fetchAll(db, sql: "\(Schema.proposalRecountSQL) EXCEPT \(stored)") {
                out.append("proposal_counts \(r.text(0)) \(r.text(1)): the proposals say total \(r.int64(2)), rejected/open/on time/late \(r.int64(3))/\(r.int64(4))/\(r.int64(5))/\(r.int64(6))")
            }
            let openStored = "SELECT scope, due_on, key, open FROM proposal_open_by_due WHERE open <> 0"
            let openRecount = Schema.proposalOpenRecountSQL
            for r in try Row.fetchAll(db, sql: "\(openStored) EXCEPT \(openRecount)") {
                out.append("proposal_open_by_due \(r.text(0)) \(r.text(2)) due \(r.text(1)): \(r.int64(3)) open is not what the proposals say")
            }
            for r in try Row.fetchAll(db, sql: "\(openRecount) EXCEPT \(openStored)") {
                out.append("proposal_open_by_due \(r.text(0)) \(r.text(2)) due \(r.text(1)): the proposals say \(r.int64(3)) open")
            }
            let daysRecount = Schema.proposalAnswerDaysRecountSQL
            let daysStored = "SELECT body, days, n FROM proposal_answer_days WHERE n <> 0"
            let daysDiff = try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM (\(daysStored) EXCEPT \(daysRecount))) + (SELECT count(*) FROM (\(daysRecount) EXCEPT \(daysStored)))") ?? 0
            if daysDiff > 0 { out.append("proposal_answer_days: \(daysDiff) rows differ from a recount of the answered proposals") }
            let mediansStored = "SELECT body, days, below, total FROM proposal_answer_medians"
            let mediansRecount = Schema.answerMedians(of: daysRecount)
            let mediansDiff = try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM (\(mediansStored) EXCEPT \(mediansRecount))) + (SELECT count(*) FROM (\(mediansRecount) EXCEPT \(mediansStored)))") ?? 0
            if mediansDiff > 0 { out.append("proposal_answer_medians: \(mediansDiff) rows differ from the medians of the answered proposals") }
            let oldestStored = "SELECT body, id, received_at FROM proposal_oldest_pending"
            let oldestDiff = try Int.fetchOne(db, sql: """
                SELECT (SELECT count(*) FROM (\(oldestStored) EXCEPT \(Schema.oldestPendingRecount)))
                     + (SELECT count(*) FROM (\(Schema.oldestPendingRecount) EXCEPT \(oldestStored)))
                """) ?? 0
            if oldestDiff > 0 { out.append("proposal_oldest_pending: \(oldestDiff) rows differ from the oldest open proposal of each body") }
            // Due days against the rule and the holidays, and each proposal's state against its history.
            var replay = ProposalReplay(calendar: try ProposalReference.calendar(db), rules: try ProposalReference.rules(db))
            let rows = try Row.fetchCursor(db, sql: "SELECT \(Self.proposalColumns) FROM proposals ORDER BY key")
            let history = try db.cachedStatement(sql: "SELECT at, status, body_code, note FROM proposal_log WHERE proposal_key = ? ORDER BY at, id")
            while let r = try rows.next() {
                let moves = try Row.fetchAll(history, arguments: [r.int64(0)]).map { (at: $0.int64(0), status: $0.text(1), body: $0.optionalText(2), note: $0.text(3)) }
                replay.check(Self.proposal(r), history: moves)
            }
            out += replay.lines
            return out
        }
    }
}

extension SQLiteStore {
    /// The most-raised barriers: per field, the key words shared by the most barrier submissions
    /// (`ProposalDuplicates.mostRaised` over the folded texts), fields with the most barriers first.
    /// Reads every barrier's folded text: for `snapshot --view proposals`, not for a refresh.
    public func mostRaisedBarriers(fields limit: Int = 5, words: Int = 3) throws -> [(field: String, barriers: Int, words: [(word: String, count: Int)])] {
        try read { db in
            var texts: [String: [String]] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT field, folded FROM proposals WHERE kind = 'barrier' AND status <> 'rejected'")
            while let r = try rows.next() { texts[r.text(0), default: []].append(r.text(1)) }
            return texts.sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }.prefix(limit)
                .map { ($0.key, $0.value.count, ProposalDuplicates.mostRaised($0.value, limit: words)) }
        }
    }
}
