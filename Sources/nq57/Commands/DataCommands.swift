import ArgumentParser
import Foundation
import NQ57Core
import NQ57Postgres
import NQ57Render
import NQ57Store

struct InitCommand: NQ57Subcommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create or migrate the database and load the reference data.",
        discussion: """
        Loads the Steering Committee and the 17 central bodies, the 34 provinces and 3,321 communes, \
        the six highlight areas, the dated ecosystem figures and the 11 strategic technology groups of \
        Decision 1131/QĐ-TTg. Safe to run again: nothing already stored changes.

        With --group and --writers (both), sets the database up for a monitoring room: members of the \
        readers' group may watch, snapshot, export and check; only members of the writers' group (who \
        must be in both) may write. The database needs a directory of its own inside another of its \
        own, e.g. --db /srv/nq57/data/nq57.sqlite; see "A monitoring room" in the README.
        """)

    @OptionGroup var db: DatabaseOptions

    @Option(name: .customLong("tech-groups"), help: ArgumentHelp(
        "Replace the catalogue of technology groups with this CSV (id,name_vi,name_en,product_groups,verified).",
        valueName: "file"))
    var techGroups: String?

    @Option(name: .customLong("group"), help: ArgumentHelp("Share the database: this group may read it.", valueName: "readers"))
    var readers: String?
    @Option(name: .customLong("writers"), help: ArgumentHelp("With --group: this group may also write it.", valueName: "group"))
    var writers: String?

    func validate() throws {
        if (readers == nil) != (writers == nil) { throw ValidationError("--group and --writers go together") }
    }

    func execute() throws {
        if PostgresStore.isURL(db.resolved), readers != nil {
            throw NQ57Error(.usage, "--group and --writers share a SQLite file through file permissions; on PostgreSQL the server decides: nq57 account add LOGIN --role …")
        }
        if let pg = try StoreSelection.postgres(db.resolved) { return print(try PostgresCommands.initialize(pg, techGroups: techGroups)) }
        guard let readers, let writers else { return print(try initialize(db.resolved)) }
        let lines = try SharedSetup.run(path: db.resolved, readers: readers, writers: writers, initialize: initialize)
        lines.forEach { print($0) }
    }

    func initialize(_ path: String) throws -> String {
        let store = try SQLiteStore(path: path)
        // Replacing the catalogue is an admin's (the file's accounts are read once it is up to date).
        let first = techGroups == nil ? [] : try store.initialize().migrationsApplied
        if techGroups != nil { try SQLiteRoles.require(.changeReference, store, command: "init --tech-groups") }
        let s = try store.initialize(techGroupsFile: techGroups)
        let applied = first + s.migrationsApplied
        let migrations = applied.isEmpty ? "schema up to date" : "applied \(applied.joined(separator: ", "))"
        return "\(store.path): \(migrations); \(counted(s.centralUnits, "central unit")), \(counted(s.provinces, "province")), \(counted(s.communes, "commune")), "
            + "\(counted(s.techGroups, "technology group")) (\(s.catalogueSource)), \(counted(s.metrics, "figure"))"
    }
}

struct DemoCommand: NQ57Subcommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Fill the database with deterministic demo tasks and report history.",
        discussion: """
        Replaces earlier demo data, and refuses (exit 65, nothing changed) on a database that holds real \
        tasks or reports. The same seed gives the same data. Every screen marks demo data with a \
        DỮ LIỆU MẪU / DEMO DATA badge.
        """)

    @OptionGroup var db: DatabaseOptions

    @Option(help: "small (every unit, a few tasks), national (about 100,000 tasks, 5 million reports) or stress (ten times national).")
    var scale: DemoScale = .small

    @Option(help: "Seed of the generator.")
    var seed: UInt64 = 57

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The report history runs up to this day (YYYY-MM-DD).", valueName: "date"))
    var asOf: CivilDate?

    func execute() throws {
        if let pg = try StoreSelection.postgres(db.resolved) { return try PostgresCommands.demo(pg, scale: scale, seed: seed, asOf: asOf) }
        let path = db.resolved
        let started = Date()
        let s: DemoSummary
        var link = stat()
        if Console.isMissing(path), lstat(path, &link) != 0 {
            // A new database: built beside the path and put there when complete (much faster, and an
            // interrupted demo leaves no half-made file). A dangling symbolic link is written through,
            // in place, as before.
            s = try SQLiteStore.createDemo(at: path, scale: scale, seed: seed, asOf: asOf ?? Console.now.vietnamDate) { Console.note($0) }
        } else {
            let store = try SQLiteStore.openInitialised(path, create: true)
            try SQLiteRoles.require(.changeReference, store, command: "demo")
            s = try store.generateDemo(scale: scale, seed: seed, asOf: asOf ?? Console.now.vietnamDate) { Console.note($0) }
        }
        let seconds = Date().timeIntervalSince(started)
        print("\(path): demo data (\(s.scale.rawValue), seed \(s.seed), up to \(s.asOf)): \(counted(s.tasks, "task")), \(counted(s.reports, "report")) "
            + "in \(String(format: "%.1f", seconds)) s; provinces behind: \(s.provincesBehind.joined(separator: ", "))")
    }
}

struct ReportCommand: NQ57Subcommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Submit one report on a task.",
        discussion: """
        The report is checked before anything is stored: the task must exist, the status must be \
        not_started, in_progress or done, progress 0–100 (done is 100, not_started 0), the time ISO 8601 \
        and not in the future, the note at most 2,000 characters. Reports are never changed or deleted.
        """)

    @OptionGroup var db: DatabaseOptions
    @Option(help: "The task's id.") var task: String
    @Option(help: "not_started, in_progress or done.") var status: String
    @Option(help: "Percent done, 0–100 (default: 0 for not_started, 100 for done).") var progress: String?
    @Option(help: ArgumentHelp("When the report was made, ISO 8601 (default: now; without an offset, Vietnam's time).", valueName: "time"))
    var at: String?
    @Option(help: "A note, at most 2,000 characters.") var note: String = ""
    @Option(help: "Who reports (default: the operating-system login; on PostgreSQL always the login connected).") var by: String?

    func execute() throws {
        let pg = try StoreSelection.postgres(db.resolved)
        var fields = ReportFields(taskID: task, status: status, progress: progress ?? "", reportedAt: at ?? "", note: note, reportedBy: by ?? "")
        let now = Console.now
        // A report refused for its own fields, or made where there is no database, creates nothing.
        if case .failure(let problem) = ReportValidator(now: now, isKnownTask: { _ in true }).validate(fields) {
            throw StoreError.invalid(problem).error
        }
        if let pg {
            fields.reportedBy = try Author.resolve(by, postgres: pg)
            return print(PostgresCommands.line(try pg.report(fields, now: now)))
        }
        try SQLiteStore.requireDatabase(db.resolved)
        let store = try SQLiteStore.openInitialised(db.resolved)
        try SQLiteRoles.mayReport(store, taskID: task)
        fields.reportedBy = try Author.resolve(by, postgres: nil, sqlite: store)
        let r = try store.report(fields, now: now)
        print("report \(r.id): \(r.taskID) \(r.status.rawValue) \(r.progress)% at \(r.reportedAt.vietnamISO)")
    }
}

struct ImportCommand: NQ57Subcommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import reports (or tasks, proposals) from a CSV or JSON Lines file, all or nothing.",
        discussion: """
        Reports: CSV with the header task_id,status,progress,reported_at,note,reported_by (RFC 4180), or \
        JSON Lines with the same keys. Tasks: CSV with the header \
        task_id,title,plan,area,tech_group,level,unit_code,deadline. Proposals: CSV with the header \
        proposal_id,received_at,kind,submitter_kind,field,title,summary,name,address,phone,email,id_number, \
        their status changes with proposal_id,at,status,body_code,note,by, or JSON Lines with the same \
        keys. Every row is checked; one bad row \
        means nothing is written, and every bad row is listed with its line number. A report already \
        stored (same task, time, status, progress, note and author) is not stored again, so a file \
        imported twice, or one that overlaps, adds nothing twice; --allow-repeats stores such rows as \
        new reports.
        """)

    @Argument(help: "The file to import.") var file: String
    @OptionGroup var db: DatabaseOptions
    @Flag(name: .customLong("dry-run"), help: "Check every row and write nothing.") var dryRun = false
    @Flag(name: .customLong("allow-repeats"), help: "Store rows that repeat a stored report as new reports.") var allowRepeats = false

    func execute() throws {
        // A missing file, and a dry run, never wait for the write lock: the file is looked at first,
        // and a dry run only reads.
        try SQLiteStore.requireInputFile(file)
        if let pg = try StoreSelection.postgres(db.resolved) { return try PostgresCommands.importFile(pg, file, dryRun: dryRun, allowRepeats: allowRepeats) }
        let store = dryRun ? try SQLiteStore(path: db.resolved, access: .readOnly) : try SQLiteStore.openInitialised(db.resolved)
        if !dryRun { try SQLiteRoles.restrictImport(store) }
        let started = Date()
        // Proposals and their status changes (issue 13) have their own headers.
        if let head = FileHandle(forReadingAtPath: file)?.readData(ofLength: 65536), SQLiteStore.isProposalFile(Array(head)) {
            if !dryRun { try SQLiteRoles.require(.handleProposals, store, command: "import") }
            print(Self.proposalsLine(file, try store.importProposals(file, dryRun: dryRun, now: Console.now)))
            return
        }
        let s = try store.importFile(file, dryRun: dryRun, allowRepeats: allowRepeats, now: Console.now)
        print(Self.line(file, s, seconds: Date().timeIntervalSince(started), allowRepeats: allowRepeats))
    }

    /// What an import of proposals or status changes did, one line, the same on both stores.
    static func proposalsLine(_ file: String, _ r: ProposalImportSummary) -> String {
        "\(file): \(r.dryRun ? "would import" : "imported") \(counted(r.rows, r.statusChanges ? "status change" : "proposal")) (\(r.format.rawValue)); "
            + "\(r.duplicates) flagged as repeating an earlier proposal"
    }

    /// What an import did, one line, the same on both stores.
    static func line(_ file: String, _ s: ImportSummary, seconds: Double, allowRepeats: Bool) -> String {
        let verb = s.dryRun ? "would import" : "imported"
        let repeats = s.kind == .reports && !allowRepeats ? "; \(s.alreadyStored) already stored" : ""
        return "\(file): \(verb) \(counted(s.rows, String(s.kind.rawValue.dropLast()), s.kind.rawValue)) (\(s.format.rawValue)) in \(String(format: "%.2f", seconds)) s\(repeats)"
    }
}

struct ExportCommand: NQ57Subcommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write tasks, reports or figures to standard output as CSV or JSON Lines.",
        discussion: "An export of reports can be imported again as it is.")

    @OptionGroup var db: DatabaseOptions
    @Option(help: "tasks, reports, metrics or proposals.") var what: ExportKind
    @Flag(name: .customLong("with-contacts"), help: "With --what proposals: include the submitters' contact details (personal data, Decree 13/2023/NĐ-CP).")
    var withContacts = false
    @Option(help: "csv or json.") var format: ExportFormat = .csv
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Derived states as of this day.", valueName: "date"))
    var asOf: CivilDate?

    func execute() throws {
        let pg = try StoreSelection.postgres(db.resolved)
        let store = pg == nil ? try SQLiteStore(path: db.resolved, access: .readOnly) : nil
        // To a terminal, control characters are shown as the dashboard shows them (␛ for ESC): data
        // must not drive the terminal. To a file or pipe, the data goes out as stored.
        let out = BufferedOutput(neutraliseControls: TerminalSafe.standardOutputIsTerminal)
        if withContacts {
            guard what == .proposals else { throw NQ57Error(.usage, "--with-contacts goes with --what proposals only") }
            if let store { try SQLiteRoles.require(.readContacts, store, command: "export") }
            Console.note("exporting the submitters' contact details: personal data under Decree 13/2023/NĐ-CP; keep and share this file accordingly")
        }
        let day = asOf ?? Console.now.vietnamDate
        if let pg {
            try pg.export(what, format: format, asOf: day, withContacts: withContacts) { out.write($0) }
        } else if let store, withContacts {
            try store.exportProposals(format: format, asOf: day, withContacts: true) { out.write($0) }
        } else if let store {
            try store.export(what, format: format, asOf: day) { out.write($0) }
        }
        try out.finish()
    }
}

struct MetricCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metric",
        abstract: "Record ecosystem figures.",
        subcommands: [Set.self])

    struct Set: NQ57Subcommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a dated figure with its source (figures from different sources are kept side by side).")

        @Argument(help: "The figure's key, one of the figures' catalogue (st_enterprises, digital_enterprises…; README: adding a figure).")
        var key: String
        @Argument(help: "Its value.") var value: String
        @Option(name: .customLong("as-of"), help: ArgumentHelp("The day the figure describes.", valueName: "date"))
        var asOf: CivilDate
        @Option(help: "e.g. \"more than\".") var qualifier: String?
        @Option(help: "Where the figure comes from.") var source: String = Self.defaultSource
        @Option(name: .customLong("source-vi"), help: "Where the figure comes from, in Vietnamese (shown on Vietnamese screens).")
        var sourceVI: String?
        @OptionGroup var db: DatabaseOptions

        static let defaultSource = "entered with nq57 metric set"

        func execute() throws {
            // Core's rules (MetricValidator), checked here before the database is opened, and again by the
            // store. The key first: the value's message names it.
            guard let key = MetricValidator.key(key) else { throw StoreError.metricKey(key).error }
            guard let number = MetricValidator.value(value) else { throw CLIError.metricValue(key: key, value: value) }
            let sourceVI = sourceVI ?? (source == Self.defaultSource ? "nhập bằng nq57 metric set" : "")
            let metric = Metric(key: key, value: number, asOf: asOf, qualifier: qualifier, source: source, sourceVI: sourceVI)
            if let pg = try StoreSelection.postgres(db.resolved) {
                try pg.setMetric(metric)
            } else {
                let store = try SQLiteStore.openInitialised(db.resolved)
                try SQLiteRoles.require(.changeReference, store, command: "metric set")
                try store.setMetric(metric)
            }
            print(TerminalSafe.forStandardOutput("\(key) = \(value) as of \(asOf) (\(source))"))
        }
    }
}

struct CheckCommand: NQ57Subcommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Recount every task's state and every count from the report history and compare.",
        discussion: "Exits 0 when the maintained figures equal a full recount, 65 and lists the differences otherwise.")

    @OptionGroup var db: DatabaseOptions
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Compare as of this day.", valueName: "date"))
    var asOf: CivilDate?
    @Flag(help: "Rebuild the maintained state and counts from the history first.") var rebuild = false

    func execute() throws {
        if let pg = try StoreSelection.postgres(db.resolved) { return try PostgresCommands.check(pg, rebuild: rebuild) }
        if rebuild, Console.isMissing(db.resolved) { throw StoreError.noDatabase(path: db.resolved).error }
        let store = try SQLiteStore(path: db.resolved, access: rebuild ? .readWrite : .readOnly)
        if rebuild { try store.rebuild() }
        let problems = try store.verifyCounts(asOf: asOf ?? Console.now.vietnamDate) + store.verifyProposals()
        guard problems.isEmpty else {
            for p in problems.prefix(20) { Console.note(p) }
            throw CLIError.countsDiffer(path: store.path, count: problems.count)
        }
        print("\(store.path): maintained state and counts equal a full recount")
    }
}

/// Standard output through a buffer: exports write millions of short strings.
/// Standard output in 64 KB writes. The first failed write is kept and thrown by `finish`; nothing
/// is written after it.
final class BufferedOutput {
    private var buffer: [UInt8] = []
    private var failure: Int32 = 0
    private let neutraliseControls: Bool

    init(neutraliseControls: Bool = false) {
        self.neutraliseControls = neutraliseControls
    }

    func write(_ s: String) {
        guard failure == 0 else { return }
        buffer.append(contentsOf: (neutraliseControls ? TerminalSafe.text(s) : s).utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    private func flush() {
        if failure == 0 { failure = Console.writeAll(STDOUT_FILENO, buffer) }
        buffer.removeAll(keepingCapacity: true)
    }

    func finish() throws(CLIError) {
        flush()
        if failure != 0 { throw .standardOutput(errno: failure) }
    }
}

/// Text for a terminal, made harmless as the dashboard makes it (`Text.clean`: ESC shows as ␛, C1 and
/// bidirectional controls as �), line by line so that the lines stay lines.
enum TerminalSafe {
    static func text(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { Text.clean(String($0)) }.joined(separator: "\n")
    }

    static var standardOutputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// `s` as it may go to standard output: made harmless when that is a terminal, as given otherwise.
    static func forStandardOutput(_ s: String) -> String { standardOutputIsTerminal ? text(s) : s }
}
