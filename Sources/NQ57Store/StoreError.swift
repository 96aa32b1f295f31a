import NQ57Core

/// Everything the store refuses or fails at, one case each; thrown as `NQ57Error(reason)` (see
/// `ErrorReason.error`), so the command line prints `message` and exits by `kind`, and tests match on
/// the case instead of the text.
public enum StoreError: ErrorReason, Hashable {
    // The database file
    case noDatabase(path: String)
    case fileMissing(path: String)
    case fileReplaced(path: String)
    case databaseIsDirectory(path: String)
    case cannotCreateDirectory(path: String, reason: String)
    case cannotCreateDatabase(path: String, reason: String)
    case readOnly(path: String)
    case newerSchema(path: String)
    case notInitialised(path: String)
    /// A SQLite error, by what the user can do about it.
    case sqlite(path: String, SQLiteFailure, message: String)
    case tasksChangedWhileImporting

    // Input files
    case cannotOpenFile(path: String, missing: Bool)
    case cannotReadFile(path: String, reason: String)
    case inputIsDirectory(path: String)
    case noSuchFile(path: String)
    case cannotOpenInput(path: String, reason: String)
    case cannotReadInput(path: String, reason: String)
    case emptyFile(path: String)
    case binaryImport(path: String)
    case binaryCatalogue(path: String)
    case leadingBlankSpace(path: String)
    /// A header that is neither reports nor tasks; `found` is quoted or describes the problem.
    case importHeader(path: String, line: Int, found: String)
    case catalogueHeader(path: String, found: String)
    /// Bad rows of an input file: the first few listed (`file:line: message`), the count, the outcome.
    case badRows(path: String, count: Int, listed: [String], outcome: String)
    case emptyCatalogue(path: String)
    case catalogueLacksGroups(path: String, groups: [Int])

    // Writes
    case invalid(FieldProblem)
    case noTask(id: String)
    case taskExists(id: String)
    case demoDatabase
    case demoRefused(path: String, holds: String)
    case orphanReports(count: Int, task: String)
    case noTasksToReport(path: String)
    case metricKey(String)
    case metricValue(Double)
    /// A figure key the figures' catalogue (`metric_catalogue`) does not hold, with the keys it does.
    case unknownMetric(key: String, known: [String])

    // Reference data shipped with nq57
    case referenceNotFound(bundle: String)
    case referenceFile(String)

    public enum SQLiteFailure: Sendable, Hashable {
        case constraint, notADatabase, locked, cannotWrite, cannotOpen, other
    }

    public var kind: NQ57Error.Kind {
        switch self {
        case .sqlite(_, .constraint, _): .badData
        case .cannotOpenFile(_, let missing): missing ? .missingInput : .io
        case .inputIsDirectory, .noSuchFile, .cannotOpenInput, .noDatabase: .missingInput
        case .emptyFile, .binaryImport, .binaryCatalogue, .leadingBlankSpace, .importHeader, .catalogueHeader, .badRows,
             .emptyCatalogue, .catalogueLacksGroups, .invalid, .noTask, .taskExists, .demoDatabase, .demoRefused,
             .orphanReports, .noTasksToReport, .metricKey, .metricValue, .unknownMetric:
            .badData
        default: .io
        }
    }

    public var message: String {
        switch self {
        case .noDatabase(let p): "\(p): no database here; run nq57 init"
        case .fileMissing(let p): "\(p): the database file is missing"
        case .fileReplaced(let p): "\(p): the database file was replaced"
        case .databaseIsDirectory(let p): "\(p): is a directory, not a database file"
        case .cannotCreateDirectory(let p, let r): "\(p): cannot create the directory: \(r)"
        case .cannotCreateDatabase(let p, let r): "\(p): cannot create the database: \(r)"
        case .readOnly(let p): "\(p): opened read-only"
        case .newerSchema(let p): "\(p): the database was made by a newer nq57"
        case .notInitialised(let p): "\(p): the database is not initialised or not up to date; run nq57 init"
        case .sqlite(let p, let failure, let m):
            switch failure {
            case .constraint, .other: "\(p): \(m)"
            case .notADatabase: "\(p): not an nq57 database (\(m))"
            case .locked: "\(p): the database stayed locked past the busy timeout (\(m))"
            case .cannotWrite: "\(p): cannot write (\(m))"
            case .cannotOpen: "\(p): cannot open the database (\(m))"
            }
        case .tasksChangedWhileImporting: "the tasks changed while importing"
        case .cannotOpenFile(let p, _): "\(p): cannot open the file"
        case .cannotReadFile(let p, let r): "\(p): cannot read the file: \(r)"
        case .inputIsDirectory(let p): "\(p): is a directory, not a file"
        case .noSuchFile(let p): "\(p): no such file"
        case .cannotOpenInput(let p, let r): "\(p): cannot open: \(r)"
        case .cannotReadInput(let p, let r): "\(p): cannot read: \(r)"
        case .emptyFile(let p): "\(p): the file is empty"
        case .binaryImport(let p): "\(p): looks like a binary file (NUL or control bytes), not CSV or JSON Lines"
        case .binaryCatalogue(let p): "\(p): looks like a binary file, not CSV"
        case .leadingBlankSpace(let p): "\(p): the file starts with more than 1 MB of blank space"
        case .importHeader(let p, let line, let found):
            "\(p):\(line): the header is \(found); expected \(ReportFileFormat.csvHeader.joined(separator: ",")) for reports or \(SQLiteStore.tasksCSVHeader.joined(separator: ",")) for tasks"
        case .catalogueHeader(let p, let found): "\(p):1: the header is \(found); expected \(Catalogue.header.joined(separator: ","))"
        case .badRows(let p, let count, let listed, let outcome):
            Self.badRowsText(path: p, count: count, listed: listed, outcome: outcome)
        case .emptyCatalogue(let p): "\(p): the catalogue has no groups"
        case .catalogueLacksGroups(let p, let groups):
            "\(p): tasks use technology group\(groups.count == 1 ? "" : "s") \(groups.map(String.init).joined(separator: ", ")), which the new catalogue lacks; nothing changed"
        case .invalid(let problem): problem.description
        case .noTask(let id): "task_id: no task \(Quoting.quoted(id))"
        case .taskExists(let id): "task_id: task \(Quoting.quoted(id)) already exists"
        case .demoDatabase: "this database holds demo data (nq57 demo); put real tasks in another database (--db)"
        case .demoRefused(let p, let holds):
            "\(p): the database holds \(holds) that nq57 demo did not make; demo data would replace them, so it goes in a fresh database (--db PATH); nothing changed"
        case .orphanReports(let lost, let task):
            "\(lost) report\(lost == 1 ? "" : "s") name no task (task_id \(Quoting.quoted(task))); add the missing tasks with sqlite3, then run nq57 init again"
        case .noTasksToReport(let p): "\(p): no tasks to report on; run nq57 demo"
        case .metricKey(let key): "metric key \(Quoting.quoted(key)) \(MetricValidator.keyRule)"
        case .metricValue(let v): "value: \(v) is not a finite number below 10^15 in size"
        case .unknownMetric(let key, let known):
            "metric key \(Quoting.quoted(key)) is not in the figures' catalogue; known keys: \(known.joined(separator: ", ")) (README: adding a figure to the catalogue)"
        case .referenceNotFound(let bundle): "reference data not found: no \(bundle) beside the executable; reinstall nq57 with its resources"
        case .referenceFile(let m): m
        }
    }

    private static func badRowsText(path: String, count: Int, listed: [String], outcome: String) -> String {
        var text = listed.joined(separator: "\n")
        let more = count - listed.count
        if more > 0 { text += "\n… and \(more) more bad row\(more == 1 ? "" : "s")" }
        return text + "\n\(path): \(count) bad row\(count == 1 ? "" : "s"); \(outcome)"
    }
}
