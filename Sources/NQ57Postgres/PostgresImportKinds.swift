import Foundation
import NQ57Core
import NQ57Store

/// `nq57 import` of every file kind SQLite's import takes, on PostgreSQL: reports (`importReports`,
/// COPY), tasks, filled inspection work lists, proposals and their status changes. Each: every row
/// checked by Core's rule for it (the same messages as on SQLite, `file:line: …`), all or nothing in
/// one transaction, `dryRun` checks and writes nothing.
///
/// Who wrote a row is the login connected (`session_user`, recorded by the database in `account`):
/// a report's `reported_by` and a status change's `by` are that login whatever the file says (counted
/// in `otherAuthors` when it said someone else). An inspection's `by` is not an author but the
/// inspecting body, kept as the file gives it.
extension PostgresStore {
    /// Imports a file of any kind, told from its content as on SQLite: a tasks or work-list CSV header,
    /// else reports (CSV or JSON Lines). Proposals files: `importProposals` (the command line tells
    /// them apart first, as on SQLite).
    public func importFile(_ path: String, dryRun: Bool, allowRepeats: Bool, now: Timestamp) throws -> ImportSummary {
        let header = try Self.csvHeader(path)
        if header == SQLiteStore.tasksCSVHeader { return try importTasks(path, dryRun: dryRun) }
        if header == InspectionFileFormat.csvHeader { return try importInspections(path, dryRun: dryRun, now: now) }
        return try importReports(path, dryRun: dryRun, allowRepeats: allowRepeats, now: now)
    }

    /// The file's bytes, without a byte-order mark.
    static func contents(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw StoreError.noSuchFile(path: path).error }
        let bytes = [UInt8](data)
        return Array(bytes.dropFirst(ByteOrderMark.length(bytes)))
    }

    /// The first record of a text file that does not start with `{`, read from its first 64 KB; nil
    /// for anything else (the report import then says what is wrong with it).
    static func csvHeader(_ path: String) throws -> [String]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw StoreError.noSuchFile(path: path).error }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 1 << 16)) ?? Data())
        let text = Array(head.dropFirst(ByteOrderMark.length(head)))
        guard !ReportFileFormat.looksBinary(text.prefix(8192)),
              let first = text.first(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }), first != UInt8(ascii: "{") else { return nil }
        var reader = CSVReader(bytes: text)
        guard let header = try? reader.read(), header.problem == nil else { return nil }
        return header.fields
    }

    /// A tasks CSV (`SQLiteStore.tasksCSVHeader`): Core's `TaskValidator` against the units and the
    /// catalogue, an id twice in the file or already stored refused, a demo database refused; the good
    /// rows then go in with one COPY (the count triggers fold each).
    func importTasks(_ path: String, dryRun: Bool) throws -> ImportSummary {
        var reader = CSVReader(bytes: try Self.contents(path))
        guard let header = try reader.read() else { throw StoreError.emptyFile(path: path).error }
        return try run { c in
            try requireSchema(c)
            return try c.transaction {
                var levels: [String: Level] = [:]
                let u = try c.exec("SELECT code, level FROM units")
                for i in 0..<u.rows { levels[u.text(i, 0)] = Level(rawValue: u.text(i, 1)) }
                let g = try c.exec("SELECT id FROM tech_groups")
                let validator = TaskValidator(unitLevels: levels, groups: Set((0..<g.rows).compactMap { g.optionalInt($0, 0) }))
                if try c.exec("SELECT EXISTS (SELECT 1 FROM meta WHERE key = 'demo')").bool(0, 0) { throw StoreError.demoDatabase.error }
                let s = try c.exec("SELECT id FROM tasks")
                let stored = Set((0..<s.rows).map { s.text($0, 0) })
                var problems = ProblemList(name: path)
                var seen = Set<String>()
                var good: [TaskRecord] = []
                try CSVRows.read(&reader, columns: header.fields.count, problem: { problems.add(line: $0, $1) }) { r in
                    switch validator.task(fields: r.fields) {
                    case .failure(let p): problems.add(line: r.line, p.description)
                    case .success(let t):
                        guard seen.insert(t.id).inserted else {
                            problems.add(line: r.line, "task_id: \(Quoting.quoted(t.id)) appears twice in the file")
                            return
                        }
                        if stored.contains(t.id) { problems.add(line: r.line, StoreError.taskExists(id: t.id).message); return }
                        good.append(t)
                    }
                }
                try problems.throwIfAny(outcome: dryRun ? "dry run, nothing written" : "nothing was imported")
                if !dryRun && !good.isEmpty {
                    try c.copyIn("COPY tasks (id, title, plan, area, tech_group, level, unit_code, deadline) FROM STDIN") { rows in
                        for t in good {
                            rows.row([t.id, t.title, t.plan, String(t.area), t.techGroup.map(String.init), t.level.rawValue, t.unitCode,
                                      t.deadline.description])
                        }
                    }
                }
                return ImportSummary(kind: .tasks, format: .csv, rows: good.count, dryRun: dryRun)
            }
        }
    }

    /// A filled work list (`InspectionFileFormat.csvHeader`): rows left without a verdict and reason
    /// skipped, the others checked by Core's `InspectionValidator` as `nq57 inspect` is, then stored
    /// one by one (the database's guard judges each against the task's history; a refusal names its line).
    func importInspections(_ path: String, dryRun: Bool, now: Timestamp) throws -> ImportSummary {
        var reader = CSVReader(bytes: try Self.contents(path))
        guard let header = try reader.read() else { throw StoreError.emptyFile(path: path).error }
        return try run { c in
            try requireSchema(c)
            return try c.transaction {
                let validator = Self.inspectionValidator(c, now: now)
                var problems = ProblemList(name: path)
                var good: [(line: Int, input: InspectionInput)] = []
                try CSVRows.read(&reader, columns: header.fields.count, problem: { problems.add(line: $0, $1) }) { r in
                    let f = r.fields
                    if f[5].trimmingASCIISpaces().isEmpty && f[6].trimmingASCIISpaces().isEmpty { return }
                    switch validator.validate(InspectionFields(taskID: f[0], verdict: f[5], reason: f[6], by: f[7], at: f[8], evidence: f[9])) {
                    case .failure(let p): problems.add(line: r.line, p.description)
                    case .success(let input): good.append((r.line, input))
                    }
                }
                let outcome = dryRun ? "dry run, nothing written" : "nothing was imported"
                try problems.throwIfAny(outcome: outcome)
                if !dryRun {
                    for g in good {
                        do {
                            _ = try Self.insert(c, g.input)
                        } catch let e as NQ57Error where e.reason as? PostgresError != nil {
                            // The transaction is aborted: the first refusal, by its line.
                            problems.add(line: g.line, e.message)
                            try problems.throwIfAny(outcome: outcome)
                        }
                    }
                }
                return ImportSummary(kind: .inspections, format: .csv, rows: good.count, dryRun: dryRun)
            }
        }
    }

    /// A proposals file or a status-changes file (CSV or JSON Lines, SQLite's `proposalRows`), as
    /// SQLite's `importProposals`: every row tried against the store and the rows before it, every
    /// bad row listed, one bad row and nothing is written. New proposals are checked for repeats
    /// against the stored proposals and the file's earlier rows (reading the contact details: intake
    /// and admin accounts). A row the database refuses ends the import there, by its line.
    public func importProposals(_ path: String, dryRun: Bool, now: Timestamp) throws -> (summary: ProposalImportSummary, otherAuthors: Int) {
        let (isStatus, format, records) = try SQLiteStore.proposalRows(try Self.contents(path), path: path)
        return try run { c in
            try requireSchema(c)
            return try c.transaction {
                let login = try c.exec("SELECT session_user").text(0, 0)
                var problems = ProblemList(name: path)
                var otherAuthors = 0
                var index: ProposalDuplicateIndex? = isStatus ? nil : try Self.duplicateIndex(c)
                var seen = Set<String>()
                var moved: [String: (key: String, proposal: Proposal)] = [:]
                let bodies = isStatus ? try Self.responsibleBodies(c) : []
                let (calendar, rules) = try Self.deadlineReference(c)
                let (rows, duplicates) = try ProposalFileRows.each(records, isStatus: isStatus, problems: &problems, add: { new, clean in
                    try Self.addProposal(c, new, by: login, now: now, index: &index, calendar: calendar, rules: rules,
                                         write: !dryRun && clean, seen: &seen).duplicateOf != nil
                }, move: { id, move, by, clean in
                    // The author is the login; the file's text is only counted when it names someone else.
                    if let p = TextLimit.problem(by, maxCharacters: ReportValidator.maxNameLength) { throw NQ57Error(.badData, "by: \(p)") }
                    _ = try Self.move(c, id: id, move, by: login, bodies: bodies, write: !dryRun && clean, moved: &moved)
                    let named = by.trimmingASCIISpaces()
                    if !named.isEmpty && named != login { otherAuthors += 1 }
                }, failure: { error in
                    // A statement the database refused aborts the transaction: nothing after it can be tried.
                    (error as? NQ57Error).map { ($0.message, $0.reason as? PostgresError != nil) }
                })
                try problems.throwIfAny(outcome: dryRun ? "dry run, nothing written" : "nothing imported")
                return (ProposalImportSummary(statusChanges: isStatus, format: format, rows: rows, duplicates: duplicates, dryRun: dryRun), otherAuthors)
            }
        }
    }
}
