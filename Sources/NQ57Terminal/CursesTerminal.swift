import CNcursesw
import Foundation
import NQ57App
import NQ57Core
import NQ57Render

/// The terminal through ncurses: copies the cell grid to the screen and turns key codes into events.
///
/// The only type in the project that talks to curses. It knows nothing of panes or layout.
///
/// - Drawing keeps the previous frame and writes only the cells that changed, then lets ncurses
///   work out the minimal update (`wnoutrefresh` + `doupdate`). The terminal is cleared only after
///   its size changed.
/// - Waiting for input is `poll` on standard input and a self-pipe that the SIGINT, SIGTERM, SIGHUP
///   and SIGWINCH handlers write to: no busy loop, and a signal never waits for a timeout.
/// - The terminal is given back by `shutdown()`, by an `atexit` hook, and on a crash signal by a
///   handler that writes the terminal's reset sequences and restores its modes before the signal
///   takes its course.
/// - Meanwhile standard error, when it is the terminal, is kept in a file and written out when the
///   terminal is given back (also on a crash), so no message lands on the screen or gets lost.
///
/// One instance at a time; make it on the main thread and use it there.
public final class CursesTerminal: TerminalBackend {
    /// The colours this terminal shows: `.mono` when `NO_COLOR` is set or it has none.
    public let colorDepth: ColorDepth
    /// The terminfo entry in use: `TERM`, or the fallback taken when `TERM` could not be used.
    public let terminalName: String
    /// The `TERM` that could not be used (empty, unknown here, or unable to move the cursor, like
    /// `dumb`) when a fallback is in use; nil otherwise.
    public let unusableTerminal: String?
    /// One line for the user when a fallback is in use (`unknown terminal type 'x'; using 'xterm'`),
    /// for the command line to show; the terminal itself writes no messages.
    public let fallbackNotice: String?

    public var size: (width: Int, height: Int) {
        ended ? lastSize : (Int(nq57_cols()), Int(nq57_lines()))
    }

    private let screen: OpaquePointer
    private let signals: SignalWatch
    private let palette: TerminalColors
    private let defaultColors: Bool
    private var looks: [Role: (attr_t, Int16)] = [:]
    private var previous: Buffer?
    private var repaintAll = true
    private var pending: [TerminalEvent] = []
    private var emptyReads = 0
    private var ended = false
    private var lastSize = (width: 0, height: 0)
    private var clicks = ClickTracker()
    private var mouseOn = false

    nonisolated(unsafe) private static weak var active: CursesTerminal?
    nonisolated(unsafe) private static var atexitRegistered = false

    /// Terminfo entries tried, in order, when `TERM` cannot be used.
    public static let fallbackTerminals = ["xterm", "vt100", "ansi"]

    /// Takes over the terminal on standard output and input.
    ///
    /// - Parameter environment: where `TERM` and `NO_COLOR` are read.
    /// - Throws: `NQ57Error` (`.io`, reason `TerminalError`) when standard output is not a terminal, no terminfo entry can
    ///   be loaded, or another `CursesTerminal` is active.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard Self.active == nil else { throw TerminalError.alreadyInUse.error }
        Self.useUTF8Locale()
        guard isatty(STDOUT_FILENO) == 1 else {
            throw TerminalError.notATerminal.error
        }

        // Handlers go in before newterm: ncurses installs its own for SIGINT, SIGTERM and SIGWINCH
        // only where none is set.
        do {
            // Swift's backtracer waits up to 30 s for a key when it runs on a terminal: a crash
            // goes to it only when the developer asked for it with SWIFT_BACKTRACE.
            signals = try SignalWatch(ttyFD: STDOUT_FILENO, chainCrashes: environment["SWIFT_BACKTRACE"] != nil)
        } catch {
            throw TerminalError.signalHandling(errno: error.errno).error
        }

        use_tioctl(true)
        let asked = environment["TERM"] ?? ""
        var tried: [String] = []
        var problem = asked.isEmpty ? "TERM is not set" : "unknown terminal type '\(asked)'"
        var opened: (name: String, screen: OpaquePointer)?
        for name in ([asked] + Self.fallbackTerminals) where !name.isEmpty && !tried.contains(name) {
            tried.append(name)
            // Probed first: newterm accepts `dumb`, which cannot draw a screen.
            let usable = nq57_probe_terminal(name)
            if usable == 0, name == asked { problem = "terminal type '\(asked)' cannot move the cursor" }
            if usable == 1, let s = nq57_newterm(name) {
                opened = (name, s)
                break
            }
        }
        guard let opened else {
            signals.close()
            throw TerminalError.noUsableDescription(tried: tried).error
        }
        screen = opened.screen
        terminalName = opened.name
        unusableTerminal = opened.name == asked ? nil : asked
        fallbackNotice = unusableTerminal == nil ? nil : "\(problem); using '\(opened.name)'"

        raw()
        noecho()
        nonl()
        let win = nq57_stdscr()
        keypad(win, true)
        nodelay(win, true)
        leaveok(win, true)
        intrflush(win, false)
        _ = curs_set(0)
        _ = set_escdelay(25)
        // No look for typed keys in the middle of a refresh (two `poll`s per frame): the loop reads
        // every key already typed before it draws.
        _ = typeahead(-1)
        // Where the entry lacks a sequence, or gives it a code the decoder does not use (`linux`
        // knows ESC [ Z only as an extended key), it becomes the key xterm means by it.
        for (sequence, code) in KeyDecoder.extraSequences {
            let known = key_defined(sequence)
            if known == 0 || (known > 0 && known != code && KeyDecoder.decode(keyCode: known) == nil) {
                _ = define_key(sequence, code)
            }
        }

        // One rule (TerminalColors) from what terminfo says, read before start_color sets COLORS.
        let found = TerminalColors(terminalColors: has_colors() ? Int(tigetnum("colors")) : 0,
                                   rgb: tigetflag("RGB") > 0, environment: environment)
        var defaults = false
        if found.depth != .mono {
            start_color()
            defaults = use_default_colors() == OK
        }
        colorDepth = found.depth
        palette = found
        defaultColors = defaults
        for role in Role.allCases { looks[role] = (nq57_a_normal(), 0) }

        signals.prepareEmergencyReset()
        signals.captureStandardError()
        Self.active = self
        if !Self.atexitRegistered {
            Self.atexitRegistered = true
            atexit { CursesTerminal.active?.shutdown() }
        }
    }

    deinit { shutdown() }

    // MARK: Drawing

    public func draw(_ buffer: Buffer) { draw(buffer, changedRows: nil) }

    public func draw(_ buffer: Buffer, changedRows: Range<Int>?) {
        guard !ended, buffer.width > 0, buffer.height > 0 else { return }
        let win = nq57_stdscr()
        let screenWidth = Int(nq57_cols()), screenHeight = Int(nq57_lines())
        let sameShape = previous.map { $0.width == buffer.width && $0.height == buffer.height } ?? false
        let last = (repaintAll || !sameShape) ? nil : previous
        if last == nil { werase(win) }
        let visibleWidth = min(buffer.width, screenWidth), visibleHeight = min(buffer.height, screenHeight)
        for index in FrameDiff.changedCells(from: last, to: buffer, rows: changedRows) {
            let x = index % buffer.width, y = index / buffer.width
            guard x < visibleWidth, y < visibleHeight else { continue }
            guard case .glyph(let text, let width) = FrameDiff.write(for: index, in: buffer, visibleWidth: visibleWidth) else { continue }
            let (attrs, pair) = looks[buffer.cells[index].role] ?? (nq57_a_normal(), 0)
            // The bottom-right cell is inserted: adding there would move the cursor past the end.
            let insert = y == screenHeight - 1 && x + width == screenWidth
            put(text, x: x, y: y, width: width, attrs: attrs, pair: pair, insert: insert)
        }
        wnoutrefresh(win)
        doupdate()
        previous = buffer
        repaintAll = false
    }

    private func put(_ text: String, x: Int, y: Int, width: Int, attrs: attr_t, pair: Int16, insert: Bool) {
        var w: (wchar_t, wchar_t, wchar_t, wchar_t, wchar_t) = (32, 0, 0, 0, 0)
        var n = 0
        // A joiner at the end would glue the glyph to whatever the terminal draws next: ncurses
        // keeps only the first glyph of a ZWJ sequence anyway.
        for scalar in text.unicodeScalars.lazy.filter({ $0 != "\u{200D}" }).prefix(5) {
            let v = wchar_t(bitPattern: scalar.value)
            switch n {
            case 0: w.0 = v
            case 1: w.1 = v
            case 2: w.2 = v
            case 3: w.3 = v
            default: w.4 = v
            }
            n += 1
        }
        _ = nq57_put_cell(Int32(y), Int32(x), w.0, w.1, w.2, w.3, w.4, Int32(width), attrs, pair, insert ? 1 : 0)
    }

    public func apply(theme: Theme) {
        guard !ended else { return }
        let plan = ColorPlan(theme: theme, depth: colorDepth, colors: palette.colors, direct: palette.direct,
                             pairLimit: Int(nq57_color_pairs()), defaultColors: defaultColors)
        for (i, pair) in plan.pairs.enumerated() { init_extended_pair(Int32(i + 1), pair.fg, pair.bg) }
        for (role, look) in plan.looks {
            var attrs = nq57_a_normal()
            if look.attributes.contains(.bold) { attrs |= nq57_a_bold() }
            if look.attributes.contains(.dim) { attrs |= nq57_a_dim() }
            if look.attributes.contains(.underline) { attrs |= nq57_a_underline() }
            if look.attributes.contains(.reverse) { attrs |= nq57_a_reverse() }
            looks[role] = (attrs, look.pair)
        }
        repaintAll = true
    }

    // MARK: Input

    public func nextEvent(timeout milliseconds: Int) -> TerminalEvent { nextEvent(timeout: milliseconds, wakeOn: nil) }

    public func nextEvent(timeout milliseconds: Int, wakeOn descriptor: Int32?) -> TerminalEvent {
        if !pending.isEmpty { return pending.removeFirst() }
        if ended { return .hangup("the terminal was given back") }
        let deadline = milliseconds < 0 ? nil : Self.now() + milliseconds
        while true {
            let wait = deadline.map { Int32(clamping: max(0, $0 - Self.now())) } ?? -1
            var fds = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: signals.readFD, events: Int16(POLLIN), revents: 0),
            ]
            if let descriptor { fds.append(pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), wait)
            if ready < 0 {
                if errno == EINTR { continue }  // a signal: its byte is in the pipe now
                return .hangup("waiting for input failed: \(String(cString: strerror(errno)))")
            }
            if ready == 0 {
                emptyReads = 0
                return .timeout
            }

            if fds[1].revents != 0 {
                for sig in signals.drain() {
                    switch sig {
                    case SIGWINCH: if let event = resized() { enqueue(event) }
                    case SIGHUP: return .hangup("SIGHUP")
                    default: return .terminate(signal: sig)
                    }
                }
            }

            let input = fds[0].revents
            if input & Int16(POLLERR | POLLNVAL) != 0 { return .hangup("the terminal reported an error") }
            if input & Int16(POLLIN) != 0 {
                let raw = readInput()
                if raw.isEmpty {
                    // Readable yet nothing came: end of input or an I/O error. Never spin on it.
                    emptyReads += 1
                    if emptyReads >= 3 || nq57_bytes_waiting(STDIN_FILENO) <= 0 { return .hangup("end of input") }
                } else {
                    emptyReads = 0
                    for decoded in KeyDecoder.decode(raw) {
                        switch decoded {
                        case .key(let key): enqueue(.key(key))
                        case .resize: enqueue(resized() ?? .resize(width: size.width, height: size.height))
                        case .mouse(let report):
                            if let kind = clicks.kind(of: report, at: Self.now()) { enqueue(.mouse(x: report.x, y: report.y, kind: kind)) }
                        }
                    }
                }
            } else if input & Int16(POLLHUP) != 0 {
                return .hangup("end of input (hung up)")
            }

            if !pending.isEmpty { return pending.removeFirst() }
            // Readable, hung up or closed: the caller checks its store, which finds out which.
            if fds.count > 2, fds[2].revents != 0 { return .woken }
            if let deadline, Self.now() >= deadline { return .timeout }
        }
    }

    /// Everything ncurses can read now without waiting (beyond `ESCDELAY` inside an escape sequence).
    private func readInput() -> [RawInput] {
        var out: [RawInput] = []
        let win = nq57_stdscr()
        for _ in 0..<4096 {
            var ch: wint_t = 0
            let r = wget_wch(win, &ch)
            if r == ERR { break }
            out.append(r == KEY_CODE_YES ? .keyCode(Int32(bitPattern: ch)) : .character(ch))
        }
        return out
    }

    /// Follows the kernel's idea of the terminal size; the event when it changed.
    private func resized() -> TerminalEvent? {
        var rows: Int32 = 0, cols: Int32 = 0
        nq57_window_size(STDOUT_FILENO, &rows, &cols)
        guard rows > 0, cols > 0, rows != nq57_lines() || cols != nq57_cols() else { return nil }
        _ = resize_term(rows, cols)
        // What the terminal shows is unknown now: clear it on the next frame and write it all.
        clearok(nq57_curscr(), true)
        repaintAll = true
        return .resize(width: Int(cols), height: Int(rows))
    }

    private func enqueue(_ event: TerminalEvent) {
        if case .resize = event, let i = pending.lastIndex(where: { if case .resize = $0 { true } else { false } }) {
            pending.remove(at: i)
        }
        pending.append(event)
    }

    // MARK: Mouse

    /// Mouse reporting on or off: button presses and releases (1000) in SGR form (1006), which has no
    /// column limit and passes through tmux and SSH. Only where the terminfo entry knows a mouse.
    public func setMouse(_ on: Bool) {
        guard !ended, on != mouseOn, nq57_has_string_capability("kmous") != 0 else { return }
        mouseOn = on
        Self.writeOut(on ? "\u{1B}[?1000h\u{1B}[?1006h" : "\u{1B}[?1006l\u{1B}[?1000l")
    }

    private static func writeOut(_ s: String) {
        let bytes = Array(s.utf8)
        _ = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }

    // MARK: Giving the terminal back

    public func shutdown() {
        guard !ended else { return }
        setMouse(false)
        ended = true
        lastSize = (Int(nq57_cols()), Int(nq57_lines()))
        if !nq57_has_string_capability("rmcup").asBool {
            // No alternate screen to go back to (`vt100`, `linux`): leave a blank screen rather
            // than the last frame under the shell prompt.
            let win = nq57_stdscr()
            werase(win)
            wnoutrefresh(win)
            doupdate()
        }
        _ = curs_set(1)
        endwin()
        signals.close()
        if Self.active === self { Self.active = nil }
    }

    // MARK: Helpers

    /// `setlocale(LC_ALL, "")`, then UTF-8 character handling if that left the plain C locale (an
    /// SSH session without `LANG`): wide-character curses needs it for anything beyond ASCII.
    private static func useUTF8Locale() {
        setlocale(LC_ALL, "")
        guard nq57_codeset_is_utf8() == 0 else { return }
        let current = setlocale(LC_CTYPE, nil).map { String(cString: $0) } ?? "C"
        if current == "C" || current == "POSIX" {
            _ = setlocale(LC_CTYPE, "C.UTF-8") ?? setlocale(LC_CTYPE, "C.utf8")
        }
    }

    /// Milliseconds of the monotonic clock (timeouts; the background probe's too).
    static func now() -> Int {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return ts.tv_sec * 1000 + ts.tv_nsec / 1_000_000
    }
}

extension Int32 {
    fileprivate var asBool: Bool { self != 0 }
}
