import Foundation
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// `export` and `setMetric`: RFC 4180 CSV or JSON Lines, and an export of reports imports again.
@Suite struct ExportTests {
    typealias F = StoreFixtures

    func text(_ store: SQLiteStore, _ kind: ExportKind, _ format: ExportFormat, asOf: CivilDate) throws -> String {
        var out = ""
        try store.export(kind, format: format, asOf: asOf) { out += $0 }
        return out
    }

    func store() throws -> SQLiteStore {
        let store = try F.initializedStore()
        try store.addTask(F.task("T1", deadline: F.day("2025-09-30"), group: 1, title: "Số hóa, \"đợt 1\""))
        try store.addTask(F.task("T2", unit: "BKHCN", level: .central, deadline: F.day("2025-06-30")))
        try store.append(F.report("T1", .inProgress, 30, at: F.time("2025-07-01T09:00:00+07:00"), note: "a,b \"c\"\nd", by: " Cán bộ "))
        try store.append(F.report("T1", .done, at: F.time("2025-08-01T02:00:00Z")))
        return store
    }

    @Test func csvIsQuotedAsRFC4180Says() throws {
        let store = try store()
        let asOf = F.day("2025-12-31")
        #expect(try text(store, .tasks, .csv, asOf: asOf) == #"""
            task_id,title,plan,area,tech_group,level,unit_code,deadline,status,progress,derived_state
            T1,"Số hóa, ""đợt 1""",KH02-KH/BCĐTW,3,1,commune,00070,2025-09-30,done,100,done_on_time
            T2,Số hóa dữ liệu hộ tịch,KH02-KH/BCĐTW,3,,central,BKHCN,2025-06-30,not_started,0,overdue

            """#)
        #expect(try text(store, .reports, .csv, asOf: asOf) == #"""
            task_id,status,progress,reported_at,note,reported_by
            T1,in_progress,30,2025-07-01T02:00:00Z,"a,b ""c""
            d"," Cán bộ "
            T1,done,100,2025-08-01T02:00:00Z,,

            """#)
        // As of a day before the second report, it is not there and the task is still open.
        #expect(try text(store, .reports, .csv, asOf: F.day("2025-07-31")).split(separator: "\n").count == 3)
        #expect(try text(store, .tasks, .csv, asOf: F.day("2025-07-31")).contains("T1,\"Số hóa, \"\"đợt 1\"\"\",KH02-KH/BCĐTW,3,1,commune,00070,2025-09-30,in_progress,30,open_on_time"))
    }

    @Test func jsonIsOneObjectALine() throws {
        let store = try store()
        let lines = try text(store, .tasks, .json, asOf: F.day("2025-12-31")).split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["title"] as? String == "Số hóa, \"đợt 1\"")
        #expect((first["tech_group"] as? NSNumber)?.intValue == 1)
        #expect((first["progress"] as? NSNumber)?.intValue == 100)
        #expect(first["derived_state"] as? String == "done_on_time")
        let second = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(second["tech_group"] is NSNull)
        let reports = try text(store, .reports, .json, asOf: F.day("2025-12-31")).split(separator: "\n")
        let note = try #require(try JSONSerialization.jsonObject(with: Data(reports[0].utf8)) as? [String: Any])
        #expect(note["note"] as? String == "a,b \"c\"\nd")
    }

    @Test(arguments: [ExportFormat.csv, .json])
    func anExportOfReportsImportsAgain(format: ExportFormat) throws {
        let source = try store()
        let asOf = F.day("2025-12-31")
        let path = F.file(format == .csv ? "reports.csv" : "reports.jsonl", try text(source, .reports, format, asOf: asOf))
        let target = try F.initializedStore()
        try target.addTask(F.task("T1", deadline: F.day("2025-09-30"), group: 1, title: "Số hóa, \"đợt 1\""))
        try target.addTask(F.task("T2", unit: "BKHCN", level: .central, deadline: F.day("2025-06-30")))
        let summary = try target.importFile(path, now: F.time("2026-01-01T00:00:00Z"))
        #expect(summary.rows == 2)
        #expect(try text(target, .reports, .csv, asOf: asOf) == text(source, .reports, .csv, asOf: asOf))
        #expect(try text(target, .tasks, .csv, asOf: asOf) == text(source, .tasks, .csv, asOf: asOf))
    }

    @Test func figuresAreSetByKeyDateAndSource() throws {
        let store = try F.initializedStore()
        let day = F.day("2026-01-10")
        try store.setMetric(Metric(key: "st_enterprises", value: 1000, asOf: day, qualifier: "more than", source: "test"))
        try store.setMetric(Metric(key: "st_enterprises", value: 1010, asOf: day, source: "test"))
        try store.setMetric(Metric(key: "st_enterprises", value: 990, asOf: day, source: "other"))
        let series = try #require(try store.metrics(asOf: day).first { $0.key == "st_enterprises" })
        #expect(series.points.suffix(2).map(\.value) == [1010, 990])
        #expect(series.points.suffix(2).map(\.source) == ["test", "other"])
        #expect(series.points.suffix(2).first?.qualifier == nil)
        #expect(throws: NQ57Error.self) { try store.setMetric(Metric(key: "bad key", value: 1, asOf: day, source: "")) }
        #expect(throws: NQ57Error.self) { try store.setMetric(Metric(key: "k", value: .nan, asOf: day, source: "")) }
        let csv = try text(store, .metrics, .csv, asOf: day)
        #expect(csv.hasPrefix("key,value,as_of,qualifier,source\nst_enterprises,858,2025-07-02,,Central Steering Committee"))
        #expect(csv.contains("\ndigital_enterprises,73000,2025-07-02,more than,"))
        #expect(csv.contains("\nst_enterprises,1010,2026-01-10,,test\n"))
    }
}
