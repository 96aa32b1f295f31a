import Foundation
import NQ57Render

/// Whether the terminal draws on a dark or a light background: which shipped theme reads well on it.
public enum TerminalBackground: String, Sendable, Hashable {
    case dark, light

    /// The shipped theme made for this background.
    public var themeName: String { rawValue }
}

/// Finds the terminal's background before curses starts: the OSC 11 query (`ESC ] 11 ; ? BEL`),
/// answered by xterm, VTE (GNOME Terminal), Konsole, iTerm2, Windows Terminal, kitty, foot and tmux
/// (which answers for the terminal it runs in), then `COLORFGBG` (rxvt, Konsole), then dark.
///
/// The query is followed by a Device Attributes query (`ESC [ c`), which every terminal answers:
/// its reply ends the wait early when OSC 11 is not understood, and both replies are read whole, so
/// nothing is left in the input for the dashboard to take as keys. A terminal that answers nothing
/// within the timeout is taken as dark; a reply arriving later is dropped by the key decoder (it
/// drops OSC strings and CSI sequences whole).
///
/// The parsing is pure (`parseReply`, `colorFGBG`, `background(red:green:blue:)`); only `detect` does
/// I/O.
public enum BackgroundProbe {
    /// The query written to the terminal: OSC 11 (what is your background?), then DA1.
    static let query = "\u{1B}]11;?\u{07}\u{1B}[c"

    /// The background from an OSC 11 reply somewhere in `bytes` (`ESC ] 11 ; rgb:RRRR/GGGG/BBBB`
    /// ended by BEL or `ESC \`, with 1–4 hex digits per component; also `rgba:` and `#rrggbb`), or
    /// nil when there is no complete, well-formed reply.
    public static func parseReply(_ bytes: [UInt8]) -> TerminalBackground? {
        guard let rgb = parseColor(bytes) else { return nil }
        return background(red: rgb.r, green: rgb.g, blue: rgb.b)
    }

    /// The colour of an OSC 11 reply as fractions 0–1, or nil.
    static func parseColor(_ bytes: [UInt8]) -> (r: Double, g: Double, b: Double)? {
        let start: [UInt8] = [0x1B, 0x5D, 0x31, 0x31, 0x3B]  // ESC ] 1 1 ;
        guard let at = find(start, in: bytes, from: 0) else { return nil }
        let body = at + start.count
        // The end: BEL, or ST (ESC \).
        var end = body
        while end < bytes.count, bytes[end] != 0x07, !(bytes[end] == 0x1B && end + 1 < bytes.count && bytes[end + 1] == 0x5C) {
            if bytes[end] == 0x1B { return nil }  // ESC not followed by \ : broken off
            end += 1
        }
        guard end < bytes.count else { return nil }  // no terminator
        guard let text = String(bytes: bytes[body..<end], encoding: .ascii) else { return nil }
        return color(text)
    }

    /// `rgb:R/G/B`, `rgba:R/G/B/A` (1–4 hex digits each) or `#RGB` … `#RRRRGGGGBBBB` as fractions.
    static func color(_ text: String) -> (r: Double, g: Double, b: Double)? {
        var parts: [Substring]
        if text.hasPrefix("rgb:") {
            parts = text.dropFirst(4).split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 3 else { return nil }
        } else if text.hasPrefix("rgba:") {
            parts = text.dropFirst(5).split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 4 else { return nil }
            parts.removeLast()
        } else if text.hasPrefix("#") {
            let hex = text.dropFirst()
            guard [3, 6, 9, 12].contains(hex.count) else { return nil }
            let n = hex.count / 3
            parts = (0..<3).map { i in hex.dropFirst(i * n).prefix(n) }
        } else {
            return nil
        }
        var values: [Double] = []
        for p in parts {
            guard (1...4).contains(p.count), p.allSatisfy(\.isHexDigit), let v = Int(p, radix: 16) else { return nil }
            values.append(Double(v) / Double((1 << (4 * p.count)) - 1))
        }
        return (values[0], values[1], values[2])
    }

    /// Light when black text has more contrast on this colour than white text (WCAG relative
    /// luminance above about 0.18), else dark.
    public static func background(red: Double, green: Double, blue: Double) -> TerminalBackground {
        let l = Contrast.luminance(red: red, green: green, blue: blue)
        let againstBlack = (l + 0.05) / 0.05, againstWhite = 1.05 / (l + 0.05)
        return againstBlack > againstWhite ? .light : .dark
    }

    /// The background `COLORFGBG` names (`fg;bg` or `fg;default;bg`, basic colour numbers): 0–6 and 8
    /// are dark, 7 and 9–15 light; nil when unset or not understood.
    public static func colorFGBG(_ value: String?) -> TerminalBackground? {
        guard let value, let last = value.split(separator: ";").last, let bg = Int(last), (0...15).contains(bg) else { return nil }
        return (0...6).contains(bg) || bg == 8 ? .dark : .light
    }

    /// The theme to use: the one chosen (`--theme`, else the configuration's `theme`) unless it is
    /// `auto` or nothing was chosen, in which case the one for the detected background.
    public static func themeName(chosen: String?, detect: () -> TerminalBackground) -> String {
        if let chosen, !chosen.isEmpty, chosen != "auto" { return chosen }
        return detect().themeName
    }

    /// Asks the terminal (standard input and output must be one), then `COLORFGBG`, then dark.
    /// `timeout` is how long to wait for the first byte of a reply, in milliseconds.
    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment, timeout: Int = 100) -> TerminalBackground {
        if isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1, environment["TERM"].map({ $0 != "dumb" && !$0.isEmpty }) ?? false,
           let found = ask(timeout: timeout) {
            return found
        }
        return colorFGBG(environment["COLORFGBG"]) ?? .dark
    }

    /// Writes the query to the controlling terminal and reads the replies; nil when none came.
    static func ask(timeout: Int) -> TerminalBackground? {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        guard tcsetattr(fd, TCSANOW, &raw) == 0 else { return nil }
        defer { _ = tcsetattr(fd, TCSANOW, &saved) }
        let q = Array(query.utf8)
        guard q.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == q.count else { return nil }

        var got: [UInt8] = []
        let started = CursesTerminal.now()
        // The first byte within `timeout`; once replies flow, up to a second for the rest (SSH).
        while !repliesComplete(got) {
            let limit = got.isEmpty ? timeout : 1000
            let left = limit - (CursesTerminal.now() - started)
            if left <= 0 { break }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let r = poll(&p, 1, Int32(left))
            if r < 0, errno == EINTR { continue }
            guard r > 0 else { break }
            var chunk = [UInt8](repeating: 0, count: 256)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, 256) }
            guard n > 0 else { break }
            got += chunk.prefix(n)
        }
        return parseReply(got)
    }

    /// True once the DA1 reply (`ESC [ ? … c`), which comes after any OSC 11 reply, has arrived whole.
    static func repliesComplete(_ bytes: [UInt8]) -> Bool {
        guard let at = find([0x1B, 0x5B, 0x3F], in: bytes, from: 0) else { return false }
        return bytes[(at + 3)...].contains(0x63)  // c
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var i = from
        while i + needle.count <= bytes.count {
            if Array(bytes[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }

}
