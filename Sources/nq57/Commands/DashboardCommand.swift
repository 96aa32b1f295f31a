import ArgumentParser
import Foundation
import NQ57App
import NQ57Core
import NQ57Render
import NQ57Store
import NQ57Terminal
import NQ57Themes

/// Options shared by `dashboard` and `watch`.
struct ScreenOptions: ParsableArguments {
    @Option(help: "vi or en (L switches while running; default: language in config.toml, else vi).") var lang: Language?
    @Option(help: ArgumentHelp("A theme from themes/ or $XDG_CONFIG_HOME/nq57/themes, a .toml path, or auto (t cycles; default: theme in config.toml, else auto: dark or light by the terminal's background).",
                               valueName: "name"))
    var theme: String?
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Judge states as of this day instead of today.", valueName: "date"))
    var asOf: CivilDate?
    @Option(help: ArgumentHelp("Cycle views every N seconds, for a wall screen: overview, provinces, technology groups, latest reports.",
                               valueName: "seconds"))
    var rotate: Int?
    @Flag(name: .customLong("no-mouse"), help: "Leave the mouse to the terminal, to select and copy text (m toggles it while running).")
    var noMouse = false
    @Flag(help: "Open at the national overview even for an account scoped to units (which opens at its unit).")
    var national = false

    var language: Language { lang ?? Settings.current.language ?? .vi }
    /// The theme chosen, or for `auto` (the default) the one for the terminal's background: asks the
    /// terminal, so call it once, before curses starts.
    func resolveThemeName() -> String {
        BackgroundProbe.themeName(chosen: theme ?? Settings.current.theme) { BackgroundProbe.detect() }
    }

    func validate() throws {
        if let rotate, rotate < 1 { throw ValidationError("--rotate must be at least 1 second, not \(rotate)") }
    }
}

struct DashboardCommand: NQ57Subcommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Open the interactive dashboard (the default command).",
        discussion: """
        On first run, when the default database does not exist yet, it is created with the reference data \
        and a small demo data set; a database named by --db, $NQ57_DB or config.toml must exist (nq57 init \
        or nq57 demo makes one). A database this account may read but not write opens read-only. With --live the dashboard follows changes made by any other process and \
        opens the database read-only unless --read-write is given. Press ? for the keys.
        """)

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var screen: ScreenOptions
    @Option(help: ArgumentHelp("Refresh every N seconds with no key pressed (1–3600).", valueName: "seconds"))
    var live: Int?
    @Flag(name: .customLong("read-only"), help: "Open the database read-only (SQLITE_OPEN_READONLY).") var readOnly = false
    @Flag(name: .customLong("read-write"), help: "With --live, open the database read-write anyway.") var readWrite = false

    func validate() throws {
        if let live, !LiveState.intervals.contains(live) { throw ValidationError("--live must be 1–3600 seconds, not \(live)") }
        if readOnly && readWrite { throw ValidationError("--read-only and --read-write cannot both be given") }
    }

    func execute() throws {
        // A reader of a shared database (an existing file this account may not write) browses read-only.
        let readOnlyMode = readOnly || (live != nil && !readWrite) || (!readWrite && SharedAccess.isReadOnlyForMe(db.resolved))
        try Dashboard.run(path: db.resolved, readOnly: readOnlyMode, live: live, screen: screen)
    }
}

struct WatchCommand: NQ57Subcommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Live refresh for operators: the dashboard, read-only, refreshing every N seconds (default 2).",
        discussion: """
        Over SSH: ssh -t host nq57 watch. p pauses, + and - change the interval. When the database cannot \
        be read, the last good data stays on screen under a "stale since" banner until it can again.
        """)

    @Argument(help: "Seconds between refreshes (1–3600; default: refresh in config.toml, else 2).") var seconds: Int?
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var screen: ScreenOptions
    @Flag(name: .customLong("read-write"), help: "Open the database read-write.") var readWrite = false

    func validate() throws {
        if let seconds, !LiveState.intervals.contains(seconds) { throw ValidationError("the interval must be 1–3600 seconds, not \(seconds)") }
    }

    func execute() throws {
        try Dashboard.run(path: db.resolved, readOnly: !readWrite, live: seconds ?? Settings.current.refresh ?? 2, screen: screen)
    }
}

enum Dashboard {
    static func run(path: String, readOnly: Bool, live: Int?, screen: ScreenOptions) throws {
        ProcessMemory.useOneArena()  // before the store and the effect worker start their threads
        if !readOnly { try prepare(path) }
        let library = ThemeLibrary()
        let themeName = screen.resolveThemeName()
        let postgres = try StoreSelection.postgres(path)
        let source: DashboardSource = try postgres ?? FollowingStore(path: path, access: readOnly ? .readOnly : .readWrite)
        let (account, opening) = try AccountOpening.dashboard(path, postgres: postgres, national: screen.national)
        let terminal = try CursesTerminal()
        defer { terminal.shutdown() }
        if let notice = terminal.fallbackNotice { Console.note("nq57: " + notice) }
        let size = terminal.size
        var model = DashboardModel(
            width: size.width, height: size.height, language: screen.language, now: Console.now, fixedAsOf: screen.asOf,
            live: live.map(LiveState.init), rotateEvery: screen.rotate,
            themes: library.availableNames(), theme: themeName)
        model.mouse = !screen.noMouse
        model.account = account?.badge
        if let opening { _ = model.openFound(opening) }
        if !Settings.current.warnings.isEmpty { model.notice = Settings.current.warnings.joined(separator: "; ") }
        let runtime = DashboardRuntime(model: model, source: source, terminal: terminal, clock: { Console.now }) { name in
            let load = library.theme(named: name)
            return (load.theme, load.warning)
        }
        let code = runtime.run()
        terminal.shutdown()
        if code != 0 { throw ExitCode(code) }
    }

    /// First run: the default database, when it does not exist yet, is created with the reference
    /// data and small demo data, so the dashboard opens on something (the README's quick start). A
    /// path given by --db, $NQ57_DB or config.toml is never created (issue 11 §11: only init and
    /// demo make a database elsewhere; a mistyped path is named, exit 66). An existing database is
    /// only brought up to date.
    static func prepare(_ path: String) throws {
        if let pg = try StoreSelection.postgres(path) { return try PostgresCommands.prepare(pg) }
        let isNew = !FileManager.default.fileExists(atPath: path)
        if isNew && path != SQLiteStore.defaultPath(environment: ProcessInfo.processInfo.environment) {
            throw StoreError.noDatabase(path: path).error
        }
        let store = try SQLiteStore.openInitialised(path, create: true)
        guard isNew else { return }
        Console.note("nq57: created \(path) with reference data; adding demo data (nq57 demo --scale national for the full-size picture)…")
        try store.generateDemo(scale: .small, seed: 57, asOf: Console.now.vietnamDate, progress: nil)
    }
}
