import Foundation
import NQ57Core

/// The inspection and proposal reads of the PostgreSQL store, the same answers as the SQLite store's
/// (`InspectionReading`, `FeedReading`, `ProposalReading`, `ProposalDashboard` in NQ57Store), from the
/// same maintained counts: the inspection figures (corrected on an as-of day in the past by the few
/// tasks whose report or verdict came later), the feed's inspections and proposals' moves, the early
/// warnings of returns and proposals, a task's inspections and check, the proposals' overview and
/// drill-downs. No contact details are read.
extension PostgresStore {
    func addInspectionsAndProposals(_ c: PGConnection, to o: inout Overview, _ ctx: PGAsOf, latest: Int) throws {
        let past = try PGInspectionAsOf(c, ctx)
        o.inspection = try inspectionSummary(c, corrections: past.deltas)
        try addReturnedWarnings(c, to: &o.warnings, ctx, past)
        try addProposalWarnings(c, to: &o.warnings, asOf: ctx.asOf)
        o.latestInspections = try latestInspections(c, ctx, limit: latest)
        o.latestProposalMoves = try latestProposalMoves(c, ctx, limit: latest)
        o.proposals = try proposalOverview(c, asOf: ctx.asOf)
    }

    // MARK: - Inspections

    func inspectionSummary(_ c: PGConnection, corrections: [String: [String: InspectionCounts]]) throws -> InspectionSummary {
        func counts(_ scope: String) throws -> [String: (tasks: Int, counts: InspectionCounts)] {
            var out: [String: (tasks: Int, counts: InspectionCounts)] = [:]
            let t = try c.exec("SELECT key, total FROM state_counts WHERE scope = $1", [scope])
            for i in 0..<t.rows { out[t.text(i, 0), default: (0, .zero)].tasks = t.count(i, 1) }
            let r = try c.exec("SELECT key, done, confirmed, returned, unchecked FROM inspection_counts WHERE scope = $1", [scope])
            for i in 0..<r.rows {
                out[r.text(i, 0), default: (0, .zero)].counts = InspectionCounts(done: r.count(i, 1), confirmed: r.count(i, 2),
                                                                                 returned: r.count(i, 3), unchecked: r.count(i, 4))
            }
            for (key, d) in corrections[scope] ?? [:] { out[key, default: (0, .zero)].counts = out[key, default: (0, .zero)].counts + d }
            return out
        }
        let levels = try counts("level"), provinces = try counts("province")
        let names = try c.exec("SELECT code, name FROM units WHERE level = 'province' ORDER BY code")
        return InspectionSummary(
            levels: Level.allCases.map { l in
                let x = levels[l.rawValue]
                return InspectionRow(key: l.rawValue, name: l.rawValue, level: l, tasks: x?.tasks ?? 0, counts: x?.counts ?? .zero)
            },
            provinces: (0..<names.rows).map { i in
                let x = provinces[names.text(i, 0)]
                return InspectionRow(key: names.text(i, 0), name: names.text(i, 1), tasks: x?.tasks ?? 0, counts: x?.counts ?? .zero)
            })
    }

    /// A row of `id, task_id, inspected_at, verdict, reason, inspected_by, evidence` from column `at`.
    static func inspection(_ r: PGResult, _ i: Int) -> Inspection {
        Inspection(id: r.int64(i, 0), taskID: r.text(i, 1), inspectedAt: Timestamp(seconds: r.int64(i, 2)),
                   verdict: InspectionVerdict(rawValue: r.text(i, 3)) ?? .note, reason: r.text(i, 4), inspectedBy: r.text(i, 5), evidence: r.text(i, 6))
    }

    func latestInspections(_ c: PGConnection, _ ctx: PGAsOf, limit: Int) throws -> [InspectionFeedRow] {
        guard limit > 0 else { return [] }
        let r = try c.exec("""
            SELECT i.id, t.id, i.inspected_at, i.verdict, i.reason, i.inspected_by, i.evidence,
                   t.title, t.unit_code, u.name, (SELECT p.name FROM units p WHERE p.code = u.parent_code)
            FROM inspection_log i JOIN tasks t ON t.key = i.task_key JOIN units u ON u.code = t.unit_code
            WHERE i.inspected_at <= $1 ORDER BY i.id DESC LIMIT $2
            """, [String(ctx.cut), String(limit)])
        return (0..<r.rows).map { i in
            InspectionFeedRow(inspection: Self.inspection(r, i), taskTitle: r.text(i, 7), unitCode: r.text(i, 8), unitName: r.text(i, 9),
                              provinceName: r.optionalText(i, 10))
        }
    }

    /// A task's inspections up to the cut and its check on the as-of day (the maintained one, or the
    /// fold of its histories when its latest report or verdict came after the cut).
    func addInspections(_ c: PGConnection, to detail: inout TaskDetail, key: String, _ ctx: PGAsOf, limit: Int) throws {
        let r = try c.exec("""
            SELECT i.id, $1 AS task_id, i.inspected_at, i.verdict, i.reason, i.inspected_by, i.evidence FROM inspection_log i
            WHERE i.task_key = $2 AND i.inspected_at <= $3 ORDER BY i.inspected_at DESC, i.id DESC LIMIT $4
            """, [detail.row.task.id, key, String(ctx.cut), String(max(0, limit))])
        detail.inspections = (0..<r.rows).map { Self.inspection(r, $0) }
        let t = try c.exec("SELECT status, verdict, verified_at, reported_at FROM tasks WHERE key = $1", [key])
        guard t.rows == 1 else { return }
        if t.optionalInt64(0, 2).map({ $0 > ctx.cut }) ?? false || t.optionalInt64(0, 3).map({ $0 > ctx.cut }) ?? false {
            let h = try PGInspectionAsOf.histories(c, keys: [key], cut: ctx.cut)[key]
            detail.check = TaskCheck.folding(reports: (h?.reports ?? []).map { (at: $0.at, status: $0.status) }, inspections: h?.verdicts ?? [])
        } else {
            detail.check = TaskCheck.effective(verdict: t.optionalText(0, 1).flatMap(InspectionVerdict.init(rawValue:)),
                                               status: ReportStatus(rawValue: t.text(0, 0)) ?? .notStarted)
        }
        detail.row.derived = detail.row.state.derived(deadline: detail.row.task.deadline, asOf: ctx.asOf, check: detail.check)
    }

    /// N of "returned and not re-reported within N days", as SQLite's `FeedReading.returnedDays`.
    func returnedDays(_ c: PGConnection) throws -> Int {
        let r = try c.exec("SELECT value FROM meta WHERE key = 'returned_warning_days'")
        guard r.rows == 1, let n = Int(r.text(0, 0).trimmingCharacters(in: .whitespaces)), EarlyWarnings.returnedDaysRange.contains(n) else {
            return EarlyWarnings.returnedWindow
        }
        return n
    }

    func addReturnedWarnings(_ c: PGConnection, to warnings: inout EarlyWarnings, _ ctx: PGAsOf, _ past: PGInspectionAsOf) throws {
        let days = try returnedDays(c)
        let before = String(ctx.cut - Int64(days) * 86400)
        let r = try c.exec("""
            SELECT \(Self.taskColumns), t.verified_at FROM tasks t JOIN units u ON u.code = t.unit_code
            WHERE t.verdict = 'returned' AND t.verified_at <= $1 ORDER BY t.verified_at, t.id LIMIT \(Self.warningLimit)
            """, [before])
        var rows: [(at: Int64, row: TaskRow)] = (0..<r.rows).map { i in
            var row = Self.taskRow(r, i, asOf: ctx.asOf)
            row.derived = row.state.derived(deadline: row.task.deadline, asOf: ctx.asOf, check: .returned)
            return (r.int64(i, 14), row)
        }
        var count = try c.exec("SELECT count(*) FROM tasks WHERE verdict = 'returned' AND verified_at <= $1", [before]).count(0, 0)
        for t in past.tasks where t.atCut.check == .returned {
            guard let at = t.returnedAt, EarlyWarnings.returnIsStale(returnedAt: at, cut: ctx.cut, days: days) else { continue }
            rows.append((at.seconds, t.row))
            count += 1
        }
        rows.sort { ($0.at, $0.row.task.id) < ($1.at, $1.row.task.id) }
        warnings.returnedStale = rows.prefix(Self.warningLimit).map(\.row)
        warnings.returnedStaleCount = count
        warnings.returnedDays = days
    }

    /// The tasks of a scope an inspection sent back before the end of the as-of day and not reported
    /// again since (SQLite's `Reading.returnedTasks`), most overdue first.
    func returnedTasks(_ c: PGConnection, filter: String, key: String, _ ctx: PGAsOf, limit: Int) throws -> TaskPage {
        let returned = "t.verdict = 'returned' AND t.verified_at <= $2 AND \(filter)"
        let total = try c.exec("SELECT count(*) FROM tasks t WHERE \(returned)", [key, String(ctx.cut)]).count(0, 0)
        let r = try c.exec("""
            SELECT \(Self.taskColumns) FROM tasks t JOIN units u ON u.code = t.unit_code
            WHERE \(returned) ORDER BY t.deadline, t.id LIMIT $3
            """, [key, String(ctx.cut), String(max(0, limit))])
        return TaskPage(rows: (0..<r.rows).map { i in
            var row = Self.taskRow(r, i, asOf: ctx.asOf)
            row.derived = row.state.derived(deadline: row.task.deadline, asOf: ctx.asOf, check: .returned)
            return row
        }, total: total)
    }

    // MARK: - Proposals

    static let proposalColumns = "p.key, p.id, p.received_at, p.kind, p.submitter_kind, p.field, p.title, p.summary, p.body_code, p.status, p.status_at, p.answered_at, p.due_on"

    /// A row of `proposalColumns`.
    static func proposal(_ r: PGResult, _ i: Int) -> Proposal {
        Proposal(id: r.text(i, 1), receivedAt: Timestamp(seconds: r.int64(i, 2)), kind: ProposalKind(rawValue: r.text(i, 3)) ?? .barrier,
                 submitter: SubmitterKind(rawValue: r.text(i, 4)) ?? .citizen, field: r.text(i, 5), title: r.text(i, 6), summary: r.text(i, 7),
                 body: r.optionalText(i, 8), status: ProposalStatus(rawValue: r.text(i, 9)) ?? .received,
                 statusAt: Timestamp(seconds: r.int64(i, 10)), answeredAt: r.optionalInt64(i, 11).map { Timestamp(seconds: $0) },
                 dueOn: CivilDate(r.text(i, 12)) ?? CivilDate(year: 2025, month: 1, day: 1)!)
    }

    func latestProposalMoves(_ c: PGConnection, _ ctx: PGAsOf, limit: Int) throws -> [ProposalFeedRow] {
        guard limit > 0 else { return [] }
        let r = try c.exec("""
            SELECT l.id, p.id, p.title, l.at, l.status, b.code, l.note, l.by, b.name
            FROM proposal_log l JOIN proposals p ON p.key = l.proposal_key
            LEFT JOIN units b ON b.code = CASE WHEN l.status = 'received' THEN l.body_code ELSE coalesce(l.body_code, p.body_code) END
            WHERE l.at <= $1 ORDER BY l.id DESC LIMIT $2
            """, [String(ctx.cut), String(limit)])
        return (0..<r.rows).map { i in
            ProposalFeedRow(id: r.int64(i, 0), proposalID: r.text(i, 1), title: r.text(i, 2),
                            event: ProposalEvent(at: Timestamp(seconds: r.int64(i, 3)), status: ProposalStatus(rawValue: r.text(i, 4)) ?? .received,
                                                 body: r.optionalText(i, 5), note: r.text(i, 6), by: r.text(i, 7)),
                            bodyName: r.optionalText(i, 8))
        }
    }

    func addProposalWarnings(_ c: PGConnection, to w: inout EarlyWarnings, asOf: CivilDate) throws {
        var off: Set<CivilDate> = [], work: Set<CivilDate> = []
        let h = try c.exec("SELECT day, kind FROM holidays WHERE day BETWEEN $1::date AND $2::date",
                           [asOf.adding(days: -10).description, asOf.adding(days: 120).description])
        for i in 0..<h.rows {
            guard let d = CivilDate(h.text(i, 0)) else { continue }
            if h.text(i, 1) == "work" { work.insert(d) } else { off.insert(d) }
        }
        let rule = EarlyWarnings.proposalRule(asOf: asOf, calendar: WorkingCalendar(daysOff: off, workedWeekends: work))
        func rows(_ from: String, _ through: String) throws -> [ProposalWarning] {
            let r = try c.exec("""
                SELECT \(Self.proposalColumns), u.name FROM proposals p LEFT JOIN units u ON u.code = p.body_code
                WHERE p.status IN ('received', 'assigned') AND p.due_on BETWEEN $1::date AND $2::date ORDER BY p.due_on, p.id LIMIT \(Self.warningLimit)
                """, [from, through])
            return (0..<r.rows).map { ProposalWarning(proposal: Self.proposal(r, $0), bodyName: r.optionalText($0, 13)) }
        }
        func count(_ from: String, _ through: String) throws -> Int {
            try c.exec("SELECT coalesce(sum(open), 0) FROM proposal_open_by_due WHERE scope = 'all' AND due_on BETWEEN $1::date AND $2::date",
                       [from, through]).count(0, 0)
        }
        let first = "0001-01-01", before = rule.overdueBefore.adding(days: -1).description
        let soon = (rule.dueSoon.lowerBound.description, rule.dueSoon.upperBound.description)
        w.proposalsOverdue = try rows(first, before)
        w.proposalsOverdueCount = try count(first, before)
        w.proposalsDueSoon = try rows(soon.0, soon.1)
        w.proposalsDueSoonCount = try count(soon.0, soon.1)
        w.proposalsDueThrough = rule.dueSoon.upperBound
    }

    /// SQLite's `SQLiteStore.proposalOverview`: the maintained counts split by the day, each body's
    /// median days to answer from its histogram, its oldest pending proposal.
    func proposalOverview(_ c: PGConnection, asOf: CivilDate) throws -> ProposalOverview {
        var counts: [String: [String: ProposalCounts]] = [:]
        let r = try c.exec("SELECT scope, key, total, rejected, open, on_time, late FROM proposal_counts WHERE total > 0")
        for i in 0..<r.rows {
            var x = ProposalCounts()
            x.total = r.count(i, 2)
            x.rejected = r.count(i, 3)
            x.pending = r.count(i, 4)
            x.answeredOnTime = r.count(i, 5)
            x.answeredLate = r.count(i, 6)
            counts[r.text(i, 0), default: [:]][r.text(i, 1)] = x
        }
        let o = try c.exec("SELECT scope, key, sum(open) FROM proposal_open_by_due WHERE due_on < $1::date GROUP BY scope, key", [asOf.description])
        for i in 0..<o.rows {
            let n = o.count(i, 2)
            counts[o.text(i, 0), default: [:]][o.text(i, 1), default: ProposalCounts()].overdue += n
            counts[o.text(i, 0), default: [:]][o.text(i, 1), default: ProposalCounts()].pending -= n
        }
        var histograms: [String: [(days: Int, n: Int)]] = [:]
        let h = try c.exec("SELECT body, days, n FROM proposal_answer_days ORDER BY body, days")
        for i in 0..<h.rows { histograms[h.text(i, 0), default: []].append((h.int(i, 1, in: 0 ... 100_000), h.count(i, 2))) }
        func median(_ body: String) -> Int? { histograms[body].flatMap(AnswerDays.median) }
        let u = try c.exec("SELECT code, name FROM units WHERE level IN ('central', 'province')")
        let names = Dictionary((0..<u.rows).map { (u.text($0, 0), u.text($0, 1)) }, uniquingKeysWith: { a, _ in a })
        // Every body's oldest open proposal in one statement, one seek of `proposals_body_open` a body
        // (a statement a body, with `IS NOT DISTINCT FROM`, scanned the table each time: 54 ms at national).
        let open = (counts["body"] ?? [:]).filter { $0.value.open > 0 }.map(\.key)
        var oldest: [String: (id: String, receivedAt: Timestamp)] = [:]
        if !open.isEmpty {
            let o = try c.exec("""
                SELECT b.code, p.id, p.received_at FROM unnest($1::text[]) AS b(code) CROSS JOIN LATERAL (
                    SELECT id, received_at FROM proposals WHERE body_code = b.code AND status IN ('received', 'assigned')
                    ORDER BY received_at LIMIT 1) p
                UNION ALL
                SELECT '-', id, received_at FROM (SELECT id, received_at FROM proposals WHERE body_code IS NULL
                    AND status IN ('received', 'assigned') ORDER BY received_at LIMIT 1) n WHERE '-' = ANY($1::text[])
                """, [Self.array(open)])
            for i in 0..<o.rows { oldest[o.text(i, 0)] = (o.text(i, 1), Timestamp(seconds: o.int64(i, 2))) }
        }
        var bodies: [ProposalBodyLine] = []
        for (code, x) in counts["body"] ?? [:] {
            var line = ProposalBodyLine(code: code, name: code == "-" ? "" : names[code] ?? code, counts: x, medianDaysToAnswer: median(code))
            if x.open > 0, let first = oldest[code] { line.oldestPending = first }
            bodies.append(line)
        }
        bodies.sort { ($1.counts.overdue, $1.counts.pending, $0.code) < ($0.counts.overdue, $0.counts.pending, $1.code) }
        let fields = ProposalField.all.compactMap { f in counts["field"]?[f.id].map { (f.id, $0) } }
        let kinds = ProposalKind.allCases.compactMap { k in counts["kind"]?[k.rawValue].map { (k, $0) } }
        let notOfficial = try c.exec("SELECT NOT EXISTS (SELECT 1 FROM proposal_deadline_rules) OR EXISTS (SELECT 1 FROM proposal_deadline_rules WHERE NOT official)").bool(0, 0)
        return ProposalOverview(asOf: asOf, all: counts["all"]?[""] ?? ProposalCounts(), bodies: bodies, byField: fields, byKind: kinds,
                                deadlinesNotOfficial: notOfficial, medianDaysToAnswer: median("*"))
    }

    public func proposalsOwed(body: String, state: ProposalState?, asOf: CivilDate) throws -> [Proposal] {
        try read { c in
            try requireSchema(c)
            let condition = switch state {
            case nil: "p.status IN ('received', 'assigned') AND $2::date IS NOT NULL"
            case .overdue?: "p.bucket = 'open' AND p.due_on < $2::date"
            case .pending?: "p.bucket = 'open' AND p.due_on >= $2::date"
            case .answeredOnTime?: "p.bucket = 'on_time' AND $2::date IS NOT NULL"
            case .answeredLate?: "p.bucket = 'late' AND $2::date IS NOT NULL"
            case .rejected?: "p.bucket = 'rejected' AND $2::date IS NOT NULL"
            }
            let r = try c.exec("""
                SELECT \(Self.proposalColumns) FROM proposals p WHERE \(Self.bodyIs(body)) AND \(condition)
                ORDER BY p.received_at LIMIT \(Self.proposalListLimit)
                """, [body, asOf.description])
            let list = (0..<r.rows).map { Self.proposal(r, $0) }
            return state == nil ? Proposal.owedOrder(list, asOf: asOf) : list
        }
    }

    /// At most this many proposals in a body's drill-down (SQLite's `SQLiteStore.listLimit`).
    static let proposalListLimit = 500

    public func proposalDetail(id: String) throws -> ProposalDetail? {
        try read { c in
            try requireSchema(c)
            let p = try c.exec("SELECT \(Self.proposalColumns) FROM proposals p WHERE p.id = $1", [id])
            guard p.rows == 1 else { return nil }
            let h = try c.exec("""
                SELECT l.at, l.status, l.body_code, l.note, l.by FROM proposal_log l WHERE l.proposal_key = $1 ORDER BY l.at, l.id
                """, [p.text(0, 0)])
            return ProposalDetail(proposal: Self.proposal(p, 0), history: (0..<h.rows).map { i in
                ProposalEvent(at: Timestamp(seconds: h.int64(i, 0)), status: ProposalStatus(rawValue: h.text(i, 1)) ?? .received,
                              body: h.optionalText(i, 2), note: h.text(i, 3), by: h.text(i, 4))
            })
        }
    }
}

/// SQLite's `InspectionAsOf` on PostgreSQL: the tasks whose report or standing verdict came after the
/// as-of day's end, each folded from its own histories up to the cut (read in two statements for all).
struct PGInspectionAsOf {
    typealias Task = InspectionShift

    var tasks: [Task] = []

    typealias History = (reports: [(at: Timestamp, status: ReportStatus, progress: Int)], verdicts: [(at: Timestamp, verdict: InspectionVerdict)])

    /// The reports (by time) and inspections (by arrival) of `keys` up to `cut`, by task key.
    static func histories(_ c: PGConnection, keys: [String], cut: Int64) throws -> [String: History] {
        var out: [String: History] = [:]
        let array = PostgresStore.array(keys)
        let r = try c.exec("""
            SELECT task_key, reported_at, status, progress FROM report_log WHERE task_key = ANY($1::bigint[]) AND reported_at <= $2
            ORDER BY task_key, reported_at, id
            """, [array, String(cut)])
        for i in 0..<r.rows {
            out[r.text(i, 0), default: ([], [])].reports.append((Timestamp(seconds: r.int64(i, 1)), ReportStatus(rawValue: r.text(i, 2)) ?? .notStarted,
                                                                 r.int(i, 3, in: 0 ... 100)))
        }
        let v = try c.exec("""
            SELECT task_key, inspected_at, verdict FROM inspection_log WHERE task_key = ANY($1::bigint[]) AND inspected_at <= $2
            ORDER BY task_key, id
            """, [array, String(cut)])
        for i in 0..<v.rows {
            out[v.text(i, 0), default: ([], [])].verdicts.append((Timestamp(seconds: v.int64(i, 1)), InspectionVerdict(rawValue: v.text(i, 2)) ?? .note))
        }
        return out
    }

    init(_ c: PGConnection, _ ctx: PGAsOf) throws {
        let cut = ctx.cut
        let affected = try c.exec("""
            SELECT \(PostgresStore.taskColumns), t.key, u.province_code, t.verdict FROM tasks t JOIN units u ON u.code = t.unit_code
            WHERE t.reported_at > $1 OR t.verified_at > $1
            """, [String(cut)])
        guard affected.rows > 0 else { return }
        let histories = try Self.histories(c, keys: (0..<affected.rows).map { affected.text($0, 14) }, cut: cut)
        for i in 0..<affected.rows {
            let h = histories[affected.text(i, 14)]
            tasks.append(.folding(row: PostgresStore.taskRow(affected, i, asOf: ctx.asOf), province: affected.optionalText(i, 15),
                                  maintainedVerdict: affected.optionalText(i, 16).flatMap(InspectionVerdict.init(rawValue:)),
                                  reports: h?.reports ?? [], verdicts: h?.verdicts ?? [], asOf: ctx.asOf))
        }
    }

    /// What to add to the maintained inspection counts of each (scope, key): `level` and `province`.
    var deltas: [String: [String: InspectionCounts]] { InspectionShift.corrections(tasks) }
}
