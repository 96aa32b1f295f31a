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

    /// Replaces the holidays with the file's.
    static func storeHolidays(_ db: Database, _ bytes: [UInt8]) throws {
        let entries: [WorkingCalendar.Entry]
        do {
            entries = try WorkingCalendar.parse(csv: bytes)
        } catch {
            throw StoreError.referenceFile("\(holidaysFile): \(error)").error
        }
        try db.execute(sql: "DELETE FROM holidays")
        for e in entries {
            try db.execute(sql: "INSERT INTO holidays (day, kind, name_vi, name_en, source, verified) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [e.day.description, e.isOff ? "off" : "work", e.nameVI, e.nameEN, e.source, e.verified])
        }
    }

    static func calendar(_ db: Database) throws -> WorkingCalendar {
        var off: Set<CivilDate> = [], work: Set<CivilDate> = []
        for r in try Row.fetchAll(db, sql: "SELECT day, kind FROM holidays") {
            guard let d = CivilDate(r[0] as String) else { continue }
            if (r[1] as String) == "off" { off.insert(d) } else { work.insert(d) }
        }
        return WorkingCalendar(daysOff: off, workedWeekends: work)
    }

    static func rules(_ db: Database) throws -> [ProposalKind: DeadlineRule] {
        var out: [ProposalKind: DeadlineRule] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT kind, working_days, official, source FROM proposal_deadline_rules") {
            guard let k = ProposalKind(rawValue: r[0]) else { continue }
            out[k] = DeadlineRule(kind: k, workingDays: r[1], official: (r[2] as Int) == 1, source: r[3])
        }
        return out
    }
}
