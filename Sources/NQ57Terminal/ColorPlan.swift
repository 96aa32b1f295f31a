import NQ57Render

/// Text attributes without colour; the terminal turns them into curses bits.
struct CellAttributes: OptionSet, Hashable, Sendable {
    let rawValue: UInt8
    static let bold = CellAttributes(rawValue: 1)
    static let dim = CellAttributes(rawValue: 2)
    static let underline = CellAttributes(rawValue: 4)
    static let reverse = CellAttributes(rawValue: 8)
}

/// A foreground and background colour for `init_extended_pair`: palette indexes (RGB values from 8
/// up on a direct-colour terminal), -1 for the terminal's default.
struct ColorPair: Hashable, Sendable {
    var fg: Int32
    var bg: Int32
}

/// How each role of a theme is drawn on one terminal: attributes and a colour pair number, and the
/// pairs to define. Pure, so that it can be tested without a terminal.
///
/// - Pair 0 (the terminal's default colours) is never redefined; pairs 1… are the distinct
///   (fg, bg) combinations of the theme, in `Role.allCases` order.
/// - On an 8-colour terminal a bright foreground (8–15) becomes the normal one in bold; a bright
///   background becomes the normal one.
/// - Without default-colour support (`use_default_colors` failed), "default" is white on black.
/// - On a direct-colour terminal (`direct`) a colour from 8 up is the RGB value of xterm's palette entry.
/// - Past the terminal's pair limit, roles fall back to pair 0 and keep their attributes.
struct ColorPlan: Hashable, Sendable {
    struct Look: Hashable, Sendable {
        var attributes: CellAttributes
        var pair: Int16
    }

    var looks: [Role: Look]
    /// `pairs[i]` is pair number `i + 1`.
    var pairs: [ColorPair]

    init(theme: Theme, depth: ColorDepth, colors: Int, direct: Bool = false, pairLimit: Int, defaultColors: Bool) {
        looks = [:]
        pairs = []
        let usable = min(pairLimit - 1, Int(Int16.max) - 1)
        var numbers: [ColorPair: Int16] = [:]
        let defaultPair = ColorPair(fg: defaultColors ? -1 : 7, bg: defaultColors ? -1 : 0)
        for role in Role.allCases {
            var style = theme.style(role, at: depth)
            if depth == .mono { style = style.withoutColors }
            var attributes = CellAttributes()
            if style.bold { attributes.insert(.bold) }
            if style.dim { attributes.insert(.dim) }
            if style.underline { attributes.insert(.underline) }
            if style.reverse { attributes.insert(.reverse) }
            guard depth != .mono else {
                looks[role] = Look(attributes: attributes, pair: 0)
                continue
            }
            var (fg, brighten) = Self.resolve(style.fg, colors: colors, direct: direct, fallback: defaultPair.fg)
            let (bg, _) = Self.resolve(style.bg, colors: colors, direct: direct, fallback: defaultPair.bg)
            // Bright black is grey; as black in bold it vanishes on a black background wherever bold
            // does not brighten (the Linux console, many emulators), so there it becomes the normal
            // white. On a light background (the light theme's pages) black in bold stays.
            if style.fg == 8, brighten, bg == 0 || bg == -1 { (fg, brighten) = (7, false) }
            if brighten { attributes.insert(.bold) }
            let pair = ColorPair(fg: fg, bg: bg)
            var number: Int16 = 0
            if pair != defaultPair {
                if let known = numbers[pair] {
                    number = known
                } else if pairs.count < usable {
                    pairs.append(pair)
                    number = Int16(pairs.count)
                    numbers[pair] = number
                }
            }
            looks[role] = Look(attributes: attributes, pair: number)
        }
    }

    /// A theme colour as a palette index this terminal has, and whether it needs bold to look bright.
    static func resolve(_ color: Int?, colors: Int, direct: Bool = false, fallback: Int32) -> (Int32, Bool) {
        guard let color, color >= 0 else { return (fallback, false) }
        if color < colors { return (Int32(color), false) }
        if direct, color < 256 { return (Int32(TerminalColors.rgb(ofXterm: color)), false) }
        if colors >= 8, color < 16 { return (Int32(color - 8), true) }
        return (fallback, false)
    }
}
