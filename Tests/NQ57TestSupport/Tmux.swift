import Foundation

/// A real terminal for end-to-end tests: a detached tmux session on its own server socket, driven
/// with `send-keys` and read with `capture-pane`.
public final class Tmux: @unchecked Sendable {
    public let socket: String
    private let session = "t"

    public static var isAvailable: Bool { (try? Shell.which("tmux")) != nil }

    /// Starts `command` (a shell command line) in a `width`×`height` pane. When the command ends the
    /// pane stays, showing `[exited N]`, so a test can read how it ended.
    public init(_ command: String, width: Int = 120, height: Int = 40, term: String = "xterm-256color") throws {
        socket = "nq57-e2e-\(UUID().uuidString.prefix(8))"
        let wrapped = "env TERM=\(term) LANG=C.UTF-8 \(command); echo \"[exited $?]\"; sleep 600"
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

    /// The screen as lines of text.
    public func screen() throws -> [String] {
        try tmux(["capture-pane", "-p", "-t", session]).stdout.components(separatedBy: "\n")
    }

    /// The screen as one string, for a failing test's message.
    public var dump: String { ((try? screen()) ?? []).joined(separator: "\n") }

    public func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", session, "-x", String(width), "-y", String(height)])
    }

    /// The process id of the program in the pane (the shell's child).
    public func programPID() throws -> Int32? {
        let shell = try tmux(["display-message", "-p", "-t", session, "#{pane_pid}"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try Shell.run("pgrep", ["-P", shell]).stdout.split(separator: "\n").compactMap { Int32($0) }
        for child in children {
            let comm = (try? String(contentsOfFile: "/proc/\(child)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            if comm == "nq57" { return child }
        }
        return nil
    }

    /// Waits until the screen satisfies `condition`, polling every 50 ms, for at most `timeout` seconds.
    /// Returns the screen that satisfied it, or nil at the timeout.
    @discardableResult
    public func waitFor(timeout: Double = 5, _ condition: ([String]) -> Bool) throws -> [String]? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let s = try screen()
            if condition(s) { return s }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// Waits until some line contains `text`.
    @discardableResult
    public func waitFor(_ text: String, timeout: Double = 5) throws -> [String]? {
        try waitFor(timeout: timeout) { $0.contains { $0.contains(text) } }
    }

    deinit { _ = try? tmux(["kill-server"]) }
}
