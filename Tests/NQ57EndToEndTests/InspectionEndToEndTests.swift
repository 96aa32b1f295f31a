import Foundation
import Testing
import NQ57TestSupport

/// An inspector's walk-through with the built `nq57`: plan a work list, fill it, import it, read the
/// estimate; then the inspection view and a returned task's history in a real terminal, in both languages.
@Suite(.serialized) struct InspectionEndToEndTests {
    let dir = TemporaryDirectory()

    /// A filled work list: the first row returned, the second confirmed, the rest left blank.
    func fill(_ worklist: String) -> (csv: String, returned: [String]) {
        var lines = worklist.split(separator: "\n").map(String.init)
        var returned: [String] = []
        for i in 1..<min(lines.count, 3) {
            // The last five fields are empty: drop their commas and write them.
            lines[i] = String(lines[i].dropLast(5)) + (i == 1 ? ",returned,Chưa có sản phẩm kèm theo,BCĐ-KT,,BB-01" : ",confirmed,,BCĐ-KT,,")
            if i == 1 { returned = lines[i].split(separator: ",", maxSplits: 1).map(String.init) }
        }
        return (lines.joined(separator: "\n") + "\n", returned)
    }

    @Test func planFillImportAndReadTheEstimate() throws {
        let db = try DemoDatabase.copy(into: dir)
        let plan = try Binary.run(["inspect", "plan", "--db", db, "--sample", "12", "--seed", "5"])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.hasPrefix("task_id,unit,province,title,reported_state,verdict,reason,by,at,evidence\n"))
        #expect(plan.stdout.split(separator: "\n").count == 13)
        #expect(try Binary.run(["inspect", "plan", "--db", db, "--sample", "12", "--seed", "5"]).stdout == plan.stdout, "reproducible")

        let before = try Binary.run(["inspect", "estimate", "--db", db])
        let (filled, _) = fill(plan.stdout)
        let file = dir.file("worklist.csv")
        try filled.write(toFile: file, atomically: true, encoding: .utf8)
        let imported = try Binary.run(["import", file, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("imported 2 inspections"))
        let after = try Binary.run(["inspect", "estimate", "--db", db, "--lang", "en"])
        #expect(after.stdout.hasPrefix("self-reported "), "\(after.stdout)")
        #expect(after.stdout.contains("estimated by inspection"))
        #expect(before.stdout != after.stdout || before.stdout.contains("tự báo cáo"))

        let export = try Binary.run(["export", "--db", db, "--what", "inspections"])
        #expect(export.stdout.hasPrefix("task_id,inspected_at,verdict,reason,inspected_by,evidence\n"))
        #expect(export.stdout.contains(",returned,Chưa có sản phẩm kèm theo,BCĐ-KT,BB-01"))

        // Bad rows: each by its line, exit 65, nothing written.
        let bad = dir.file("bad.csv")
        try "task_id,unit,province,title,reported_state,verdict,reason,by,at,evidence\nNOPE,,,,,confirmed,,BCĐ-KT,,\nNOPE2,,,,,maybe,,BCĐ-KT,,\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try Binary.run(["import", bad, "--db", db])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("bad.csv:2: task_id: no task \"NOPE\""), "\(refused.stderr)")
        #expect(refused.stderr.contains("bad.csv:3: task_id: no task \"NOPE2\""), "\(refused.stderr)")
        #expect(try Binary.run(["export", "--db", db, "--what", "inspections"]).stdout == export.stdout)

        let noReason = try Binary.run(["inspect", "--db", db, "--task", "NOPE", "--verdict", "returned", "--by", "BCĐ-KT"])
        #expect(noReason.status == 65 && noReason.stderr == "nq57: task_id: no task \"NOPE\"\n")
    }

    @Test(.enabled(if: Tmux.isAvailable, "needs tmux")) func theInspectionViewAndAReturnedTasksHistoryInBothLanguages() throws {
        let db = try DemoDatabase.copy(into: dir)
        let plan = try Binary.run(["inspect", "plan", "--db", db, "--sample", "1", "--seed", "9"])
        let row = try #require(plan.stdout.split(separator: "\n").dropFirst().first).split(separator: ",").map(String.init)
        let (task, commune, province) = (row[0], String(row[1].drop { $0 != " " }.dropFirst()), row[2])
        let r = try Binary.run(["inspect", "--db", db, "--task", task, "--verdict", "returned", "--reason", "Thiếu minh chứng", "--by", "VP-\(province)",
                                "--at", "\(DemoDatabase.asOf)T23:00:00+07:00"])
        #expect(r.status == 0, "\(r.stderr)")

        let t = try Tmux("\(Binary.path) dashboard --db \(db) --as-of \(DemoDatabase.asOf)", width: 120, height: 40)
        #expect(try t.waitFor("Nhiệm vụ theo cấp") != nil, "the dashboard did not draw")
        try t.send("8")
        // Waits for the estimate line itself: the title is drawn first, and a capture may fall mid-frame.
        #expect(try t.waitFor { $0.contains { $0.contains("tự báo cáo") && $0.contains("ước tính qua kiểm tra") } } != nil, "\(t.dump)")
        try t.send("L")
        #expect(try t.waitFor { $0.contains { $0.contains("self-reported") && $0.contains("estimated by inspection") } } != nil, "\(t.dump)")
        try t.send("L")
        // Down to the task: its province, its commune, the task itself.
        try t.send("/", province, "Enter", "Enter")
        #expect(try t.waitFor { $0.count > 1 && $0[1].contains("Tổng quan › ") && !$0[1].contains("Kiểm tra độc lập") } != nil, "\(t.dump)")
        try t.send("/", commune)
        #expect(try t.waitFor("/" + commune) != nil, "\(t.dump)")
        try t.send("Enter", "Enter")
        #expect(try t.waitFor { $0.contains { $0.contains(task) } } != nil, "\(t.dump)")
        try t.send("/", task, "Enter", "Enter")
        let history = try #require(try t.waitFor("Kiểm tra: bị trả lại"), "\(t.dump)")
        #expect(history.contains { $0.contains("↩ trả lại") && $0.contains("VP-\(province)") && $0.contains("Thiếu minh chứng") }, "\(t.dump)")
        #expect(history.contains { $0.contains("1 kiểm tra") })
        try t.send("L")
        let english = try #require(try t.waitFor("Inspection: returned"), "\(t.dump)")
        #expect(english.contains { $0.contains("↩ returned") && $0.contains("Thiếu minh chứng") }, "\(t.dump)")
    }
}
