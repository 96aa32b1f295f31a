import Foundation
import Testing
import NQ57TestSupport

/// Output errors are errors: a write to standard output that fails ends the command with 74 and one
/// line; a standard error that cannot be written to crashes nothing; and export to a terminal cannot
/// drive it.
@Suite(.serialized) struct OutputErrorTests {
    let dir = TemporaryDirectory()

    /// `nq57 args…` through the shell, with `redirect` (`> /dev/full`, `2> /dev/full`).
    func run(_ args: [String], _ redirect: String) throws -> Binary.Result {
        try Shell.run("sh", ["-c", "exec \"$0\" \"$@\" \(redirect)", Binary.path] + args)
    }

    @Test(arguments: [["export", "--what", "reports"], ["export", "--what", "tasks", "--format", "json"],
                      ["export", "--what", "metrics"], ["snapshot"], ["snapshot", "--format", "json"], ["check"], ["--help"]])
    func aFullStandardOutputIsExit74(_ args: [String]) throws {
        let db = try DemoDatabase.copy(into: dir)
        let r = try run(args + (args == ["--help"] ? [] : ["--db", db]), "> /dev/full")
        #expect(r.status == 74, "\(args): \(r.stderr)")
        #expect(r.stderr.contains("nq57: cannot write to standard output: "), "\(args): \(r.stderr)")
        #expect(r.stderr.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 1, "\(args): \(r.stderr)")
    }

    @Test func aFullStandardErrorCrashesNothing() throws {
        let db = try DemoDatabase.copy(into: dir)
        // A command that notes progress on standard error, one that fails, and a usage error.
        #expect(try run(["demo", "--db", dir.file("new.sqlite"), "--scale", "small"], "2> /dev/full").status == 0)
        #expect(try run(["snapshot", "--db", dir.file("missing/none.sqlite")], "2> /dev/full").status == 66)
        #expect(try run(["report", "--db", db, "--task", "nope", "--status", "done"], "2> /dev/full").status == 65)
        #expect(try run(["--no-such-option"], "2> /dev/full").status == 64)
    }

    @Test func exportToAFileIsTheDataAsStored() throws {
        let db = try hostileDatabase()
        let r = try Binary.run(["export", "--what", "metrics", "--db", db])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("x\u{1B}[2J\u{1B}[31mred\u{202E}y"), "\(r.stdout)")
        #expect(r.stdout.contains("\u{1B}]0;title\u{07}q"), "\(r.stdout)")
    }

    @Test(.enabled(if: Tmux.isAvailable, "needs tmux"))
    func exportToATerminalShowsControlsAsTheScreenDoes() throws {
        let db = try hostileDatabase()
        let t = try Tmux("\(Binary.path) export --what metrics --db \(db)", width: 200, height: 50)
        let screen = try #require(try t.waitFor("[exited 0]", timeout: 30), "\(t.dump)")
        #expect(screen.contains { $0.contains("x␛[2J␛[31mred�y") }, "\(t.dump)")
        #expect(screen.contains { $0.contains("␛]0;title␇q") }, "\(t.dump)")
        // The title sequence did not reach the terminal.
        let title = try Shell.run("tmux", ["-L", t.socket, "display-message", "-p", "-t", "t", "#{pane_title}"]).stdout
        #expect(!title.contains("title"), "pane title: \(title)")
    }

    /// metric set repeats the figure's source: on a terminal it is shown as the dashboard shows it, and
    /// an OSC in it does not set the terminal's title.
    @Test(.enabled(if: Tmux.isAvailable, "needs tmux"))
    func metricSetToATerminalShowsControlsAsTheScreenDoes() throws {
        let db = dir.file("metric.sqlite")
        #expect(try Binary.run(["init", "--db", db]).status == 0)
        let source = #""$(printf 'x\033[2J\033[31mred\033]0;title\007y')""#
        let t = try Tmux("\(Binary.path) metric set st_enterprises 12 --as-of 2026-11-01 --db \(db) --source \(source)", width: 200, height: 20)
        let screen = try #require(try t.waitFor("[exited 0]", timeout: 30), "\(t.dump)")
        #expect(screen.contains { $0.contains("st_enterprises = 12 as of 2026-11-01 (x␛[2J␛[31mred␛]0;title␇y)") }, "\(t.dump)")
        let title = try Shell.run("tmux", ["-L", t.socket, "display-message", "-p", "-t", "t", "#{pane_title}"]).stdout
        #expect(!title.contains("title"), "pane title: \(title)")
    }

    /// A database with reference data only and one figure whose source and qualifier hold terminal
    /// controls (a short export: a few lines).
    func hostileDatabase() throws -> String {
        let db = dir.file("hostile.sqlite")
        #expect(try Binary.run(["init", "--db", db]).status == 0)
        let r = try Binary.run(["metric", "set", "st_enterprises", "12", "--as-of", "2026-11-01", "--db", db,
                                "--source", "x\u{1B}[2J\u{1B}[31mred\u{202E}y", "--qualifier", "\u{1B}]0;title\u{07}q"])
        #expect(r.status == 0, "\(r.stderr)")
        // Not a terminal: the line says what was stored, byte for byte.
        #expect(r.stdout == "st_enterprises = 12 as of 2026-11-01 (x\u{1B}[2J\u{1B}[31mred\u{202E}y)\n", "\(r.stdout)")
        return db
    }
}
