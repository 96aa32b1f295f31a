import GRDB
import NQ57Core

/// The live feed's inspections and proposals' moves, the early warnings of returns and proposals, and
/// the inspection figures on an as-of day (issues 12 and 13). Every read is bounded: newest first by
/// row id with a LIMIT, a range of a partial index with a LIMIT, or the few tasks whose verdict or
/// report came after the as-of day.
enum FeedReading {
    /// `SQLiteStore.proposalColumns` on the alias `p`, made once rather than on every refresh.
    static let prefixedProposalColumns = SQLiteStore.proposalColumns.split(separator: ",")
        .map { "p." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")

    /// The newest inspections made up to the end of the as-of day, newest arrivals first.
    static func latestInspections(_ db: Database, _ ctx: AsOf, limit: Int) throws -> [InspectionFeedRow] {
        guard limit > 0 else { return [] }
        return try RawStatement.cached(db, sql: """
            SELECT i.id, t.id, i.inspected_at, i.verdict, i.reason, i.inspected_by, i.evidence,
                   t.title, t.unit_code, u.name, (SELECT p.name FROM units p WHERE p.code = u.parent_code)
            FROM inspection_log i JOIN tasks t ON t.key = i.task_key JOIN units u ON u.code = t.unit_code
            WHERE i.inspected_at <= ? ORDER BY i.id DESC LIMIT ?
            """).binding(.int(ctx.cut), .int(Int64(limit))).mapRows { r in
            InspectionFeedRow(inspection: InspectionReading.inspection(r), taskTitle: r.text(7), unitCode: r.text(8), unitName: r.text(9),
                              provinceName: r.optionalText(10))
        }
    }

    /// The newest status moves of proposals made up to the end of the as-of day, newest arrivals
    /// first, each with the body it concerns (the body assigned; for the other moves but receipt the
    /// proposal's responsible body).
    static func latestProposalMoves(_ db: Database, _ ctx: AsOf, limit: Int) throws -> [ProposalFeedRow] {
        guard limit > 0 else { return [] }
        return try RawStatement.cached(db, sql: """
            SELECT l.id, p.id, p.title, l.at, l.status, b.code, l.note, l.by, b.name
            FROM proposal_log l JOIN proposals p ON p.key = l.proposal_key
            LEFT JOIN units b ON b.code = CASE WHEN l.status = 'received' THEN l.body_code ELSE ifnull(l.body_code, p.body_code) END
            WHERE l.at <= ? ORDER BY l.id DESC LIMIT ?
            """).binding(.int(ctx.cut), .int(Int64(limit))).mapRows { r in
            ProposalFeedRow(id: r.int64(0), proposalID: r.text(1), title: r.text(2),
                            event: ProposalEvent(at: Timestamp(seconds: r.int64(3)), status: ProposalStatus(rawValue: r.text(4)) ?? .received,
                                                 body: r.optionalText(5), note: r.text(6), by: r.text(7)),
                            bodyName: r.optionalText(8))
        }
    }

    /// N of "returned and not re-reported within N days": `meta.returned_warning_days` when it holds
    /// a whole number in `EarlyWarnings.returnedDaysRange`, else the default.
    static func returnedDays(_ db: Database) throws -> Int {
        let value = try RawStatement.cached(db, sql: "SELECT value FROM meta WHERE key = 'returned_warning_days'").first { $0.optionalText(0) } ?? nil
        guard let n = value.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), EarlyWarnings.returnedDaysRange.contains(n) else {
            return EarlyWarnings.returnedWindow
        }
        return n
    }

    /// The working calendar around the as-of day: the holidays from 10 days before it to 120 after
    /// (what 3 working days ahead can reach across Tết), read through the total accessors.
    static func calendar(_ db: Database, around asOf: CivilDate) throws -> WorkingCalendar {
        var off: Set<CivilDate> = [], work: Set<CivilDate> = []
        try RawStatement.cached(db, sql: "SELECT day, kind FROM holidays WHERE day BETWEEN ? AND ?")
            .binding(.text(asOf.adding(days: -10).description), .text(asOf.adding(days: 120).description)).forEach { r in
            guard let d = CivilDate(r.text(0)) else { return }
            if r.text(1) == "work" { work.insert(d) } else { off.insert(d) }
        }
        return WorkingCalendar(daysOff: off, workedWeekends: work)
    }

    /// Open proposals overdue on the as-of day and due within 3 working days of it: two ranges of
    /// the partial index `proposals_open_due` (at most `warningLimit` rows each) and two range sums
    /// of the maintained `proposal_open_by_due`.
    static func addProposalWarnings(_ db: Database, to w: inout EarlyWarnings, asOf: CivilDate) throws {
        let rule = EarlyWarnings.proposalRule(asOf: asOf, calendar: try calendar(db, around: asOf))
        let limit = SQLiteStore.warningLimit
        let list = try RawStatement.cached(db, sql: """
            SELECT \(Self.prefixedProposalColumns), u.name
            FROM proposals p INDEXED BY proposals_open_due LEFT JOIN units u ON u.code = p.body_code
            WHERE (p.status = 'received' OR p.status = 'assigned') AND p.due_on BETWEEN ? AND ? ORDER BY p.due_on, p.id LIMIT ?
            """)
        let sum = try RawStatement.cached(db, sql: """
            SELECT ifnull(sum(\(Reading.count("open"))), 0) FROM proposal_open_by_due WHERE scope = 'all' AND due_on BETWEEN ? AND ?
            """)
        func rows(_ from: String, _ through: String) throws -> [ProposalWarning] {
            try list.binding(.text(from), .text(through), .int(Int64(limit))).mapRows {
                ProposalWarning(proposal: SQLiteStore.proposal($0), bodyName: $0.optionalText(13))
            }
        }
        func count(_ from: String, _ through: String) throws -> Int {
            try sum.binding(.text(from), .text(through)).first { $0.int(0) } ?? 0
        }
        let before = rule.overdueBefore.adding(days: -1).description
        w.proposalsOverdue = try rows("0000-01-01", before)
        // Overdue: every open proposal (`proposal_counts`) less those due from the day on, the days
        // ahead of `proposal_open_by_due` (the same triggers keep both, `nq57 check` recounts both),
        // where summing the days behind read every overdue day of the history.
        w.proposalsOverdueCount = try RawStatement.cached(db, sql: """
            SELECT (SELECT ifnull(sum(\(Reading.count("open"))), 0) FROM proposal_counts WHERE scope = 'all' AND key = '')
                 - (SELECT ifnull(sum(\(Reading.count("open"))), 0) FROM proposal_open_by_due WHERE scope = 'all' AND due_on >= ?)
            """).binding(.text(rule.overdueBefore.description)).first { max(0, $0.int(0)) } ?? 0
        w.proposalsDueSoon = try rows(rule.dueSoon.lowerBound.description, rule.dueSoon.upperBound.description)
        w.proposalsDueSoonCount = try count(rule.dueSoon.lowerBound.description, rule.dueSoon.upperBound.description)
        w.proposalsDueThrough = rule.dueSoon.upperBound
    }
}

/// The tasks whose inspection standing on the as-of day may differ from the maintained one: those
/// with a report or a standing verdict after the end of that day (two index range reads, empty on
/// today's date), each folded from its own history up to the cut.
struct InspectionAsOf {
    typealias Task = InspectionShift

    var tasks: [Task] = []

    init(_ db: Database, _ ctx: AsOf) throws {
        let cut = ctx.cut
        let affected = try RawStatement.cached(db, sql: """
            SELECT \(Reading.taskColumns), t.key, u.province_code, t.verdict FROM tasks t JOIN units u ON u.code = t.unit_code
            WHERE t.key IN (SELECT key FROM tasks WHERE reported_at > ?1 UNION SELECT key FROM tasks WHERE verified_at > ?1)
            """).binding(.int(cut)).mapRows { r in
            (row: Reading.taskRow(r, asOf: ctx.asOf), key: r.int64(14), province: r.optionalText(15),
             verdict: r.optionalText(16).flatMap(InspectionVerdict.init(rawValue:)))
        }
        guard !affected.isEmpty else { return }
        let reports = try db.cachedStatement(sql: """
            SELECT reported_at, status, progress, id FROM report_log WHERE task_key = ? AND reported_at <= ? ORDER BY reported_at, id
            """)
        let inspections = try db.cachedStatement(sql: """
            SELECT inspected_at, verdict FROM inspection_log WHERE task_key = ? AND inspected_at <= ? ORDER BY id
            """)
        for (row, key, province, verdict) in affected {
            let history = try Row.fetchAll(reports, arguments: [key, cut]).map {
                (at: Timestamp(seconds: $0.int64(0)), status: ReportStatus(rawValue: $0.text(1)) ?? .notStarted, progress: $0.int(2, in: 0 ... 100))
            }
            let verdicts = try Row.fetchAll(inspections, arguments: [key, cut]).map {
                (at: Timestamp(seconds: $0.int64(0)), verdict: InspectionVerdict(rawValue: $0.text(1)) ?? .note)
            }
            tasks.append(.folding(row: row, province: province, maintainedVerdict: verdict, reports: history, verdicts: verdicts, asOf: ctx.asOf))
        }
    }

    /// What to add to the maintained inspection counts of each (scope, key): `level` and `province`.
    var deltas: [String: [String: InspectionCounts]] { InspectionShift.corrections(tasks) }
}
