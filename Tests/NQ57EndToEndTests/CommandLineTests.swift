import Foundation
import Testing
import NQ57TestSupport

/// The built `nq57`, run as scripts and officers run it: exit codes, one-line errors, files in and out.
@Suite(.serialized) struct CommandLineTests {
    let dir = TemporaryDirectory()

    @Test func initIsIdempotentAndTheFileIsPrivate() throws {
        let db = dir.file("a.sqlite")
        let first = try Binary.run(["init", "--db", db])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("34 provinces, 3321 communes"))
        let again = try Binary.run(["init", "--db", db])
        #expect(again.status == 0)
        #expect(again.stdout.contains("schema up to date"))
        let mode = try FileManager.default.attributesOfItem(atPath: db)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func snapshotInBothLanguagesAndAsJSON() throws {
        let db = try DemoDatabase.copy(into: dir)
        let vi = try Binary.run(["snapshot", "--db", db, "--width", "100", "--as-of", DemoDatabase.asOf])
        #expect(vi.status == 0, "\(vi.stderr)")
        #expect(vi.stdout.contains("DỮ LIỆU MẪU / DEMO DATA"))
        #expect(vi.stdout.contains("Nhiệm vụ theo cấp") && vi.stdout.contains("Trung ương"))
        #expect(vi.stdout.split(separator: "\n").allSatisfy { $0.count <= 100 })
        let en = try Binary.run(["snapshot", "--db", db, "--width", "80", "--lang", "en", "--as-of", DemoDatabase.asOf])
        #expect(en.stdout.contains("Tasks by level") && en.stdout.contains("Provinces most behind"))

        let json = try Binary.run(["snapshot", "--db", db, "--format", "json", "--as-of", DemoDatabase.asOf])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["as_of"] as? String == DemoDatabase.asOf)
        #expect(object["demo"] as? Bool == true)
        let levels = try #require(object["levels"] as? [[String: Any]])
        #expect(levels.map { $0["level"] as? String } == ["central", "province", "commune"])
        for level in levels {
            let parts = ["done_on_time", "done_late", "open_on_time", "overdue"].map { level[$0] as? Int ?? -1 }
            #expect(parts.reduce(0, +) == level["total"] as? Int)
        }
        #expect((object["tech_groups"] as? [Any])?.count == 11)
        #expect((object["provinces"] as? [Any])?.count == 34)
        let metric = try #require((object["metrics"] as? [[String: Any]])?.first)
        #expect(metric["source"] is String && metric["as_of"] is String)
    }

    @Test func provinceAndCommuneViews() throws {
        let db = try DemoDatabase.copy(into: dir)
        let province = try Binary.run(["snapshot", "--db", db, "--view", "province:01", "--format", "json", "--as-of", DemoDatabase.asOf])
        #expect(province.status == 0, "\(province.stderr)")
        let units = try #require((try JSONSerialization.jsonObject(with: Data(province.stdout.utf8)) as? [String: Any])?["units"] as? [[String: Any]])
        #expect(units.first?["code"] as? String == "01")
        #expect(units.contains { $0["name"] as? String == "Phường Hoàn Kiếm" })
        let commune = try Binary.run(["snapshot", "--db", db, "--view", "commune:00070", "--width", "120", "--as-of", DemoDatabase.asOf])
        #expect(commune.status == 0)
        #expect(commune.stdout.contains("Phường Hoàn Kiếm"))
        let missing = try Binary.run(["snapshot", "--db", db, "--view", "commune:99999"])
        #expect(missing.status == 64)
        #expect(missing.stderr == "nq57: --view commune:99999: no commune with code 99999\n")
        let noProvince = try Binary.run(["snapshot", "--db", db, "--view", "province:99"])
        #expect(noProvince.status == 64)
        #expect(noProvince.stderr == "nq57: --view province:99: no province with code 99\n")
        let bad = try Binary.run(["snapshot", "--db", db, "--view", "everything"])
        #expect(bad.status == 64)
    }

    @Test func aReportIsStoredAndShown() throws {
        let db = try DemoDatabase.copy(into: dir)
        let tasks = try Binary.run(["export", "--db", db, "--what", "tasks"])
        let line = try #require(tasks.stdout.split(separator: "\n").first { $0.contains(",in_progress,") || $0.contains(",not_started,") })
        let id = String(line.split(separator: ",")[0])
        let r = try Binary.run(["report", "--db", db, "--task", id, "--status", "done", "--note", "Hoàn thành \u{1B}[2J", "--by", "Sở KH&CN"])
        #expect(r.status == 0, "\(r.stderr)")
        let after = try Binary.run(["export", "--db", db, "--what", "tasks"])
        #expect(after.stdout.split(separator: "\n").contains { $0.hasPrefix(id + ",") && $0.contains(",done,100,") })
        // Shown: the latest report of the snapshot, stored as given; JSON carries the escape as \u001b.
        let snapshot = try Binary.run(["snapshot", "--db", db, "--format", "json"])
        #expect(snapshot.status == 0, "\(snapshot.stderr)")
        #expect(!snapshot.stdout.contains("\u{1B}"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(snapshot.stdout.utf8)) as? [String: Any])
        let latest = try #require((object["latest_reports"] as? [[String: Any]])?.first)
        #expect(latest["task_id"] as? String == id)
        #expect(latest["status"] as? String == "done" && latest["progress"] as? Int == 100)
        #expect(latest["note"] as? String == "Hoàn thành \u{1B}[2J")
        #expect(latest["reported_by"] as? String == "Sở KH&CN")
    }

    @Test func badReportsAreRefusedWithOneLineAndCode65() throws {
        let db = try DemoDatabase.copy(into: dir)
        let cases: [([String], String)] = [
            (["--task", "NO-SUCH", "--status", "done"], "task_id: no task \"NO-SUCH\""),
            (["--task", "00070-0001", "--status", "finished"], "status: \"finished\" is not one of not_started, in_progress, done"),
            (["--task", "00070-0001", "--status", "in_progress", "--progress", "140"], "progress: 140 is outside 0–100"),
            (["--task", "00070-0001", "--status", "done", "--progress", "80"], "progress: a done task must be at 100, not 80"),
            (["--task", "00070-0001", "--status", "done", "--at", "2099-01-01T00:00:00Z"], "reported_at: 2099-01-01T00:00:00Z is in the future"),
            (["--task", "00070-0001", "--status", "done", "--at", "yesterday"], "reported_at: \"yesterday\" is not an ISO 8601 time"),
            (["--task", "00070-0001", "--status", "done", "--note", String(repeating: "a", count: 2001)], "note: is 2001 characters long"),
        ]
        let before = try Binary.run(["export", "--db", db, "--what", "reports"]).stdout
        for (args, message) in cases {
            let r = try Binary.run(["report", "--db", db] + args)
            #expect(r.status == 65, "\(args): \(r.stderr)")
            #expect(r.stderr.hasPrefix("nq57: ") && r.stderr.contains(message), "\(r.stderr)")
            #expect(r.stderr.filter { $0 == "\n" }.count == 1)
        }
        #expect(try Binary.run(["export", "--db", db, "--what", "reports"]).stdout == before)
        #expect(try Binary.run(["report", "--db", db, "--status", "done"]).status == 64)
    }

    @Test func importIsAllOrNothingAndListsEveryBadLine() throws {
        let db = try DemoDatabase.copy(into: dir)
        let good = dir.write("good.csv", """
            task_id,status,progress,reported_at,note,reported_by
            00070-0001,in_progress,55,2026-11-20T09:00:00+07:00,"Ghi chú có dấu phẩy, ""ngoặc kép""
            và xuống dòng",UBND phường
            00070-0002,done,,2026-11-21T09:00:00+07:00,,UBND phường

            """)
        let ok = try Binary.run(["import", good, "--db", db])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("imported 2 reports"))

        let before = try Binary.run(["export", "--db", db, "--what", "reports"]).stdout
        let bad = dir.write("bad.csv", """
            task_id,status,progress,reported_at,note,reported_by
            00070-0001,in_progress,60,2026-11-22T09:00:00+07:00,fine,A
            00070-0001,in_progress,140,2026-11-22T09:00:00+07:00,,A
            NOPE,done,,,,A
            00070-0001,done
            """)
        let refused = try Binary.run(["import", bad, "--db", db])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("bad.csv:3: progress: 140 is outside 0–100"))
        #expect(refused.stderr.contains("bad.csv:4: task_id: no task \"NOPE\""))
        #expect(refused.stderr.contains("bad.csv:5:"))
        #expect(try Binary.run(["export", "--db", db, "--what", "reports"]).stdout == before)

        let dry = try Binary.run(["import", good, "--db", db, "--dry-run"])
        // Both rows are already stored: a dry run says so (idempotent import).
        #expect(dry.status == 0 && dry.stdout.contains("would import 0") && dry.stdout.contains("2 already stored"))
        #expect(try Binary.run(["export", "--db", db, "--what", "reports"]).stdout == before)
    }

    @Test func filesThatAreNotReportFiles() throws {
        let db = try DemoDatabase.copy(into: dir)
        let missing = try Binary.run(["import", dir.file("nothing.csv"), "--db", db])
        #expect(missing.status == 66)
        let empty = try Binary.run(["import", dir.write("empty.csv", ""), "--db", db])
        #expect(empty.status == 65 && empty.stderr.contains("empty"))
        let binary = try Binary.run(["import", dir.write("x.bin", bytes: [0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 1, 2, 3]), "--db", db])
        #expect(binary.status == 65 && binary.stderr.contains("binary"))
        let header = try Binary.run(["import", dir.write("h.csv", "id,state\n00070-0001,done\n"), "--db", db])
        #expect(header.status == 65 && header.stderr.contains("h.csv:1:"))
        var utf8 = Array("task_id,status,progress,reported_at,note,reported_by\n00070-0001,done,,,".utf8)
        utf8 += [0xC3, 0x28]
        utf8 += Array(",A\n".utf8)
        let invalid = try Binary.run(["import", dir.write("u.csv", bytes: utf8), "--db", db])
        #expect(invalid.status == 65 && invalid.stderr.contains("u.csv:2:") && invalid.stderr.contains("UTF-8"))
        let quote = try Binary.run(["import", dir.write("q.csv", "task_id,status,progress,reported_at,note,reported_by\n00070-0001,done,,,\"open,A\n"), "--db", db])
        #expect(quote.status == 65 && quote.stderr.contains("q.csv:2:"))
        let columns = try Binary.run(["import", dir.write("c.csv", "task_id,status,progress,reported_at,note,reported_by\n00070-0001,done\n"), "--db", db])
        #expect(columns.status == 65 && columns.stderr.contains("c.csv:2:"))
    }

    @Test func jsonLinesImport() throws {
        let db = try DemoDatabase.copy(into: dir)
        let file = dir.write("r.jsonl", """
            {"task_id":"00070-0001","status":"in_progress","progress":70,"reported_at":"2026-11-25T10:00:00+07:00","note":"ổn","reported_by":"A"}
            {"task_id":"00070-0002","status":"in_progress","progress":30}

            """)
        let r = try Binary.run(["import", file, "--db", db])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("imported 2 reports"))
    }

    @Test func exportedReportsImportAgain() throws {
        let db = try DemoDatabase.copy(into: dir)
        let tasks = try Binary.run(["export", "--db", db, "--what", "tasks"])
        #expect(tasks.stdout.hasPrefix("task_id,title,plan,area,tech_group,level,unit_code,deadline,status,progress,derived_state\n"))
        // A report whose note needs CSV quoting (comma, quotes, a line break, diacritics), in one database…
        let header = "task_id,status,progress,reported_at,note,reported_by"
        let by = "Cán bộ, \"phường\""
        let added = try Binary.run(["report", "--db", db, "--task", "00070-0001", "--status", "in_progress", "--progress", "35",
                                    "--at", "2026-11-28T08:15:00+07:00", "--note", "Đợt 2, \"gấp\"\nxong 35%", "--by", by])
        #expect(added.status == 0, "\(added.stderr)")
        let reports = try Binary.run(["export", "--db", db, "--what", "reports"]).stdout
        #expect(reports.hasPrefix(header + "\n"))
        // …exported, and its record imported into another copy of the same data.
        let start = try #require(reports.range(of: "\n00070-0001,in_progress,35,"), "\(reports.prefix(500))")
        let end = try #require(reports.range(of: ",\"Cán bộ, \"\"phường\"\"\"\n", range: start.upperBound..<reports.endIndex))
        let record = String(reports[reports.index(after: start.lowerBound)..<end.upperBound])
        let other = try DemoDatabase.copy(into: dir, name: "other.sqlite")
        let again = try Binary.run(["import", dir.write("again.csv", header + "\n" + record), "--db", other])
        #expect(again.status == 0 && again.stdout.contains("imported 1 report"), "\(again.stderr)")
        // The round trip loses nothing: both databases export the same reports, byte for byte.
        #expect(try Binary.run(["export", "--db", other, "--what", "reports"]).stdout == reports)
        let metrics = try Binary.run(["export", "--db", db, "--what", "metrics", "--format", "json"])
        #expect(metrics.status == 0 && metrics.stdout.contains("st_enterprises"))
    }

    @Test func metricsKeepEverySource() throws {
        let db = try DemoDatabase.copy(into: dir)
        let r = try Binary.run(["metric", "set", "st_enterprises", "1001", "--as-of", "2026-11-01", "--source", "test source", "--db", db])
        #expect(r.status == 0, "\(r.stderr)")
        let out = try Binary.run(["export", "--db", db, "--what", "metrics"]).stdout
        #expect(out.contains("st_enterprises,858,2025-07-02"))
        #expect(out.contains("st_enterprises,1001,2026-11-01,,test source"))
        let many = try Binary.run(["metric", "set", "x", "many", "--as-of", "2026-11-01", "--db", db])
        #expect(many.status == 65)
        #expect(many.stderr == "nq57: metric x: value \"many\" is not a number\n")
        // The key is checked first, so a bad key is never repeated by the value's message.
        let both = try Binary.run(["metric", "set", "x\u{1B}[2J", "many", "--as-of", "2026-11-01", "--db", db])
        #expect(both.status == 65)
        #expect(both.stderr.hasPrefix("nq57: metric key \"x\\u{1B}[2J\" "), "\(both.stderr)")
        #expect(try Binary.run(["metric", "set", "x", "1", "--as-of", "2026-13-01", "--db", db]).status == 64)
    }

    @Test func demoRefusesADatabaseWithRealReports() throws {
        let db = try DemoDatabase.copy(into: dir)
        #expect(try Binary.run(["report", "--db", db, "--task", "00070-0001", "--status", "in_progress", "--progress", "10"]).status == 0)
        let before = try Binary.run(["export", "--db", db, "--what", "reports"]).stdout
        let r = try Binary.run(["demo", "--db", db])
        #expect(r.status == 65)
        #expect(r.stderr.hasPrefix("nq57: "))
        #expect(try Binary.run(["export", "--db", db, "--what", "reports"]).stdout == before)
    }

    @Test func checkAgreesWithTheRecount() throws {
        let db = try DemoDatabase.copy(into: dir)
        let r = try Binary.run(["check", "--db", db, "--as-of", DemoDatabase.asOf])
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func helpExplainsItself() throws {
        let root = try Binary.run(["--help"])
        #expect(root.status == 0)
        for sub in ["dashboard", "watch", "snapshot", "init", "demo", "report", "import", "export", "metric set", "check"] {
            #expect(root.stdout.contains(sub.split(separator: " ")[0]))
            let help = try Binary.run(sub.split(separator: " ").map(String.init) + ["--help"])
            #expect(help.status == 0 && help.stdout.contains("--db"), "\(sub)")
        }
        let completion = try Binary.run(["--generate-completion-script", "bash"])
        #expect(completion.status == 0 && completion.stdout.contains("nq57"))
    }

    @Test func theDashboardNeedsATerminal() throws {
        let db = dir.file("plain.sqlite")
        #expect(try Binary.run(["init", "--db", db]).status == 0)
        let r = try Binary.run(["dashboard", "--db", db])
        #expect(r.status == 74)
        #expect(r.stderr == "nq57: standard output is not a terminal; the dashboard needs one (try `ssh -t`)\n")
    }

    @Test func aMissingDatabaseIsOneLine() throws {
        let r = try Binary.run(["snapshot", "--db", dir.file("none.sqlite")])
        #expect(r.status == 66)
        #expect(r.stderr.contains("none.sqlite") && r.stderr.hasPrefix("nq57: "))
        #expect(r.stderr.filter { $0 == "\n" }.count == 1 && r.stderr.hasSuffix("\n"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }
}
