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
        // Back out, each step waiting for what only that Escape can show: task → tasks → communes
        // still filtered → communes unfiltered (Esc first clears the filter) → overview.
        func crumb(_ s: [String]) -> String { s.count > 1 ? s[1].trimmingCharacters(in: .whitespaces) : "" }
        func shows(_ s: [String], _ text: String) -> Bool { s.contains { $0.contains(text) } }
        try t.send("Escape")
        #expect(try t.waitFor { crumb($0).hasSuffix("› Phường Hoàn Kiếm") && !shows($0, "Lịch sử báo cáo") } != nil, "\(t.dump)")
        try t.send("Escape")
        #expect(try t.waitFor { crumb($0).hasSuffix("› Thành phố Hà Nội") && shows($0, "/hoan kiem") } != nil, "\(t.dump)")
        try t.send("Escape")
        #expect(try t.waitFor { crumb($0).hasSuffix("› Thành phố Hà Nội") && !shows($0, "/hoan kiem") && shows($0, "Phường Cửa Nam") } != nil,
                "\(t.dump)")
        try t.send("Escape")
        #expect(try t.waitFor { crumb($0) == "Tổng quan" } != nil, "\(t.dump)")
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
        #expect(try t.paneFormat("alternate_on") == "1")
        try t.send("q")
        let screen = try #require(try t.waitFor("[exited 0]"))
        // The alternate screen is gone: no pane is left on the shell's screen, the cursor shows.
        #expect(!screen.contains { $0.contains("Nhiệm vụ theo cấp") })
        #expect(try t.paneFormat("alternate_on") == "0")
        #expect(try t.paneFormat("cursor_flag") == "1")
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

/// The terminals operators use: every one draws the overview, monochrome ones included, with the
/// colour codes its depth allows, read back from tmux's copy of the screen (`capture-pane -e`).
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "needs tmux"))
struct TerminalTypeTests {
    let dir = TemporaryDirectory()

    /// What the colour codes on screen must be.
    enum Colours: String, Sendable {
        /// 256-colour codes (38;5;N / 48;5;N), no RGB.
        case palette
        /// Only the eight basic colours (3x, 4x): no bright, 256 or RGB codes.
        case basic
        /// Direct colour: RGB codes (38;2;R;G;B), the theme's amber among them, no 256-colour codes.
        case direct
        /// No colour code at all; attributes only.
        case none
    }

    /// A terminfo entry for a direct-colour terminal like `xterm-direct` (colors#0x1000000 and RGB,
    /// colours from 8 up sent as RGB), compiled here because not every system ships one.
    func directColourTerminfo() throws -> String {
        let source = dir.write("nq57-direct.src", """
            nq57-direct|direct colour for the nq57 tests,
            \tcolors#0x1000000, pairs#0x10000, RGB,
            \tsetaf=\\E[%?%p1%{8}%<%t3%p1%d%e38;2;%p1%{65536}%/%d;%p1%{256}%/%{255}%&%d;%p1%{255}%&%d%;m,
            \tsetab=\\E[%?%p1%{8}%<%t4%p1%d%e48;2;%p1%{65536}%/%d;%p1%{256}%/%{255}%&%d;%p1%{255}%&%d%;m,
            \tuse=xterm-256color,

            """)
        let compiled = dir.file("terminfo")
        let r = try Shell.run("tic", ["-x", "-o", compiled, source])
        #expect(r.status == 0, "tic: \(r.stderr)")
        return compiled
    }

    @Test(arguments: [
        ("xterm-256color", "", Colours.palette), ("screen-256color", "", .palette), ("tmux-256color", "", .palette),
        ("xterm", "", .basic), ("linux", "", .basic), ("vt100", "", .none),
        ("xterm-256color", "NO_COLOR=1", .none), ("linux", "NO_COLOR=1", .none), ("nq57-direct", "", .direct),
    ])
    func drawsUnder(_ term: String, _ environment: String, _ expected: Colours) throws {
        let db = try DemoDatabase.copy(into: dir, name: "\(term)-\(expected).sqlite")
        let terminfo = term == "nq57-direct" ? "TERMINFO=\(try directColourTerminfo())" : ""
        let t = try Tmux("env \(environment) \(terminfo) \(Binary.path) dashboard --db \(db) --read-only --as-of \(DemoDatabase.asOf)",
                         width: 120, height: 40, term: term)
        // The whole overview is drawn: the levels pane and the provinces with their data.
        #expect(try t.waitFor(timeout: 15) { s in s.contains { $0.contains("Nhiệm vụ theo cấp") } && s.contains { $0.contains("Hà Nội") } } != nil,
                "\(term): \(t.dump)")
        let escaped = try t.screenWithEscapes()
        let codes = Tmux.colourCodes(in: escaped)
        switch expected {
        case .palette:
            #expect(codes.contains("256") && !codes.contains("rgb"), "\(term): \(codes)")
        case .basic:
            #expect(codes == ["8"], "\(term): \(codes)")
        case .direct:
            #expect(codes.contains("rgb") && !codes.contains("256"), "\(term): \(codes)")
            #expect(escaped.contains("38;2;255;175;0"), "\(term): the theme's amber (214) is not on screen as RGB")
        case .none:
            #expect(codes.isEmpty, "\(term): \(codes)")
            // Attributes stand in for colours: the selection is reversed.
            #expect(escaped.contains("\u{1B}[7m") || escaped.contains(";7m"), "\(term): no reverse video")
        }
        try t.send("q")
        #expect(try t.waitFor("[exited 0]", timeout: 15) != nil, "\(term): \(t.dump)")
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
