import Foundation
import Testing
import NQ57TestSupport

/// Issue 11 §6–§9 end to end: short names that tell the groups apart, one language per screen, the
/// figures' catalogue on the command line, and the terminal left exactly as found.
@Suite(.enabled(if: Tmux.isAvailable, "needs tmux"))
struct LanguageEndToEndTests {
    let dirs = FindEndToEndTests.Dirs()

    /// Words only the dashboard draws: none may stay on the shell's screen or in its scrollback.
    static let dashboardWords = ["NQ57", "Tổng quan", "Overview", "━", "│", "┃", "Hoàn Kiếm", "Chuỗi khối", "Blockchain"]

    @Test(arguments: [(80, 24, "vi"), (120, 40, "vi"), (80, 24, "en"), (120, 40, "en")])
    func theTerminalIsLeftAsFoundAfterResizesAndQ(width: Int, height: Int, language: String) throws {
        let db = try DemoDatabase.copy(into: dirs.next())
        let t = try Tmux("PS1='SHELL$ ' bash --norc --noprofile", width: width, height: height)
        #expect(try t.waitFor("SHELL$") != nil, "\(t.dump)")
        try t.send("clear; echo before-the-dashboard", "Enter")
        // The echo's output and the prompt after it, not the typed command line (a loaded machine
        // echoes the line well before it runs).
        #expect(try t.waitFor { s in
            s.indices.dropLast().contains { s[$0] == "before-the-dashboard" && s[$0 + 1].hasPrefix("SHELL$") }
        } != nil, "\(t.dump)")
        try t.send("\(Binary.path) dashboard --db \(db) --as-of \(DemoDatabase.asOf) --read-only --lang \(language)", "Enter")
        let quit = language == "vi" ? "q thoát" : "q quit"
        #expect(try t.waitFor { s in s.contains { $0.hasSuffix(quit) } } != nil, "\(t.dump)")
        // Smaller, much larger, too small, back: each drawn at its size before the next.
        for (w, h) in [(70, 20), (200, 60), (width, height), (100, 30), (width, height)] {
            try t.resize(width: w, height: h)
            let drawn = try t.waitFor { s in
                s.count >= h && (s.contains { $0.hasSuffix(quit) && $0.count >= w - 3 && $0.count <= w } || s.contains { $0.contains("\(w)×\(h).") })
            }
            #expect(drawn != nil, "\(w)x\(h): \(t.dump)")
        }
        try t.send("q")
        let shell = try #require(try t.waitFor { s in s.filter { $0.hasPrefix("SHELL$") }.count >= 2 }, "\(t.dump)")
        #expect(try t.paneFormat("alternate_on") == "0")
        #expect(try t.paneFormat("cursor_flag") == "1")
        let left = shell.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(left.first == "before-the-dashboard", "\(t.dump)")
        #expect(left.last?.trimmingCharacters(in: .whitespaces) == "SHELL$", "\(t.dump)")
        // The scrollback too: a frame pushed into it by a resize would be above the prompt.
        let all = try t.screenAndHistory()
        for word in Self.dashboardWords {
            #expect(!all.contains { $0.contains(word) && !$0.hasPrefix("SHELL$") }, "\(word) left in the shell's screen or scrollback:\n\(all.joined(separator: "\n"))")
        }
    }

    /// `nq57 metric set` takes only keys of the figures' catalogue and names the known ones.
    @Test func metricSetRefusesAKeyOutsideTheCatalogueNamingTheKnownOnes() throws {
        let db = try DemoDatabase.copy(into: dirs.next())
        let r = try Binary.run(["metric", "set", "foo_bar", "12", "--as-of", "2026-11-29", "--db", db])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("nq57: metric key \"foo_bar\" is not in the figures' catalogue; known keys: st_enterprises, hightech_enterprises, digital_enterprises, ai_experts"), "\(r.stderr)")
        let snapshot = try Binary.run(["snapshot", "--db", db, "--as-of", DemoDatabase.asOf, "--width", "120"])
        #expect(!snapshot.stdout.contains("foo_bar"), "\(snapshot.stdout)")
        let ok = try Binary.run(["metric", "set", "ai_experts", "300", "--as-of", "2026-11-29", "--db", db])
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    /// The eleven groups of Decision 1131 all start "Công nghệ": at 120 and 200 columns the tech pane
    /// tells every one apart (short names where the full one does not fit), in both languages, and
    /// the detail line has the selected group whole.
    @Test(arguments: [120, 200], ["vi", "en"])
    func theElevenTechnologyGroupsAreToldApart(width: Int, language: String) throws {
        let db = try DemoDatabase.copy(into: dirs.next())
        let r = try Binary.run(["snapshot", "--db", db, "--as-of", DemoDatabase.asOf, "--width", String(width), "--lang", language])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.components(separatedBy: "\n")
        let rows = (1...11).compactMap { n in lines.first { $0.contains("│" + (n < 10 ? " " : "") + "\(n) ") } }
        #expect(rows.count == 11, "\(r.stdout)")
        // The name cell: after the rank, up to the gap before the counts.
        let names = rows.map { row -> String in
            let cell = row.split(separator: "│", omittingEmptySubsequences: true).first.map { String($0.dropFirst(3)) } ?? ""
            return cell.components(separatedBy: "  ").first ?? cell
        }
        #expect(Set(names).count == 11, "\(names)")
        // Whole names or short names, never a name cut short.
        #expect(!names.contains { $0.contains("…") }, "\(names)")
        let whole = language == "vi" ? "1. Công nghệ trí tuệ nhân tạo" : "1. Artificial intelligence, digital twins"
        #expect(lines.contains { $0.contains(whole) }, "\(r.stdout)")
    }

    /// Enter on a report of the feed opens it whole: task, unit, time, status, progress, author and a
    /// note of 1,900 characters (the longest a report takes), scrolled to its last word at 80×24; Esc leaves the task under it. Enter on a
    /// figure lists every dated value with its whole source, in the screen's language.
    @Test(arguments: [(80, 24, "vi"), (120, 40, "vi"), (80, 24, "en"), (120, 40, "en")])
    func aReportAndAFigureAreReadWhole(width: Int, height: Int, language: String) throws {
        let db = try DemoDatabase.copy(into: dirs.next())
        let note = (1...20).map { "Câu \($0): đã số hóa hồ sơ, kết nối cơ sở dữ liệu dân cư và chuẩn hóa quy trình một cửa điện tử." }
            .joined(separator: " ") + " KẾT-THÚC"
        let r = try Binary.run(["report", "--db", db, "--task", "00070-0002", "--status", "in_progress", "--progress", "70",
                                "--note", note, "--by", "Nguyễn Văn A", "--at", "2026-11-29T22:00:00+07:00"])
        #expect(r.status == 0, "\(r.stderr)")
        let t = try Tmux("\(Binary.path) dashboard --db \(db) --as-of \(DemoDatabase.asOf) --read-only --lang \(language)", width: width, height: height)
        let (title, by, esc) = language == "vi" ? ("Báo cáo · 00070-0002", "Người báo cáo: Nguyễn Văn A", "Esc đóng")
                                                : ("Report · 00070-0002", "Reported by: Nguyễn Văn A", "Esc close")
        let quit = language == "vi" ? "q thoát" : "q quit"
        #expect(try t.waitFor { s in s.contains { $0.hasSuffix(quit) } } != nil, "\(t.dump)")
        // The feed is view 6; its newest report is the one just made.
        try t.send("6")
        #expect(try t.waitFor("Hoàn Kiếm") != nil, "\(t.dump)")
        try t.send("Enter")
        let opened = try t.waitFor { s in
            s.contains { $0.contains(title) } && s.contains { $0.contains(by) } && s.contains { $0.contains("70%") }
                && s.contains { $0.contains("Câu 1: đã số hóa") } && s.contains { $0.contains(esc) }
        }
        #expect(opened != nil, "\(t.dump)")
        // At 80×24 the note is longer than the box: it starts at its top and scrolls; at 120×40 it fits whole.
        #expect(opened?.contains { $0.contains("KẾT-THÚC") } == (height > 24), "\(t.dump)")
        try t.send("End")
        #expect(try t.waitFor { s in s.contains { $0.contains("KẾT-THÚC") } && s.contains { $0.contains("Câu 20") } } != nil, "\(t.dump)")
        try t.send("Escape")
        #expect(try t.waitFor { s in !s.contains { $0.contains(title) } && s.contains { $0.contains("› 00070-0002") } } != nil, "\(t.dump)")
        // A figure: view 5 is the ecosystem figures; Enter on the first lists its dated values and sources.
        // (Escape and a key typed at once would be Alt and that key.)
        try t.send("Escape")
        #expect(try t.waitFor { s in !s.contains { $0.contains("00070-0002") } && s.contains { $0.hasSuffix(quit) } } != nil, "\(t.dump)")
        try t.send("5")
        let source = language == "vi" ? "báo VietTimes dẫn số liệu" : "press report (VietTimes) citing"
        let other = language == "vi" ? "press report" : "báo SGGP"
        #expect(try t.waitFor { s in s.contains { $0.contains(source) } } != nil, "\(t.dump)")
        try t.send("Enter")
        let figure = try t.waitFor { s in
            s.contains { $0.contains(language == "vi" ? "Doanh nghiệp khoa học và công nghệ" : "Science and technology enterprises") }
                && s.contains { $0.contains("954") } && s.contains { $0.contains("940") } && s.contains { $0.contains("858") }
        }
        #expect(figure != nil, "\(t.dump)")
        #expect(figure?.contains { $0.contains(other) } == false, "another language on the screen: \(t.dump)")
    }
}
