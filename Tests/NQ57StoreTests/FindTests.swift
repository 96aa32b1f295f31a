import GRDB
import Foundation
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// The go-to prompt's search (issue 11 §2) and the province every row carries (§1), read from a store.
@Suite struct FindTests {
    typealias F = StoreFixtures

    func store() throws -> SQLiteStore {
        let store = try F.initializedStore()
        try store.addTask(F.task("00070-0001", deadline: F.day("2025-07-05")))
        try store.addTask(F.task("P-1", unit: "01", level: .province, deadline: F.day("2025-07-08")))
        return store
    }

    @Test func aCommuneIsFoundWithoutDiacriticsWithItsProvince() throws {
        let found = try store().find("hoan kiem", limit: 10)
        let first = try #require(found.first)
        #expect(first.kind == .commune)
        #expect(first.code == "00070")
        #expect(first.name == "Phường Hoàn Kiếm")
        #expect(first.provinceName == "Thành phố Hà Nội")
    }

    @Test func aProvinceComesBeforeCommunesOfTheSameName() throws {
        let found = try store().find("ha noi", limit: 10)
        #expect(found.first?.kind == .province)
        #expect(found.first?.code == "01")
        // Communes of Hà Nội match through their province's name, after it.
        #expect(found.dropFirst().contains { $0.kind == .commune && $0.provinceName == "Thành phố Hà Nội" })
    }

    @Test func aTaskIsFoundByItsIdAndByWordsOfItsTitle() throws {
        let store = try store()
        let byID = try store.find("00070-0001", limit: 10)
        #expect(byID.first?.kind == .task)
        #expect(byID.first?.code == "00070-0001")
        #expect(byID.first?.unitName == "Phường Hoàn Kiếm")
        #expect(byID.first?.provinceName == "Thành phố Hà Nội")
        let title = try #require(try store.taskDetail(id: "00070-0001", asOf: F.day("2025-07-10"), historyLimit: 1)).row.task.title
        let words = Search.fold(title).split(separator: " ").suffix(2).joined(separator: " ")
        #expect(try store.find(words, limit: 50).contains { $0.code == "00070-0001" }, "\(words)")
    }

    @Test func likeWildcardsAreTakenLiterally() throws {
        #expect(try store().find("%", limit: 10).isEmpty)
        #expect(try store().find("_", limit: 10).isEmpty)
    }

    @Test func rowsCarryTheirProvince() throws {
        let store = try store()
        let asOf = F.day("2025-07-10")
        let page = try store.tasks(.unit("00070"), asOf: asOf, limit: 10)
        #expect(page.rows.first?.provinceName == "Thành phố Hà Nội")
        let own = try store.tasks(.unit("01"), asOf: asOf, limit: 10)
        #expect(own.rows.first?.provinceName == nil)
        let detail = try #require(try store.taskDetail(id: "00070-0001", asOf: asOf, historyLimit: 5))
        #expect(detail.province?.code == "01")
        #expect(detail.province?.name == "Thành phố Hà Nội")
        let communes = try store.units(.level(.commune), asOf: asOf)
        #expect(communes.first { $0.unit.code == "00070" }?.provinceName == "Thành phố Hà Nội")
        #expect(communes.allSatisfy { $0.provinceName != nil })
        try store.append(F.report("00070-0001", .inProgress, at: F.time("2025-07-01T10:00:00+07:00")))
        let feed = try store.overview(asOf: asOf, latest: 5).latestReports
        #expect(feed.first?.provinceName == "Thành phố Hà Nội")
    }
}

/// Task lists narrowed to one derived state in the store (issue 11 §3).
@Suite struct StateFilterTests {
    typealias F = StoreFixtures

    @Test func eachStateHoldsExactlyItsTasksCountedOverEveryRow() throws {
        // ReadTests' store: Phường Hoàn Kiếm's tasks in every state, a task of Hà Nội itself (P-1,
        // overdue on 2025-07-10) and one of Phường Cửa Nam (Q-1, open).
        let store = try ReadTests().store()
        let asOf = F.day("2025-07-10")
        for scope in [TaskScope.unit("00070"), .techGroup(5), .province("01"), .level(.commune)] {
            for state in DerivedState.allCases {
                // A limit of 1 still reports the whole count: the filter is not over the rows loaded.
                let page = try store.tasks(.inState(scope, TaskFilter(state)), asOf: asOf, limit: 1)
                let all = try store.tasks(scope, asOf: asOf, limit: 100).rows.filter { $0.derived == state }
                #expect(page.total == all.count, "\(scope) \(state)")
                #expect(page.rows.map(\.task.id) == Array(all.prefix(1).map(\.task.id)), "\(scope) \(state)")
            }
        }
        let overdue = try store.tasks(.inState(.province("01"), .overdue), asOf: asOf, limit: 10)
        #expect(Set(overdue.rows.map(\.task.id)) == ["C-overdue-old", "D-overdue-new", "P-1"])
        #expect(overdue.total == 3)
        // Judged on an earlier day, D is still open and B not done yet (the as-of corrections).
        let earlier = try store.tasks(.inState(.unit("00070"), .openOnTime), asOf: F.day("2025-06-25"), limit: 10)
        #expect(Set(earlier.rows.map(\.task.id)) == ["B-done-late", "D-overdue-new", "E-open", "F-open-later"])
    }

    @Test func returnedHoldsTheTasksSentBackAndNotReportedAgainInEveryScope() throws {
        // A and B (done) sent back by inspections; B reported again since: only A stays returned.
        let store = try ReadTests().store()
        let now = F.time("2025-07-20T10:00:00+07:00")
        for id in ["A-done-on-time", "B-done-late"] {
            try store.inspect(InspectionFields(taskID: id, verdict: "returned", reason: "Thiếu minh chứng", by: "VP-01",
                                               at: "2025-07-03T10:00:00+07:00"), now: now)
        }
        try store.append(F.report("B-done-late", .done, at: F.time("2025-07-04T10:00:00+07:00")))
        for scope in [TaskScope.unit("00070"), .techGroup(5), .province("01"), .level(.commune)] {
            let page = try store.tasks(.inState(scope, .returned), asOf: F.day("2025-07-10"), limit: 1)
            #expect(page.total == 1, "\(scope)")
            // A returned task is not done: open or overdue by its deadline (A's was 30 June).
            #expect(page.rows.map(\.task.id) == ["A-done-on-time"] && page.rows.first?.derived == .overdue, "\(scope)")
        }
        #expect(try store.tasks(.inState(.unit("00073"), .returned), asOf: F.day("2025-07-10"), limit: 5) == TaskPage(rows: [], total: 0))
        // Judged before the inspection, nothing was returned yet.
        #expect(try store.tasks(.inState(.unit("00070"), .returned), asOf: F.day("2025-07-02"), limit: 5).total == 0)
    }
}

/// Titles folded when written (migration v13, `find_titles`), whoever writes them.
@Suite struct FindTitlesTests {
    typealias F = StoreFixtures

    func folded(_ store: SQLiteStore) throws -> [String: String?] {
        try store.read { db in
            var out: [String: String?] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT t.id, f.folded FROM tasks t JOIN find_titles f ON f.task_key = t.key") {
                out[r.text(0)] = r.optionalText(1)
            }
            return out
        }
    }

    @Test func nq57sWritesFoldAndAnotherProgramsTitlesAreFoundBeforeTheyAreFolded() throws {
        let store = try FindTests().store()
        #expect(try folded(store)["00070-0001"] == Search.fold(F.task("00070-0001", deadline: F.day("2025-07-05")).title))
        // Another program (a sqlite3 shell: no nq57_fold) renames a task and adds one.
        let other = try DatabaseQueue(path: store.path)
        try other.write { db in
            try db.execute(sql: "UPDATE tasks SET title = 'Xây dựng Cầu Rồng số' WHERE id = '00070-0001'")
            try db.execute(sql: """
                INSERT INTO tasks (id, title, plan, area, tech_group, level, unit_code, deadline)
                SELECT 'P-2', 'Đào tạo Kỹ sư Bán dẫn', plan, area, tech_group, level, unit_code, deadline FROM tasks WHERE id = 'P-1'
                """)
        }
        try other.close()
        #expect(try folded(store)["00070-0001"] == .some(nil))
        #expect(try store.find("cau rong", limit: 10).filter { $0.kind == .task }.map(\.code) == ["00070-0001"])
        #expect(try store.find("ky su ban dan", limit: 10).filter { $0.kind == .task }.map(\.code) == ["P-2"])
        // The old title is gone from the look-up.
        let old = Search.fold(F.task("00070-0001", deadline: F.day("2025-07-05")).title).split(separator: " ").prefix(3).joined(separator: " ")
        #expect(try !store.find(old, limit: 10).contains { $0.code == "00070-0001" }, "\(old)")
        // nq57's next write folds them.
        try store.addTask(F.task("Q-1", unit: "00073", deadline: F.day("2025-07-15")))
        let after = try folded(store)
        #expect(after["00070-0001"] == "xay dung cau rong so" && after["P-2"] == "dao tao ky su ban dan" && after["Q-1"] != .some(nil))
        #expect(try store.find("cau rong", limit: 10).filter { $0.kind == .task }.map(\.code) == ["00070-0001"])
    }

    @Test func checkNamesALostOrWrongFoldAndRebuildMendsIt() throws {
        let store = try FindTests().store()
        let asOf = F.day("2025-07-10")
        #expect(try store.verifyCounts(asOf: asOf) == [])
        let other = try DatabaseQueue(path: store.path)
        try other.write { db in
            try db.execute(sql: "DELETE FROM find_titles WHERE task_key = (SELECT key FROM tasks WHERE id = '00070-0001')")
            try db.execute(sql: "UPDATE find_titles SET folded = 'khac' WHERE task_key = (SELECT key FROM tasks WHERE id = 'P-1')")
        }
        try other.close()
        #expect(try store.verifyCounts(asOf: asOf) == ["find_titles: task 00070-0001 has no row", "find_titles: task P-1 is folded wrongly"])
        try store.rebuild()
        #expect(try store.verifyCounts(asOf: asOf) == [])
        #expect(try store.find("00070-0001", limit: 5).first?.code == "00070-0001")
        #expect(try folded(store).values.allSatisfy { $0 == Search.fold(F.task("X", deadline: asOf).title) })
    }

    @Test func theMigrationFoldsTheTitlesOfAnExistingDatabase() throws {
        let store = try FindTests().store()
        // The database as it was before v13.
        let other = try DatabaseQueue(path: store.path)
        try other.write { db in
            try db.execute(sql: """
                DROP TRIGGER find_titles_insert; DROP TRIGGER find_titles_update; DROP TRIGGER find_titles_delete;
                DROP TABLE find_titles; DELETE FROM grdb_migrations WHERE identifier = 'v13-find-titles'
                """)
        }
        try other.close()
        let reopened = try SQLiteStore(path: store.path)
        _ = try reopened.initialize()
        let after = try folded(reopened)
        #expect(after.count == 2 && after.values.allSatisfy { $0 != nil })
        #expect(try reopened.find("00070-0001", limit: 5).first?.code == "00070-0001")
        #expect(try reopened.verifyCounts(asOf: F.day("2025-07-10")) == [])
    }
}

/// How long a go-to look-up takes on a given database (issue 11 §4): set NQ57_FIND_DB to a national
/// demo database to measure; skipped otherwise. Prints the figures; asserts only that it finds.
@Suite struct FindTimingTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["NQ57_FIND_DB"] != nil))
    func aLookUpOnTheGivenDatabase() throws {
        let store = try SQLiteStore(path: ProcessInfo.processInfo.environment["NQ57_FIND_DB"]!, access: .readOnly)
        for query in ["ha noi", "tan thanh", "00070-0001", "chu ky so", "xyzzy", "t", "tr"] {
            var times: [Double] = []
            var found = 0
            for _ in 0..<3 {
                let start = Date()
                found = try store.find(query, limit: GoToState.limit).count
                times.append(Date().timeIntervalSince(start) * 1000)
            }
            print("find \"\(query)\": \(found) found, ms:", times.map { String(format: "%.0f", $0) }.joined(separator: " "))
        }
        #expect(try !store.find("ha noi", limit: 5).isEmpty)
    }
}
