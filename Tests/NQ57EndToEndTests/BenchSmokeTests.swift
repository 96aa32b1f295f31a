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
                       "1d. of which freeing", "1e. sum of the parts' medians",
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

    /// The benchmark is not part of the product binary.
    @Test func theProductBinaryHasNoBenchCommand() throws {
        let r = try Binary.run(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("snapshot"), "\(r.stdout)")
        #expect(!r.stdout.contains("bench"), "\(r.stdout)")
    }
}
