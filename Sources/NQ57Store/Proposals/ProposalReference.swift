import GRDB
import NQ57Core

/// The intake's reference data: fields, submitter kinds and the default deadline rules (from Core, in
/// the migration), and the holidays (from `Reference/vn-public-holidays.csv`, at every `nq57 init` whose
/// reference files changed).
enum ProposalReference {
    static let holidaysFile = "vn-public-holidays.csv"

    static let submitterNames: [SubmitterKind: (vi: String, en: String)] = [
        .citizen: ("Người dân", "Citizen"),
        .business: ("Doanh nghiệp", "Business"),
        .scientist: ("Nhà khoa học, tổ chức nghiên cứu", "Scientist or research body"),
        .association: ("Hiệp hội", "Association"),
        .stateUnit: ("Cơ quan nhà nước", "State unit"),
    ]

    static func storeCodeData(_ db: Database) throws {
        for (i, f) in ProposalField.all.enumerated() {
            try db.execute(sql: "INSERT INTO proposal_fields (id, name_vi, name_en, position) VALUES (?, ?, ?, ?)",
                           arguments: [f.id, f.nameVI, f.nameEN, i + 1])
        }
        for (i, k) in SubmitterKind.allCases.enumerated() {
            let n = submitterNames[k]!
            try db.execute(sql: "INSERT INTO submitter_kinds (id, name_vi, name_en, position) VALUES (?, ?, ?, ?)",
                           arguments: [k.rawValue, n.vi, n.en, i + 1])
        }
        for r in DeadlineRule.defaults {
            try db.execute(sql: "INSERT INTO proposal_deadline_rules (kind, working_days, official, source) VALUES (?, ?, ?, ?)",
                           arguments: [r.kind.rawValue, r.workingDays, r.official ? 1 : 0, r.source])
        }
    }

    /// Replaces the holidays with the file's and recomputes every stored answer deadline from them
    /// (`recomputeDueDays`), in the caller's transaction: the reference reload of `nq57 init` and
    /// `nq57 proposal holidays --import` both come here. Returns the proposals whose deadline moved.
    @discardableResult
    static func storeHolidays(_ db: Database, _ bytes: [UInt8], name: String = holidaysFile) throws -> Int {
        let entries: [WorkingCalendar.Entry]
        do {
            entries = try WorkingCalendar.parse(csv: bytes)
        } catch {
            throw StoreError.referenceFile("\(name): \(error)").error
        }
        try db.execute(sql: "DELETE FROM holidays")
        for e in entries {
            try db.execute(sql: "INSERT INTO holidays (day, kind, name_vi, name_en, source, verified) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [e.day.description, e.isOff ? "off" : "work", e.nameVI, e.nameEN, e.source, e.verified])
        }
        return try recomputeDueDays(db)
    }

    /// Sets every proposal's `due_on` to what its kind's deadline rule and the stored holidays give
    /// (`DeadlineRule.dueOn`), where it differs. The maintained states follow in the same statement:
    /// `bucket` (answered on time or late) is computed from `due_on`, and the count triggers move the
    /// proposal between `proposal_counts` and `proposal_open_by_due` rows (pending within deadline or
    /// overdue on a day). Returns how many deadlines moved.
    static func recomputeDueDays(_ db: Database) throws -> Int {
        let calendar = try calendar(db)
        let rules = try rules(db)
        var moved: [(key: Int64, due: String)] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT key, received_at, kind, due_on FROM proposals")
        while let r = try rows.next() {
            guard let kind = ProposalKind(rawValue: r.text(2)) else { continue }
            let due = DeadlineRule.dueOn(kind: kind, receivedAt: Timestamp(seconds: r.int64(1)), rules: rules, calendar: calendar).description
            if due != r.text(3) { moved.append((r.int64(0), due)) }
        }
        let update = try db.cachedStatement(sql: "UPDATE proposals SET due_on = ? WHERE key = ?")
        for m in moved { try update.execute(arguments: [m.due, m.key]) }
        return moved.count
    }

    static func holidays(_ db: Database) throws -> [WorkingCalendar.Entry] {
        try Row.fetchAll(db, sql: "SELECT day, kind, name_vi, name_en, source, verified FROM holidays ORDER BY day").compactMap { r in
            CivilDate(r.text(0)).map { WorkingCalendar.Entry(day: $0, isOff: r.text(1) == "off", nameVI: r.text(2), nameEN: r.text(3), source: r.text(4), verified: r.text(5)) }
        }
    }

    static func calendar(_ db: Database) throws -> WorkingCalendar {
        var off: Set<CivilDate> = [], work: Set<CivilDate> = []
        for r in try Row.fetchAll(db, sql: "SELECT day, kind FROM holidays") {
            guard let d = CivilDate(r.text(0)) else { continue }
            if r.text(1) == "off" { off.insert(d) } else { work.insert(d) }
        }
        return WorkingCalendar(daysOff: off, workedWeekends: work)
    }

    static func rules(_ db: Database) throws -> [ProposalKind: DeadlineRule] {
        var out: [ProposalKind: DeadlineRule] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT kind, working_days, official, source FROM proposal_deadline_rules") {
            guard let k = ProposalKind(rawValue: r.text(0)) else { continue }
            out[k] = DeadlineRule(kind: k, workingDays: r.int(1, in: 1 ... 365), official: r.int(2) == 1, source: r.text(3))
        }
        return out
    }
}

/// What `nq57 proposal holidays --import` did.
public struct HolidaysImport: Sendable, Hashable {
    public var rows: Int
    /// Proposals whose answer deadline moved.
    public var deadlinesMoved: Int
    /// Proposals whose derived state as of the day given moved (pending ↔ overdue, on time ↔ late).
    public var statesChanged: Int

    public init(rows: Int, deadlinesMoved: Int, statesChanged: Int) {
        (self.rows, self.deadlinesMoved, self.statesChanged) = (rows, deadlinesMoved, statesChanged)
    }

    /// What a proposal counts as on `asOf`, for `statesChanged` on every store: its bucket (rejected,
    /// on_time, late), an open one pending or overdue by its due day.
    public static func state(bucket: String, dueOn: String, asOf: CivilDate) -> String {
        bucket == "open" ? (dueOn < asOf.description ? "overdue" : "pending") : bucket
    }
}

extension SQLiteStore {
    /// The stored public holidays and worked weekend days, by day, with their source and whether they
    /// still need checking against an official text.
    public func holidays() throws -> [WorkingCalendar.Entry] {
        try read { db in try ProposalReference.holidays(db) }
    }

    /// Replaces the holidays with a file's (`day,kind,name_vi,name_en,source,verified`; every line
    /// checked first, nothing written on a bad one) and, in the same transaction, recomputes every
    /// stored answer deadline and with it the maintained states and counts.
    public func importHolidays(_ path: String, asOf: CivilDate) throws -> HolidaysImport {
        let bytes = try FileSystem.readAll(path)
        return try write { db in
            func states() throws -> [String: String] {
                var out: [String: String] = [:]
                for r in try Row.fetchAll(db, sql: "SELECT id, bucket, due_on FROM proposals") {
                    out[r.text(0)] = HolidaysImport.state(bucket: r.text(1), dueOn: r.text(2), asOf: asOf)
                }
                return out
            }
            let before = try states()
            let moved = try ProposalReference.storeHolidays(db, bytes, name: path)
            let after = try states()
            let rows = try Int.fetchOne(db, sql: "SELECT count(*) FROM holidays") ?? 0
            return HolidaysImport(rows: rows, deadlinesMoved: moved, statesChanged: after.filter { before[$0.key] != $0.value }.count)
        }
    }
}
