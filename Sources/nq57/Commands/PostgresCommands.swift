import ArgumentParser
import Foundation
import NQ57Core
import NQ57Postgres
import NQ57Store

/// The store a `--db` names: a SQLite file, or a PostgreSQL database (`postgresql://…`). Commands
/// ask here first; the SQLite path below each stays as it was.
enum StoreSelection {
    /// The PostgreSQL store when `db` is a URL, connected; nil for a SQLite path.
    static func postgres(_ db: String) throws -> PostgresStore? {
        PostgresStore.isURL(db) ? try PostgresStore(url: db) : nil
    }

    /// A store for reading, whichever `db` names.
    static func reading(_ db: String) throws -> any ReadableStore {
        try postgres(db) ?? SQLiteStore(path: db, access: .readOnly)
    }
}

/// What `snapshot` reads, on either store.
protocol ReadableStore: DashboardSource {
    func unit(code: String) throws -> AdminUnit?
}

extension SQLiteStore: ReadableStore {}
extension PostgresStore: ReadableStore {}

/// The PostgreSQL side of the commands that write or check.
enum PostgresCommands {
    static func initialize(_ store: PostgresStore, techGroups: String?) throws -> String {
        let s = try store.initialize(techGroupsFile: techGroups)
        return "\(store.server): \(s.createdSchema ? "created the nq57 schema" : "schema up to date"); \(s.units) units, \(s.metrics) figures in the reference data"
    }

    static func check(_ store: PostgresStore, rebuild: Bool) throws {
        if rebuild { try store.rebuild() }
        let problems = try store.verifyCounts()
        guard problems.isEmpty else {
            for p in problems.prefix(20) { Console.note(p) }
            throw CLIError.countsDiffer(path: store.server, count: problems.count)
        }
        print("\(store.server): maintained state and counts equal a full recount")
    }
}

struct CopyCommand: NQ57Subcommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a whole database between a SQLite file and PostgreSQL, then check the copy.",
        discussion: """
        nq57 copy --from nq57.sqlite --to postgresql://host/nq57 moves every unit, figure, task and \
        report, inspection and proposal (with its status history and its submitter's contact details) \
        into a PostgreSQL database that holds no tasks yet, in one transaction (all or nothing), then \
        recounts on the target as nq57 check does; --from postgresql://… --to FILE copies back into a \
        new SQLite file.
        """)

    @Option(help: ArgumentHelp("The database to copy: a SQLite file or postgresql://… URL.", valueName: "path-or-url")) var from: String
    @Option(help: ArgumentHelp("Where to copy it: a SQLite file or postgresql://… URL.", valueName: "path-or-url")) var to: String

    func execute() throws {
        let started = Date()
        switch (PostgresStore.isURL(from), PostgresStore.isURL(to)) {
        case (false, true):
            let target = try PostgresStore(url: to)
            let s = try PostgresCopy.sqliteToPostgres(from: from, to: target) {
                Console.note("nq57 copy: \(String(format: "%.1f", Date().timeIntervalSince(started))) s: \($0)…")
            }
            let copied = Date().timeIntervalSince(started)
            try PostgresCommands.check(target, rebuild: false)
            print("\(from) → \(target.server): \(s.units) units, \(s.metrics) figures, \(s.tasks) tasks, \(s.reports) reports, "
                + "\(s.inspections) inspections, \(s.proposals) proposals copied in \(String(format: "%.1f", copied)) s, checked in \(String(format: "%.1f", Date().timeIntervalSince(started) - copied)) s")
        case (true, false):
            let source = try PostgresStore(url: from)
            let s = try PostgresCopy.postgresToSQLite(from: source, to: to) {
                Console.note("nq57 copy: \(String(format: "%.1f", Date().timeIntervalSince(started))) s: \($0)…")
            }
            for left in s.leftBehind { Console.note("nq57 copy: left behind \(left)") }
            let copied = Date().timeIntervalSince(started)
            let target = try SQLiteStore(path: to, access: .readOnly)
            let problems = try target.verifyCounts(asOf: Console.now.vietnamDate)
            guard problems.isEmpty else {
                for p in problems.prefix(20) { Console.note(p) }
                throw CLIError.countsDiffer(path: to, count: problems.count)
            }
            print("\(source.server) → \(to): \(s.tasks) tasks, \(s.reports) reports, \(s.inspections) inspections, \(s.proposals) proposals copied in \(String(format: "%.1f", copied)) s, "
                + "checked in \(String(format: "%.1f", Date().timeIntervalSince(started) - copied)) s")
        default:
            throw NQ57Error(.usage, "copy goes between a SQLite file and a postgresql:// URL: --from and --to must be one of each")
        }
    }
}

extension PostgresCommands {
    static func line(_ r: Report) -> String {
        "report \(r.id): \(r.taskID) \(r.status.rawValue) \(r.progress)% at \(r.reportedAt.vietnamISO)"
    }

    /// `nq57 import` on PostgreSQL: every file kind SQLite's import takes, the same lines printed.
    static func importFile(_ store: PostgresStore, _ file: String, dryRun: Bool, allowRepeats: Bool) throws {
        let started = Date()
        if let head = FileHandle(forReadingAtPath: file)?.readData(ofLength: 65536), SQLiteStore.isProposalFile(Array(head)) {
            let (r, others) = try store.importProposals(file, dryRun: dryRun, now: Console.now)
            print(ImportCommand.proposalsLine(file, r))
            return noteAuthors(store, others)
        }
        let s = try store.importFile(file, dryRun: dryRun, allowRepeats: allowRepeats, now: Console.now)
        print(ImportCommand.line(file, s, seconds: Date().timeIntervalSince(started), allowRepeats: allowRepeats))
        noteAuthors(store, s.otherAuthors)
    }

    /// Rows whose author column named someone else were recorded as the login connected: said once.
    static func noteAuthors(_ store: PostgresStore, _ count: Int) {
        guard count > 0, let login = try? store.currentAccount().login else { return }
        Console.note("nq57: on PostgreSQL the author is the login connected: \(counted(count, "row")) naming another author recorded as \(login)")
    }

    /// The demo on PostgreSQL: generated by the SQLite store's own generator into a scratch file (one
    /// definition of the demo), then copied. The target must hold no tasks yet.
    static func demo(_ store: PostgresStore, scale: DemoScale, seed: UInt64, asOf: CivilDate?) throws {
        let dir = NSTemporaryDirectory() + "nq57-demo-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/demo.sqlite"
        let started = Date()
        try SQLiteStore.createDemo(at: path, scale: scale, seed: seed, asOf: asOf ?? Console.now.vietnamDate) { Console.note($0) }
        let s = try PostgresCopy.sqliteToPostgres(from: path, to: store) { Console.note("copy: \($0)…") }
        print("\(store.server): demo data (\(scale.rawValue), seed \(seed)): \(s.tasks) tasks, \(s.reports) reports in "
            + "\(String(format: "%.1f", Date().timeIntervalSince(started))) s, \(s.inspections) inspections, \(s.proposals) proposals (generated in SQLite and copied)")
    }
}

extension AccountRole: ExpressibleByArgument {}

extension PostgresCommands {
    /// The dashboard's first run on PostgreSQL: the schema and reference data when the database has
    /// none (no demo data: a server database is set up on purpose). An existing one is left as it is,
    /// so an account that may only read opens it.
    static func prepare(_ store: PostgresStore) throws {
        guard try !store.hasSchema() else { return }
        Console.note("nq57: \(store.server) has no nq57 schema; creating it with the reference data (nq57 copy or nq57 demo fill it)…")
        try store.initialize()
    }
}
