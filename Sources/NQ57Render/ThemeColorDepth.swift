/// The colours a terminal is drawn with: the one rule, used by the terminal layer (`CursesTerminal`)
/// and tested where it runs.
///
/// - `NO_COLOR` set to anything non-empty (https://no-color.org), or fewer than 8 colours: `.mono`.
/// - 8 up to 255 colours: `.ansi16` (bright colours become the normal ones in bold below 16).
/// - 256 colours or more: `.xterm256`, palette indexes drawn as they are.
/// - Direct colour (terminfo's `RGB` capability with more than 256 colours, as `xterm-direct`):
///   `.xterm256` too. There ncurses sends a colour from 8 up as a 24-bit RGB value, so a palette
///   index from 8 up is handed over as the RGB value xterm's palette gives it (`rgb(ofXterm:)`).
public struct TerminalColors: Hashable, Sendable {
    public var depth: ColorDepth
    /// Palette indexes below this are handed to ncurses as they are.
    public var colors: Int
    /// Colours from 8 up are 24-bit RGB values (`0xRRGGBB`), not palette indexes.
    public var direct: Bool

    public static let none = TerminalColors(depth: .mono, colors: 0, direct: false)

    public init(depth: ColorDepth, colors: Int, direct: Bool) {
        self.depth = depth
        self.colors = colors
        self.direct = direct
    }

    /// - Parameters:
    ///   - terminalColors: what terminfo says (`tigetnum("colors")`, ncurses `COLORS`; 0 or -1 for none).
    ///   - rgb: terminfo's `RGB` capability (`tigetflag("RGB") > 0`): the terminal takes direct colour.
    ///   - environment: where `NO_COLOR` is read.
    public init(terminalColors: Int, rgb: Bool, environment: [String: String]) {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty {
            self = .none
        } else if rgb, terminalColors > 256 {
            self.init(depth: .xterm256, colors: 8, direct: true)
        } else if terminalColors >= 256 {
            self.init(depth: .xterm256, colors: terminalColors, direct: false)
        } else if terminalColors >= 8 {
            self.init(depth: .ansi16, colors: terminalColors, direct: false)
        } else {
            self = .none
        }
    }

    /// The 24-bit value (`0xRRGGBB`) of entry `index` (0–255) of xterm's 256-colour palette.
    public static func rgb(ofXterm index: Int) -> Int {
        let ansi = [0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
                    0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff]
        switch index {
        case ..<0: return 0
        case ..<16: return ansi[index]
        case ..<232:
            let steps = [0, 0x5f, 0x87, 0xaf, 0xd7, 0xff]
            let i = index - 16
            return steps[i / 36] << 16 | steps[i / 6 % 6] << 8 | steps[i % 6]
        case ..<256:
            let grey = 8 + 10 * (index - 232)
            return grey << 16 | grey << 8 | grey
        default: return 0xffffff
        }
    }
}
