import GRDB
import NQ57Core

extension SQLiteStore {
    /// The inspection pane's data, from the maintained counts.
    public func inspectionSummary() throws -> InspectionSummary {
        try read { try InspectionReading.summary($0) }
    }

    /// A task's inspections, newest first (at most `limit`).
    public func inspections(taskID: String, limit: Int) throws -> [Inspection] {
        try read { try InspectionReading.inspections($0, taskID: taskID, limit: limit) }
    }
}

enum InspectionReading {
    static let exportColumns = ["task_id", "inspected_at", "verdict", "reason", "inspected_by", "evidence"]

    static func counts(_ db: Database, scope: String) throws -> [String: (tasks: Int, counts: InspectionCounts)] {
        var out: [String: (tasks: Int, counts: InspectionCounts)] = [:]
        try RawStatement.cached(db, sql: "SELECT key, total FROM state_counts WHERE scope = ?").binding(.text(scope)).forEach { r in
            out[r.text(0), default: (0, .zero)].tasks = r.count(1)
        }
        try RawStatement.cached(db, sql: """
            SELECT key, done, confirmed, returned, unchecked FROM inspection_counts WHERE scope = ?
            """).binding(.text(scope)).forEach { r in
            out[r.text(0), default: (0, .zero)].counts = InspectionCounts(done: r.count(1), confirmed: r.count(2), returned: r.count(3), unchecked: r.count(4))
        }
        return out
    }

    /// The maintained counts plus `corrections` per scope (`level`, `province`) and key: on an as-of
    /// day in the past, what the tasks whose report or verdict came later counted then, less what
    /// they count now (`InspectionAsOf.deltas`).
    static func summary(_ db: Database, corrections: [String: [String: InspectionCounts]] = [:]) throws -> InspectionSummary {
        var levels = try counts(db, scope: "level")
        var provinces = try counts(db, scope: "province")
        for (key, d) in corrections["level"] ?? [:] { levels[key, default: (0, .zero)].counts = levels[key, default: (0, .zero)].counts + d }
        for (key, d) in corrections["province"] ?? [:] { provinces[key, default: (0, .zero)].counts = provinces[key, default: (0, .zero)].counts + d }
        let names = try RawStatement.cached(db, sql: "SELECT code, name FROM units WHERE level = 'province' ORDER BY code").mapRows { ($0.text(0), $0.text(1)) }
        return InspectionSummary(
            levels: Level.allCases.map { l in
                let c = levels[l.rawValue]
                return InspectionRow(key: l.rawValue, name: l.rawValue, level: l, tasks: c?.tasks ?? 0, counts: c?.counts ?? .zero)
            },
            provinces: names.map { code, name in
                let c = provinces[code]
                return InspectionRow(key: code, name: name, tasks: c?.tasks ?? 0, counts: c?.counts ?? .zero)
            })
    }

    static func inspection(_ r: some TotalColumns) -> Inspection {
        Inspection(id: r.int64(0), taskID: r.text(1), inspectedAt: Timestamp(seconds: r.int64(2)), verdict: InspectionVerdict(rawValue: r.text(3)) ?? .note,
                   reason: r.text(4), inspectedBy: r.text(5), evidence: r.text(6))
    }

    static func inspections(_ db: Database, taskID: String, limit: Int) throws -> [Inspection] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT i.id, t.id, i.inspected_at, i.verdict, i.reason, i.inspected_by, i.evidence
            FROM inspection_log i JOIN tasks t ON t.key = i.task_key WHERE t.id = ?
            ORDER BY i.inspected_at DESC, i.id DESC LIMIT ?
            """), arguments: [taskID, max(0, limit)]).map(inspection)
    }

    /// A task's inspections up to `cut` and its standing check. The check is the maintained one when
    /// the task's latest report and verdict are not after `cut`; on an earlier as-of date it is the
    /// fold of the histories up to `cut`.
    static func addInspections(_ db: Database, to detail: inout TaskDetail, key: Int64, cut: Int64, asOf: CivilDate, limit: Int) throws {
        detail.inspections = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT i.id, ? AS task_id, i.inspected_at, i.verdict, i.reason, i.inspected_by, i.evidence FROM inspection_log i
            WHERE i.task_key = ? AND i.inspected_at <= ? ORDER BY i.inspected_at DESC, i.id DESC LIMIT ?
            """), arguments: [detail.row.task.id, key, cut, max(0, limit)]).map(inspection)
        guard let r = try Row.fetchOne(db.cachedStatement(sql: "SELECT status, verdict, verified_at, reported_at FROM tasks WHERE key = ?"),
                                       arguments: [key]) else { return }
        if r.optionalInt64(2).map({ $0 > cut }) ?? false || r.optionalInt64(3).map({ $0 > cut }) ?? false {
            let reports = try Row.fetchAll(db.cachedStatement(sql: "SELECT reported_at, status FROM report_log WHERE task_key = ? AND reported_at <= ?"),
                                           arguments: [key, cut]).map { (at: Timestamp(seconds: $0.int64(0)), status: ReportStatus(rawValue: $0.text(1)) ?? .notStarted) }
            let verdicts = try Row.fetchAll(db.cachedStatement(sql: "SELECT inspected_at, verdict FROM inspection_log WHERE task_key = ? AND inspected_at <= ? ORDER BY id"),
                                            arguments: [key, cut]).map { (at: Timestamp(seconds: $0.int64(0)), verdict: InspectionVerdict(rawValue: $0.text(1)) ?? .note) }
            detail.check = TaskCheck.folding(reports: reports, inspections: verdicts)
        } else {
            detail.check = TaskCheck.effective(verdict: r.optionalText(1).flatMap(InspectionVerdict.init(rawValue:)),
                                               status: ReportStatus(rawValue: r.text(0)) ?? .notStarted)
        }
        detail.row.derived = detail.row.state.derived(deadline: detail.row.task.deadline, asOf: asOf, check: detail.check)
    }

    /// Tasks returned at least `days` days before the end of the as-of day and not reported again
    /// by then, oldest return first: the standing returns from the partial index on `tasks.verdict`,
    /// and on an as-of day in the past the tasks whose report or verdict came later, judged from their
    /// own histories up to that day (`InspectionAsOf`).
    static func addReturnedWarnings(_ db: Database, to warnings: inout EarlyWarnings, _ ctx: AsOf, _ past: InspectionAsOf, days: Int) throws {
        let before = ctx.cut - Int64(days) * 86400
        // A standing return made up to `before` had no report after it, so none after the cut either:
        // these tasks are never among the corrected ones.
        var rows = try RawStatement.cached(db, sql: """
            SELECT \(Reading.taskColumns), t.verified_at FROM tasks t JOIN units u ON u.code = t.unit_code
            WHERE t.verdict = 'returned' AND t.verified_at <= ? ORDER BY t.verified_at, t.id LIMIT ?
            """).binding(.int(before), .int(Int64(SQLiteStore.warningLimit))).mapRows { r in
            var row = Reading.taskRow(r, asOf: ctx.asOf)
            row.derived = row.state.derived(deadline: row.task.deadline, asOf: ctx.asOf, check: .returned)
            return (at: r.int64(14), row: row)
        }
        // Their count: every standing return (`inspection_counts`, kept by the same triggers, recounted by
        // `nq57 check`) less those made after `before` or at no time, two ranges of the partial index:
        // the returns of the last `days` days, where counting those up to `before` read every return
        // ever made (10,128 at stress scale).
        var count = try RawStatement.cached(db, sql: """
            SELECT (SELECT ifnull(sum(\(Reading.count("returned"))), 0) FROM inspection_counts WHERE scope = 'level')
                 - (SELECT count(*) FROM tasks WHERE verdict = 'returned' AND verified_at > ?)
                 - (SELECT count(*) FROM tasks WHERE verdict = 'returned' AND verified_at IS NULL)
            """).binding(.int(before)).first { max(0, $0.int(0)) } ?? 0
        for t in past.tasks where t.atCut.check == .returned {
            guard let at = t.returnedAt, EarlyWarnings.returnIsStale(returnedAt: at, cut: ctx.cut, days: days) else { continue }
            rows.append((at: at.seconds, row: t.row))
            count += 1
        }
        rows.sort { ($0.at, $0.row.task.id) < ($1.at, $1.row.task.id) }
        warnings.returnedStale = rows.prefix(SQLiteStore.warningLimit).map(\.row)
        warnings.returnedStaleCount = count
        warnings.returnedDays = days
    }

    /// Inspections in arrival order, those made up to `cut`.
    static func export(_ db: Database, cut: Int64, into out: inout ExportWriter) throws {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT t.id, i.inspected_at, i.verdict, i.reason, i.inspected_by, i.evidence
            FROM inspection_log i JOIN tasks t ON t.key = i.task_key WHERE i.inspected_at <= ? ORDER BY i.id
            """), arguments: [cut])
        while let r = try rows.next() {
            out.row([.text(r.text(0)), .text(Timestamp(seconds: r.int64(1)).description), .text(r.text(2)), .text(r.text(3)), .text(r.text(4)), .text(r.text(5))])
        }
    }
}

extension Check {
    /// Every inspected task's standing verdict against `TaskCheck.folding` of its histories (Swift,
    /// independent of the triggers), and `inspection_counts` against a recount of the tasks.
    static func inspections(_ db: Database, into out: inout [String]) throws {
        var verdicts = Lines(kind: "tasks whose verdict differs from their inspections")
        let tasks = try Row.fetchAll(db, sql: """
            SELECT key, id, status, verdict FROM tasks
            WHERE verdict IS NOT NULL OR key IN (SELECT task_key FROM inspection_log)
            """)
        let reports = try db.cachedStatement(sql: "SELECT reported_at, status FROM report_log WHERE task_key = ? ORDER BY id")
        let inspections = try db.cachedStatement(sql: "SELECT inspected_at, verdict FROM inspection_log WHERE task_key = ? ORDER BY id")
        for t in tasks {
            let key: Int64 = t[0]
            let history = try Row.fetchAll(reports, arguments: [key]).map {
                (at: Timestamp(seconds: $0.int64(0)), status: ReportStatus(rawValue: $0.text(1)) ?? .notStarted)
            }
            let verdictsSeen = try Row.fetchAll(inspections, arguments: [key]).map {
                (at: Timestamp(seconds: $0.int64(0)), verdict: InspectionVerdict(rawValue: $0.text(1)) ?? .note)
            }
            let folded = TaskCheck.folding(reports: history, inspections: verdictsSeen)
            let maintained = TaskCheck.effective(verdict: (t[3] as String?).flatMap(InspectionVerdict.init(rawValue:)),
                                                 status: ReportStatus(rawValue: t[2]) ?? .notStarted)
            if folded != maintained {
                verdicts.add("task \(t[1] as String): maintained check \(maintained.rawValue); its inspections say \(folded.rawValue)")
            }
        }
        verdicts.append(to: &out)

        var lines = Lines(kind: "inspection counts that differ from a recount of the tasks")
        let maintained = "SELECT scope, key, done, confirmed, returned, unchecked FROM inspection_counts WHERE done <> 0 OR confirmed <> 0 OR returned <> 0 OR unchecked <> 0"
        for r in try Row.fetchAll(db, sql: "\(maintained) EXCEPT \(Maintenance.recountInspectionSQL)") {
            lines.add("inspection_counts \(r.text(0)) \(r.text(1)): \(r.int(2))/\(r.int(3))/\(r.int(4))/\(r.int(5)) done/confirmed/returned/unchecked is not what the tasks say")
        }
        // All-zero rows on neither side: a task confirmed, then reopened by a report older than the
        // confirmation, keeps its verdict and counts nowhere (the maintained side drops such rows).
        let recount = "SELECT * FROM (\(Maintenance.recountInspectionSQL)) WHERE done <> 0 OR confirmed <> 0 OR returned <> 0 OR unchecked <> 0"
        for r in try Row.fetchAll(db, sql: "\(recount) EXCEPT \(maintained)") {
            lines.add("inspection_counts \(r.text(0)) \(r.text(1)): the tasks say \(r.int(2))/\(r.int(3))/\(r.int(4))/\(r.int(5)) done/confirmed/returned/unchecked")
        }
        lines.append(to: &out)
    }
}
