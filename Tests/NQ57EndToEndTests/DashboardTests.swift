import Foundation
import Testing
import NQ57TestSupport

/// The real dashboard in a real terminal (tmux): what a member of staff sees and types.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "needs tmux (scripts/deps installs it)"))
struct DashboardTests {
    let dir = TemporaryDirectory()

    func open(width: Int = 200, height: Int = 60, extra: String = "") throws -> Tmux {
        let db = try DemoDatabase.copy(into: dir)
        let t = try Tmux("\(Binary.path) dashboard --db \(db) --as-of \(DemoDatabase.asOf) \(extra)", width: width, height: height)
        #expect(try t.waitFor("Nhiệm vụ theo cấp", timeout: 15) != nil, "the dashboard did not draw")
        return t
    }

    @Test func overviewSpellsHanoiAndMarksDemoData() throws {
        let t = try open()
        let screen = try #require(try t.waitFor("Thành phố Hà Nội"))
        #expect(screen.contains { $0.contains("DỮ LIỆU MẪU / DEMO DATA") })
        #expect(screen.contains { $0.contains("11 nhóm công nghệ chiến lược") })
    }

    @Test func drillingIntoAProvinceListsItsCommunesUnderABreadcrumb() throws {
        let t = try open()
        // Focus the provinces pane, filter it to Hà Nội, open it.
        try t.send("Tab", "Tab", "Tab")
        try t.send("/", "ha noi", "Enter", "Enter")
        let screen = try #require(try t.waitFor("Phường Hoàn Kiếm"))
        #expect(screen.contains { $0.contains("Tổng quan › Thành phố Hà Nội") })
        // A commune's tasks, then a task's history.
        try t.send("/", "hoan kiem", "Enter", "Enter")
        #expect(try t.waitFor("Thành phố Hà Nội › Phường Hoàn Kiếm") != nil)
        try t.send("Enter")
        #expect(try t.waitFor("Lịch sử báo cáo") != nil)
        // Back out: task → tasks → communes (Esc first clears the commune filter) → overview.
        for crumb in ["Phường Hoàn Kiếm", "Thành phố Hà Nội", "Thành phố Hà Nội"] {
            try t.send("Escape")
            #expect(try t.waitFor { $0.count > 1 && $0[1].hasSuffix(crumb) || $0[1].trimmingCharacters(in: .whitespaces).hasSuffix(crumb) } != nil)
        }
        try t.send("Escape")
        #expect(try t.waitFor { $0.count > 1 && $0[1].trimmingCharacters(in: .whitespaces) == "Tổng quan" } != nil, "\(t.dump)")
    }

    @Test func filterFindsDakLakWithoutDiacritics() throws {
        let t = try open()
        try t.send("Tab", "Tab", "Tab", "/", "dak lak")
        let screen = try #require(try t.waitFor("/dak lak"))
        #expect(screen.contains { $0.contains("Đắk Lắk") })
        #expect(!screen.contains { $0.contains("Thành phố Hà Nội") })
    }

    @Test func questionMarkShowsHelp() throws {
        let t = try open()
        try t.send("?")
        #expect(try t.waitFor("Phím tắt") != nil)
        #expect(try t.screen().contains { $0.contains("Tab / Shift-Tab") })
        try t.send("Escape")
        #expect(try t.waitFor { !$0.contains { $0.contains("Phím tắt") } } != nil)
        try t.send("L")
        #expect(try t.waitFor("Tasks by level") != nil)
        try t.send("?")
        #expect(try t.waitFor("Keys") != nil)
    }

    @Test func resizingBelowTheMinimumAndBack() throws {
        let t = try open(width: 120, height: 40)
        try t.resize(width: 70, height: 20)
        #expect(try t.waitFor("cần ít nhất 80×24, hiện có 70×20") != nil, "\(t.dump)")
        try t.resize(width: 120, height: 40)
        #expect(try t.waitFor("Nhiệm vụ theo cấp") != nil, "\(t.dump)")
    }

    @Test func quitGivesTheTerminalBack() throws {
        let t = try open(width: 120, height: 40)
        try t.send("q")
        let screen = try #require(try t.waitFor("[exited 0]"))
        // The alternate screen is gone: no pane is left on the shell's screen.
        #expect(!screen.contains { $0.contains("Nhiệm vụ theo cấp") })
        #expect(try t.programPID() == nil)
    }

    @Test func hostileTextIsDrawnHarmlessly() throws {
        let db = try DemoDatabase.copy(into: dir)
        let r = try Binary.run(["report", "--db", db, "--task", "00070-0001", "--status", "in_progress", "--progress", "5",
                                "--note", "x\u{1B}[2J\u{1B}[31mred\u{202E}y", "--by", "\u{1B}]0;title\u{07}officer"])
        #expect(r.status == 0, "\(r.stderr)")
        let t = try Tmux("\(Binary.path) dashboard --db \(db)", width: 200, height: 60)
        #expect(try t.waitFor("Nhiệm vụ theo cấp", timeout: 15) != nil)
        try t.send("Tab", "Tab", "Tab", "Tab", "Tab", "Enter")
        let screen = try #require(try t.waitFor("Lịch sử báo cáo"))
        #expect(screen.contains { $0.contains("x␛[2J␛[31mred�y") })
        #expect(screen.contains { $0.contains("␛]0;title␇officer") })
    }
}

/// The terminals operators use: every one draws the overview, monochrome ones included.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "needs tmux"))
struct TerminalTypeTests {
    let dir = TemporaryDirectory()

    @Test(arguments: ["xterm-256color", "screen-256color", "tmux-256color", "xterm", "linux", "vt100"])
    func drawsUnder(_ term: String) throws {
        let db = try DemoDatabase.copy(into: dir, name: "\(term).sqlite")
        let t = try Tmux("\(Binary.path) dashboard --db \(db) --read-only", width: 120, height: 40, term: term)
        #expect(try t.waitFor("Nhiệm vụ theo cấp", timeout: 15) != nil, "\(term): \(t.dump)")
        try t.send("q")
        #expect(try t.waitFor("[exited 0]") != nil, "\(term): \(t.dump)")
    }

    @Test func anUnknownTermFallsBackWithAMessage() throws {
        let db = try DemoDatabase.copy(into: dir)
        let t = try Tmux("\(Binary.path) dashboard --db \(db) --read-only", width: 120, height: 40, term: "no-such-terminal")
        #expect(try t.waitFor("Nhiệm vụ theo cấp", timeout: 15) != nil, "\(t.dump)")
        try t.send("q")
        let screen = try #require(try t.waitFor("[exited 0]"))
        #expect(screen.contains { $0.contains("no-such-terminal") }, "\(t.dump)")
    }
}
