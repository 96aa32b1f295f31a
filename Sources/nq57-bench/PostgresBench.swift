import Foundation
import NQ57Core
import NQ57Postgres
import NQ57Store

/// The national figures on a PostgreSQL server beside SQLite's, in the same run (issue 17):
/// `nq57-bench --postgres postgresql://…`. The bench makes a database of its own on that server
/// (`nq57_bench_PID`), fills it from the bench's SQLite file with `nq57 copy` (timed: the "national
/// demo in under a minute"), measures the same figures on it as on the file, and drops it.
struct PostgresBench {
    let bench: Bench
    /// The server given: any database on it the account may connect to and create databases from.
    let server: String

    static func isURL(_ s: String) -> Bool { PostgresStore.isURL(s) }

    /// A usage error unless `url` names a PostgreSQL server.
    static func requireURL(_ url: String) throws {
        guard isURL(url) else {
            throw NQ57Error(.usage, "--postgres needs a postgresql:// URL of a server on which the bench may create and drop a database "
                + "(scripts/pg-test-server start prints one); got \"\(url)\"")
        }
    }

    /// The URL of the database `name` on the server of `url` (same account, host, port and options).
    static func url(_ url: String, database name: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let query = rest.firstIndex(of: "?").map { String(rest[$0...]) } ?? ""
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        return String(url[..<scheme.upperBound]) + authority + "/" + name + query
    }

    /// One line on the server: version, address, and the settings that move the figures.
    static func settings(_ c: PGConnection) throws -> String {
        let r = try c.exec("""
            SELECT current_setting('server_version'), coalesce(host(inet_server_addr()), 'a Unix socket'), current_setting('fsync'),
                   current_setting('synchronous_commit'), current_setting('shared_buffers'), current_setting('work_mem'),
                   current_setting('max_wal_size')
            """)
        return "PostgreSQL \(r.text(0, 0)) on \(r.text(0, 1)), fsync=\(r.text(0, 2)), synchronous_commit=\(r.text(0, 3)), "
            + "shared_buffers=\(r.text(0, 4)), work_mem=\(r.text(0, 5)), max_wal_size=\(r.text(0, 6))"
    }

    /// SQLite's figures (`Bench.run`'s keys) beside the same ones measured on PostgreSQL: a Markdown
    /// section. `csv` is the import's file (nil: `--skip-import`); `province` and `commune` are the
    /// drill-downs' targets on SQLite.
    func run(sqlite f: [String: Double], csv: String?, asOf: CivilDate, province: UnitRow, commune: UnitRow) throws -> String {
        let admin = try PGConnection(url: server)
        let settings = try Self.settings(admin)
        let name = "nq57_bench_\(getpid())"
        try admin.exec("DROP DATABASE IF EXISTS \(name)")
        try admin.exec("CREATE DATABASE \(name)")
        defer {
            Bench.note("dropping the PostgreSQL database \(name)")
            _ = try? admin.exec("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        }
        let url = Self.url(server, database: name)
        var pg: [String: Double] = [:]
        var text: [String: String] = [:]

        // 9. The national database copied SQLite → PostgreSQL, `check` on the target included.
        Bench.note("nq57 copy of \(bench.path) into \(redactedURL(url))")
        var copy = Child.Result(status: 0, stderr: "", stdout: "", cpu: 0)
        let copyWall = try seconds { copy = try Child.run(bench.executable, ["copy", "--from", bench.path, "--to", url]) }
        guard copy.status == 0 else { throw NQ57Error(.io, "bench: nq57 copy into PostgreSQL failed: \(copy.stderr)") }
        // "… copied in 45.0 s, checked in 19.9 s"
        func after(_ word: String) -> Double? {
            guard let r = copy.stdout.range(of: word + " in ") else { return nil }
            return Double(copy.stdout[r.upperBound...].prefix { $0 != " " })
        }
        pg["9."] = copyWall
        text["9."] = String(format: "%.1f s in all: copy %@ s + `check` %@ s (the `nq57 copy` process, %.1f s CPU)", copyWall,
                            after("copied").map { String(format: "%.1f", $0) } ?? "?", after("checked").map { String(format: "%.1f", $0) } ?? "?",
                            copy.cpu)

        let store = try PostgresStore(url: url)
        Bench.note("PostgreSQL: overview refresh × \(bench.iterations)")
        let refresh = try bench.overviewRefresh(store, asOf: asOf)
        pg["1."] = refresh.times.median
        pg["1. p99"] = refresh.times.p99
        pg["1a."] = refresh.parts.queries.median
        Bench.note("PostgreSQL: drill-downs × \(bench.iterations)")
        let onPG = try require(refresh.loaded.overview?.provinces.first { $0.unit.code == province.unit.code })
        pg["2a."] = try bench.provinceDrill(store, loaded: refresh.loaded, province: onPG, asOf: asOf).median
        pg["2b."] = try bench.communeDrill(store, loaded: refresh.loaded, commune: commune, asOf: asOf).median
        Bench.note("PostgreSQL: cold starts × \(bench.coldStarts)")
        pg["4."] = try bench.coldStart(db: url).median

        if let csv {
            Bench.note("PostgreSQL: import of \(bench.importRows) rows through COPY")
            let rate = try bench.importThroughput(into: url, csv: csv)
            pg["6."] = rate.rowsPerSecond
            pg["6. CPU"] = rate.cpu
            pg["6c."] = rate.checkSeconds
            text["6."] = String(format: "%.0f rows/s (%.2f s wall, %.2f s CPU of the client)", rate.rowsPerSecond, rate.seconds, rate.cpu)
            text["6a."] = rate.phases
            text["6c."] = rate.check
        }

        Bench.note("PostgreSQL: live mode over \(bench.liveSeconds) s")
        let task = try require(try store.tasks(.unit(commune.unit.code), asOf: asOf, limit: 1).rows.first).task.id
        var idleSince = 0.0
        let live = try bench.liveCost(on: url, idleStart: { idleSince = Date().timeIntervalSince1970 }, idleEnd: {
            // Which connections to the database ran a statement while the dashboard was idle.
            // (The dashboard confirms its change token once a minute without a NOTIFY: one read may fall inside.)
            let r = try admin.exec("""
                SELECT count(*) FILTER (WHERE state_change >= to_timestamp($1::double precision)), count(*),
                       coalesce(string_agg(to_char(extract(epoch FROM state_change) - $1::double precision, 'FM990.0') || ' s', ', ')
                                FILTER (WHERE state_change >= to_timestamp($1::double precision)), '')
                FROM pg_stat_activity WHERE datname = $2 AND backend_type = 'client backend'
                """, [String(idleSince), name])
            pg["8b."] = Double(r.count(0, 0))
            let when = r.text(0, 2).isEmpty ? "" : ", at \(r.text(0, 2)) into them"
            text["8b."] = "\(r.count(0, 0)) of the \(r.count(0, 1)) connections to the database (the dashboard's, the bench's) "
                + "ran a statement in the \(bench.liveSeconds) s\(when) (pg_stat_activity)"
        }) { i in
            _ = try store.report(ReportFields(taskID: task, status: "in_progress", progress: String(20 + i), reportedAt: Bench.now.vietnamISO,
                                              note: "bench", reportedBy: "bench"), now: Bench.now)
        }
        pg["7a."] = live.idleBytesPerTick
        pg["7b."] = live.bytesForOneReport
        pg["8."] = live.idleCPUPercent

        return Self.table(sqlite: f, pg: pg, text: text, settings: settings, database: name, bench: bench, province: province, commune: commune)
    }

    static func table(sqlite f: [String: Double], pg: [String: Double], text: [String: String], settings: String, database: String,
                      bench: Bench, province: UnitRow, commune: UnitRow) -> String {
        func ms(_ d: [String: Double], _ key: String) -> String { d[key].map { format($0) + " ms" } ?? "—" }
        func v(_ d: [String: Double], _ key: String, _ fmt: String) -> String {
            guard let x = d[key], !x.isNaN else { return "—" }
            return String(format: fmt, x)
        }
        let rows: [(String, String, String)] = [
            ("1. overview refresh (queries + update + layout + render + freeing, 120×40), median · p99",
             ms(f, "1.") + " · " + ms(f, "1. p99"), ms(pg, "1.") + " · " + ms(pg, "1. p99")),
            ("1a. of which the queries (PostgreSQL: over loopback), median", ms(f, "1a."), ms(pg, "1a.")),
            ("2a. drill into the largest province (\(province.unit.name)), median", ms(f, "2a."), ms(pg, "2a.")),
            ("2b. drill into the commune with the most tasks (\(commune.unit.name)), median", ms(f, "2b."), ms(pg, "2b.")),
            ("4. cold start to the first frame (`nq57 dashboard`, process start included), median", ms(f, "4."), ms(pg, "4.")),
            ("6. import of the \(bench.importRows)-row CSV (PostgreSQL: COPY), every row validated",
             v(f, "6.", "%.0f rows/s") + v(f, "6. CPU", " (%.2f s CPU)"), text["6."] ?? "—"),
            ("6a. of which (phases of the import, wall / CPU s of the client)", "in the table above", text["6a."] ?? "—"),
            ("6c. `nq57 check` after the import", v(f, "6c.", "passes in %.1f s"), text["6c."] ?? "—"),
            ("7a. bytes written per live tick, nothing changed (`watch 1`)", v(f, "7a.", "%.0f B"), v(pg, "7a.", "%.0f B")),
            ("7b. bytes written for one new report", v(f, "7b.", "%.0f B"), v(pg, "7b.", "%.0f B")),
            ("8. CPU of `watch 1` over \(bench.liveSeconds) s with nothing changing", v(f, "8.", "%.2f%% of a core"), v(pg, "8.", "%.2f%% of a core")),
            ("8b. statements an idle dashboard sends", "none (reads the file's change counter)", text["8b."] ?? "—"),
            ("9. `nq57 copy` of the database SQLite → PostgreSQL, `check` on the target", "—", text["9."] ?? "—"),
        ]
        var out = "#### PostgreSQL beside SQLite, \(bench.scale.rawValue)\n\n"
        out += "Server: \(settings). Database `\(database)`, made by the bench with `nq57 copy` from `\(bench.path)` and dropped after.\n\n"
        out += "| figure | SQLite | PostgreSQL |\n|---|---|---|\n"
        for (name, a, b) in rows { out += "| \(name) | \(a) | \(b) |\n" }
        return out
    }
}
