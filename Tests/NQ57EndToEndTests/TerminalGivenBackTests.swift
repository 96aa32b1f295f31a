import Foundation
import Testing
import NQ57TestSupport

/// Crash or not, the terminal comes back: a dashboard ended by a fatal signal, or by a Swift runtime
/// error, leaves the alternate screen, shows the cursor, says why on standard error (with what it
/// held back meanwhile) and ends with the signal's status.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "needs tmux"))
struct TerminalGivenBackTests {
    let dir = TemporaryDirectory()

    /// A tmux format of the pane (`#{alternate_on}`, `#{cursor_flag}`).
    func pane(_ t: Tmux, _ format: String) throws -> String {
        try Shell.run("tmux", ["-L", t.socket, "display-message", "-p", "-t", "t", format]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func openDashboard() throws -> (Tmux, Int32) {
        let db = try DemoDatabase.copy(into: dir)
        let t = try Tmux("\(Binary.path) dashboard --db \(db) --read-only", width: 120, height: 40)
        #expect(try t.waitFor("Nhiệm vụ theo cấp", timeout: 15) != nil, "\(t.dump)")
        #expect(try pane(t, "#{alternate_on}") == "1")
        #expect(try pane(t, "#{cursor_flag}") == "0")
        return (t, try #require(try t.programPID()))
    }

    func expectGivenBack(_ t: Tmux, status: Int32, saying reason: String, _ context: String) throws {
        let screen = try #require(try t.waitFor("[exited \(status)]", timeout: 10), "\(context): \(t.dump)")
        #expect(try pane(t, "#{alternate_on}") == "0", "\(context): still on the alternate screen")
        #expect(try pane(t, "#{cursor_flag}") == "1", "\(context): the cursor is hidden")
        #expect(!screen.contains { $0.contains("Nhiệm vụ theo cấp") }, "\(context): \(t.dump)")
        #expect(screen.contains { $0.contains(reason) }, "\(context): no \"\(reason)\" in\n\(t.dump)")
    }

    @Test(arguments: [("SEGV", SIGSEGV), ("ABRT", SIGABRT), ("ILL", SIGILL), ("BUS", SIGBUS), ("QUIT", SIGQUIT), ("TRAP", SIGTRAP)])
    func aFatalSignalGivesTheTerminalBack(name: String, number: Int32) throws {
        let (t, pid) = try openDashboard()
        #expect(kill(pid, number) == 0)
        try expectGivenBack(t, status: 128 + number, saying: "nq57: ended by signal SIG\(name)", "SIG\(name)")
    }

    @Test func aSwiftRuntimeErrorIsShownAfterTheScreenIsGivenBack() throws {
        // fatalError traps (SIGILL on x86-64, SIGTRAP on arm64); its message was written to standard
        // error while the screen was curses's, held back, and must come out after it.
        let t = try Tmux("\(Binary.path) terminal-check --crash-after 0.5 --crash-with trap", width: 120, height: 40)
        let screen = try #require(try t.waitFor("[exited ", timeout: 15), "\(t.dump)")
        #expect(screen.contains { $0.contains("[exited 132]") || $0.contains("[exited 133]") }, "\(t.dump)")
        #expect(screen.contains { $0.contains("terminal-check: crashing on purpose (trap)") }, "\(t.dump)")
        #expect(screen.contains { $0.contains("nq57: ended by signal SIGILL") || $0.contains("nq57: ended by signal SIGTRAP") }, "\(t.dump)")
        #expect(try pane(t, "#{alternate_on}") == "0")
        #expect(try pane(t, "#{cursor_flag}") == "1")
    }

    @Test func whatStandardErrorHeldBackComesOutAtTheEnd() throws {
        let t = try Tmux("\(Binary.path) terminal-check --fail-after 1", width: 120, height: 40)
        #expect(try t.waitFor("terminal-check", timeout: 15) != nil, "\(t.dump)")
        try t.send("e")
        let screen = try #require(try t.waitFor("[exited 74]", timeout: 10), "\(t.dump)")
        #expect(screen.contains { $0.contains("a message on stderr while the screen is ours") }, "\(t.dump)")
        #expect(screen.contains { $0.contains("nq57: terminal-check: failing on purpose after 1.0 s") }, "\(t.dump)")
        #expect(try pane(t, "#{alternate_on}") == "0")
        #expect(try pane(t, "#{cursor_flag}") == "1")
    }
}
