import Foundation
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// Importing a file twice, or one that overlaps what is stored, adds nothing twice: a row that
/// repeats a stored report (same task, time, status, progress, note and author) is left out and
/// counted; `allowRepeats` stores it as a new report. Both import paths agree.
@Suite struct RepeatImportTests {
    typealias F = StoreFixtures
    static let header = "task_id,status,progress,reported_at,note,reported_by\n"
    static let now = F.time("2025-12-01T12:00:00+07:00")

    func store() throws -> SQLiteStore {
        let store = try F.initializedStore()
        for id in ["T1", "T2"] { try store.addTask(F.task(id, deadline: F.day("2025-09-30"))) }
        return store
    }

    static let june = header + """
        T1,in_progress,10,2025-06-01T09:00:00+07:00,tháng 6,xã
        T1,in_progress,20,2025-06-15T09:00:00+07:00,,xã
        T2,in_progress,30,2025-06-20T09:00:00+07:00,"a,b",
        """
    /// Overlaps June by its last two rows, and adds two.
    static let juneJuly = header + """
        T1,in_progress,20,2025-06-15T09:00:00+07:00,,xã
        T2,in_progress,30,2025-06-20T09:00:00+07:00,"a,b",
        T1,done,100,2025-07-01T09:00:00+07:00,,xã
        T2,in_progress,30,2025-06-20T09:00:00+07:00,"a,b (sửa)",
        """

    @Test(arguments: [false, true])
    func aFileImportedTwiceAddsNothing(bulk: Bool) throws {
        let store = try store()
        let file = F.file("june.csv", Self.june)
        #expect(try store.importFile(file, dryRun: false, now: Self.now, bulk: bulk).rows == 3)
        let second = try store.importFile(file, dryRun: false, now: Self.now, bulk: bulk)
        #expect(second.rows == 0)
        #expect(second.alreadyStored == 3)
        #expect(try store.size().reports == 3)
        #expect(try store.verifyCounts(asOf: F.day("2025-12-01")) == [])
        // The same for JSON Lines (an export of what is stored).
        var json = ""
        _ = try store.export(.reports, format: .json, asOf: F.day("2025-12-01")) { json += $0 }
        let again = try store.importFile(F.file("june.jsonl", json), dryRun: false, now: Self.now, bulk: bulk)
        #expect(again.rows == 0 && again.alreadyStored == 3)
    }

    @Test(arguments: [false, true])
    func anOverlappingFileAddsOnlyWhatIsNew(bulk: Bool) throws {
        let store = try store()
        try store.importFile(F.file("june.csv", Self.june), dryRun: false, now: Self.now, bulk: bulk)
        let dry = try store.importFile(F.file("juneJuly.csv", Self.juneJuly), dryRun: true, now: Self.now, bulk: bulk)
        #expect(dry.rows == 2 && dry.alreadyStored == 2)
        let s = try store.importFile(F.file("juneJuly.csv", Self.juneJuly), dryRun: false, now: Self.now, bulk: bulk)
        #expect(s.rows == 2)
        #expect(s.alreadyStored == 2)
        #expect(try store.size().reports == 5)
        let t2 = try #require(try store.taskDetail(id: "T2", asOf: F.day("2025-12-01"), historyLimit: 10))
        #expect(t2.reports.map(\.note).sorted() == ["a,b", "a,b (sửa)"])
        #expect(try store.verifyCounts(asOf: F.day("2025-12-01")) == [])
    }

    @Test(arguments: [false, true])
    func repeatsAreStoredWhenAllowed(bulk: Bool) throws {
        let store = try store()
        let file = F.file("june.csv", Self.june)
        try store.importFile(file, dryRun: false, now: Self.now, bulk: bulk)
        let s = try store.importFile(file, dryRun: false, allowRepeats: true, now: Self.now, bulk: bulk)
        #expect(s.rows == 3 && s.alreadyStored == 0)
        #expect(try store.size().reports == 6)
        #expect(try store.verifyCounts(asOf: F.day("2025-12-01")) == [])
    }

    /// Rows of one file are not compared with each other: a file that says the same thing twice
    /// stores it twice, on both paths (only what was stored before counts as a repeat).
    @Test(arguments: [false, true])
    func rowsOfOneFileAreAllStored(bulk: Bool) throws {
        let store = try store()
        let row = "T1,in_progress,10,2025-06-01T09:00:00+07:00,,\n"
        let s = try store.importFile(F.file("twice.csv", Self.header + row + row), dryRun: false, now: Self.now, bulk: bulk)
        #expect(s.rows == 2 && s.alreadyStored == 0)
    }
}
