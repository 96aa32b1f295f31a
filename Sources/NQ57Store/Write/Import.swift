import Foundation
import GRDB
import NQ57Core

/// What a file held.
public enum ImportKind: String, Sendable, Hashable {
    /// Reports: `task_id,status,progress,reported_at,note,reported_by` (CSV or JSON Lines).
    case reports
    /// Tasks: `task_id,title,plan,area,tech_group,level,unit_code,deadline` (CSV).
    case tasks
    /// Inspections: a filled work list, `InspectionFileFormat.csvHeader` (CSV).
    case inspections
}

/// How a file was written.
public enum ImportFileFormat: String, Sendable, Hashable {
    case csv
    case jsonLines = "jsonl"
}

/// What an import did (or, in a dry run, would do).
public struct ImportSummary: Hashable, Sendable {
    public var kind: ImportKind
    public var format: ImportFileFormat
    /// Rows written, or that a dry run found valid and would write.
    public var rows: Int
    public var dryRun: Bool
    /// Report rows left out because the same report (task, time, status, progress, note and author)
    /// was already stored: re-importing a file, or one that overlaps, adds nothing twice.
    public var alreadyStored: Int = 0
    /// PostgreSQL: rows whose author column named someone other than the login connected, recorded
    /// as that login (the database can vouch for the login only).
    public var otherAuthors: Int = 0

    public init(kind: ImportKind, format: ImportFileFormat, rows: Int, dryRun: Bool, alreadyStored: Int = 0) {
        (self.kind, self.format, self.rows, self.dryRun, self.alreadyStored) = (kind, format, rows, dryRun, alreadyStored)
    }
}

extension SQLiteStore {
    /// The header of a tasks CSV: the first eight columns of `export --what tasks`.
    public static let tasksCSVHeader = ["task_id", "title", "plan", "area", "tech_group", "level", "unit_code", "deadline"]

    /// Imports a file of reports or tasks, atomically: every row is validated, and one bad row means
    /// nothing is written. Returns the number of rows written.
    ///
    /// The file is read in 1 MB chunks, never whole. Its kind comes from its content: a first
    /// non-blank byte `{` means JSON Lines of reports (one object a line with the report keys);
    /// otherwise it is RFC 4180 CSV whose header says reports (`ReportFileFormat.csvHeader`) or tasks
    /// (`tasksCSVHeader`). Reports are checked by `ReportValidator` against the tasks in the database
    /// and `now`; tasks against the units and the catalogue.
    ///
    /// Errors: a missing file is `.missingInput`; an empty or binary file, a wrong header, and bad rows
    /// are `.badData` whose message lists up to 20 bad rows, one a line (`reports.csv:17: progress: 140
    /// is outside 0–100`), then "… and N more bad rows", then a total. `dryRun` validates everything and
    /// writes nothing. The rows go in one `BEGIN IMMEDIATE` transaction that waits on the busy timeout.
    /// Large files (4 MB and more) take a bulk path in that same transaction (`BulkReports`): the report
    /// trigger is dropped, rows inserted in batches sorted by task while the next batch is read, the
    /// touched tasks' states and the counts brought up to date in one pass, the trigger recreated.
    ///
    /// A report row that repeats a report stored before the import (same task, time, status,
    /// progress, note and author) is left out and counted in `alreadyStored`; with `allowRepeats` it
    /// is stored again, as a new report (`nq57 import --allow-repeats`).
    @discardableResult
    public func importFile(_ path: String, dryRun: Bool = false, allowRepeats: Bool = false, now: Timestamp) throws -> ImportSummary {
        try importFile(path, dryRun: dryRun, allowRepeats: allowRepeats, now: now, bulk: nil)
    }

    /// Validates (and unless `dryRun` inserts) every row of a report file.
    private static func importReports(_ db: Database, _ rows: ReportRows, format: ImportFileFormat, dryRun: Bool,
                                      allowRepeats: Bool, bulk: Bool, batchSize: Int, rebuildTaskIndexes: Bool?) throws -> ImportSummary {
        let stored = allowRepeats ? nil : try StoredReports(db)
        let known = rows.known
        ImportPhases.shared.mark("tasks-known")
        if dryRun {
            try rows.run { _, report, task in
                _ = try stored?.contains(report, task: known.keys[Int(task)], latest: known.latest(task))
            }
        } else if bulk {
            try BulkReports(db, rows, stored: stored, batchSize: batchSize, rebuildTaskIndexes: rebuildTaskIndexes).load()
        } else {
            // Row by row: the trigger folds each report into its task.
            try rows.run { _, report, task in
                guard rows.problems.isEmpty else { return }
                if try stored?.contains(report, task: known.keys[Int(task)], latest: known.latest(task)) == true { return }
                try Writing.insertReport(db, report)
            }
        }
        try rows.problems.throwIfAny(outcome: dryRun ? "dry run, nothing written" : "nothing was imported")
        let repeats = stored?.repeats ?? 0
        return ImportSummary(kind: .reports, format: format, rows: rows.valid - repeats, dryRun: dryRun, alreadyStored: repeats)
    }

    /// Throws what `importFile` would for a file that is missing, a directory or unreadable: for the
    /// command line to call before it opens (and waits for) the database.
    public static func requireInputFile(_ path: String) throws {
        _ = try ChunkedFile(path: path)
    }

    /// Throws `noDatabase` when no database file is at `path` (nothing is created), or the permission
    /// problem when this account may not reach or write it.
    public static func requireDatabase(_ path: String) throws {
        try SharedAccess.check(path, write: true)
        if !FileSystem.exists(path) { throw StoreError.noDatabase(path: path).error }
    }

    /// `bulk`: nil chooses by file size; true or false forces a path (tests), as `batchSize` sets the
    /// bulk path's batches and `rebuildTaskIndexes` how it brings the tasks' indexes up to date (nil:
    /// by the share of tasks changed).
    func importFile(_ path: String, dryRun: Bool, allowRepeats: Bool = false, now: Timestamp, bulk: Bool?,
                    batchSize: Int = BulkReports.batchSize, rebuildTaskIndexes: Bool? = nil) throws -> ImportSummary {
        ImportPhases.shared.mark("opened")
        let file = try ChunkedFile(path: path)
        guard var first = try file.next() else { throw StoreError.emptyFile(path: path).error }
        first.removeFirst(ByteOrderMark.length(first))
        if ReportFileFormat.looksBinary(first.prefix(8192)) {
            throw StoreError.binaryImport(path: path).error
        }
        guard let firstText = first.firstIndex(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }) else {
            if try file.next() == nil { throw StoreError.emptyFile(path: path).error }
            throw StoreError.leadingBlankSpace(path: path).error
        }
        let useBulk = bulk ?? (FileSystem.size(path) >= 4 << 20)
        var pending: [UInt8]? = first
        let next: () throws -> [UInt8]? = {
            if let p = pending { pending = nil; return p }
            return try file.next()
        }
        let isJSON = first[firstText] == UInt8(ascii: "{")
        let body = { (db: Database) throws -> ImportSummary in
            if isJSON {
                let rows = try ReportRows(db, name: path, now: now, source: .jsonLines(next))
                return try Self.importReports(db, rows, format: .jsonLines, dryRun: dryRun, allowRepeats: allowRepeats, bulk: useBulk, batchSize: batchSize, rebuildTaskIndexes: rebuildTaskIndexes)
            }
            var reader = CSVReader(next: next)
            guard let header = try reader.read() else { throw StoreError.emptyFile(path: path).error }
            if header.fields == ReportFileFormat.csvHeader {
                let rows = try ReportRows(db, name: path, now: now, source: .csv(reader))
                return try Self.importReports(db, rows, format: .csv, dryRun: dryRun, allowRepeats: allowRepeats, bulk: useBulk, batchSize: batchSize, rebuildTaskIndexes: rebuildTaskIndexes)
            }
            if header.fields == Self.tasksCSVHeader {
                let importer = try TaskImporter(db, name: path, write: !dryRun)
                try CSVRows.read(&reader, columns: header.fields.count, problem: importer.problem) { r in
                    try importer.add(line: r.line, fields: r.fields)
                }
                return try importer.finish()
            }
            if header.fields == InspectionFileFormat.csvHeader {
                let importer = try InspectionImporter(db, name: path, write: !dryRun, now: now)
                try CSVRows.read(&reader, columns: header.fields.count, problem: importer.problem) { r in
                    try importer.add(line: r.line, fields: r.fields)
                }
                let s = try importer.finish()
                return ImportSummary(kind: .inspections, format: .csv, rows: s.rows, dryRun: s.dryRun)
            }
            let found = header.problem.map { "a header that is not valid CSV (\($0.message))" }
                ?? Quoting.quoted(header.fields.joined(separator: ","))
            throw StoreError.importHeader(path: path, line: header.line, found: found).error
        }
        // The bulk path turns foreign keys off for its transaction: every row's task is checked
        // against the tasks read inside that same transaction.
        if dryRun { return try read(body) }
        guard useBulk else {
            defer { ImportPhases.shared.mark("committed") }
            return try write(foreignKeys: true, body)
        }
        // The checkpoint that the commit would run (SQLite checkpoints when the WAL passes 1,000
        // pages) is run right after it instead, the same PASSIVE one, so that the phases tell the
        // commit (dirty pages written to the WAL) from the checkpoint (copied into the file).
        try run { try queue.inDatabase { try $0.execute(sql: "PRAGMA wal_autocheckpoint = 0") } }
        defer { _ = try? run { try queue.inDatabase { try $0.execute(sql: "PRAGMA wal_autocheckpoint = 1000") } } }
        let summary = try write(foreignKeys: false, body)
        ImportPhases.shared.mark("committed")
        // Committed: whatever the checkpoint meets (another connection checkpointing), the import stands,
        // as it would with SQLite's own checkpoint at commit.
        _ = try? run { try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)") } }
        ImportPhases.shared.mark("checkpointed")
        return summary
    }
}

/// Validates and (unless dry) inserts tasks.
final class TaskImporter {
    let db: Database
    let write: Bool
    var problems: ProblemList
    private let validator: TaskValidator
    private var seen = Set<String>()
    private var rows = 0

    func problem(_ line: Int, _ message: String) { problems.add(line: line, message) }

    init(_ db: Database, name: String, write: Bool) throws {
        self.db = db
        self.write = write
        problems = ProblemList(name: name)
        validator = try Writing.taskValidator(db)
        try Writing.refuseDemo(db)
    }

    func add(line: Int, fields f: [String]) throws {
        let task: TaskRecord
        switch validator.task(fields: f) {
        case .failure(let p): problems.add(line: line, p.description); return
        case .success(let t): task = t
        }
        guard seen.insert(task.id).inserted else { problems.add(line: line, "task_id: \(Quoting.quoted(task.id)) appears twice in the file"); return }
        if try Writing.taskExists(db, task.id) { problems.add(line: line, StoreError.taskExists(id: task.id).message); return }
        rows += 1
        if write && problems.isEmpty { try Writing.insertTask(db, task, demo: false) }
    }

    func finish() throws -> ImportSummary {
        try problems.throwIfAny(outcome: write ? "nothing was imported" : "dry run, nothing written")
        return ImportSummary(kind: .tasks, format: .csv, rows: rows, dryRun: !write)
    }
}
