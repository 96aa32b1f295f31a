import Foundation
import Testing
import NQ57TestSupport

/// Issues 12 and 13 in a real terminal: an inspection and a proposal's moves recorded with the built
/// `nq57` appear in the live feed, each marked as what it is (KT/Insp with its verdict and inspecting
/// body, PAKN/Prop with its status and body), with the unit and its province, at 80×24 and 120×40 in
/// both languages; Enter on the inspection opens its task, on the proposal its history. The JSON
/// snapshot carries the warnings section.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "needs tmux (scripts/deps installs it)"))
struct FeedEndToEndTests {
    let dir = TemporaryDirectory()

    /// A province's short name (`Hồ Chí Minh`) from the shipped reference file.
    static func provinceName(_ code: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/NQ57Store/Reference/admin-units-2025.csv")
        let line = try #require(try String(contentsOf: url, encoding: .utf8).split(separator: "\n").first { $0.hasPrefix("province,\(code),") })
        let name = String(line.split(separator: ",")[2])
        for prefix in ["Thành phố ", "Tỉnh "] where name.hasPrefix(prefix) { return String(name.dropFirst(prefix.count)) }
        return name
    }

    /// A demo database with an inspection returning a commune's task at 23:58 and a proposal received
    /// and assigned to Hà Nội at 23:59 of the demo's last day: the three newest rows of the feed.
    func database() throws -> (db: String, task: String, province: String) {
        let db = try DemoDatabase.copy(into: dir)
        let plan = try Binary.run(["inspect", "plan", "--db", db, "--sample", "1", "--seed", "9"])
        let row = try #require(plan.stdout.split(separator: "\n").dropFirst().first).split(separator: ",").map(String.init)
        let r = try Binary.run(["inspect", "--db", db, "--task", row[0], "--verdict", "returned", "--reason", "Thiếu minh chứng", "--by", "BCĐ-KT",
                                "--at", "\(DemoDatabase.asOf)T23:58:00+07:00"])
        #expect(r.status == 0, "\(r.stderr)")
        let p = try Binary.run(["proposal", "add", "--db", db, "--at", "\(DemoDatabase.asOf)T23:59:00+07:00", "--kind", "barrier",
                                "--submitter", "business", "--field", "p02-procedures", "--title", "Thủ tục thử nghiệm có kiểm soát quá dài",
                                "--to", "01"])
        #expect(p.status == 0, "\(p.stderr)")
        return (db, row[0], try Self.provinceName(row[2]))
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func anInspectionAndAProposalInTheFeedInBothLanguages(_ width: Int, _ height: Int) throws {
        let (db, task, province) = try database()
        let t = try Tmux("\(Binary.path) dashboard --db \(db) --as-of \(DemoDatabase.asOf) --read-only", width: width, height: height)
        #expect(try t.waitFor("Trung ương", timeout: 15) != nil, "the dashboard did not draw: \(t.dump)")
        // The inspecting body is named before the task (the overview's narrow pane cuts it with the task).
        func inspectionRow(_ kind: String, _ verdict: String, body: Bool = true) -> ([String]) -> Bool {
            { $0.contains { $0.contains(kind + " ") && $0.contains(verdict) && (!body || $0.contains("BCĐ-KT")) && $0.contains(province) } }
        }
        func proposalRow(_ kind: String, _ status: String) -> ([String]) -> Bool {
            { $0.contains { $0.contains(kind + " ") && $0.contains("PA-") && $0.contains(status) && $0.contains("Hà Nội") } }
        }
        if width >= 120 {
            // The overview's own feed pane: the inspection with the task's province, the proposal with its body.
            #expect(try t.waitFor(inspectionRow("KT", "↩ trả lại", body: false)) != nil, "overview feed: \(t.dump)")
            #expect(try t.waitFor(proposalRow("PAKN", "giao xử lý")) != nil, "overview feed: \(t.dump)")
        }
        try t.send("6")
        let vi = try #require(try t.waitFor { $0.count > 1 && $0[1].contains("Tổng quan › Báo cáo mới")
                                  && inspectionRow("KT", "↩ trả lại")($0) && proposalRow("PAKN", "giao xử lý")($0) },
                              "\(width): \(t.dump)")
        #expect(vi.contains { $0.contains("BC ") && $0.contains("Còn hạn") || $0.contains("BC ") && $0.contains("Đúng hạn") }, "reports stay marked BC: \(t.dump)")
        try t.send("L")
        #expect(try t.waitFor { inspectionRow("Insp", "↩ returned")($0) && proposalRow("Prop", "assigned")($0) } != nil, "\(width): \(t.dump)")
        // Rows: the assignment, the receipt, then the inspection. Enter on the inspection: its task.
        try t.send("Down", "Down", "Enter")
        #expect(try t.waitFor { $0.contains { $0.contains(task) } && $0.contains { $0.contains("↩ returned") } } != nil, "the task: \(t.dump)")
        try t.send("Escape")
        #expect(try t.waitFor { inspectionRow("Insp", "↩ returned")($0) } != nil, "back to the feed: \(t.dump)")
        // Enter on the newest row, the proposal's assignment: its status history.
        try t.send("Home", "Enter")
        #expect(try t.waitFor { $0.contains { $0.contains("Status history") } && $0.contains { $0.contains("assigned") } } != nil, "\(t.dump)")
        try t.send("L")
        #expect(try t.waitFor { $0.contains { $0.contains("Lịch sử trạng thái") } && $0.contains { $0.contains("giao xử lý") } } != nil, "\(t.dump)")
    }

    @Test func theJSONSnapshotHasTheWarnings() throws {
        let (db, _, _) = try database()
        let plain = try DemoDatabase.copy(into: dir, name: "plain.sqlite")
        func warnings(_ db: String, _ day: String) throws -> [String: Any] {
            let r = try Binary.run(["snapshot", "--db", db, "--as-of", day, "--format", "json"])
            #expect(r.status == 0, "\(r.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            return try #require(json["warnings"] as? [String: Any], "\(r.stdout.prefix(300))")
        }
        func returned(_ w: [String: Any]) -> Int { (w["returned_not_rereported"] as? [String: Any])?["count"] as? Int ?? -1 }
        // Returned on 29 November: not a warning on 12 December, one from 13 December (14 days to the
        // end of the day) — the only difference from the same demo without that inspection.
        #expect(try returned(warnings(db, "2026-12-12")) == returned(warnings(plain, "2026-12-12")))
        let w = try warnings(db, "2026-12-13")
        #expect(try returned(w) == returned(warnings(plain, "2026-12-13")) + 1)
        #expect((w["returned_not_rereported"] as? [String: Any])?["days"] as? Int == 14)
        #expect((w["proposals_overdue"] as? [String: Any])?["count"] as? Int ?? 0 > 0)
        #expect(w["proposals_due_soon_working_days"] as? Int == 3)
        #expect(w["turned_overdue"] != nil && w["due_soon"] != nil && w["proposals_due_soon"] != nil)
        // The feed as the pane shows it, every row with its kind: the inspection and the proposal newest.
        let r = try Binary.run(["snapshot", "--db", db, "--as-of", "2026-12-13", "--format", "json", "--view", "reports"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let feed = try #require(object["feed"] as? [[String: Any]], "\(r.stdout.prefix(300))")
        #expect(feed.first?["kind"] as? String == "proposal" && feed.first?["status"] as? String == "assigned", "\(feed.prefix(3))")
        #expect(feed.contains { $0["kind"] as? String == "inspection" && $0["verdict"] as? String == "returned"
                                && $0["inspected_by"] as? String == "BCĐ-KT" && ($0["at"] as? String)?.hasSuffix("23:58:00+07:00") == true },
                "\(feed.prefix(4))")
        #expect(feed.contains { $0["kind"] as? String == "report" && $0["unit_name"] is String })
        #expect((object["latest_reports"] as? [[String: Any]])?.allSatisfy { $0["kind"] == nil && $0["reported_at"] is String } == true)
        // The text snapshot has the warnings too, with N in their title.
        let text = try Binary.run(["snapshot", "--db", db, "--as-of", "2026-12-13", "--width", "200", "--lang", "en"])
        #expect(text.stdout.contains("Early warnings") && text.stdout.contains(" returned ≥14 d · "), "\(text.stdout)")
    }
}
