import Foundation
import Testing
import NQ57TestSupport

/// Issue 11 in a real terminal: place on every row, go to anything, state filters, the reporter in
/// the feed, reading a report whole, and the shell's screen after quitting — at 80×24 and 120×40.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "needs tmux (scripts/deps installs it)"))
struct FindEndToEndTests {
    /// Each dashboard gets its own copy of the demo database; the directories live as long as the test.
    final class Dirs: @unchecked Sendable {
        var all: [TemporaryDirectory] = []
        func next() -> TemporaryDirectory {
            all.append(TemporaryDirectory())
            return all.last!
        }
    }
    let dirs = Dirs()
    static let sizes = [(80, 24), (120, 40)]

    func open(_ width: Int, _ height: Int, language: String = "vi") throws -> Tmux {
        let db = try DemoDatabase.copy(into: dirs.next())
        let t = try Tmux("\(Binary.path) dashboard --db \(db) --as-of \(DemoDatabase.asOf) --read-only", width: width, height: height)
        #expect(try t.waitFor("Trung ương", timeout: 15) != nil, "the dashboard did not draw: \(t.dump)")
        if language == "en" {
            try t.send("L")
            #expect(try t.waitFor("go to") != nil, "\(t.dump)")
        }
        return t
    }

    @Test(arguments: sizes)
    func aNamedCommunesOverdueTasksInThreeKeysWithItsProvinceOnEveryRow(_ width: Int, _ height: Int) throws {
        for language in ["vi", "en"] {
            let t = try open(width, height, language: language)
            try t.send(":", "tan thanh")
            // Seven communes of that name, each told apart by its province.
            let found = try #require(try t.waitFor("Tân Thành — Thái Nguyên"), "\(language) \(width): \(t.dump)")
            #expect(found.contains { $0.contains("Tân Thanh — Tuyên Quang (02578)") }, "\(t.dump)")
            #expect(found.contains { $0.contains("Tân Thành — Lạng Sơn") }, "\(t.dump)")
            try t.send("Enter")
            let tasks = try #require(try t.waitFor("02578-0001"), "\(t.dump)")
            let home = language == "vi" ? "Tổng quan" : "Overview"
            #expect(tasks[1].contains("\(home) › Tuyên Quang › Xã Tân Thanh"), "\(t.dump)")
            try t.send("f")
            let overdue = language == "vi" ? "Chưa hoàn thành – quá hạn" : "Overdue"
            #expect(try t.waitFor("Xã Tân Thanh · \(overdue)") != nil, "\(t.dump)")
            try t.send("f")
            let open = language == "vi" ? "Chưa hoàn thành – trong hạn" : "Open, within deadline"
            // The title is drawn before the rows arrive: wait for both (a capture may fall between).
            let screen = try t.waitFor { s in s.contains { $0.contains("Xã Tân Thanh · \(open)") } && s.contains { $0.contains("02578-0001") } }
            #expect(screen != nil, "an open task of Xã Tân Thanh: \(t.dump)")
        }
    }

    /// The number a table row shows under a column heading (right-aligned under it), `1.234` → 1234.
    static func number(under heading: String, in screen: [String], row: Int) -> Int? {
        guard let h = screen.firstIndex(where: { $0.contains(heading) && !$0.contains("↵") }), screen.indices.contains(h + row),
              let range = screen[h].range(of: heading) else { return nil }
        let end = screen[h].distance(from: screen[h].startIndex, to: range.upperBound)
        let line = Array(screen[h + row])
        guard line.count >= end else { return nil }
        let token = String(line[..<end]).split(separator: " ").last.map(String.init) ?? ""
        return Int(token.filter(\.isNumber))
    }

    @Test(arguments: sizes)
    func enterOnACountCellOpensExactlyTheTasksItCounts(_ width: Int, _ height: Int) throws {
        for language in ["vi", "en"] {
            let vi = language == "vi"
            let t = try open(width, height, language: language)
            try t.send("3")
            let overdueHeading = vi ? "Quá hạn" : "Overdue"
            let cellNote = "↵ " + overdueHeading
            for _ in 0..<5 { try t.send("Right") }
            // The cursor on the first province's overdue cell: the pane's title names the cell, the
            // footer has the cell keys, and the header keeps the day, the data's time and the way out.
            let table = try #require(try t.waitFor { s in
                s.contains { $0.contains(cellNote) } && s.contains { $0.contains("←→") }
                    && Self.number(under: overdueHeading, in: s, row: 1) != nil
            }, "\(language) \(width): \(t.dump)")
            let header = table[0]
            #expect(header.contains(vi ? "29/11/2026" : "2026-11-29") && header.range(of: #"\d\d:\d\d"#, options: .regularExpression) != nil,
                    "\(language) \(width): \(header)")
            let footer = try #require(table.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
            #expect(footer.contains(vi ? "? trợ giúp" : "? help") && footer.contains(vi ? "q thoát" : "q quit"), "\(footer)")
            let count = try #require(Self.number(under: overdueHeading, in: table, row: 1), "\(t.dump)")
            let rowLine = table[table.firstIndex { $0.contains(overdueHeading) && !$0.contains("↵") }! + 1]
            // `┃ 1 Thái Nguyên   185 …`: the words between the rank and the first number.
            let name = rowLine.split(separator: " ").dropFirst(2).prefix { $0.first?.isNumber == false }.joined(separator: " ")
            #expect(!name.isEmpty, "\(rowLine)")
            try t.send("Enter")
            // Exactly those tasks: the list is titled with the province and the state, and counts as the cell did.
            let title = "\(name.prefix(8))"
            let state = vi ? "Chưa hoàn thành – quá hạn" : "Overdue"
            let list = try #require(try t.waitFor { s in
                s.contains { $0.contains(title) && $0.contains("· " + state) && $0.contains(" \(count) ") }
            }, "\(language) \(width): the cell said \(count) for \(name): \(t.dump)")
            #expect(list.filter { $0.contains(vi ? "Quá hạn" : "Overdue") }.count >= min(count, height - 8), "\(t.dump)")
            // f steps on to the tasks an inspection sent back.
            for _ in 0..<4 { try t.send("f") }
            #expect(try t.waitFor(vi ? "Bị trả lại (kiểm tra)" : "Returned by inspection") != nil, "\(t.dump)")
            // Back, and ← walks the cursor back to the row: the note goes.
            try t.send("Escape")
            #expect(try t.waitFor(cellNote) != nil, "\(t.dump)")
            for _ in 0..<5 { try t.send("Left") }
            #expect(try t.waitFor { s in !s.contains { $0.contains("↵ ") } && s.contains { $0.contains("←→") } } != nil, "\(t.dump)")
        }
    }

    @Test(arguments: sizes)
    func aPausedLiveDashboardKeepsItsFreshnessAndWayOutAndTheHelpReachesEveryKey(_ width: Int, _ height: Int) throws {
        for language in ["vi", "en"] {
            let vi = language == "vi"
            let db = try DemoDatabase.copy(into: dirs.next())
            let t = try Tmux("\(Binary.path) watch 5 --db \(db) --as-of \(DemoDatabase.asOf) --lang \(language)", width: width, height: height)
            #expect(try t.waitFor("21:31", timeout: 15) != nil, "the dashboard did not draw: \(t.dump)")
            try t.send("p")
            // Header: the as-of day, the newest data's time and the update clock; footer: how to
            // resume, help and quit — whatever the width.
            let paused = try t.waitFor { s in
                let footer = s.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
                return s[0].contains(vi ? "29/11/2026" : "2026-11-29") && s[0].contains("21:31")
                    && s[0].range(of: #"5 s · (\S+ )?\d\d:\d\d:\d\d"#, options: .regularExpression) != nil
                    && footer.contains(vi ? "p TIẾP TỤC cập nhật" : "p RESUME updates")
                    && footer.contains(vi ? "? trợ giúp" : "? help") && footer.hasSuffix(vi ? "q thoát" : "q quit")
            }
            #expect(paused != nil, "\(language) \(width)x\(height): \(t.dump)")
            try t.send("?")
            #expect(try t.waitFor(vi ? "Giao diện: dark" : "Theme: dark") != nil, "\(t.dump)")
            // Every key, by scrolling where the screen is short: the last is the way out.
            try t.send("PageDown", "PageDown")
            let help = try t.waitFor { s in s.contains { $0.contains(vi ? "q / Ctrl-C         thoát" : "q / Ctrl-C          quit") } }
            #expect(help != nil, "\(language) \(width)x\(height): \(t.dump)")
        }
    }

    @Test(arguments: sizes)
    func aTaskByIdShowsItsPlaceInTheBreadcrumbAndItsReportInFull(_ width: Int, _ height: Int) throws {
        let t = try open(width, height)
        try t.send(":", "02578-0001")
        #expect(try t.waitFor("02578-0001  Ứng dụng") != nil, "\(t.dump)")
        try t.send("Enter")
        let task = try #require(try t.waitFor("Lịch sử báo cáo"), "\(t.dump)")
        #expect(task[1].contains("Tổng quan › Tuyên Quang › Xã Tân Thanh › 02578-0001"), "\(t.dump)")
        #expect(task.contains { $0.contains("Xã Tân Thanh (02578) · Tuyên Quang (08)") }, "\(t.dump)")
        // The second report's note, whole, in the box under the history.
        try t.send("Down")
        let note = try #require(try t.waitFor("│ Vướng mắc về hạ tầng, đã báo cáo cấp trên"), "\(t.dump)")
        #expect(note.contains { $0.contains("23/11/2026 07:31 · đang thực hiện · 73%") }, "\(t.dump)")
        #expect(note.contains { $0.contains("UBND cấp xã") }, "\(t.dump)")
    }

    @Test(arguments: sizes)
    func theFeedNamesUnitAndProvinceInBothLanguages(_ width: Int, _ height: Int) throws {
        for language in ["vi", "en"] {
            let t = try open(width, height, language: language)
            try t.send("6")
            // Waits for the whole picture, not the column header drawn first (a capture may fall mid-frame):
            // communes report most, so a commune row names its province (suffix or column); from 120
            // columns the province has its own column; the footer ends with the way out.
            let feed = try t.waitFor { feed in
                let communeRow = feed.contains { $0.contains("X. ") && $0.contains(" · ") } || feed.contains { $0.contains("Xã ") }
                let column = width < 120 || feed.contains { $0.contains(language == "vi" ? "Tỉnh, thành" : "Province") }
                let footer = feed.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }?.contains(language == "vi" ? "q thoát" : "q quit") == true
                return communeRow && column && footer
            }
            #expect(feed != nil, "\(language) \(width): \(t.dump)")
        }
    }

    @Test func nothingOfTheDashboardStaysOnTheShellsScreenAfterResizesAndQ() throws {
        let db = try DemoDatabase.copy(into: dirs.next())
        let t = try Tmux("PS1='SHELL$ ' bash --norc --noprofile", width: 120, height: 40)
        #expect(try t.waitFor("SHELL$") != nil, "\(t.dump)")
        try t.send("clear; echo before-the-dashboard", "Enter")
        #expect(try t.waitFor("before-the-dashboard") != nil)
        try t.send("\(Binary.path) dashboard --db \(db) --as-of \(DemoDatabase.asOf) --read-only", "Enter")
        #expect(try t.waitFor("Nhiệm vụ theo cấp") != nil, "\(t.dump)")
        for (w, h) in [(80, 24), (200, 60), (70, 20), (100, 30)] {
            try t.resize(width: w, height: h)
            // Drawn at the new size: the footer ends with the way out at the right edge.
            // (Below 80×24 the screen says it is too small.)
            let drawn = try t.waitFor { s in
                s.contains { ($0.hasSuffix("q thoát") && $0.count >= w - 3 && $0.count <= w) || $0.contains("\(w)×\(h).") }
            }
            #expect(drawn != nil, "\(w)x\(h): \(t.dump)")
        }
        try t.send(":", "ha noi", "Enter")
        #expect(try t.waitFor("Phường Hoàn Kiếm") != nil, "\(t.dump)")
        try t.send("q")
        let shell = try #require(try t.waitFor { s in s.filter { $0.hasPrefix("SHELL$") }.count >= 2 }, "\(t.dump)")
        #expect(try t.paneFormat("alternate_on") == "0")
        // Only the echo, the command line (wrapped) and the new prompt.
        let left = shell.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(left.first == "before-the-dashboard", "\(t.dump)")
        #expect(left[1].hasPrefix("SHELL$ ") && left[1].contains("nq57"), "\(t.dump)")
        #expect(left.last?.trimmingCharacters(in: .whitespaces) == "SHELL$", "\(t.dump)")
        #expect(left.count <= 5, "\(t.dump)")
        for word in ["NQ57", "Tổng quan", "━", "│", "Hoàn Kiếm"] {
            #expect(!shell.contains { $0.contains(word) && !$0.hasPrefix("SHELL$") }, "\(word) left on the shell's screen: \(t.dump)")
        }
    }
}

/// The command line's small things (issue 11 §11): a mistyped command, a mistyped database path.
@Suite struct FindCommandLineTests {
    let dir = TemporaryDirectory()

    @Test func anUnknownCommandListsTheCommands() throws {
        let r = try Binary.run(["fo0"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("nq57: unknown command 'fo0'; the commands are: dashboard, watch, snapshot, init, demo, report"), "\(r.stderr)")
    }

    @Test(arguments: [["report", "--task", "00070-0003", "--status", "done"], ["metric", "set", "st_enterprises", "12", "--as-of", "2026-11-29", "--source", "test"],
                      ["check", "--rebuild"], ["export", "--what", "tasks"], ["dashboard"], ["snapshot"], ["inspect", "bodies"], ["proposal", "owed"]])
    func onlyInitAndDemoMakeADatabase(_ args: [String]) throws {
        let path = dir.path + "/no-such-dir/x.sqlite"
        let r = try Binary.run(args + ["--db", path])
        #expect(r.status == 66, "\(args): \(r.stderr)")
        #expect(r.stderr.contains("\(path): no database here; run nq57 init"), "\(args): \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/no-such-dir"))
    }

    @Test func snapshotTakesAProvinceOrCommuneByCodeOrNameAndNamesItInTheHeader() throws {
        let db = try DemoDatabase.copy(into: dir)
        func snapshot(_ view: String) throws -> Binary.Result {
            try Binary.run(["snapshot", "--db", db, "--as-of", DemoDatabase.asOf, "--width", "100", "--view", view])
        }
        for view in ["province:01", "province:1", "province:ha noi", "province:Thành phố Hà Nội"] {
            let r = try snapshot(view)
            #expect(r.status == 0, "\(view): \(r.stderr)")
            #expect(r.stdout.split(separator: "\n").first?.contains("│ Thành phố Hà Nội") == true, "\(view): \(r.stdout.prefix(200))")
        }
        let named = try snapshot("commune:tan thanh tuyen quang")
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stdout.contains("Xã Tân Thanh · Tuyên Quang"), "\(named.stdout.prefix(300))")
        #expect(named.stdout.contains("02578-0001"))
        let byCode = try snapshot("commune:2578")
        #expect(byCode.stdout.contains("02578-0001"), "\(byCode.stderr)")
        let ambiguous = try snapshot("commune:tan thanh")
        #expect(ambiguous.status == 64)
        #expect(ambiguous.stderr.contains("communes match: Xã Tân Thanh (02578, Tuyên Quang)"), "\(ambiguous.stderr)")
        let none = try snapshot("province:atlantis")
        #expect(none.status == 64)
        #expect(none.stderr.contains("province:atlantis: no province with that code or name"), "\(none.stderr)")
    }

    @Test func snapshotJSONFollowsEveryViewWithItsOwnRows() throws {
        let db = try DemoDatabase.copy(into: dir)
        func json(_ view: String) throws -> [String: Any] {
            let r = try Binary.run(["snapshot", "--db", db, "--as-of", DemoDatabase.asOf, "--format", "json", "--view", view])
            #expect(r.status == 0, "\(view): \(r.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(view)")
        }
        let common: Set = ["as_of", "demo", "data_as_of", "view"]
        let own: [String: Set<String>] = ["levels": ["levels"], "provinces": ["provinces"], "tech": ["tech_groups"], "metrics": ["metrics"],
                                          "reports": ["latest_reports", "feed"], "warnings": ["warnings"], "inspection": ["inspection"]]
        for (view, keys) in own {
            let o = try json(view)
            #expect(Set(o.keys) == common.union(keys), "\(view): \(o.keys.sorted())")
            #expect(o["view"] as? String == view)
        }
        let overview = try json("overview")
        #expect(Set(overview.keys).isSuperset(of: own.values.reduce([], { $0.union($1) })), "\(overview.keys.sorted())")
        // Warnings with their whole counts, every row with its place; times in Vietnam's time.
        let warnings = try #require(overview["warnings"] as? [String: Any])
        let dueSoon = try #require(warnings["due_soon"] as? [String: Any])
        let soon = try #require(dueSoon["tasks"] as? [[String: Any]])
        #expect(!soon.isEmpty && (dueSoon["count"] as? Int ?? 0) >= soon.count)
        #expect(soon.allSatisfy { $0["unit_name"] is String && $0["derived_state"] as? String == "open_on_time" })
        #expect((overview["data_as_of"] as? String)?.hasSuffix("+07:00") == true, "\(overview["data_as_of"] ?? "")")
        let province = try json("province:ha noi")
        #expect(Set(province.keys) == common.union(["province", "units"]), "\(province.keys.sorted())")
        #expect((province["province"] as? [String: Any])?["code"] as? String == "01")
        let commune = try json("commune:hoan kiem")
        #expect(Set(commune.keys) == common.union(["commune", "tasks"]), "\(commune.keys.sorted())")
        let place = try #require(commune["commune"] as? [String: Any])
        #expect(place["code"] as? String == "00070" && place["province"] as? String == "Thành phố Hà Nội")
    }

    @Test func snapshotHelpShowsPlainDefaultsAndEveryView() throws {
        let r = try Binary.run(["snapshot", "--help"])
        #expect(r.status == 0)
        let text = r.stdout.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        #expect(text.contains("default: overview") && text.contains("province:CODE|NAME") && text.contains("commune:CODE|NAME"), "\(r.stdout)")
        for swiftish in [".view(", "View(", "SnapshotView", "Optional", "nil", "proposals, proposals"] {
            #expect(!text.contains(swiftish), "\(swiftish) in \(r.stdout)")
        }
    }

    @Test func messagesCountInTheSingularAndThePlural() throws {
        let db = try DemoDatabase.copy(into: dir)
        let header = "task_id,status,progress,reported_at,note,reported_by\n"
        let one = dir.write("one.csv", header + "00070-0001,in_progress,55,2026-01-10T09:00:00+07:00,,\n")
        let two = dir.write("two.csv", header + "00070-0001,in_progress,56,2026-01-11T09:00:00+07:00,,\n00070-0001,in_progress,57,2026-01-12T09:00:00+07:00,,\n")
        let single = try Binary.run(["import", one, "--db", db, "--dry-run"])
        #expect(single.stdout.contains("would import 1 report (csv)"), "\(single.stdout)\(single.stderr)")
        let plural = try Binary.run(["import", two, "--db", db, "--dry-run"])
        #expect(plural.stdout.contains("would import 2 reports (csv)"), "\(plural.stdout)\(plural.stderr)")
        let fresh = try Binary.run(["init", "--db", dir.path + "/fresh.sqlite"])
        #expect(fresh.stdout.contains("34 provinces, 3321 communes") && fresh.stdout.contains("11 technology groups"), "\(fresh.stdout)")
    }

    @Test func aReportIsConfirmedInVietnamsTimeWithTheOffset() throws {
        let db = try DemoDatabase.copy(into: dir)
        let r = try Binary.run(["report", "--db", db, "--task", "00070-0002", "--status", "in_progress", "--progress", "60",
                                "--at", "2026-11-28T19:49:47Z"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasSuffix("00070-0002 in_progress 60% at 2026-11-29T02:49:47+07:00\n"), "\(r.stdout)")
    }
}
