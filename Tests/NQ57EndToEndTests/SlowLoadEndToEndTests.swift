import Foundation
import GRDB
import Testing
import NQ57TestSupport

/// The real dashboard keeps answering keys while its first back-dated load cannot finish: the test
/// holds an exclusive lock on the database, so the read waits (on the store's busy timeout) until
/// the test lets go. A dashboard that read on its input loop would draw nothing meanwhile.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "needs tmux (scripts/deps installs it)"))
struct SlowLoadEndToEndTests {
    let dir = TemporaryDirectory()

    /// A connection that holds the database file locked, readers included, until `release`: in
    /// SQLite's exclusive locking mode a connection keeps the lock of its first write until it closes.
    final class Lock {
        let queue: DatabaseQueue

        init(_ path: String) throws {
            var config = Configuration()
            config.prepareDatabase { try $0.execute(sql: "PRAGMA locking_mode = EXCLUSIVE") }
            queue = try DatabaseQueue(path: path, configuration: config)
            try queue.inDatabase { try $0.execute(sql: "BEGIN EXCLUSIVE; COMMIT") }
        }

        func release() throws { try queue.close() }
    }

    @Test func keysAnswerWhileTheOverviewLoads() throws {
        let db = try DemoDatabase.copy(into: dir)
        let lock = try Lock(db)
        let t = try Tmux("\(Binary.path) dashboard --read-only --db \(db) --as-of 2026-03-01", width: 120, height: 40)
        // The first frame comes at once, saying it is loading.
        let loading = try #require(try t.waitFor("Đang tải…"), "nothing drawn while the load waits: \(t.dump)")
        #expect(!loading.contains { $0.contains("Nhiệm vụ theo cấp") })
        // A key is answered while the load still waits on the lock.
        try t.send("?")
        let help = try #require(try t.waitFor("Phím tắt"), "help did not open while loading: \(t.dump)")
        #expect(help.contains { $0.contains("Đang tải…") })
        // Let go (well within the store's 5 s busy timeout): the overview arrives behind the help.
        try lock.release()
        try t.send("Escape")
        #expect(try t.waitFor("Nhiệm vụ theo cấp", timeout: 15) != nil, "\(t.dump)")
        #expect(try t.waitFor { !$0.contains { $0.contains("Đang tải…") || $0.contains("Phím tắt") } } != nil)
    }
}
