import NQ57Core
import NQ57Render

/// A terminal in memory: what tests and `snapshot` drive the runtime with. Events are queued by
/// hand; every drawn frame is kept.
public final class MemoryTerminal: TerminalBackend {
    public var size: (width: Int, height: Int)
    public var colorDepth: ColorDepth
    public private(set) var frames: [Buffer] = []
    public private(set) var theme: Theme?
    public var events: [TerminalEvent] = []
    public private(set) var isShutDown = false

    public init(width: Int, height: Int, colorDepth: ColorDepth = .xterm256) {
        size = (width, height)
        self.colorDepth = colorDepth
    }

    /// The last frame drawn.
    public var screen: Buffer? { frames.last }

    public func draw(_ buffer: Buffer) { frames.append(buffer) }
    public func apply(theme: Theme) { self.theme = theme }
    public func nextEvent(timeout milliseconds: Int) -> TerminalEvent {
        events.isEmpty ? .hangup("no more scripted events") : events.removeFirst()
    }
    public func shutdown() { isShutDown = true }
}
