import Foundation
import NQ57Core
import NQ57Store

/// `nq57 proposal holidays` and `nq57 inspect plan` on PostgreSQL, with SQLite's meaning: the same
/// calendar rule (Core's `DeadlineRule`, `WorkingCalendar.parse`) and the same draw (`Inspecting.draw`).
extension PostgresStore {
    /// The stored public holidays and worked weekend days, by day.
    public func holidays() throws -> [WorkingCalendar.Entry] {
        try read { c in
            try requireSchema(c)
            let r = try c.exec("SELECT day, kind, name_vi, name_en, source, verified FROM holidays ORDER BY day")
            return (0..<r.rows).compactMap { i in
                CivilDate(r.text(i, 0)).map {
                    WorkingCalendar.Entry(day: $0, isOff: r.text(i, 1) == "off", nameVI: r.text(i, 2), nameEN: r.text(i, 3), source: r.text(i, 4),
                                          verified: r.text(i, 5))
                }
            }
        }
    }

    /// Replaces the holidays with a file's (every line checked first, nothing written on a bad one)
    /// and, in the same transaction, sets every proposal's answer deadline to what its kind's rule and
    /// the new holidays give (SQLite's `importHolidays`); the count triggers move each proposal whose
    /// deadline moved between its counts. Needs the right to replace the holidays and update proposals
    /// (the schema's owner, an admin account).
    public func importHolidays(_ path: String, asOf: CivilDate) throws -> HolidaysImport {
        let entries: [WorkingCalendar.Entry]
        do {
            entries = try WorkingCalendar.parse(csv: try Self.contents(path))
        } catch let e as NQ57Error {
            throw e
        } catch {
            throw StoreError.referenceFile("\(path): \(error)").error
        }
        return try run { c in
            try requireSchema(c)
            return try c.transaction {
                func states() throws -> [String: String] {
                    let r = try c.exec("SELECT id, bucket, due_on FROM proposals")
                    var out: [String: String] = [:]
                    for i in 0..<r.rows { out[r.text(i, 0)] = HolidaysImport.state(bucket: r.text(i, 1), dueOn: r.text(i, 2), asOf: asOf) }
                    return out
                }
                let before = try states()
                try c.exec("DELETE FROM holidays")
                try c.copyIn("COPY holidays (day, kind, name_vi, name_en, source, verified) FROM STDIN") { rows in
                    for e in entries { rows.row([e.day.description, e.isOff ? "off" : "work", e.nameVI, e.nameEN, e.source, e.verified]) }
                }
                let moved = try Self.recomputeDueDays(c)
                let after = try states()
                return HolidaysImport(rows: try c.exec("SELECT count(*) FROM holidays").count(0, 0), deadlinesMoved: moved,
                                      statesChanged: after.filter { before[$0.key] != $0.value }.count)
            }
        }
    }

    /// Sets every proposal's `due_on` to what its kind's deadline rule and the stored holidays give,
    /// where it differs (SQLite's `ProposalReference.recomputeDueDays`), in one statement; the count
    /// triggers follow. Returns how many deadlines moved. `importHolidays`, and `init` after the
    /// shipped holidays were loaded, come here.
    static func recomputeDueDays(_ c: PGConnection) throws -> Int {
        let (calendar, rules) = try deadlineReference(c)
        let r = try c.exec("SELECT key, received_at, kind, due_on FROM proposals")
        var moved: [(key: String, due: String)] = []
        for i in 0..<r.rows {
            guard let kind = ProposalKind(rawValue: r.text(i, 2)) else { continue }
            let due = DeadlineRule.dueOn(kind: kind, receivedAt: Timestamp(seconds: r.int64(i, 1)), rules: rules, calendar: calendar).description
            if due != r.text(i, 3) { moved.append((r.text(i, 0), due)) }
        }
        if !moved.isEmpty {
            try c.exec("""
                UPDATE proposals p SET due_on = m.due FROM unnest($1::bigint[], $2::date[]) AS m(key, due) WHERE p.key = m.key
                """, [array(moved.map(\.key)), array(moved.map(\.due))])
        }
        return moved.count
    }

    /// A reproducible stratified random sample of done, not yet checked tasks (`nq57 inspect plan`):
    /// the population read as SQLite reads it (by stratum, then task id, in byte order), drawn by
    /// `Inspecting.draw`, each task's row with its state as of `asOf`.
    public func inspectionPlan(sample: Int, seed: UInt64, by: InspectionStratification, scope: InspectionScope = .all,
                               asOf: CivilDate) throws -> [WorklistRow] {
        try read { c in
            try requireSchema(c)
            let stratum = switch by {
            case .province: "coalesce(u.province_code, 'central')"
            case .unit: "t.unit_code"
            case .level: "t.level"
            case .group: "coalesce(t.tech_group::text, 'none')"
            }
            let (filter, parameters): (String, [String?]) = switch scope {
            case .all: ("true", [])
            case .province(let p): ("u.province_code = $1", [p])
            case .unit(let code): ("t.unit_code = $1", [code])
            case .level(let l): ("t.level = $1", [l.rawValue])
            case .group(let g): ("t.tech_group = $1::integer", [String(g)])
            }
            let r = try c.exec("""
                SELECT \(stratum), t.key FROM tasks t JOIN units u ON u.code = t.unit_code
                WHERE t.status = 'done' AND t.verdict IS NULL AND \(filter)
                ORDER BY \(stratum) COLLATE "C", t.id COLLATE "C"
                """, parameters)
            let chosen = Inspecting.draw((0..<r.rows).map { (r.text($0, 0), r.int64($0, 1)) }, sample: sample, seed: seed)
            guard !chosen.isEmpty else { return [] }
            let rows = try c.exec("""
                SELECT \(Self.taskColumns), coalesce(u.province_code, ''), t.key FROM tasks t JOIN units u ON u.code = t.unit_code
                WHERE t.key = ANY($1::bigint[])
                """, [Self.array(chosen.map { String($0.key) })])
            var byKey: [Int64: Int] = [:]
            for i in 0..<rows.rows { byKey[rows.int64(i, 15)] = i }
            let out: [WorklistRow] = chosen.compactMap { choice in
                guard let i = byKey[choice.key] else { return nil }
                let row = Self.taskRow(rows, i, asOf: asOf)
                let state = row.derived.rawValue + (row.state.completedOn.map { " \($0)" } ?? "")
                return WorklistRow(taskID: row.task.id, unit: row.task.unitCode + " " + row.unitName, province: rows.text(i, 14),
                                   title: row.task.title, reportedState: state, stratum: choice.stratum)
            }
            return out.sorted { ($0.stratum, $0.taskID) < ($1.stratum, $1.taskID) }
        }
    }
}
