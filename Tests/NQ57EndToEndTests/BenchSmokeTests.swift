import Foundation
import Testing
import NQ57TestSupport

/// A seconds-long run of `nq57-bench` at small scale, so the benchmark cannot rot unnoticed.
/// (Its figures are not checked here: timing assertions do not belong in a test suite.)
@Suite(.serialized) struct BenchSmokeTests {
    let dir = TemporaryDirectory()

    /// The bench executable, built beside `nq57`.
    static var benchPath: String { (Binary.path as NSString).deletingLastPathComponent + "/nq57-bench" }

    @Test func everyFigureIsReported() throws {
        let db = try DemoDatabase.copy(into: dir, name: "small.sqlite")
        let r = try Shell.run(Self.benchPath, ["--scale", "small", "--db", db, "--nq57", Binary.path, "--iterations", "3",
                                               "--cold-starts", "1", "--live-seconds", "2", "--import-rows", "2000"])
        #expect(r.status == 0, "\(r.stderr)")
        for figure in ["1. overview refresh", "1a. of which the queries", "1b. of which the update", "1c. of which layout + render",
                       "1d. of which freeing", "1e. sum of the parts' medians", "1f. CPU time of the refresh", "1g. its parts' CPU medians",
                       "1h. overview refresh reading every part", "1i. CPU time of that refresh", "1j. its parts' CPU medians",
                       "1k. reports committed by the other connection",
                       "2a. drill into the largest province", "2b. drill into the commune",
                       "3. one `/` keystroke", "4. cold start", "5. peak resident memory", "6. import of a 2000-row CSV",
                       "6a. of which (phases of the import", "6b. raw SQLite, same rows into the same file's `report_log`, index, tasks at random",
                       "6b. raw SQLite, same rows into the same file's `report_log`, index, rows in key order",
                       "6b. raw SQLite, same rows into the same file's `report_log`, no index", "6c. `nq57 check` after the import",
                       "7a. bytes written per live tick", "7b. bytes written for one new report", "8. CPU of `watch 1`",
                       "ad-hoc SQL in `sqlite3`, latest report per task by GROUP BY",
                       "ad-hoc SQL in `sqlite3`, latest report per task by a subquery"] {
            #expect(r.stdout.contains("| " + figure), "missing: \(figure)\n\(r.stdout)")
        }
        #expect(!r.stdout.contains("| nan"))
        #expect(r.stdout.contains("| 6c. `nq57 check` after the import (maintained state and counts equal a full recount) | passes in"), "\(r.stdout)")
        #expect(r.stdout.contains(" · committed "), "\(r.stdout)")
    }

    /// With `--postgres`, the same figures on a PostgreSQL server beside SQLite's, in one table, on a
    /// database the bench makes with `nq57 copy` and drops. Needs `NQ57_TEST_PG` (`make test` starts a
    /// server); without it the test is skipped, except under CI, where it fails.
    @Test func postgresFiguresBesideSQLite() throws {
        guard let server = ProcessInfo.processInfo.environment["NQ57_TEST_PG"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("NQ57_TEST_PG is not set under CI (make test starts a server)") }
            return
        }
        let db = try DemoDatabase.copy(into: dir, name: "small-pg.sqlite")
        let r = try Shell.run(Self.benchPath, ["--scale", "small", "--db", db, "--nq57", Binary.path, "--iterations", "3", "--skip-sql",
                                               "--cold-starts", "1", "--live-seconds", "2", "--import-rows", "2000", "--postgres", server])
        #expect(r.status == 0, "\(r.stderr)")
        let section = try #require(r.stdout.range(of: "#### PostgreSQL beside SQLite, small").map { String(r.stdout[$0.lowerBound...]) },
                                   "\(r.stdout)")
        #expect(section.contains("| figure | SQLite | PostgreSQL |"), "\(section)")
        #expect(section.contains("fsync="), "the server's settings are stated: \(section)")
        // Every figure has a value in both columns (the copy and the idle statements only on PostgreSQL).
        for figure in ["1. overview refresh", "1a. of which the queries", "2a. drill into the largest province", "2b. drill into the commune",
                       "4. cold start", "6. import of the 2000-row CSV", "6a. of which", "6c. `nq57 check` after the import",
                       "7a. bytes written per live tick", "7b. bytes written for one new report", "8. CPU of `watch 1`",
                       "8b. statements an idle dashboard sends", "9. `nq57 copy` of the database SQLite → PostgreSQL"] {
            let line = section.split(separator: "\n").first { $0.hasPrefix("| " + figure) }
            let cells = line.map { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
            #expect(cells.count == 3, "missing or malformed: \(figure)\n\(section)")
            if cells.count == 3 {
                #expect(cells[2] != "—" && !cells[2].contains("nan") && !cells[2].isEmpty, "no PostgreSQL value: \(line!)")
                if !figure.hasPrefix("9.") { #expect(cells[1] != "—" && !cells[1].contains("nan"), "no SQLite value: \(line!)") }
            }
        }
        #expect(section.contains("| 6c. `nq57 check` after the import | passes in"), "\(section)")
        #expect(section.range(of: #"\| 6c\. `nq57 check` after the import \| [^|]+ \| passes in"#, options: .regularExpression) != nil, "\(section)")
        // The bench's database is gone afterwards.
        let name = try #require(section.firstMatch(of: /Database `(nq57_bench_[0-9]+)`/)?.1)
        let left = try Shell.run("/usr/bin/env", ["psql", "-At", server, "-c", "SELECT count(*) FROM pg_database WHERE datname = '\(name)'"])
        #expect(left.status == 0 && left.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "\(left.stdout) \(left.stderr)")
    }

    /// `--postgres` without a server URL is refused in one line, before anything is measured.
    @Test func postgresWithoutAServerIsRefused() throws {
        for given in ["", "bench-out/national.sqlite"] {
            let r = try Shell.run(Self.benchPath, ["--scale", "small", "--db", "/nonexistent/x.sqlite", "--postgres", given])
            #expect(r.status == 64, "\(r.stderr)")
            #expect(r.stderr.contains("--postgres needs a postgresql:// URL"), "\(r.stderr)")
            #expect(r.stdout.isEmpty, "\(r.stdout)")
        }
    }

    /// The benchmark is not part of the product binary.
    @Test func theProductBinaryHasNoBenchCommand() throws {
        let r = try Binary.run(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("snapshot"), "\(r.stdout)")
        #expect(!r.stdout.contains("bench"), "\(r.stdout)")
    }
}
