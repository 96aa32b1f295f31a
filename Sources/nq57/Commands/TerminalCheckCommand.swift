import ArgumentParser
import Foundation
import NQ57App
import NQ57Core
import NQ57Render
import NQ57Terminal

/// A hidden command that exercises the ncurses front end alone: owned by the terminal work.
///
/// Draws a test pattern (Vietnamese in NFC and NFD, wide glyphs, every role of a check theme, the
/// size and colour depth, the last event) and a clock that ticks once a second, so that the bytes a
/// quiet tick writes can be measured. `q` or Ctrl-C quits, `t` switches between two themes, `e`
/// writes to standard error (it must not reach the screen, and is shown after quitting).
struct TerminalCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terminal-check",
        abstract: "Draw a test pattern through the terminal backend (q quits, t switches theme, e writes to stderr).",
        shouldDisplay: false
    )

    @Option(help: "Crash after this many seconds, to check the terminal is given back.")
    var crashAfter: Double?

    @Option(help: "How to crash: trap (a Swift runtime error), segv, abrt, bus, fpe, ill.")
    var crashWith: String = "trap"

    @Option(help: "Throw an error after this many seconds, to check the terminal is given back.")
    var failAfter: Double?

    func run() throws {
        let terminal = try CursesTerminal()
        defer { terminal.shutdown() }
        let themes = [Self.checkTheme(name: "check-dark", dark: true), Self.checkTheme(name: "check-light", dark: false)]
        var themeIndex = 0
        terminal.apply(theme: themes[themeIndex])
        let started = Date()
        var state = CheckState(terminal: terminal.terminalName, unknownTerminal: terminal.unknownTerminal,
                               depth: terminal.colorDepth, theme: themes[themeIndex].name)

        while true {
            let elapsed = Date().timeIntervalSince(started)
            if let crashAfter, elapsed >= crashAfter { Self.crash(crashWith) }
            if let failAfter, elapsed >= failAfter {
                throw NQ57Error(.io, "terminal-check: failing on purpose after \(failAfter) s")
            }
            let size = terminal.size
            state.frames += 1
            terminal.draw(Self.pattern(state, width: size.width, height: size.height, clock: Self.clock()))

            // Wake on the next whole second, so the clock ticks on time.
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            let wait = 1000 - now.tv_nsec / 1_000_000
            let event = terminal.nextEvent(timeout: wait)
            switch event {
            case .timeout:
                continue
            case .key(.char("q")), .key(.interrupt):
                return
            case .key(.char("t")):
                themeIndex = (themeIndex + 1) % themes.count
                terminal.apply(theme: themes[themeIndex])
                state.theme = themes[themeIndex].name
            case .key(.char("e")):
                Self.writeStderr("nq57: terminal-check: a message on stderr while the screen is ours\n")
            case .terminate(let signal):
                terminal.shutdown()
                throw ExitCode(128 + signal)
            case .hangup(let reason):
                terminal.shutdown()
                Self.writeStderr("nq57: terminal-check: \(reason)\n")
                throw ExitCode(reason == "SIGHUP" ? 128 + SIGHUP : 1)
            default:
                break
            }
            state.events += 1
            state.lastEvent = Self.describe(event)
        }
    }

    struct CheckState {
        var terminal: String
        var unknownTerminal: String?
        var depth: ColorDepth
        var theme: String
        var frames = 0
        var events = 0
        var lastEvent = "none yet"
    }

    /// The test pattern for a screen of this size. Pure.
    static func pattern(_ s: CheckState, width: Int, height: Int, clock: String) -> Buffer {
        var b = Buffer(width: width, height: height)
        guard width > 0, height > 0 else { return b }
        b.fill(Rect(x: 0, y: 0, width: width, height: 1), Cell(" ", role: .header))
        b.put("nq57 terminal-check · q quits · t switches theme", x: 1, y: 0, maxWidth: width - 11, role: .header)
        b.put(clock, x: max(0, width - 9), y: 0, role: .live)

        var y = 2
        func line(_ label: String, _ text: String, role: Role = .text) {
            guard y < height else { return }
            b.put(label, x: 1, y: y, maxWidth: 12, role: .label)
            b.put(text, x: 14, y: y, role: role)
            y += 1
        }
        let asked = s.unknownTerminal.map { $0.isEmpty ? " (TERM not set)" : " (TERM '\($0)' unknown here)" } ?? ""
        line("terminal", "\(s.terminal)\(asked)", role: .value)
        line("size", "\(width)×\(height)", role: .value)
        line("colours", "\(s.depth.rawValue)  theme \(s.theme)", role: .value)
        line("frames", "\(s.frames)  events \(s.events)", role: .value)
        line("last event", s.lastEvent, role: .changed)
        y += 1

        // NFC as typed; NFD through the text function (it normalises); NFD straight into cells, a
        // base letter and its combining marks in one cell, which the terminal must draw as one.
        let vietnamese = "Thành phố Hà Nội · Đắk Lắk · Nghị quyết 57 · Đổi mới sáng tạo"
        let decomposed = vietnamese.decomposedStringWithCanonicalMapping
        line("NFC", vietnamese)
        line("NFD → NFC", decomposed)
        if y < height {
            b.put("NFD cells", x: 1, y: y, maxWidth: 12, role: .label)
            var x = 14
            for g in decomposed where x < width {
                b[x, y] = Cell(String(g), role: .text)
                x += 1
            }
            y += 1
        }
        // Wide glyphs; the bars must line up with the ruler below.
        line("wide", "越南 日本語 😀 ✅ 한국|")
        line("", "1234567890123456789012|")
        line("controls", "ESC[2J → \u{1B}[2J, RLO → \u{202E}x")
        y += 1

        if y < height {
            b.put("roles", x: 1, y: y, role: .label)
            y += 1
        }
        let columnWidth = 17
        let perRow = max(1, (width - 2) / columnWidth)
        for (i, role) in Role.allCases.enumerated() {
            let row = y + i / perRow, x = 1 + (i % perRow) * columnWidth
            guard row < height - 1 else { break }
            b.put(Text.pad(" \(role.rawValue)", columnWidth - 1), x: x, y: row, role: role)
        }

        // The last row, to its last cell: the bottom-right corner must not scroll the screen.
        if height > 1 {
            b.fill(Rect(x: 0, y: height - 1, width: width, height: 1), Cell(" ", role: .footer))
            b.put(" q quit  t theme  e stderr  (the last cell of this line is ◆)", x: 0, y: height - 1, role: .footer)
            b[width - 1, height - 1] = Cell("◆", role: .footerKey)
        }
        return b
    }

    /// A theme for the check: every role distinct, at every depth.
    static func checkTheme(name: String, dark: Bool) -> Theme {
        // 256-colour foregrounds, 16-colour foregrounds, monochrome attributes, per role.
        let fg256 = [252, 245, 231, 81, 240, 214, 117, 110, 230, 71, 178, 75, 196, 231, 16, 208, 160, 226, 177, 44, 238, 250, 220, 147, 121, 48, 167]
        let fg16 = [7, 8, 15, 14, 8, 11, 12, 6, 15, 2, 3, 4, 9, 15, 0, 11, 1, 13, 5, 6, 8, 7, 11, 12, 10, 10, 1]
        var roles: [Role: RoleStyle] = [:]
        for (i, role) in Role.allCases.enumerated() {
            var xterm = Style(fg: fg256[i % fg256.count])
            var ansi = Style(fg: fg16[i % fg16.count])
            var mono = Style()
            switch role {
            case .header:
                xterm = Style(fg: 231, bg: dark ? 24 : 31, bold: true)
                ansi = Style(fg: 15, bg: 4, bold: true)
                mono = Style(bold: true, reverse: true)
            case .selection:
                xterm = Style(fg: 16, bg: 153)
                ansi = Style(fg: 0, bg: 6)
                mono = Style(reverse: true)
            case .demoBadge:
                xterm = Style(fg: 16, bg: 214, bold: true)
                ansi = Style(fg: 0, bg: 3, bold: true)
                mono = Style(bold: true, reverse: true)
            case .footer, .footerKey:
                xterm = Style(fg: role == .footerKey ? 220 : 250, bg: dark ? 236 : 252, bold: role == .footerKey)
                ansi = Style(fg: role == .footerKey ? 11 : 7, bg: 0, bold: role == .footerKey)
                mono = Style(bold: role == .footerKey, reverse: true)
            case .dim, .barEmpty, .paneBorder: mono = Style(dim: true)
            case .title, .paneTitle, .focusedBorder, .value: mono = Style(bold: true)
            case .overdue, .error, .stale: xterm.bold = true; ansi.bold = true; mono = Style(bold: true, underline: true)
            case .changed, .filter, .breadcrumb, .unverified: mono = Style(underline: true)
            default: break
            }
            if !dark, role != .header, role != .selection, role != .demoBadge, role != .footer, role != .footerKey {
                xterm.bg = 255
                if xterm.fg == 231 || xterm.fg == 230 || xterm.fg == 252 { xterm.fg = 16 }
            }
            roles[role] = RoleStyle(xterm256: xterm, ansi16: ansi, mono: mono)
        }
        return Theme(name: name, roles: roles)
    }

    static func describe(_ event: TerminalEvent) -> String {
        switch event {
        case .key(.char(let c)):
            let scalars = c.unicodeScalars.map { String(format: "U+%04X", $0.value) }.joined(separator: " ")
            return "key char \"\(c)\" (\(scalars))"
        case .key(let key): return "key \(key)"
        case .resize(let w, let h): return "resize \(w)×\(h)"
        case .timeout: return "timeout"
        case .hangup(let why): return "hangup \(why)"
        case .terminate(let sig): return "terminate signal \(sig)"
        }
    }

    static func clock() -> String {
        var t = time(nil)
        var parts = tm()
        localtime_r(&t, &parts)
        return String(format: "%02d:%02d:%02d", parts.tm_hour, parts.tm_min, parts.tm_sec)
    }

    static func crash(_ how: String) -> Never {
        let signals: [String: Int32] = ["segv": SIGSEGV, "abrt": SIGABRT, "bus": SIGBUS, "fpe": SIGFPE, "ill": SIGILL]
        if let sig = signals[how.lowercased()] { raise(sig) }
        fatalError("terminal-check: crashing on purpose (\(how))")
    }

    static func writeStderr(_ s: String) {
        var bytes = Array(s.utf8)
        _ = write(STDERR_FILENO, &bytes, bytes.count)
    }
}
