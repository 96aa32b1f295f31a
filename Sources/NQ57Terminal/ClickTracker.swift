import NQ57Core

/// Turns SGR mouse reports into what the dashboard acts on: left-button presses as clicks (a second
/// one on the same cell within `doubleClickMilliseconds` of the first as a double click) and the
/// wheel; releases, motion and other buttons are dropped. Pure: the time is given.
struct ClickTracker {
    /// The longest gap between the presses of a double click (GTK's and xterm's default is 400 ms).
    static let doubleClickMilliseconds = 400

    private var last: (x: Int, y: Int, at: Int)?

    mutating func kind(of report: MouseReport, at milliseconds: Int) -> MouseKind? {
        guard report.pressed, report.button & 32 == 0 else { return nil }  // releases, motion
        switch report.button & ~(4 | 8 | 16) {  // without shift, meta, control
        case 0:
            if let last, last.x == report.x, last.y == report.y, milliseconds - last.at <= Self.doubleClickMilliseconds {
                self.last = nil  // a third press starts again
                return .doubleClick
            }
            last = (report.x, report.y, milliseconds)
            return .click
        case 64: return .wheelUp
        case 65: return .wheelDown
        default: return nil
        }
    }
}
