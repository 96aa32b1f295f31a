import ArgumentParser
import Foundation
import NQ57App
import NQ57Core
import NQ57Render
import NQ57Terminal
import NQ57Themes

/// A hidden command that exercises the ncurses front end alone: owned by the terminal work.
///
/// Draws a test pattern (Vietnamese in NFC and NFD, wide glyphs, every role of the current theme, the
/// size and colour depth, the last event) and a clock that ticks once a second, so that the bytes a
/// quiet tick writes can be measured. `q` or Ctrl-C quits, `t` cycles through the themes, `e`
/// writes to standard error (it must not reach the screen, and is shown after quitting).
struct TerminalCheckCommand: NQ57Subcommand {
    static let configuration = CommandConfiguration(
        commandName: "terminal-check",
        abstract: "Draw a test pattern through the terminal backend (q quits, t cycles themes, e writes to stderr).",
        shouldDisplay: false
    )

    @Option(help: "The theme to start with (t cycles through them all; default auto: dark or light by the terminal's background).")
    var theme: String?

    @Option(help: "Crash after this many seconds, to check the terminal is given back.")
    var crashAfter: Double?

    @Option(help: "How to crash: trap (a Swift runtime error), segv, abrt, bus, fpe, ill.")
    var crashWith: String = "trap"

    @Option(help: "Throw an error after this many seconds, to check the terminal is given back.")
    var failAfter: Double?

    func execute() throws {
        let library = ThemeLibrary()
        var themeName = BackgroundProbe.themeName(chosen: theme) { BackgroundProbe.detect() }
        let terminal = try CursesTerminal()
        if let notice = terminal.fallbackNotice { Console.note("nq57: " + notice) }
        defer { terminal.shutdown() }
        var load = library.theme(named: themeName)
        terminal.apply(theme: load.theme)
        let started = Date()
        var state = CheckState(terminal: terminal.terminalName, unusableTerminal: terminal.unusableTerminal,
                               depth: terminal.colorDepth, theme: load.theme.name, themeWarning: load.warning)

        while true {
            let elapsed = Date().timeIntervalSince(started)
            if let crashAfter, elapsed >= crashAfter { Self.crash(crashWith) }
            if let failAfter, elapsed >= failAfter {
                throw CLIError.failingOnPurpose(afterSeconds: failAfter)
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
                themeName = library.name(after: themeName)
                load = library.theme(named: themeName)
                terminal.apply(theme: load.theme)
                state.theme = load.theme.name
                state.themeWarning = load.warning
            case .key(.char("e")):
                Console.note("nq57: terminal-check: a message on stderr while the screen is ours")
            case .terminate(let signal):
                terminal.shutdown()
                throw ExitCode(128 + signal)
            case .hangup(let reason):
                terminal.shutdown()
                Console.note("nq57: terminal-check: \(reason)")
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
        var unusableTerminal: String?
        var depth: ColorDepth
        var theme: String
        var themeWarning: String?
        var frames = 0
        var events = 0
        var lastEvent = "none yet"
    }

    /// The test pattern for a screen of this size. Pure.
    static func pattern(_ s: CheckState, width: Int, height: Int, clock: String) -> Buffer {
        var b = Buffer(width: width, height: height)
        guard width > 0, height > 0 else { return b }
        b.fill(Rect(x: 0, y: 0, width: width, height: 1), Cell(" ", role: .header))
        b.put("nq57 terminal-check · q quits · t next theme", x: 1, y: 0, maxWidth: width - 11, role: .header)
        b.put(clock, x: max(0, width - 9), y: 0, role: .live)

        var y = 2
        func line(_ label: String, _ text: String, role: Role = .text) {
            guard y < height else { return }
            b.put(label, x: 1, y: y, maxWidth: 12, role: .label)
            b.put(text, x: 14, y: y, role: role)
            y += 1
        }
        let asked = s.unusableTerminal.map { $0.isEmpty ? " (TERM not set)" : " (TERM '\($0)' unusable here)" } ?? ""
        line("terminal", "\(s.terminal)\(asked)", role: .value)
        line("size", "\(width)×\(height)", role: .value)
        line("colours", "\(s.depth.rawValue)  theme \(s.theme)", role: .value)
        if let warning = s.themeWarning { line("", warning, role: .warning) }
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

    static func describe(_ event: TerminalEvent) -> String {
        switch event {
        case .key(.char(let c)):
            let scalars = c.unicodeScalars.map { String(format: "U+%04X", $0.value) }.joined(separator: " ")
            return "key char \"\(c)\" (\(scalars))"
        case .key(let key): return "key \(key)"
        case .mouse(let x, let y, let kind): return "mouse \(kind) at column \(x + 1), row \(y + 1)"
        case .resize(let w, let h): return "resize \(w)×\(h)"
        case .timeout: return "timeout"
        case .hangup(let why): return "hangup \(why)"
        case .terminate(let sig): return "terminate signal \(sig)"
        case .woken: return "woken"
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
}
