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
