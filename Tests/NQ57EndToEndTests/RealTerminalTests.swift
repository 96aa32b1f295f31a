import Foundation
import NQ57TestSupport
import Testing

/// What a person sees in a real terminal beyond the text: the theme picked for its background.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "needs tmux (scripts/deps installs it)"))
struct RealTerminalTests {
    let dir = TemporaryDirectory()

    /// Starts the dashboard once `prepare` has set up the pane (a flag file releases it), with the
    /// configuration files out of the way and `COLORFGBG` unset.
    func dashboard(_ args: String, width: Int = 120, height: Int = 40, env: String = "",
                   prepare: (Tmux) throws -> Void = { _ in }) throws -> Tmux {
        let db = try DemoDatabase.copy(into: dir, name: "\(UUID().uuidString).sqlite")
        let flag = dir.file(UUID().uuidString)
        let t = try Tmux("sh -c 'while [ ! -e \(flag) ]; do sleep 0.05; done; exec env -u COLORFGBG NQ57_SYSTEM_CONFIG=/nonexistent XDG_CONFIG_HOME=\(dir.path) \(env) \(Binary.path) dashboard --db \(db) --read-only --as-of \(DemoDatabase.asOf) \(args)'",
                         width: width, height: height)
        try prepare(t)
        _ = FileManager.default.createFile(atPath: flag, contents: nil)
        #expect(try t.waitFor { s in s.contains { $0.contains("Nhiệm vụ theo cấp") } } != nil, "\(t.dump)")
        return t
    }

    func quit(_ t: Tmux) throws {
        try t.send("q")
        #expect(try t.waitFor("[exited 0]") != nil, "\(t.dump)")
    }

    /// tmux answers the OSC 11 query with its window's background: white picks the light theme
    /// (its white paper, 48;5;231), and no answer (tmux knows no background) the dark one.
    @Test func noThemeChosenFollowsTheTerminalsBackground() throws {
        let light = try dashboard("") { try $0.setWindowOption("window-style", "bg=white") }
        let onLight = try light.screenWithEscapes()
        #expect(onLight.contains("48;5;231"), "the light theme's paper")
        // Nothing of the query or its reply typed into the dashboard: no filter, no go-to prompt.
        #expect(!light.dump.contains("rgb:"), "\(light.dump)")
        try quit(light)

        let dark = try dashboard("--theme auto")
        let onDark = try dark.screenWithEscapes()
        #expect(!onDark.contains("48;5;231") && onDark.contains("38;5;214"), "the dark theme: amber, no white paper")
        try quit(dark)

        // COLORFGBG where the terminal does not answer: 0;15 is black on white.
        let fgbg = try dashboard("", env: "COLORFGBG=0\\;15")
        #expect(try fgbg.screenWithEscapes().contains("48;5;231"))
        try quit(fgbg)
    }

    /// A theme chosen by name is used whatever the background.
    @Test func aChosenThemeIsKept() throws {
        let t = try dashboard("--theme dark") { try $0.setWindowOption("window-style", "bg=white") }
        #expect(!(try t.screenWithEscapes().contains("48;5;231")))
        try quit(t)
    }

    /// On the selected row of "Nhiệm vụ theo cấp" (selection: white on 24) the bar's cells keep their
    /// states' colours: █ jade (78), ▓ amber (214), ░ sky (117), ▒ coral (203); read back from tmux.
    @Test func aSelectedRowKeepsTheColoursOfItsBar() throws {
        let t = try dashboard("--theme dark")
        try t.send("Down")  // the second row, so the selection has moved at least once
        let row = try #require(try waitForSelectedRow(t) { $0.contains("Cấp tỉnh") }, "\(t.dump)")
        let glyphs = SGR.cells(of: row)
        let expected: [Character: Int] = ["█": 78, "▓": 214, "░": 117, "▒": 203]
        let barCells = glyphs.filter { expected[$0.char] != nil }
        #expect(barCells.count >= 20, "the selected row has a bar: \(row)")
        for cell in barCells {
            #expect(cell.fg == expected[cell.char], "\(cell.char) drawn in \(cell.fg.map(String.init) ?? "default") on the selected row")
        }
        // The rest of the row is still marked as selected: its name on the selection's colours.
        #expect(glyphs.first { $0.char == "C" }.map { $0.fg == 231 && $0.bg == 24 } == true, "\(row)")
        try quit(t)
    }

    /// The mouse through tmux: SGR reports written into the pane as a terminal would send them. A
    /// click on the third province focuses that pane and selects it, the wheel moves the selection
    /// three rows, a double click opens the row; after `m` the same click does nothing.
    @Test func theMouseSelectsScrollsAndOpens() throws {
        let t = try dashboard("--theme dark")
        // tmux knows the program asked for SGR mouse reports.
        #expect(try t.paneFormat("mouse_sgr_flag") == "1")
        let screen = t.dump.components(separatedBy: "\n")
        let y = try #require(screen.firstIndex { $0.contains("┐┌─") || $0.contains("┐┏━") || $0.contains("│┌─") }, "\(t.dump)")
        // The provinces pane starts where its box's top-left corner is on that line; rows 2 below.
        let x = try #require(Array(screen[y]).lastIndex(of: "┌").map { $0 + 4 }, "\(screen[y])")
        func report(_ button: Int, row: Int, release: Bool = true) -> String {
            "\u{1B}[<\(button);\(x + 1);\(y + 2 + row + 1)M" + (release ? "\u{1B}[<\(button);\(x + 1);\(y + 2 + row + 1)m" : "")
        }
        try t.send(report(0, row: 2))
        let third = try #require(try waitForSelectedRow(t) { $0.contains(" 3 ") }, "\(t.dump)")
        #expect(third.contains("┃"), "the provinces pane has the focus: \(third)")
        // Waited for, not read once: under load a capture could fall between the two panes' updates.
        #expect(try t.waitForEscaped { !$0.components(separatedBy: "\n").contains { $0.contains("Trung ương") && $0.contains("48;5;24") } } != nil,
                "the levels pane lost the selection")
        try t.send(report(65, row: 2, release: false))
        #expect(try waitForSelectedRow(t) { $0.contains(" 6 ") } != nil, "the wheel moved three rows: \(t.dump)")
        let name = try #require(try t.screen()[y + 2 + 3].split(separator: "┃").last.map { String($0.dropFirst(3).prefix(12)).trimmingCharacters(in: .whitespaces) })
        try t.send(report(0, row: 3) + report(0, row: 3))
        #expect(try t.waitFor { $0.count > 1 && $0[1].contains("›") && $0[1].contains(name) } != nil, "opened \(name): \(t.dump)")
        try t.send("Escape")
        #expect(try t.waitFor { $0.count > 1 && !$0[1].contains("›") } != nil)
        try t.send("m")
        #expect(try t.waitFor { _ in (try? t.paneFormat("mouse_sgr_flag")) == "0" } != nil, "m turned mouse reporting off")
        try quit(t)
    }

    @Test func noMouseLeavesTheMouseToTheTerminal() throws {
        let t = try dashboard("--theme dark --no-mouse")
        for flag in ["mouse_any_flag", "mouse_standard_flag", "mouse_sgr_flag"] { #expect(try t.paneFormat(flag) == "0", "\(flag)") }
        try quit(t)
    }

    /// The line of the screen drawn on the selection's background (48;5;24) once `condition` holds.
    func waitForSelectedRow(_ t: Tmux, _ condition: (String) -> Bool) throws -> String? {
        var found: String?
        _ = try t.waitFor { _ in
            found = (try? t.screenWithEscapes())?.components(separatedBy: "\n").first { $0.contains("48;5;24") && condition($0) }
            return found != nil
        }
        return found
    }
}

/// The cells of a line from `capture-pane -e`, with the 256-colour foreground and background each
/// is drawn in (nil: the terminal's default).
enum SGR {
    struct Cell { var char: Character; var fg: Int?; var bg: Int? }

    static func cells(of line: String) -> [Cell] {
        var out: [Cell] = []
        var fg: Int?, bg: Int?
        var chars = Array(line)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            guard c == "\u{1B}" else {
                out.append(Cell(char: c, fg: fg, bg: bg))
                continue
            }
            guard chars.first == "[" else { continue }
            chars = chars.dropFirst()
            var params = ""
            while let p = chars.first, !p.isLetter { params.append(p); chars = chars.dropFirst() }
            let final = chars.first
            chars = chars.dropFirst()
            guard final == "m" else { continue }
            let n = params.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
            var i = 0
            while i < n.count {
                switch n[i] {
                case 0: fg = nil; bg = nil
                case 39: fg = nil
                case 49: bg = nil
                case 30...37: fg = n[i] - 30
                case 90...97: fg = n[i] - 90 + 8
                case 40...47: bg = n[i] - 40
                case 38 where i + 2 < n.count && n[i + 1] == 5: fg = n[i + 2]; i += 2
                case 48 where i + 2 < n.count && n[i + 1] == 5: bg = n[i + 2]; i += 2
                default: break
                }
                i += 1
            }
        }
        return out
    }
}
