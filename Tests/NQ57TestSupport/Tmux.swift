import Foundation

/// A real terminal for end-to-end tests: a detached tmux session on its own server socket, driven
/// with `send-keys` and read with `capture-pane`.
public final class Tmux: @unchecked Sendable {
    public let socket: String
    private let session = "t"

    /// Whether the end-to-end suites run: tmux is installed, or `CI` is set. On CI a missing tmux
    /// is a failure (`init` throws saying so), never a green run that skipped every terminal test.
    public static var isAvailable: Bool { isInstalled || ProcessInfo.processInfo.environment["CI"] != nil }

    public static var isInstalled: Bool { (try? Shell.which("tmux")) != nil }

    /// Starts `command` (a shell command line) in a `width`×`height` pane, with `TERM` = `term`. When the command ends the
    /// pane stays, showing `[exited N]`, so a test can read how it ended.
    public init(_ command: String, width: Int = 120, height: Int = 40, term: String = "xterm-256color") throws {
        socket = "nq57-e2e-\(UUID().uuidString.prefix(8))"
        guard Self.isInstalled else {
            throw TmuxError(message: "tmux is not installed, and the end-to-end tests need it (scripts/deps installs it)")
        }
        // NO_COLOR is dropped: `swift test` runs tests with NO_COLOR=1, which the tmux server would
        // pass on to every pane; a test that wants it says so in `command`.
        let wrapped = "env -u NO_COLOR TERM=\(term) LANG=C.UTF-8 \(command); echo \"[exited $?]\"; sleep 600"
        let r = try Shell.run("tmux", ["-L", socket, "new-session", "-d", "-s", session, "-x", String(width), "-y", String(height), wrapped])
        guard r.status == 0 else { throw TmuxError(message: "tmux new-session failed with status \(r.status)") }
        _ = try tmux(["set-option", "-t", session, "remain-on-exit", "on"])
    }

    struct TmuxError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    @discardableResult
    func tmux(_ args: [String]) throws -> Binary.Result {
        try Shell.run("tmux", ["-L", socket] + args)
    }

    /// Types keys: names such as `Enter`, `Escape`, `Down`, `BTab`, or literal text.
    public func send(_ keys: String...) throws {
        for k in keys {
            let named = ["Enter", "Escape", "Tab", "BTab", "Up", "Down", "Left", "Right", "PageUp", "PageDown", "Home", "End", "BSpace", "C-c"]
            if named.contains(k) {
                try tmux(["send-keys", "-t", session, k])
            } else {
                try tmux(["send-keys", "-t", session, "-l", k])
            }
        }
    }

    /// Sets a tmux option of the session's window (`window-style bg=white`: the background tmux
    /// reports to a program that asks, as a light terminal would).
    public func setWindowOption(_ name: String, _ value: String) throws {
        try tmux(["set-option", "-w", "-t", session, name, value])
    }

    /// The screen as lines of text.
    public func screen() throws -> [String] {
        try tmux(["capture-pane", "-p", "-t", session]).stdout.components(separatedBy: "\n")
    }

    /// The scrollback history and the screen, oldest line first (`capture-pane -S -`).
    public func screenAndHistory() throws -> [String] {
        try tmux(["capture-pane", "-p", "-S", "-", "-t", session]).stdout.components(separatedBy: "\n")
    }

    /// The screen with its colours and attributes as SGR escape sequences (`capture-pane -e`).
    public func screenWithEscapes() throws -> String {
        try tmux(["capture-pane", "-e", "-p", "-t", session]).stdout
    }

    /// A pane format variable (`#{alternate_on}`, `#{cursor_flag}`…): tmux's view of the terminal state.
    public func paneFormat(_ name: String) throws -> String {
        try tmux(["display-message", "-p", "-t", session, "#{\(name)}"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The screen as one string, for a failing test's message.
    public var dump: String { ((try? screen()) ?? []).joined(separator: "\n") }

    public func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", session, "-x", String(width), "-y", String(height)])
    }

    /// The process id of the program in the pane: the `nq57` among the pane shell's descendants
    /// (a test may run it under a shell script of its own).
    public func programPID() throws -> Int32? {
        let shell = try tmux(["display-message", "-p", "-t", session, "#{pane_pid}"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        var parents = [shell]
        while let parent = parents.popLast() {
            let children = try Shell.run("pgrep", ["-P", parent]).stdout.split(separator: "\n").compactMap { Int32($0) }
            for child in children {
                let comm = (try? String(contentsOfFile: "/proc/\(child)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
                if comm == "nq57" { return child }
                parents.append(String(child))
            }
        }
        return nil
    }

    /// The kinds of colour code in SGR escape sequences (as `screenWithEscapes` gives them):
    /// `"8"` for 30–37/40–47, `"16"` for the bright 90–97/100–107, `"256"` for 38;5/48;5 and `"rgb"`
    /// for 38;2/48;2. The defaults (39, 49) and attributes (bold, reverse…) are not colours.
    public static func colourCodes(in escaped: String) -> Set<String> {
        var kinds: Set<String> = []
        var rest = Substring(escaped)
        while let start = rest.range(of: "\u{1B}[") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(where: { !("0"..."9").contains($0) && $0 != ";" && $0 != ":" }) else { break }
            let isSGR = rest[end] == "m"
            let params = rest[..<end].split(whereSeparator: { $0 == ";" || $0 == ":" }).compactMap { Int($0) }
            rest = rest[end...]
            guard isSGR else { continue }
            var i = 0
            while i < params.count {
                switch params[i] {
                case 38, 48:
                    let mode = i + 1 < params.count ? params[i + 1] : -1
                    kinds.insert(mode == 5 ? "256" : mode == 2 ? "rgb" : "?")
                    i += mode == 5 ? 3 : mode == 2 ? 5 : 1
                    continue
                case 30...37, 40...47: kinds.insert("8")
                case 90...97, 100...107: kinds.insert("16")
                default: break
                }
                i += 1
            }
        }
        return kinds
    }

    /// Waits until the screen satisfies `condition`, polling every 50 ms, for at most `timeout` seconds.
    /// Returns the screen that satisfied it, or nil at the timeout.
    @discardableResult
    public func waitFor(timeout: Double = 15, _ condition: ([String]) -> Bool) throws -> [String]? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let s = try screen()
            if condition(s) { return s }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// Waits until the screen with its escape sequences (colours) satisfies `condition`, as `waitFor`.
    @discardableResult
    public func waitForEscaped(timeout: Double = 15, _ condition: (String) -> Bool) throws -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let s = try screenWithEscapes()
            if condition(s) { return s }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// Waits until some line contains `text`.
    @discardableResult
    public func waitFor(_ text: String, timeout: Double = 15) throws -> [String]? {
        try waitFor(timeout: timeout) { $0.contains { $0.contains(text) } }
    }

    deinit { _ = try? tmux(["kill-server"]) }
}
