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
        FileManager.default.createFile(atPath: flag, contents: nil)
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
}
