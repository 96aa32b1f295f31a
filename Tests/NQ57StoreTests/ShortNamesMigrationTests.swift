import Foundation
import GRDB
import Testing
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport

/// v14 (issue 11 §6, §8): an existing database gains short names, Vietnamese sources and the
/// figures' catalogue; a figure recorded before under another key stays readable; the counts check.
@Suite struct ShortNamesMigrationTests {
    typealias F = StoreFixtures

    @Test func aDatabaseAtV9GainsShortNamesSourcesAndTheCatalogue() throws {
        let path = F.databasePath()
        try databaseAtVersion(Schema.v9, path, sql: """
            INSERT INTO tech_groups (id, name_vi, name_en, verified, position)
            VALUES (3, 'Công nghệ chuỗi khối (Blockchain)', 'Blockchain', 'yes', 0);
            INSERT INTO meta (key, value) VALUES ('catalogue_source', 'strategic-tech-groups-1131.csv');
            INSERT INTO metrics (key, value, as_of, source) VALUES ('foo_bar', 12, '2026-01-01', 'typed by hand');
            """)
        let store = try SQLiteStore(path: path)
        let summary = try store.initialize()
        #expect(summary.migrationsApplied.contains("v14-short-names"))
        let groups = try store.queue.read { try Reading.techGroups($0) }
        #expect(groups.first { $0.id == 3 }?.short == ShortName(vi: "Chuỗi khối", en: "Blockchain"))
        let series = try store.metrics(asOf: F.day("2026-01-01"))
        let st = try #require(series.first { $0.key == "st_enterprises" })
        #expect(st.name?.short.vi == "DN KH&CN")
        #expect(st.points.first?.source(.vi).hasPrefix("Sơ kết 6 tháng") == true)
        #expect(st.points.first?.source(.en).hasPrefix("Central Steering Committee") == true)
        // The hand-typed key stays, named by its key; new figures under it are accepted.
        #expect(series.first { $0.key == "foo_bar" }?.name?.nameVI == "foo_bar")
        try store.setMetric(Metric(key: "foo_bar", value: 13, asOf: F.day("2026-01-02"), source: "typed by hand"))
        let committee = try store.units(.level(.central), asOf: F.demoAsOf).first { $0.unit.code == "BCDTW" }
        #expect(committee?.unit.short.vi == "Ban Chỉ đạo Trung ương")
        #expect(try store.verifyCounts(asOf: F.demoAsOf).isEmpty)
    }
}

/// The store's errors a live dashboard shows in its banner have a Vietnamese line (issue 11 §8).
@Suite struct StoreErrorLanguageTests {
    @Test func theFollowedFilesErrorsSayItInVietnamese() {
        for e in [StoreError.fileMissing(path: "x"), .fileReplaced(path: "x"), .noDatabase(path: "x"), .newerSchema(path: "x"),
                  .notInitialised(path: "x"), .databaseIsDirectory(path: "x"), .sqlite(path: "x", .locked, message: "m")] {
            let vi = e.error.messageVI
            #expect(vi?.hasPrefix("x: ") == true, "\(e)")
            #expect(vi != e.message, "\(e)")
        }
        #expect(StoreError.fileMissing(path: "x").error.messageVI == "x: tệp cơ sở dữ liệu không còn")
    }
}
