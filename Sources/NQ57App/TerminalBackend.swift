import NQ57Core
import NQ57Render

/// Something that happened at the terminal.
public enum TerminalEvent: Hashable, Sendable {
    case key(Key)
    /// A mouse report at column `x`, row `y` (0-based).
    case mouse(x: Int, y: Int, kind: MouseKind)
    /// The terminal now has this size.
    case resize(width: Int, height: Int)
    /// The wait ended with nothing to report.
    case timeout
    /// The terminal is gone: SIGHUP, end of input, or an I/O error on it. The reason is for the log.
    case hangup(String)
    /// SIGTERM or SIGINT arrived.
    case terminate(signal: Int32)
    /// The descriptor the wait was also given (a store's change signal) became readable.
    case woken
}

/// The terminal as the dashboard runtime sees it. The ncurses front end is one; tests use an
/// in-memory one that records what was drawn.
public protocol TerminalBackend: AnyObject {
    /// Columns and rows now.
    var size: (width: Int, height: Int) { get }
    /// The colours this terminal can show.
    var colorDepth: ColorDepth { get }
    /// Shows the buffer. Only cells that differ from the previous frame need to be written.
    func draw(_ buffer: Buffer)
    /// Shows the buffer, which differs from the previous frame in `changedRows` at most (nil: it may
    /// differ anywhere), so only those rows need comparing.
    func draw(_ buffer: Buffer, changedRows: Range<Int>?)
    /// Styles every role with the theme from the next frame on.
    func apply(theme: Theme)
    /// Waits at most `milliseconds` for an event. Never spins: with no input it sleeps until the timeout.
    func nextEvent(timeout milliseconds: Int) -> TerminalEvent
    /// The same, also ending with `.woken` when `descriptor` (if any) becomes readable first.
    func nextEvent(timeout milliseconds: Int, wakeOn descriptor: Int32?) -> TerminalEvent
    /// Turns mouse reporting on or off. A terminal without a mouse ignores it.
    func setMouse(_ on: Bool)
    /// Gives the terminal back (restores modes, shows the cursor). Safe to call more than once.
    func shutdown()
}

extension TerminalBackend {
    public func setMouse(_ on: Bool) {}
    public func draw(_ buffer: Buffer, changedRows: Range<Int>?) { draw(buffer) }
    /// A terminal that cannot wait on another descriptor waits for its own events only.
    public func nextEvent(timeout milliseconds: Int, wakeOn descriptor: Int32?) -> TerminalEvent { nextEvent(timeout: milliseconds) }
}
