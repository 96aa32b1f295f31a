import Foundation
import NQ57TestSupport
import Testing

/// Commands that must not wait for the write lock, nor create a database, when they need neither.
@Suite(.serialized) struct StoreCommandTests {
    let dir = TemporaryDirectory()

    /// Runs `body` while another process holds the database's write lock (`BEGIN IMMEDIATE` in a
    /// `sqlite3` shell that sleeps), so that anything waiting for it fails after the busy timeout.
    func whileLocked(_ db: String, _ body: () throws -> Void) throws {
        let sqlite3 = try Shell.which("sqlite3")
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/bin/sh")
        let ready = dir.file("locked")
        holder.arguments = ["-c", "(echo 'BEGIN IMMEDIATE;'; echo \".shell touch \(ready)\"; sleep 30) | \(sqlite3) \(db)"]
        try holder.run()
        defer { holder.terminate(); holder.waitUntilExit() }
        var waited = 0
        while !FileManager.default.fileExists(atPath: ready) && waited < 1000 {
            usleep(10_000)
            waited += 1
        }
        try #require(FileManager.default.fileExists(atPath: ready))
        try body()
    }

    @Test func aDryRunAndAMissingFileDoNotWaitForTheWriteLock() throws {
        let db = try DemoDatabase.copy(into: dir)
        let good = dir.write("good.csv", "task_id,status,progress,reported_at,note,reported_by\n00070-0001,in_progress,55,2026-01-10T09:00:00+07:00,,\n")
        try whileLocked(db) {
            let dry = try Binary.run(["import", good, "--db", db, "--dry-run"])
            #expect(dry.status == 0, "\(dry.stderr)")
            #expect(dry.stdout.contains("would import 1"))
            let missing = try Binary.run(["import", dir.file("nothing.csv"), "--db", db])
            #expect(missing.status == 66, "\(missing.stderr)")
            #expect(missing.stderr.contains("nothing.csv: no such file"))
        }
    }

    @Test func aRefusedReportCreatesNoDatabase() throws {
        let db = dir.file("new/nq57.sqlite")
        let bad = try Binary.run(["report", "--db", db, "--task", "T", "--status", "finished"])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("status: \"finished\" is not one of not_started, in_progress, done"))
        let unknown = try Binary.run(["report", "--db", db, "--task", "T", "--status", "done"])
        #expect(unknown.status == 66)
        #expect(unknown.stderr.contains("no database here; run nq57 init"))
        #expect(!FileManager.default.fileExists(atPath: db))
        #expect(!FileManager.default.fileExists(atPath: dir.file("new")))
    }
}
