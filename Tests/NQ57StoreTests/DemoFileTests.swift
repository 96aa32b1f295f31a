import Foundation
import GRDB
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// `createDemo`: a new demo database appears at its path complete or not at all, and never replaces a
/// file there.
@Suite struct DemoFileTests {
    typealias F = StoreFixtures

    func names(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    @Test func aNewDemoDatabaseIsCompleteInWALWithNothingLeftBeside() throws {
        let path = F.databasePath()
        let dir = (path as NSString).deletingLastPathComponent
        var lines: [String] = []
        let s = try SQLiteStore.createDemo(at: path, scale: .small, seed: 57, asOf: F.demoAsOf, now: F.now) { lines.append($0) }
        // While it was made, only the file beside the path existed.
        #expect(lines.contains("writing \(path)"))
        #expect(names(dir) == ["nq57.sqlite"])
        let store = try SQLiteStore(path: path, access: .readOnly)
        #expect(try store.size() == (tasks: s.tasks, reports: s.reports))
        #expect(try store.verifyCounts(asOf: F.demoAsOf).isEmpty)
        let queue = try DatabaseQueue(path: path)
        #expect(try queue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
        #expect(try queue.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
    }

    @Test func anExistingFileIsNeverReplaced() throws {
        let path = F.file("nq57.sqlite", "not a database, but someone's file")
        let dir = (path as NSString).deletingLastPathComponent
        let error = #expect(throws: NQ57Error.self) {
            try SQLiteStore.createDemo(at: path, scale: .small, seed: 57, asOf: F.demoAsOf, now: F.now)
        }
        #expect(error?.message.contains("already there") == true, "\(error?.message ?? "")")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "not a database, but someone's file")
        #expect(names(dir) == ["nq57.sqlite"])
    }

    /// A file that appears at the path while the demo is made stays; the demo is removed.
    @Test func aFileThatAppearsMeanwhileStaysAndTheDemoGoes() throws {
        let path = F.databasePath()
        let dir = (path as NSString).deletingLastPathComponent
        let error = #expect(throws: NQ57Error.self) {
            try SQLiteStore.createDemo(at: path, scale: .small, seed: 57, asOf: F.demoAsOf, now: F.now) { line in
                if line.hasPrefix("writing") { FileManager.default.createFile(atPath: path, contents: Data("theirs".utf8)) }
            }
        }
        #expect(error?.message.contains("appeared") == true, "\(error?.message ?? "")")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "theirs")
        #expect(names(dir) == ["nq57.sqlite"])
    }

    /// A demo killed while building leaves its file beside the path; the next one removes it.
    @Test func aFileLeftByAKilledDemoIsRemovedByTheNext() throws {
        let path = F.databasePath()
        let dir = (path as NSString).deletingLastPathComponent
        // A process id that is surely gone: a child that has exited and been waited for.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let left = DemoFile.buildingPath(for: path, pid: child.processIdentifier)
        FileManager.default.createFile(atPath: left, contents: Data("half made".utf8))
        FileManager.default.createFile(atPath: left + "-journal", contents: Data())
        #expect(names(dir).count == 2)
        try SQLiteStore.createDemo(at: path, scale: .small, seed: 57, asOf: F.demoAsOf, now: F.now)
        #expect(names(dir) == ["nq57.sqlite"])
    }
}
