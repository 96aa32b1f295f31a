import Foundation
import Testing
import NQ57TestSupport

/// The terminal after the dashboard: given back on every way out, with the exit status that says
/// which. The crash signals are checked by their own test, beside the crash handling.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "needs tmux (scripts/deps installs it)"))
struct TerminalRestoreTests {
    let dir = TemporaryDirectory()

    enum Way: String, CaseIterable, Sendable {
        case q, ctrlC, sigterm, sighup, endOfInput

        var status: Int {
            switch self {
            case .q, .ctrlC: 0
            case .sigterm: 128 + 15
            case .sighup, .endOfInput: 128 + 1
            }
        }
    }

    /// Opens the writing end of `fifo` once the pane's shell has opened it for reading.
    func openWriter(_ fifo: String) throws -> Int32 {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            let fd = open(fifo, O_WRONLY | O_NONBLOCK)
            if fd >= 0 { return fd }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw POSIXError(.ETIMEDOUT)
    }

    @Test(arguments: Way.allCases)
    func theTerminalIsGivenBack(_ way: Way) throws {
        let db = try DemoDatabase.copy(into: dir, name: "\(way).sqlite")
        let before = dir.file("\(way).before"), after = dir.file("\(way).after"), fifo = dir.file("\(way).fifo")
        var input = ""
        if way == .endOfInput {
            #expect(mkfifo(fifo, 0o600) == 0)
            input = " < \(fifo)"
        }
        // The shell's screen and tty modes before, the dashboard, the modes after, its status.
        let script = "echo the-shell-was-here; stty -g < /dev/tty > \(before); "
            + "\(Binary.path) dashboard --db \(db) --read-only --as-of \(DemoDatabase.asOf)\(input); "
            + "s=$?; stty -g < /dev/tty > \(after); exit $s"
        let t = try Tmux("sh -c '\(script)'", width: 120, height: 40)
        let writer = way == .endOfInput ? try openWriter(fifo) : -1
        #expect(try t.waitFor("Nhiệm vụ theo cấp") != nil, "\(way): \(t.dump)")

        // While it runs: the alternate screen, no cursor, the tty in modes of its own.
        #expect(try t.paneFormat("alternate_on") == "1")
        #expect(try t.paneFormat("cursor_flag") == "0")
        let running = try Shell.run("stty", ["-g", "-F", try t.paneFormat("pane_tty")]).stdout

        switch way {
        case .q: try t.send("q")
        case .ctrlC: try t.send("C-c")
        case .sigterm: kill(try #require(try t.programPID()), SIGTERM)
        case .sighup: kill(try #require(try t.programPID()), SIGHUP)
        case .endOfInput: close(writer)
        }
        let screen = try #require(try t.waitFor("[exited "), "\(way): \(t.dump)")
        #expect(screen.contains { $0.contains("[exited \(way.status)]") }, "\(way): \(t.dump)")
        // The shell's screen is back, the cursor shows, and the tty modes are the shell's again.
        #expect(try t.paneFormat("alternate_on") == "0", "\(way)")
        #expect(try t.paneFormat("cursor_flag") == "1", "\(way)")
        #expect(screen.contains { $0.contains("the-shell-was-here") }, "\(way): \(t.dump)")
        #expect(!screen.contains { $0.contains("Nhiệm vụ theo cấp") }, "\(way): \(t.dump)")
        let modesBefore = try String(contentsOfFile: before, encoding: .utf8)
        let modesAfter = try String(contentsOfFile: after, encoding: .utf8)
        #expect(!modesBefore.isEmpty && modesAfter == modesBefore, "\(way): \(modesBefore) then \(modesAfter)")
        #expect(running != modesBefore, "\(way): the dashboard ran in the shell's tty modes")
    }
}

/// What the dashboard opens the database with, read from /proc as for `watch` (LiveTests).
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "needs tmux (scripts/deps installs it)"))
struct DashboardAccessTests {
    let dir = TemporaryDirectory()

    @Test(arguments: [
        ("--read-only", false), ("--live 1", false), ("--read-write", true), ("--live 1 --read-write", true),
    ])
    func descriptorsOnTheDatabase(_ options: String, _ writes: Bool) throws {
        let db = try DemoDatabase.copy(into: dir, name: "\(options.filter(\.isLetter)).sqlite")
        let t = try Tmux("\(Binary.path) dashboard --db \(db) \(options)", width: 160, height: 50)
        #expect(try t.waitFor("Nhiệm vụ theo cấp") != nil, "\(options): \(t.dump)")
        let pid = try #require(try t.programPID())
        let modes = try Descriptors.accessModes(pid: pid, path: db)
        #expect(!modes.isEmpty, "\(options): no descriptor on the database")
        if writes {
            #expect(modes.contains(O_RDWR), "\(options): \(modes)")
        } else {
            #expect(modes.allSatisfy { $0 == O_RDONLY }, "\(options): \(modes)")
        }
        try t.send("q")
        #expect(try t.waitFor("[exited 0]") != nil, "\(options): \(t.dump)")
    }
}

/// `--theme` naming a broken or missing theme: the dashboard opens with the default, and one line
/// says what was wrong and where.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "needs tmux (scripts/deps installs it)"))
struct ThemeOptionTests {
    let dir = TemporaryDirectory()

    func dashboard(theme: String) throws -> (screen: [String], escaped: String) {
        let db = try DemoDatabase.copy(into: dir, name: "\(UUID().uuidString).sqlite")
        // Run from the theme's directory, as a user names a file of their own: the message names it
        // as given (a long absolute path would not fit the status line).
        let t = try Tmux("sh -c 'cd \(dir.path) && exec \(Binary.path) dashboard --db \(db) --read-only --theme \(theme) 2> \(db).err'",
                         width: 120, height: 40)
        // The whole frame: the first pane, the last pane (the feed) and the warning; a capture taken with
        // only the first pane drawn had none of the other borders' colour.
        let screen = try #require(try t.waitFor { s in s.contains { $0.contains("Nhiệm vụ theo cấp") } && s.contains { $0.contains("instead") }
                                      && s.contains { $0.contains("Báo cáo mới nhất") } },
                                  "\(t.dump)")
        let escaped = try t.screenWithEscapes()
        try t.send("q")
        #expect(try t.waitFor("[exited 0]") != nil, "\(t.dump)")
        #expect(try String(contentsOfFile: db + ".err", encoding: .utf8).isEmpty, "the warning went to standard error too")
        return (screen, escaped)
    }

    /// The dark theme's colours are on screen: its amber (214) and its pane borders (241).
    func usesTheDefault(_ escaped: String) -> Bool {
        escaped.contains("38;5;214") && escaped.contains("38;5;241")
    }

    @Test func aBrokenThemeFileIsNamedWithItsLine() throws {
        dir.write("broken.toml", "name = \"broken\"\n[roles.header]\nfg = \"nowhere\"\n")
        let (screen, escaped) = try dashboard(theme: "./broken.toml")
        let lines = screen.filter { $0.contains("broken.toml") }
        #expect(lines.count == 1, "\(screen.joined(separator: "\n"))")
        #expect(lines.first?.contains("broken.toml:3: unknown colour \"nowhere\"") == true, "\(lines)")
        #expect(lines.first?.contains("using \"dark\" instead") == true, "\(lines)")
        #expect(usesTheDefault(escaped))
    }

    @Test func aMissingThemeFileOrNameIsNamed() throws {
        let missing = try dashboard(theme: "./none.toml")
        #expect(missing.screen.filter { $0.contains("none.toml: no such theme file; using \"dark\" instead") }.count == 1,
                "\(missing.screen.joined(separator: "\n"))")
        #expect(usesTheDefault(missing.escaped))
        let unknown = try dashboard(theme: "nosuch")
        #expect(unknown.screen.filter { $0.contains("no theme named \"nosuch\"") && $0.contains("using \"dark\" instead") }.count == 1,
                "\(unknown.screen.joined(separator: "\n"))")
        #expect(usesTheDefault(unknown.escaped))
    }
}
