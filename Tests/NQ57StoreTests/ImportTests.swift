import Foundation
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// `importFile`: every bad input is named with its line, and one bad row means nothing is written.
@Suite struct ImportTests {
    typealias F = StoreFixtures
    static let header = "task_id,status,progress,reported_at,note,reported_by\n"
    static let now = F.time("2025-12-01T12:00:00+07:00")

    /// A store with tasks T1…T3 at Phường Hoàn Kiếm, due 2025-09-30.
    func store() throws -> SQLiteStore {
        let store = try F.initializedStore()
        for id in ["T1", "T2", "T3"] {
            try store.addTask(F.task(id, deadline: F.day("2025-09-30")))
        }
        return store
    }

    func reportCount(_ store: SQLiteStore) throws -> Int {
        try store.size().reports
    }

    /// The error of importing `text` (or bytes) as a file named `name`, with the file's directory
    /// taken out of the message (the command line names the file as the user gave it).
    func failure(_ store: SQLiteStore, _ name: String, _ bytes: [UInt8], bulk: Bool? = nil, dryRun: Bool = false) throws -> NQ57Error {
        let path = F.file(name, bytes)
        let dir = (path as NSString).deletingLastPathComponent + "/"
        do {
            _ = try store.importFile(path, dryRun: dryRun, now: Self.now, bulk: bulk)
        } catch let e as NQ57Error {
            return NQ57Error(e.kind, e.message.replacingOccurrences(of: dir, with: ""))
        }
        Issue.record("\(name) was accepted")
        return NQ57Error(.usage, "")
    }

    func failure(_ store: SQLiteStore, _ name: String, _ text: String, bulk: Bool? = nil, dryRun: Bool = false) throws -> NQ57Error {
        try failure(store, name, Array(text.utf8), bulk: bulk, dryRun: dryRun)
    }

    @Test(arguments: [false, true])
    func aGoodFileIsImported(bulk: Bool) throws {
        let store = try store()
        let file = F.file("reports.csv", Self.header + #"""
            T1,in_progress,40,2025-07-01T09:00:00+07:00,"Đang triển khai, ""đợt 1""",Cán bộ xã
            T1,done,,2025-08-01T09:00:00+07:00,"hai
            dòng",
            T2,not_started,,2025-07-02,,\#r
            T3,done,100,2025-10-05T23:30:00+07:00,,
            """#)
        let summary = try store.importFile(file, dryRun: false, now: Self.now, bulk: bulk)
        #expect(summary == ImportSummary(kind: .reports, format: .csv, rows: 4, dryRun: false))
        let t1 = try #require(try store.taskDetail(id: "T1", asOf: F.day("2025-12-01"), historyLimit: 10))
        #expect(t1.row.state.status == .done)
        #expect(t1.row.derived == .doneOnTime)
        #expect(t1.reports.map(\.note) == ["hai\ndòng", "Đang triển khai, \"đợt 1\""])
        #expect(t1.reports.last?.reportedBy == "Cán bộ xã")
        #expect(try store.taskDetail(id: "T3", asOf: F.day("2025-12-01"), historyLimit: 0)?.row.derived == .doneLate)
        #expect(try store.taskDetail(id: "T2", asOf: F.day("2025-12-01"), historyLimit: 0)?.row.derived == .overdue)
        #expect(try store.verifyCounts(asOf: F.day("2025-12-01")).isEmpty)
    }

    @Test(arguments: [false, true])
    func jsonLinesWithTheSameKeys(bulk: Bool) throws {
        let store = try store()
        let file = F.file("reports.jsonl", """

            {"task_id":"T1","status":"in_progress","progress":55,"reported_at":"2025-07-01T09:00:00+07:00"}
            {"task_id":"T2","status":"done","progress":null,"reported_at":"2025-07-01T10:00:00Z","note":"xong","reported_by":"UBND"}

            """)
        let summary = try store.importFile(file, dryRun: false, now: Self.now, bulk: bulk)
        #expect(summary.rows == 2)
        #expect(summary.format == .jsonLines)
        #expect(try store.taskDetail(id: "T1", asOf: F.day("2025-08-01"), historyLimit: 1)?.row.state.progress == 55)
        #expect(try store.taskDetail(id: "T2", asOf: F.day("2025-08-01"), historyLimit: 1)?.reports.first?.note == "xong")
    }

    @Test func badJSONLinesAreListedByLine() throws {
        let store = try store()
        let e = try failure(store, "r.jsonl", """
            {"task_id":"T1","status":"done"}
            {"task_id":"T1","status":"done",
            {"task_id":"T1","status":"done","colour":"red"}
            {"task_id":"T1","status":"in_progress","progress":true}
            ["T1"]
            {"task_id":"T9","status":"done"}
            """)
        #expect(e.kind == .badData)
        let lines = e.message.split(separator: "\n").map(String.init)
        #expect(lines[0] == "r.jsonl:2: line: is not valid JSON")
        #expect(lines[1].hasPrefix("r.jsonl:3: colour: is not a report key"))
        #expect(lines[2] == "r.jsonl:4: progress: is true or false, not a value")
        #expect(lines[3] == "r.jsonl:5: line: is not a JSON object")
        #expect(lines[4] == "r.jsonl:6: task_id: no task \"T9\"")
        #expect(try reportCount(store) == 0)
    }

    @Test(arguments: [false, true])
    func oneBadRowMeansNothingIsWrittenAndEveryBadRowIsListed(bulk: Bool) throws {
        let store = try store()
        try store.append(F.report("T1", .inProgress, 10, at: F.time("2025-06-01T09:00:00+07:00")))
        let before = try store.overview(asOf: F.day("2025-12-01"), latest: 10)
        let e = try failure(store, "reports.csv", Self.header + """
            T1,in_progress,50,2025-07-01T09:00:00+07:00,,
            T2,in_progress,140,2025-07-01T09:00:00+07:00,,
            T3,finished,,2025-07-01,,
            T9,done,100,2025-07-01,,
            T1,done,90,2025-07-01,,
            T1,in_progress,5,yesterday,,
            T1,in_progress,5,2026-02-01,,
            T1,in_progress,5,2024-01-01,,
            T2,in_progress
            T2,done,100,2025-07-02,\(String(repeating: "x", count: 2001)),
            T2,done,100,2025-07-03,,
            """, bulk: bulk)
        #expect(e.kind == .badData)
        #expect(e.exitCode == 65)
        let lines = e.message.split(separator: "\n").map(String.init)
        #expect(lines == [
            "reports.csv:3: progress: 140 is outside 0–100",
            "reports.csv:4: status: \"finished\" is not one of not_started, in_progress, done",
            "reports.csv:5: task_id: no task \"T9\"",
            "reports.csv:6: progress: a done task must be at 100, not 90",
            "reports.csv:7: reported_at: \"yesterday\" is not an ISO 8601 time such as 2025-07-02T09:30:00+07:00",
            "reports.csv:8: reported_at: 2026-02-01 is in the future",
            "reports.csv:9: reported_at: 2024-01-01 is before Resolution 57 (2024-12-22)",
            "reports.csv:10: expected 6 fields, found 2",
            "reports.csv:11: note: is 2001 characters long; the limit is 2000",
            "reports.csv: 9 bad rows; nothing was imported",
        ])
        #expect(try reportCount(store) == 1)
        #expect(try store.overview(asOf: F.day("2025-12-01"), latest: 10) == before)
        #expect(try store.verifyCounts(asOf: F.day("2025-12-01")).isEmpty)
    }

    @Test func aBadLastRowRollsBackTheBatchesAlreadyInserted() throws {
        let store = try store()
        try store.append(F.report("T1", .inProgress, 10, at: F.time("2025-06-01T09:00:00+07:00")))
        let asOf = F.day("2025-12-01")
        let before = try store.overview(asOf: asOf, latest: 10)
        let token = try store.changeToken()
        // One row a batch, and the reader runs at most two batches ahead of the writer: by the time
        // the bad last row is read, the writer has inserted at least 38 of the 40 good ones.
        var text = Self.header
        for i in 0..<40 { text += "T\(i % 3 + 1),in_progress,\(i),2025-07-\(10 + i % 20)T09:00:00+07:00,,\n" }
        text += "T2,in_progress,140,2025-08-01T09:00:00+07:00,,\n"
        let file = F.file("batches.csv", text)
        do {
            _ = try store.importFile(file, dryRun: false, now: Self.now, bulk: true, batchSize: 1)
            Issue.record("a file with a bad last row was imported")
        } catch let e as NQ57Error {
            #expect(e.message.hasSuffix("batches.csv:42: progress: 140 is outside 0–100\n\(file): 1 bad row; nothing was imported"), "\(e.message)")
        }
        #expect(try reportCount(store) == 1)
        #expect(try store.overview(asOf: asOf, latest: 10) == before)
        #expect(try store.changeToken() == token)
        #expect(try store.verifyCounts(asOf: asOf).isEmpty)
        // The triggers the bulk load set aside are back: a report still folds into its task.
        try store.append(F.report("T2", .done, 100, at: F.time("2025-08-01T09:00:00+07:00")))
        let t2 = try #require(try store.taskDetail(id: "T2", asOf: asOf, historyLimit: 1))
        #expect(t2.row.state.status == .done)
    }

    @Test func theListIsCappedAndSaysHowManyMore() throws {
        let store = try store()
        let rows = (1...32).map { _ in "T1,in_progress,101,2025-07-01,," }.joined(separator: "\n")
        let e = try failure(store, "big.csv", Self.header + rows + "\n")
        let lines = e.message.split(separator: "\n").map(String.init)
        #expect(lines.count == 22)
        #expect(lines[0] == "big.csv:2: progress: 101 is outside 0–100")
        #expect(lines[19] == "big.csv:21: progress: 101 is outside 0–100")
        #expect(lines[20] == "… and 12 more bad rows")
        #expect(lines[21] == "big.csv: 32 bad rows; nothing was imported")
    }

    @Test func dryRunValidatesEverythingAndWritesNothing() throws {
        let store = try store()
        let file = F.file("reports.csv", Self.header + "T1,done,,2025-07-01,,\nT2,in_progress,20,2025-07-01,,\n")
        let token = try store.changeToken()
        let summary = try store.importFile(file, dryRun: true, now: Self.now)
        #expect(summary == ImportSummary(kind: .reports, format: .csv, rows: 2, dryRun: true))
        #expect(try reportCount(store) == 0)
        #expect(try store.changeToken() == token)
        let e = try failure(store, "bad.csv", Self.header + "T1,done,50,2025-07-01,,\n", dryRun: true)
        #expect(e.message.hasSuffix("bad.csv: 1 bad row; dry run, nothing written"))
    }

    @Test func theFileItselfCanBeWrong() throws {
        let store = try store()
        #expect(try failure(store, "empty.csv", "").message.hasSuffix("empty.csv: the file is empty"))
        #expect(try failure(store, "blank.csv", "\n\n  \n").message.hasSuffix("blank.csv: the file is empty"))
        let binary = try failure(store, "data.bin", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00] + Array("task_id".utf8))
        #expect(binary.kind == .badData)
        #expect(binary.message.contains("data.bin: looks like a binary file"))

        let header = try failure(store, "h.csv", "task,status\nT1,done\n")
        #expect(header.kind == .badData)
        #expect(header.message.contains("h.csv:1: the header is \"task,status\"; expected task_id,status,progress,reported_at,note,reported_by"))

        var invalid = Array((Self.header + "T1,in_progress,10,2025-07-01,ok,\nT1,in_progress,20,2025-07-02,").utf8)
        invalid += [0xC3, 0x28]
        invalid += Array(",\nT1,in_progress,30,2025-07-03,,\n".utf8)
        #expect(try failure(store, "u.csv", invalid).message.hasPrefix("u.csv:3: field 5 is not valid UTF-8"))

        let quote = try failure(store, "q.csv", Self.header + "T1,done,,2025-07-01,,\nT1,done,,2025-07-02,\"never closed,\nT1,done,,2025-07-03,,\n")
        #expect(quote.message.hasPrefix("q.csv:3: a quoted field is never closed"))

        let missing = StoreFixtures.temporaryDirectory() + "/nope.csv"
        #expect(throws: NQ57Error(.missingInput, "\(missing): no such file")) {
            try store.importFile(missing, now: Self.now)
        }
        #expect(try reportCount(store) == 0)
    }

    @Test func aByteOrderMarkAndABlankLastLineAreFine() throws {
        let store = try store()
        let file = F.file("bom.csv", [0xEF, 0xBB, 0xBF] + Array((Self.header + "T1,done,,2025-07-01,,\n\n").utf8))
        #expect(try store.importFile(file, now: Self.now).rows == 1)
    }

    @Test func tasksComeInThroughTheSameCommand() throws {
        let store = try F.initializedStore()
        let good = F.file("tasks.csv", """
            task_id,title,plan,area,tech_group,level,unit_code,deadline
            HN-1,"Số hóa dữ liệu đất đai, giai đoạn 1",KH02-KH/BCĐTW,3,,province,01,2025-12-31
            HK-1,Triển khai chữ ký số,KH02-KH/BCĐTW,2,2,commune,00070,2026-03-31
            KHCN-1,Ứng dụng trí tuệ nhân tạo,NQ57,4,1,central,BKHCN,2025-09-30

            """)
        let summary = try store.importFile(good, now: Self.now)
        #expect(summary == ImportSummary(kind: .tasks, format: .csv, rows: 3, dryRun: false))
        let hn = try #require(try store.taskDetail(id: "HN-1", asOf: F.day("2025-06-01"), historyLimit: 1))
        #expect(hn.row.task.title == "Số hóa dữ liệu đất đai, giai đoạn 1")
        #expect(hn.row.state == .unreported)
        #expect(hn.unit.name == "Thành phố Hà Nội")
        #expect(try store.units(.level(.province), asOf: F.day("2025-06-01")).first?.counts.total == 2)

        let bad = try failure(store, "more.csv", """
            task_id,title,plan,area,tech_group,level,unit_code,deadline
            HN-2,Tiêu đề,KH01,9,,province,01,2025-12-31
            HN-3,Tiêu đề,KH01,1,,commune,01,2025-12-31
            HN-4,Tiêu đề,KH01,1,,province,01,2025-02-30
            HN-1,Tiêu đề,KH01,1,,province,01,2025-12-31
            HN-5,Tiêu đề,KH01,1,42,province,01,2025-12-31
            HN-6,Tiêu đề,KH01,1,,province,01,2025-12-31
            HN-6,Tiêu đề,KH01,1,,province,01,2025-12-31
            """)
        #expect(bad.message.split(separator: "\n").map(String.init) == [
            "more.csv:2: area: 9 is not one of the six areas 1–6",
            "more.csv:3: level: unit 01 is a province unit, not commune",
            "more.csv:4: deadline: \"2025-02-30\" is not a date such as 2025-12-31",
            "more.csv:5: task_id: task \"HN-1\" already exists",
            "more.csv:6: tech_group: 42 is not in the catalogue of technology groups",
            "more.csv:8: task_id: \"HN-6\" appears twice in the file",
            "more.csv: 6 bad rows; nothing was imported",
        ])
        #expect(try store.taskDetail(id: "HN-6", asOf: F.day("2025-06-01"), historyLimit: 0) == nil)
    }

    @Test func realTasksNeverMixWithDemoData() throws {
        let store = try F.demoStore()
        let file = F.file("tasks.csv", "task_id,title,plan,area,tech_group,level,unit_code,deadline\nX-1,Tiêu đề,KH01,1,,province,01,2025-12-31\n")
        #expect(throws: NQ57Error.self) { try store.importFile(file, now: Self.now) }
        #expect(throws: NQ57Error.self) { try store.addTask(F.task("X-2", deadline: F.day("2025-12-31"))) }
    }
}

/// A field or a line past the reader's limits refuses the file at that row, on both paths.
@Suite struct ImportLimitTests {
    typealias F = StoreFixtures

    @Test(arguments: [false, true])
    func aHugeFieldIsRefusedAtItsLine(bulk: Bool) throws {
        let store = try F.initializedStore()
        try store.addTask(F.task("T1", deadline: F.day("2025-09-30")))
        let huge = String(repeating: "x", count: 2 << 20)
        let csv = F.file("huge.csv", "task_id,status,progress,reported_at,note,reported_by\nT1,done,,2025-07-01,,\nT1,done,,2025-07-02,\"\(huge)\",\n")
        let e = try #require(storeError { try store.importFile(csv, dryRun: false, now: F.now, bulk: bulk) })
        guard case .badRows(_, _, let listed, _) = e else { Issue.record("\(e)"); return }
        #expect(listed == ["\(csv):3: field 5 is longer than 65536 bytes; the file is not read further"])
        let json = F.file("huge.jsonl", "{\"task_id\":\"T1\",\"status\":\"done\",\"reported_at\":\"2025-07-01\"}\n{\"note\":\"\(huge)\"}\n")
        let j = try #require(storeError { try store.importFile(json, dryRun: false, now: F.now, bulk: bulk) })
        guard case .badRows(_, _, let jl, _) = j else { Issue.record("\(j)"); return }
        #expect(jl == ["\(json):2: the line is longer than 1048576 bytes; the file is not read further"])
        #expect(try store.size().reports == 0)
    }
}

/// One rule on every path: a NUL in a note, and a time more than 5 minutes ahead, are refused the same
/// way by `report`, the row-by-row import and the bulk import (the row path used to cut at the NUL,
/// the bulk path to keep it; times up to a day ahead passed).
@Suite struct OneRuleEveryPathTests {
    typealias F = StoreFixtures

    @Test(arguments: [false, true])
    func aNulAndAClockFarAheadAreRefusedOnEveryPath(bulk: Bool) throws {
        let store = try F.initializedStore()
        try store.addTask(F.task("T1", deadline: F.day("2025-09-30")))
        let now = F.now
        let ahead = now.adding(seconds: 6 * 60).description
        // A NUL reaches a note as JSON's \u0000 (a raw NUL byte makes the file binary).
        let file = F.file("r.jsonl", """
            {"task_id":"T1","status":"done","reported_at":"2025-07-01","note":"a\\u0000b"}
            {"task_id":"T1","status":"done","reported_at":"\(ahead)"}
            {"task_id":"T1","status":"done","reported_at":"\(now.adding(seconds: 5 * 60))"}
            """)
        let e = try #require(storeError { try store.importFile(file, dryRun: false, now: now, bulk: bulk) })
        guard case .badRows(_, 2, let listed, _) = e else { Issue.record("\(e)"); return }
        #expect(listed == ["\(file):1: note: holds a NUL character", "\(file):2: reported_at: \(ahead) is in the future"])
        #expect(storeError { try store.report(ReportFields(taskID: "T1", status: "done", note: "a\u{0}b"), now: now) }
                == .invalid(FieldProblem(field: "note", message: "holds a NUL character")))
        #expect(storeError { try store.report(ReportFields(taskID: "T1", status: "done", reportedAt: ahead), now: now) }
                == .invalid(FieldProblem(field: "reported_at", message: "\(ahead) is in the future")))
        #expect(try store.size().reports == 0)
    }
}
