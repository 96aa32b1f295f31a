/// How many colours a terminal can show; themes give a style for each.
public enum ColorDepth: String, Sendable, CaseIterable {
    /// No colour: attributes only (bold, reverse, underline, dim). `vt100`, or `NO_COLOR` set.
    case mono
    /// The 8 basic colours, and their bright variants where the terminal has 16.
    case ansi16
    /// xterm's 256-colour palette.
    case xterm256
}

/// What a role looks like at one colour depth. Colours are palette indexes 0–255 (0–15 at `ansi16`);
/// nil means the terminal's default.
public struct Style: Hashable, Sendable {
    public var fg: Int?
    public var bg: Int?
    public var bold: Bool
    public var dim: Bool
    public var underline: Bool
    public var reverse: Bool

    public init(fg: Int? = nil, bg: Int? = nil, bold: Bool = false, dim: Bool = false, underline: Bool = false, reverse: Bool = false) {
        self.fg = fg
        self.bg = bg
        self.bold = bold
        self.dim = dim
        self.underline = underline
        self.reverse = reverse
    }

    public static let plain = Style()

    /// The same attributes with no colours: what a colour style becomes on a monochrome terminal.
    public var withoutColors: Style { Style(bold: bold, dim: dim, underline: underline, reverse: reverse) }
}

/// A role's look at every colour depth.
public struct RoleStyle: Hashable, Sendable {
    public var xterm256: Style
    public var ansi16: Style
    public var mono: Style

    public init(xterm256: Style, ansi16: Style, mono: Style) {
        self.xterm256 = xterm256
        self.ansi16 = ansi16
        self.mono = mono
    }

    public func style(at depth: ColorDepth) -> Style {
        switch depth {
        case .xterm256: xterm256
        case .ansi16: ansi16
        case .mono: mono
        }
    }
}

/// A named mapping from roles to styles. Roles a theme leaves out are drawn `.plain`.
public struct Theme: Hashable, Sendable {
    public var name: String
    public var roles: [Role: RoleStyle]

    public init(name: String, roles: [Role: RoleStyle]) {
        self.name = name
        self.roles = roles
    }

    public func style(_ role: Role, at depth: ColorDepth) -> Style {
        roles[role]?.style(at: depth) ?? .plain
    }
}
