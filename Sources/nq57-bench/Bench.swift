import ArgumentParser
import Foundation
import GRDB
import NQ57App
import NQ57Core
import NQ57Render
import NQ57Store

/// The benchmark, an executable of its own so that none of its pseudo-terminal and process code is
/// in the product binary. It measures the `nq57` executable beside it (or `--nq57`).
@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nq57-bench",
        abstract: "Measure the figures of BENCHMARKS.md on a demo database of the given scale.",
        discussion: """
        Makes the database with `nq57 demo --scale SCALE --seed 57` when it does not exist yet (in \
        bench-out/ by default). Prints a Markdown report: overview refresh, drill-downs, a filter \
        keystroke, cold start, peak memory, import throughput, bytes per live tick and idle CPU, and \
        the ad-hoc SQL a user would otherwise run, side by side. Use a release build: \
        make bench SCALE=national (the release build of make release, then this command).
        """)

    @Option(help: "small, national or stress.") var scale: DemoScale = .national
    @Option(name: .customLong("db"), help: ArgumentHelp("The demo database (default: bench-out/SCALE.sqlite).", valueName: "path"))
    var path: String?
    @Option(name: .customLong("nq57"), help: ArgumentHelp("The nq57 executable to measure (default: the one beside nq57-bench).",
                                                          valueName: "path"))
    var executable: String?
    @Option(help: "Timed runs of each in-process figure.") var iterations = 200
    @Option(name: .customLong("cold-starts"), help: "Timed cold starts.") var coldStarts = 10
    @Option(name: .customLong("import-rows"), help: "Rows of the import measurement (default: 1,000,000; 20,000 at small scale).")
    var importRows: Int?
    @Option(name: .customLong("live-seconds"), help: "Seconds of idle live mode to measure CPU over.") var liveSeconds = 60
    @Flag(name: .customLong("skip-import"), help: "Leave out the import measurement.") var skipImport = false
    @Flag(name: .customLong("skip-sql"), help: "Leave out the ad-hoc SQL in sqlite3 (about a minute at national scale).")
    var skipSQL = false
    @Option(help: ArgumentHelp("Scales to run one after the other, with a table of all of them at the end (e.g. small,national,stress).",
                               valueName: "list"))
    var scales: String?
    @Option(help: "Runs at each scale; the table of all scales gives the median of the runs.") var runs = 1
    @Flag(name: .customLong("refresh-only"), help: "Measure the overview refresh (figure 1) and nothing else.")
    var refreshOnly = false
    @Option(name: .customLong("postgres"), help: ArgumentHelp(
        "Also measure on this PostgreSQL server, beside SQLite: the bench creates a database of its own there, fills it with `nq57 copy` and drops it.",
        valueName: "url"))
    var postgres: String?

    func run() throws {
        do {
            if let postgres { try PostgresBench.requireURL(postgres) }
            let list = try (scales?.split(separator: ",").map { s in
                guard let v = DemoScale(rawValue: String(s)) else { throw NQ57Error(.usage, "nq57-bench: unknown scale \(s)") }
                return v
            }) ?? [scale]
            var all: [(DemoScale, [[String: Double]])] = []
            for sc in list {
                var bench = try Bench(scale: sc, path: (list.count == 1 ? path : nil) ?? "bench-out/\(sc.rawValue).sqlite", executable: executable,
                                      iterations: iterations, coldStarts: coldStarts,
                                      importRows: importRows ?? (sc == .small ? 20_000 : 1_000_000),
                                      liveSeconds: liveSeconds, skipImport: skipImport, skipSQL: skipSQL, postgres: postgres)
                var results: [[String: Double]] = []
                for i in 0..<max(1, runs) {
                    if runs > 1 { Bench.note("\(sc.rawValue): run \(i + 1) of \(runs)") }
                    bench.skipCheck = i > 0
                    bench.refreshOnly = refreshOnly
                    let (markdown, figures) = try bench.run()
                    print(markdown)
                    results.append(figures)
                }
                all.append((sc, results))
            }
            if all.count > 1 || runs > 1 { print(ScaleTable.markdown(all)) }
        } catch let error as NQ57Error {
            FileHandle.standardError.write(Data(("nq57-bench: " + error.message + "\n").utf8))
            throw ExitCode(error.exitCode)
        }
    }
}

extension DemoScale: ExpressibleByArgument {}

/// The measurements of `nq57-bench`, in the order of issue 5's list.
struct Bench {
    let scale: DemoScale
    let path: String
    let iterations: Int
    let coldStarts: Int
    let importRows: Int
    let liveSeconds: Int
    let skipImport: Bool
    let skipSQL: Bool
    /// A PostgreSQL server to measure on beside SQLite (`PostgresBench`), or nil.
    let postgres: String?
    /// Leave out `nq57 check` after the import (later runs of a scale: a full recount takes minutes at stress).
    var skipCheck = false
    /// Measure figure 1 only (`--refresh-only`).
    var refreshOnly = false
    let executable: String

    init(scale: DemoScale, path: String, executable: String?, iterations: Int, coldStarts: Int, importRows: Int,
         liveSeconds: Int, skipImport: Bool, skipSQL: Bool, postgres: String? = nil) throws {
        self.scale = scale
        self.path = path
        self.iterations = max(1, iterations)
        self.coldStarts = max(1, coldStarts)
        self.importRows = importRows
        self.liveSeconds = max(2, liveSeconds)
        self.skipImport = skipImport
        self.skipSQL = skipSQL
        self.postgres = postgres
        let beside = Bundle.main.executablePath.map { URL(fileURLWithPath: $0).deletingLastPathComponent().appendingPathComponent("nq57").path }
        guard let exe = executable ?? beside, FileManager.default.isExecutableFile(atPath: exe) else {
            throw NQ57Error(.io, "cannot find the nq57 executable \(executable ?? beside ?? ""); give it with --nq57")
        }
        self.executable = exe
    }

    static func note(_ s: String) { FileHandle.standardError.write(Data(("bench: " + s + "\n").utf8)) }

    /// This thread's CPU time (user + system), in nanoseconds.
    static func threadCPU() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

    static var now: Timestamp { Timestamp(seconds: Int64(Date().timeIntervalSince1970)) }

    func run() throws -> (markdown: String, figures: [String: Double]) {
        try prepareDatabase()
        let store = try SQLiteStore(path: path, access: .readOnly)
        let asOf = Self.now.vietnamDate
        let size = try store.size()
        var rows: [(String, String, String)] = []  // figure, measured, target
        var figures: [String: Double] = ["tasks": Double(size.tasks), "reports": Double(size.reports)]
        func row(_ name: String, _ s: Samples, target: String) {
            rows.append((name, "median \(format(s.median)) ms · p99 \(format(s.p99)) · min \(format(s.min)) · max \(format(s.max))", target))
            let key = String(name.prefix { $0 != " " })
            figures[key] = s.median
            figures[key + " p99"] = s.p99
        }
        let targets = scale == .stress
            ? (overview: "≤ 16 ms", drill: "≤ 16 ms", cold: "≤ 300 ms", rss: "≤ 60 MB")
            : (overview: "≤ 5 ms", drill: "≤ 16 ms", cold: "≤ 150 ms", rss: "≤ 30 MB")

        // 1. Overview refresh: every query, layout and rendering into the cell grid. A live dashboard
        // refreshes because something changed: between refreshes (untimed) another connection commits
        // one report through the `reports` view, so the report and task parts are read again and the
        // parts over unchanged tables (proposals, catalogue) are those the store keeps. 1h–1i: the
        // same with nothing kept, every part read (the cost of a refresh after a proposal or
        // catalogue change, and of the first one).
        Self.note("overview refresh × \(iterations), one report committed by another connection before each")
        let reporter = try OtherWriter(path: path)
        let refresh = try overviewRefresh(store, asOf: asOf) { try reporter.commitOneReport() }
        let (overviewTimes, parts, cpu, loaded) = (refresh.times, refresh.parts, refresh.cpu, refresh.loaded)
        row("1. overview refresh after one new report (queries + update + layout + render + freeing, 120×40)", overviewTimes, target: targets.overview)
        row("1a. of which the queries", parts.queries, target: "")
        row("1b. of which the update of the dashboard's state", parts.update, target: "")
        row("1c. of which layout + render into the cell grid", parts.render, target: "")
        row("1d. of which freeing the frame and the previous state", parts.freeing, target: "")
        let accounted = parts.queries.median + parts.update.median + parts.render.median + parts.freeing.median
        figures["1e."] = accounted
        rows.append(("1e. sum of the parts' medians (the rest is the timer and the loop)",
                     String(format: "%@ ms = %.0f%% of the refresh's median", format(accounted), accounted / overviewTimes.median * 100), ""))
        row("1f. CPU time of the refresh (this thread's, whatever the load)", cpu.whole, target: "")
        rows.append(("1g. its parts' CPU medians: queries / update / layout + render / freeing",
                     "\(format(cpu.queries.median)) / \(format(cpu.update.median)) / \(format(cpu.render.median)) / \(format(cpu.freeing.median)) ms", ""))
        Self.note("overview refresh × \(iterations), every part read (nothing kept)")
        let full = try overviewRefresh(store, asOf: asOf) {
            try reporter.commitOneReport()
            store.forgetOverviewParts()
        }
        row("1h. overview refresh reading every part (nothing kept: the first refresh, or one after a proposal or catalogue change)", full.times, target: "")
        row("1i. CPU time of that refresh", full.cpu.whole, target: "")
        rows.append(("1j. its parts' CPU medians: queries / update / layout + render / freeing",
                     "\(format(full.cpu.queries.median)) / \(format(full.cpu.update.median)) / \(format(full.cpu.render.median)) / \(format(full.cpu.freeing.median)) ms", ""))
        rows.append(("1k. reports committed by the other connection during 1 and 1h", "\(reporter.committed)", ""))
        let overview = try require(loaded.overview)
        if refreshOnly { return (report(rows, size: size), figures) }

        // 2. Drill-downs: the province with the most tasks, the commune with the most tasks.
        Self.note("drill-downs × \(iterations)")
        let largest = try require(overview.provinces.max { $0.counts.total < $1.counts.total })
        row("2a. drill into the largest province (\(largest.unit.name), \(largest.counts.total) tasks)",
            try provinceDrill(store, loaded: loaded, province: largest, asOf: asOf), target: targets.drill)
        let communes = try store.units(.level(.commune), asOf: asOf)
        let busiest = try require(communes.max { $0.counts.total < $1.counts.total })
        row("2b. drill into the commune with the most tasks (\(busiest.unit.name), \(busiest.counts.total) tasks)",
            try communeDrill(store, loaded: loaded, commune: busiest, asOf: asOf), target: targets.drill)

        // 3. One keystroke of `/` over the 3,321 communes.
        Self.note("filter keystrokes × \(iterations)")
        var filtering = loaded
        filtering.panes[.levels]!.selected = 2
        _ = filtering.update(.key(.enter))
        _ = filtering.update(.frameLoaded(depth: 0, screen: .units(.level(.commune)), .success(.units(communes))))
        _ = filtering.update(.key(.char("/")))
        let typed = Array("xa phuong tan")
        var keystroke = 0
        var typing = filtering
        let filterTimes = Samples.measure(iterations) {
            if keystroke % typed.count == 0 { typing = filtering }
            _ = typing.update(.key(.char(typed[keystroke % typed.count])))
            _ = DashboardView.render(typing)
            keystroke += 1
        }
        row("3. one `/` keystroke over \(communes.count) communes (filter + render)", filterTimes, target: "≤ 16 ms")

        // 4. Cold start to the first complete frame, process start included.
        Self.note("cold starts × \(coldStarts)")
        row("4. cold start to the first frame (process start included)", try coldStart(db: path), target: targets.cold)

        // 5. Peak memory of a dashboard taken through its heaviest screens.
        Self.note("peak memory of a browsing session")
        let rss = try peakMemoryOfABrowsingSession()
        figures["5."] = rss
        rows.append(("5. peak resident memory of the dashboard (overview, all communes, filter, a province, a task; its binary read from disk)", String(format: "%.1f MB", rss), targets.rss))

        // 6. Import, and 7–8 on the imported copy (a demo database must stay free of real reports).
        let copy = path + ".live.sqlite"
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) } }
        let csv = skipImport ? nil : try sampleCSV(for: copy)
        defer { if let csv { try? FileManager.default.removeItem(atPath: csv) } }
        if let csv {
            Self.note("import of \(importRows) rows")
            let rate = try importThroughput(into: copy, csv: csv)
            figures["6."] = rate.rowsPerSecond
            figures["6. CPU"] = rate.cpu
            figures["6c."] = rate.checkSeconds
            for (i, a) in rate.anchors.enumerated() { figures["6b.\(i)"] = Double(importRows) / a.seconds }
            rows.append(("6. import of a \(importRows)-row CSV, every row validated (the `nq57 import` process)",
                         String(format: "%.0f rows/s (%.2f s wall, %.2f s CPU)", rate.rowsPerSecond, rate.seconds, rate.cpu),
                         "≥ 500,000 rows/s"))
            rows.append(("6a. of which (phases of the import, wall / CPU s)", rate.phases, ""))
            for a in rate.anchors {
                rows.append(("6b. raw SQLite, same rows into the same file's `report_log`, \(a.name) (insert only, rolled back)",
                             String(format: "%.0f rows/s (%.2f s wall, %.2f s CPU)", Double(importRows) / a.seconds, a.seconds, a.cpu), ""))
            }
            rows.append(("6c. `nq57 check` after the import (maintained state and counts equal a full recount)",
                         rate.check, "passes"))
        }
        Self.note("live mode: bytes per tick and idle CPU over \(liveSeconds) s")
        let writer = try SQLiteStore(path: copy)
        let task = try require(try writer.tasks(.unit(try require(communes.first).unit.code), asOf: asOf, limit: 1).rows.first).task.id
        let live = try liveCost(on: copy) { i in
            try writer.append(ReportInput(taskID: task, status: .inProgress, progress: 10 + i, reportedAt: Self.now, note: "bench", reportedBy: "bench"))
        }
        figures["7a."] = live.idleBytesPerTick
        figures["7b."] = live.bytesForOneReport
        figures["8."] = live.idleCPUPercent
        rows.append(("7a. bytes written per live tick, nothing changed", String(format: "%.0f B", live.idleBytesPerTick), "≤ 100 B"))
        rows.append(("7b. bytes written for one new report", String(format: "%.0f B", live.bytesForOneReport), "≤ 2 KB"))
        rows.append(("8. CPU of `watch 1` over \(liveSeconds) s with nothing changing", String(format: "%.2f%% of a core", live.idleCPUPercent), "≤ 0.2%"))

        // The ad-hoc SQL a user would otherwise run, side by side.
        if !skipSQL {
            for query in AdhocQuery.allCases {
                Self.note("ad-hoc SQL in sqlite3: \(query.rawValue)")
                var line = ("ad-hoc SQL in `sqlite3`, \(query.description)", "sqlite3 not found", "")
                if let adhoc = try adhocSQL(query) {
                    line.1 = String(format: "median %.0f ms (%d runs) = %.0f× the overview refresh",
                                    adhoc.median, adhoc.values.count, adhoc.median / overviewTimes.median)
                }
                rows.append(line)
            }
        }

        var out = report(rows, size: size)
        if let postgres {
            out += "\n" + (try PostgresBench(bench: self, server: postgres).run(sqlite: figures, csv: csv, asOf: asOf, province: largest, commune: busiest))
        }
        return (out, figures)
    }

    /// The Markdown table of `rows` under a heading naming the database.
    func report(_ rows: [(String, String, String)], size: (tasks: Int, reports: Int)) -> String {
        var out = "### `nq57-bench --scale \(scale.rawValue)` — \(Self.now.vietnamDate)\n\n"
        out += "Database: `\(path)`, \(NumberFormat(.en).integer(size.tasks)) tasks, \(NumberFormat(.en).integer(size.reports)) reports. "
        out += "Machine: \(Self.machine()).\n\n"
        out += "| figure | measured | target |\n|---|---|---|\n"
        for (name, value, target) in rows { out += "| \(name) | \(value) | \(target) |\n" }
        return out
    }

    /// The overview refresh `iterations` times on `store`: the whole, and its parts timed inside the
    /// same runs (the queries, the update of the dashboard's state, layout + render into the cell
    /// grid, freeing the frame and the previous state as the runtime does when the next one replaces it).
    struct Refresh {
        var times: Samples
        var parts = (queries: Samples(), update: Samples(), render: Samples(), freeing: Samples())
        /// The same parts in this thread's CPU time: what the refresh costs whatever else the machine
        /// runs (the wall-clock figures include other processes' time slices on a loaded machine).
        var cpu = (whole: Samples(), queries: Samples(), update: Samples(), render: Samples(), freeing: Samples())
        var loaded: DashboardModel
    }

    /// What a thread's iteration cost besides CPU time: page faults, the process's read calls (SQLite's
    /// pread64 of pages its cache does not hold), and the times the scheduler took the CPU away.
    struct Usage { var minflt = 0, majflt = 0, reads = 0, nivcsw = 0 }

    static func threadUsage() -> Usage {
        var u = rusage()
        getrusage(__rusage_who_t(1), &u)  // RUSAGE_THREAD (not imported: _GNU_SOURCE)
        // /proc/self/io counts every read-like call of the process (pread64 among them); its own read
        // adds the same one or two calls to every iteration.
        let io = (try? String(contentsOfFile: "/proc/self/io", encoding: .utf8)) ?? ""
        let reads = io.split(separator: "\n").first { $0.hasPrefix("syscr:") }.flatMap { Int($0.dropFirst(6).trimmingCharacters(in: .whitespaces)) } ?? 0
        return Usage(minflt: u.ru_minflt, majflt: u.ru_majflt, reads: reads, nivcsw: u.ru_nivcsw)
    }

    /// NQ57_BENCH_ITERATIONS=FILE: one line per timed overview refresh (wall ms, CPU ms, the CPU of
    /// queries / update / render / freeing, minor and major faults, read calls, involuntary switches),
    /// to find what the slow ones (the p99) do.
    private static func iterationLog() -> FileHandle? {
        guard let path = ProcessInfo.processInfo.environment["NQ57_BENCH_ITERATIONS"],
              FileManager.default.createFile(atPath: path, contents: nil) else { return nil }
        return FileHandle(forWritingAtPath: path)
    }

    /// `between` runs before each refresh, untimed (another connection's write).
    func overviewRefresh(_ store: any DashboardSource, asOf: CivilDate, between: (() throws -> Void)? = nil) throws -> Refresh {
        let base = DashboardModel(width: 120, height: 40, now: Self.now)
        var r = Refresh(times: Samples(), loaded: base)
        var run = 0  // the parts are kept for the timed runs only, as the whole is (not the warm-up runs)
        let iterationLog = Self.iterationLog()
        var lines: [String] = []
        defer {
            iterationLog?.write(Data(lines.joined().utf8))
            try? iterationLog?.close()
        }
        r.times = try Samples.measure(iterations, untimed: between) {
            var m = base
            let usage = iterationLog == nil ? Usage() : Self.threadUsage()
            let c0 = Self.threadCPU()
            let t0 = DispatchTime.now().uptimeNanoseconds
            let data = try store.overview(asOf: asOf, latest: DashboardRuntime.latestReports)
            let t1 = DispatchTime.now().uptimeNanoseconds
            let c1 = Self.threadCPU()
            _ = m.update(.overviewLoaded(.success(data)))
            let t2 = DispatchTime.now().uptimeNanoseconds
            let c2 = Self.threadCPU()
            var frame: Buffer? = DashboardView.render(m)
            let t3 = DispatchTime.now().uptimeNanoseconds
            let c3 = Self.threadCPU()
            frame = nil
            r.loaded = m
            let t4 = DispatchTime.now().uptimeNanoseconds
            let c4 = Self.threadCPU()
            _ = frame
            run += 1
            if run > Samples.warmupRuns {
                if iterationLog != nil {
                    let u = Self.threadUsage()
                    lines.append(String(format: "%.3f %.3f %.3f %.3f %.3f %.3f %ld %ld %ld %ld\n", Double(t4 - t0) / 1e6, Double(c4 - c0) / 1e6,
                                     Double(c1 - c0) / 1e6, Double(c2 - c1) / 1e6, Double(c3 - c2) / 1e6, Double(c4 - c3) / 1e6,
                                     u.minflt - usage.minflt, u.majflt - usage.majflt, u.reads - usage.reads, u.nivcsw - usage.nivcsw))
                }
                r.parts.queries.add(Double(t1 - t0) / 1e6)
                r.parts.update.add(Double(t2 - t1) / 1e6)
                r.parts.render.add(Double(t3 - t2) / 1e6)
                r.parts.freeing.add(Double(t4 - t3) / 1e6)
                r.cpu.whole.add(Double(c4 - c0) / 1e6)
                r.cpu.queries.add(Double(c1 - c0) / 1e6)
                r.cpu.update.add(Double(c2 - c1) / 1e6)
                r.cpu.render.add(Double(c3 - c2) / 1e6)
                r.cpu.freeing.add(Double(c4 - c3) / 1e6)
            }
        }
        return r
    }

    /// Entering a province's communes from the loaded overview: the read and the render.
    func provinceDrill(_ store: any DashboardSource, loaded: DashboardModel, province: UnitRow, asOf: CivilDate) throws -> Samples {
        let overview = try require(loaded.overview)
        var atProvinces = loaded
        atProvinces.focus = .provinces
        atProvinces.panes[.provinces]!.selected = atProvinces.panes[.provinces]!.visible.firstIndex(of: overview.provinces.firstIndex(of: province)!)!
        let provinceScreen = Screen.units(.communes(province: province.unit.code))
        _ = atProvinces.update(.key(.enter))
        return try Samples.measure(iterations) {
            var m = atProvinces
            _ = m.update(.frameLoaded(depth: 0, screen: provinceScreen, .success(.units(try store.units(.communes(province: province.unit.code), asOf: asOf)))))
            _ = DashboardView.render(m)
        }
    }

    /// A commune's task list: the read of one page and the render.
    func communeDrill(_ store: any DashboardSource, loaded: DashboardModel, commune: UnitRow, asOf: CivilDate) throws -> Samples {
        var atCommune = loaded
        let communeScreen = Screen.tasks(.unit(commune.unit.code))
        atCommune.stack = [Frame(screen: communeScreen, crumb: .unit(name: commune.unit.name))]
        return try Samples.measure(iterations) {
            var m = atCommune
            let page = try store.tasks(.unit(commune.unit.code), asOf: asOf, limit: DashboardRuntime.taskLimit)
            _ = m.update(.frameLoaded(depth: 0, screen: communeScreen, .success(.tasks(page))))
            _ = DashboardView.render(m)
        }
    }

    private func prepareDatabase() throws {
        guard !FileManager.default.fileExists(atPath: path) else { return }
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        Self.note("making \(path) with nq57 demo --scale \(scale.rawValue) --seed 57 (once)")
        try SQLiteStore.createDemo(at: path, scale: scale, seed: 57, asOf: Self.now.vietnamDate) { Self.note($0) }
    }

    /// `coldStarts` dashboards on `db` (a file or a URL), each timed from process start to its first
    /// complete frame: the first with the data's time in the header.
    func coldStart(db: String) throws -> Samples {
        var cold = Samples()
        for _ in 0..<coldStarts {
            var p: PseudoTerminal?
            let elapsed = try seconds {
                p = try PseudoTerminal(executable, ["dashboard", "--db", db, "--read-only", "--lang", "en"], width: 120, height: 40)
                guard p!.waitForOutput(containing: "Data as of", timeout: 30) else {
                    throw NQ57Error(.io, "bench: the dashboard drew no complete first frame")
                }
            }
            p?.type("q")
            p?.waitForExit(timeout: 5)
            cold.add(elapsed * 1000)
        }
        return cold
    }

    private func peakMemoryOfABrowsingSession() throws -> Double {
        Self.dropFromPageCache(executable)
        let p = try PseudoTerminal(executable, ["dashboard", "--db", path, "--read-only"], width: 160, height: 50)
        p.drain(for: 2)
        let down = "\u{1B}[B", up = "\u{1B}[A", enter = "\r", escape = "\u{1B}"
        // The commune level (3,321 rows), a filter, back; a province's communes, its own tasks, a task.
        for step in [down, down, enter, "/", "x", "a", enter, escape, escape, up, enter, enter, enter, enter, enter] {
            p.type(step)
            p.drain(for: step == escape ? 0.4 : 0.25)
        }
        let peak = p.peakResidentMB ?? .nan
        p.type("q")
        p.waitForExit(timeout: 5)
        return peak
    }

    /// Drops a file's pages from the kernel's page cache (written back first), so that the process
    /// that maps it next reads it from disk. The resident size of a binary's code depends on how its
    /// pages came into the page cache: just written (linked, copied, installed) they sit in large
    /// folios, and this kernel maps a whole large folio into a process around each page it runs (6.18:
    /// the browsing session's peak 1.2 MB higher at stress, the same binary); read by the dashboard's
    /// own page faults, as after a reboot or once the page cache let them go, they sit in small ones.
    /// Figure 5 measures the second, whichever build or copy ran before it (BENCHMARKS.md "Memory,
    /// session 6"). Pages mapped by a running process stay.
    static func dropFromPageCache(_ path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = fsync(fd)
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)
    }

    struct ImportResult {
        var rowsPerSecond: Double
        var seconds: Double
        var cpu: Double
        var phases: String
        var anchors: [(name: String, seconds: Double, cpu: Double)]
        var check: String
        var checkSeconds: Double
    }

    /// The import's file: `importRows` reports on the tasks of `copy`, dated a day and the file's
    /// length before now, one second apart (all in the past when imported).
    private func sampleCSV(for copy: String) throws -> String {
        let csv = copy + ".import-\(importRows).csv"
        let writer = try SQLiteStore(path: copy)
        let from = Self.now.adding(seconds: -Int64(importRows) - 86_400)
        guard FileManager.default.createFile(atPath: csv, contents: nil) else { throw NQ57Error(.io, "bench: cannot write \(csv)") }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: csv))
        try writer.writeSampleReports(rows: importRows, seed: 57, from: from) { handle.write(Data($0.utf8)) }
        try handle.close()
        return csv
    }

    /// `nq57 import csv --db db` (a file or a URL), with its phases, then `nq57 check` on it; on a file,
    /// SQLite's own anchors on the same rows first.
    func importThroughput(into db: String, csv: String) throws -> ImportResult {
        let anchors = PostgresBench.isURL(db) ? [] : try sqliteAnchors(on: db, csv: csv)
        var result = Child.Result(status: 0, stderr: "", stdout: "", cpu: 0)
        let elapsed = try seconds {
            result = try Child.run(executable, ["import", csv, "--db", db], environment: ["NQ57_IMPORT_PHASES": "1"])
        }
        guard result.status == 0 else { throw NQ57Error(.io, "bench: the import failed: \(result.stderr)") }
        // "phase NAME WALL CPU" lines: the batches summed, then each phase in order.
        var phases: [(String, Double, Double)] = []
        for line in result.stderr.split(separator: "\n") where line.hasPrefix("phase ") {
            let f = line.split(separator: " ")
            guard f.count == 4, let w = Double(f[2]), let c = Double(f[3]) else { continue }
            let name = String(f[1])
            if let i = phases.firstIndex(where: { $0.0 == name }) { phases[i].1 += w; phases[i].2 += c } else { phases.append((name, w, c)) }
        }
        let listed = phases.filter { $0.0 != "opened" }.map { String(format: "%@ %.2f / %.2f", $0.0, $0.1, $0.2) }
        let accounted = phases.reduce(0) { $0 + $1.1 }
        let text = listed.joined(separator: " · ") + String(format: " · exit (checkpoint, close) %.2f", max(0, elapsed - accounted))
        var checkText = "not run (--skip-check: the first run of this scale ran it)", checkSeconds = Double.nan
        if !skipCheck {
            Self.note("nq57 check after the import")
            var check = Child.Result(status: 0, stderr: "", stdout: "", cpu: 0)
            let checkTime = try seconds { check = try Child.run(executable, ["check", "--db", db]) }
            let verdict = check.status == 0 ? "passes" : "FAILS (exit \(check.status)): " + check.stderr.prefix(200).replacingOccurrences(of: "\n", with: " ")
            checkText = String(format: "%@ in %.1f s", verdict, checkTime)
            checkSeconds = check.status == 0 ? checkTime : .nan
        }
        return ImportResult(rowsPerSecond: Double(importRows) / elapsed, seconds: elapsed, cpu: result.cpu, phases: text, anchors: anchors,
                            check: checkText, checkSeconds: checkSeconds)
    }

    /// What SQLite itself does with the same rows on the same file (issue 14's anchors), through the
    /// `sqlite3` shell: the CSV loaded into a temporary table with each task's key (untimed), then, each
    /// in a transaction that is rolled back so the file is left as it was, the triggers of `report_log`
    /// dropped and the rows inserted in file order (tasks at random) with the `(task, time)` index, in
    /// key order with it, and in file order without it. Times of the INSERT alone (`.timer`); nq57's
    /// own insert phase ("batch-inserted") is the figure to hold them against.
    private func sqliteAnchors(on copy: String, csv: String) throws -> [(name: String, seconds: Double, cpu: Double)] {
        guard let sqlite3 = Self.sqlite3 else { return [] }
        Self.note("raw SQLite anchors on the same rows")
        let triggers = try Child.run(sqlite3, ["-readonly", copy, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'report_log'"])
        let drops = triggers.stdout.split(separator: "\n").map { "DROP TRIGGER \($0);" }.joined(separator: " ")
        let modes = [("index, tasks at random (file order)", "ORDER BY rowid", ""),
                     ("index, rows in key order", "ORDER BY task_key, reported_at", ""),
                     ("no index, file order", "ORDER BY rowid", "DROP INDEX report_log_task_time;")]
        var script = """
            .bail on
            PRAGMA cache_size = -262144;
            CREATE TEMP TABLE csv (task_id TEXT, status TEXT, progress INTEGER, reported_at TEXT, note TEXT, reported_by TEXT);
            .import --csv --skip 1 --schema temp '\(csv)' csv
            CREATE TEMP TABLE h AS SELECT t.key AS task_key, unixepoch(c.reported_at) AS reported_at, c.status, c.progress, c.note, c.reported_by
                FROM temp.csv c JOIN tasks t ON t.id = c.task_id ORDER BY c.rowid;

            """
        for (_, order, extra) in modes {
            script += """
                BEGIN; \(drops) \(extra)
                .timer on
                INSERT INTO report_log (task_key, reported_at, status, progress, note, reported_by) SELECT * FROM temp.h \(order);
                .timer off
                ROLLBACK;

                """
        }
        let r = try Child.run(sqlite3, [copy], input: script)
        guard r.status == 0 else { throw NQ57Error(.io, "bench: sqlite3 anchors failed: \(r.stderr)") }
        // "Run Time: real 1.234 user 0.900000 sys 0.100000"
        let times = r.stdout.split(separator: "\n").filter { $0.hasPrefix("Run Time:") }.map { line -> (Double, Double) in
            let f = line.split(separator: " ")
            return (Double(f[3]) ?? .nan, (Double(f[5]) ?? .nan) + (Double(f[7]) ?? .nan))
        }
        return zip(modes, times).map { (mode, t) in (mode.0, t.0, t.1) }
    }

    static var sqlite3: String? {
        ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"].first(where: { FileManager.default.isExecutableFile(atPath: $0) })
    }

    /// `watch 1` on `db` (a file or a URL): bytes per idle tick, bytes for one report (`report(i)`
    /// writes the i-th), the CPU over `liveSeconds` with nothing changing; `idleStart` and `idleEnd`
    /// run at the start and the end of that idle time.
    func liveCost(on db: String, idleStart: () throws -> Void = {}, idleEnd: () throws -> Void = {},
                  report: (Int) throws -> Void) throws -> (idleBytesPerTick: Double, bytesForOneReport: Double, idleCPUPercent: Double) {
        let p = try PseudoTerminal(executable, ["watch", "1", "--db", db], width: 120, height: 40)
        p.drain(for: 4)
        // Idle: whole ticks only.
        let idleSeconds = 10.0
        let b0 = p.bytesRead
        p.drain(for: idleSeconds)
        let idle = Double(p.bytesRead - b0) / idleSeconds
        // One report at a time, the next two ticks counted, less two idle ticks.
        var perReport = Samples()
        for i in 0..<3 {
            p.drain(for: 0.5)
            let before = p.bytesRead
            try report(i)
            p.drain(for: 2)
            perReport.add(Double(p.bytesRead - before) - 2 * idle)
        }
        // Idle CPU over the requested time.
        p.drain(for: 1.5)
        try idleStart()
        let c0 = p.cpuSeconds ?? 0
        let t0 = Date()
        p.drain(for: Double(liveSeconds))
        let cpu = ((p.cpuSeconds ?? 0) - c0) / Date().timeIntervalSince(t0) * 100
        try idleEnd()
        kill(p.pid, SIGTERM)
        p.waitForExit(timeout: 3)
        return (idle, perReport.median, cpu)
    }

    /// What someone with the sqlite3 shell would write: the latest report of each task, then the tasks
    /// of each level by status and deadline. The first form is the one most people write; the second
    /// finds each task's latest report through the index on (task, time).
    enum AdhocQuery: String, CaseIterable {
        case groupBy = "group-by"
        case indexed

        var description: String {
            switch self {
            case .groupBy: "latest report per task by GROUP BY over the `reports` view, then status by level"
            case .indexed: "latest report per task by a subquery on the (task, time) index, then status by level"
            }
        }

        func sql(asOf: String) -> String {
            let latest = switch self {
            case .groupBy:
                "LEFT JOIN (SELECT task_id, status, max(reported_at) FROM reports GROUP BY task_id) l ON l.task_id = t.id"
            case .indexed:
                """
                LEFT JOIN report_log l ON l.id = (SELECT id FROM report_log WHERE task_key = t.key
                                                  ORDER BY reported_at DESC, id DESC LIMIT 1)
                """
            }
            return """
                SELECT t.level,
                       count(*) AS total,
                       sum(l.status = 'done') AS done,
                       sum(coalesce(l.status, 'not_started') <> 'done' AND t.deadline < '\(asOf)') AS overdue
                FROM tasks t
                \(latest)
                GROUP BY t.level;
                """
        }
    }

    private func adhocSQL(_ query: AdhocQuery) throws -> Samples? {
        guard let sqlite3 = Self.sqlite3 else { return nil }
        let sql = query.sql(asOf: Self.now.vietnamDate.description)
        var s = Samples()
        // Three runs, or fewer when they take minutes (the GROUP BY at stress scale).
        var spent = 0.0
        while s.values.count < 3 && spent < 60 {
            var r = Child.Result(status: 0, stderr: "", stdout: "", cpu: 0)
            let elapsed = try seconds { r = try Child.run(sqlite3, ["-readonly", path, sql]) }
            guard r.status == 0 else { throw NQ57Error(.io, "bench: sqlite3 failed: \(r.stderr)") }
            s.add(elapsed * 1000)
            spent += elapsed
        }
        return s
    }

    static func machine() -> String {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let memory = Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824
        return "\(cpu), \(cores) cores, \(String(format: "%.0f", memory)) GiB"
    }
}

/// `try require(x)` for a command: a missing value is an I/O error of the bench, not a crash.
func `require`<T>(_ value: T?) throws -> T {
    guard let value else { throw NQ57Error(.io, "bench: a value the bench needs is missing") }
    return value
}

/// A child process run to its end: its exit status, what it wrote to standard error and output, and
/// the CPU time (user + system) it used. `input` is written to its standard input; `environment` is
/// added to the bench's own.
enum Child {
    struct Result {
        var status: Int32
        var stderr: String
        var stdout: String
        var cpu: Double
    }

    static func run(_ executable: String, _ args: [String], input: String? = nil, environment: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let err = Pipe(), out = Pipe(), inPipe = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input == nil ? FileHandle.nullDevice : inPipe
        var before = rusage()
        getrusage(__rusage_who_t(truncatingIfNeeded: RUSAGE_CHILDREN.rawValue), &before)
        try p.run()
        if let input {
            let h = inPipe.fileHandleForWriting
            DispatchQueue.global().async {
                h.write(Data(input.utf8))
                try? h.close()
            }
        }
        // Both pipes read at once, so that neither can fill up and stall the child.
        final class Box: @unchecked Sendable { var data = Data() }
        let o = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            o.data = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let e = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        var after = rusage()
        getrusage(__rusage_who_t(truncatingIfNeeded: RUSAGE_CHILDREN.rawValue), &after)
        func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        let cpu = s(after.ru_utime) - s(before.ru_utime) + s(after.ru_stime) - s(before.ru_stime)
        return Result(status: p.terminationStatus, stderr: String(decoding: e, as: UTF8.self), stdout: String(decoding: o.data, as: UTF8.self), cpu: cpu)
    }
}
