import Foundation
import Testing
import NQ57TestSupport

/// Live mode as operators run it: other processes write, the dashboard follows by itself.
///
/// Waits are generous (`patience`): these tests check what the dashboard shows, not how fast it
/// shows it while other suites load the machine; latency is measured by `nq57 bench` and
/// `scripts/watch-while-import`.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "needs tmux (scripts/deps installs it)"))
struct LiveTests {
    let dir = TemporaryDirectory()
    /// Seconds to wait for something that must happen.
    static let patience = 15.0

    /// The numbers of a row of the levels pane (`Cấp xã`, `Tất cả`…): total, on time, late, open, overdue.
    static func levelRow(_ screen: [String], _ name: String) -> [Int]? {
        guard let line = screen.first(where: { $0.hasPrefix("┃" + name) || $0.hasPrefix("│" + name) }) else { return nil }
        let numbers = line.dropFirst(name.count + 1).split(separator: " ").compactMap { Int($0.replacingOccurrences(of: ".", with: "")) }
        return numbers.count >= 5 ? Array(numbers.prefix(5)) : nil
    }

    /// An open, overdue commune task today, from the export.
    func overdueCommuneTask(_ db: String) throws -> String {
        let tasks = try Binary.run(["export", "--db", db, "--what", "tasks"]).stdout
        let line = try #require(tasks.split(separator: "\n").first { $0.hasSuffix(",overdue") && $0.contains(",commune,") })
        return String(line.split(separator: ",")[0])
    }

    func watch(_ db: String, _ extra: String = "") throws -> Tmux {
        let t = try Tmux("\(Binary.path) watch 1 --db \(db) \(extra)", width: 160, height: 50)
        #expect(try t.waitFor("Nhiệm vụ theo cấp", timeout: 15) != nil)
        return t
    }

    @Test func aReportFromAnotherProcessShowsByItself() throws {
        let db = try DemoDatabase.copy(into: dir)
        let task = try overdueCommuneTask(db)
        let t = try watch(db)
        let before = try #require(Self.levelRow(try t.screen(), "Cấp xã"))
        #expect(try t.screen()[0].contains("trực tiếp · mỗi 1 s · cập nhật"))
        let r = try Binary.run(["report", "--db", db, "--task", task, "--status", "done", "--by", "e2e"])
        #expect(r.status == 0, "\(r.stderr)")
        let seen = try t.waitFor(timeout: Self.patience) { Self.levelRow($0, "Cấp xã")?[4] == before[4] - 1 }
        #expect(seen != nil, "\(t.dump)")
        #expect(Self.levelRow(seen ?? [], "Cấp xã")?[2] == before[2] + 1)
    }

    @Test func aPlainSQLite3InsertShowsByItself() throws {
        let db = try DemoDatabase.copy(into: dir)
        let task = try overdueCommuneTask(db)
        let t = try watch(db)
        let before = try #require(Self.levelRow(try t.screen(), "Cấp xã"))
        // Exactly what the README tells a person at the sqlite3 prompt to type.
        let sql = "INSERT INTO reports (task_id, status, progress, reported_at, note, reported_by) "
            + "VALUES ('\(task)', 'done', 100, unixepoch('now'), 'Đã hoàn thành', 'sqlite3 shell');"
        let r = try Shell.run("sqlite3", ["-cmd", ".timeout 5000", db, sql])
        #expect(r.status == 0, "\(r.stderr)")
        let seen = try t.waitFor(timeout: Self.patience) { Self.levelRow($0, "Cấp xã")?[4] == before[4] - 1 }
        #expect(seen != nil, "\(t.dump)")
        #expect(try Binary.run(["check", "--db", db]).status == 0)
    }

    @Test func pauseHoldsTheScreenAndResumeCatchesUp() throws {
        let db = try DemoDatabase.copy(into: dir)
        let task = try overdueCommuneTask(db)
        let t = try watch(db)
        let before = try #require(Self.levelRow(try t.screen(), "Cấp xã"))
        try t.send("p")
        #expect(try t.waitFor("TẠM DỪNG") != nil)
        // A second dashboard, not paused, tells when a refresh has had time to happen.
        let witness = try watch(db)
        #expect(try Binary.run(["report", "--db", db, "--task", task, "--status", "done"]).status == 0)
        #expect(try witness.waitFor(timeout: Self.patience) { Self.levelRow($0, "Cấp xã")?[4] == before[4] - 1 } != nil, "\(witness.dump)")
        // Paused: the other dashboard has refreshed, and still the figures stay.
        #expect(Self.levelRow(try t.screen(), "Cấp xã") == before, "\(t.dump)")
        try t.send("p")
        #expect(try t.waitFor(timeout: Self.patience) { Self.levelRow($0, "Cấp xã")?[4] == before[4] - 1 } != nil, "\(t.dump)")
        #expect(!(try t.screen()[0].contains("TẠM DỪNG")))
    }

    @Test func aMissingDatabaseShowsStaleDataUntilItComesBack() throws {
        let db = try DemoDatabase.copy(into: dir)
        let t = try watch(db)
        let before = try #require(Self.levelRow(try t.screen(), "Tất cả"), "\(t.dump)")
        try FileManager.default.moveItem(atPath: db, toPath: db + ".away")
        let stale = try #require(try t.waitFor("Số liệu cũ từ", timeout: Self.patience), "\(t.dump)")
        // The last good figures stay on screen under the banner.
        #expect(Self.levelRow(stale, "Tất cả") == before, "\(t.dump)")
        try FileManager.default.moveItem(atPath: db + ".away", toPath: db)
        // Back: the banner goes and the figures are drawn (a blank screen has no banner either).
        let back = try t.waitFor(timeout: Self.patience) { s in !s.contains { $0.contains("Số liệu cũ từ") } && Self.levelRow(s, "Tất cả") == before }
        #expect(back != nil, "\(t.dump)")
    }

    @Test func aReplacedDatabaseIsOpenedAfresh() throws {
        let db = try DemoDatabase.copy(into: dir)
        let t = try watch(db)
        let before = try #require(Self.levelRow(try t.screen(), "Tất cả"))
        try FileManager.default.removeItem(atPath: db)
        #expect(try t.waitFor("Số liệu cũ từ", timeout: Self.patience) != nil)
        // A new file with one more real report than the old one.
        let fresh = try DemoDatabase.copy(into: dir, name: "fresh.sqlite")
        #expect(try Binary.run(["report", "--db", fresh, "--task", try overdueCommuneTask(fresh), "--status", "done"]).status == 0)
        try FileManager.default.moveItem(atPath: fresh, toPath: db)
        let after = try t.waitFor(timeout: Self.patience) { Self.levelRow($0, "Tất cả").map { $0[4] == before[4] - 1 } ?? false }
        #expect(after != nil, "\(t.dump)")
    }

    @Test func hangupEndsTheDashboardAndGivesTheScreenBack() throws {
        let db = try DemoDatabase.copy(into: dir)
        let t = try watch(db)
        let pid = try #require(try t.programPID())
        kill(pid, SIGHUP)
        let screen = try #require(try t.waitFor("[exited 129]", timeout: Self.patience), "\(t.dump)")
        #expect(!screen.contains { $0.contains("Nhiệm vụ theo cấp") }, "\(t.dump)")
        #expect(try t.paneFormat("alternate_on") == "0")
    }

    @Test func liveModeCannotWrite() throws {
        let db = try DemoDatabase.copy(into: dir)
        let t = try watch(db)
        let pid = try #require(try t.programPID())
        // Every descriptor the dashboard holds on the database is open read-only.
        let modes = try Descriptors.accessModes(pid: pid, path: db)
        #expect(!modes.isEmpty)
        #expect(modes.allSatisfy { $0 == O_RDONLY }, "descriptors on the database: \(modes)")
    }

    @Test func importWhileDashboardsWatch() throws {
        let db = try DemoDatabase.copy(into: dir)
        let dashboards = 3, rows = 20_000
        let screens = try (0..<dashboards).map { _ in try watch(db) }
        // Reports for every task, dated now and in the last hours, in one file.
        let tasks = try Binary.run(["export", "--db", db, "--what", "tasks"]).stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) }
        var csv = "task_id,status,progress,reported_at,note,reported_by\n"
        let now = Int(Date().timeIntervalSince1970)
        for i in 0..<rows {
            let t = tasks[i % tasks.count]
            let at = Date(timeIntervalSince1970: TimeInterval(now - 3600 + i % 3000))
            csv += "\(t),in_progress,\(i % 99),\(ISO8601DateFormatter().string(from: at)),bulk \(i),e2e\n"
        }
        let file = dir.write("bulk.csv", csv)
        let r = try Binary.run(["import", file, "--db", db])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("imported \(rows) reports"))
        let snapshot = try Binary.run(["snapshot", "--db", db, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(snapshot.stdout.utf8)) as? [String: Any])
        let levels = try #require(object["levels"] as? [[String: Any]])
        let commune = try #require(levels.first { $0["level"] as? String == "commune" })
        let expected = ["total", "done_on_time", "done_late", "open_on_time", "overdue"].map { commune[$0] as? Int ?? -1 }
        for t in screens {
            let seen = try t.waitFor(timeout: Self.patience) { Self.levelRow($0, "Cấp xã") == expected }
            #expect(seen != nil, "dashboard shows \(Self.levelRow((try? t.screen()) ?? [], "Cấp xã") ?? []), expected \(expected)")
            #expect(!t.dump.contains("Số liệu cũ từ"))
        }
    }
}
