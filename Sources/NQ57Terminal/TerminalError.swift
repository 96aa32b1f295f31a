import Foundation
import NQ57Core

/// What taking over the terminal fails at, one case each; thrown as `NQ57Error(reason)` (exit 74),
/// so tests match on the case and users see the same line.
public enum TerminalError: ErrorReason, Hashable {
    case alreadyInUse
    case notATerminal
    case signalHandling(errno: Int32)
    /// No terminfo entry could draw: the names tried, in order.
    case noUsableDescription(tried: [String])

    public var kind: NQ57Error.Kind { .io }

    public var message: String {
        switch self {
        case .alreadyInUse: "the terminal is already in use by this process"
        case .notATerminal: "standard output is not a terminal; the dashboard needs one (try `ssh -t`)"
        case .signalHandling(let code): "cannot set up signal handling: \(String(cString: strerror(code)))"
        case .noUsableDescription(let tried): "no usable terminal description: tried TERM \(tried.map { "'\($0)'" }.joined(separator: ", "))"
        }
    }
}
