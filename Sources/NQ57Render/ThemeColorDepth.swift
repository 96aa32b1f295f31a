extension ColorDepth {
    /// The depth to draw at: `xterm256` for 256 colours or more, `ansi16` for 8 or more, `mono` below
    /// that, and `mono` whenever `NO_COLOR` is set to anything non-empty (https://no-color.org).
    ///
    /// `terminalColors` is what the terminal reports (ncurses `COLORS`, 0 or -1 when it has none).
    public static func effective(terminalColors: Int, environment: [String: String]) -> ColorDepth {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .mono }
        if terminalColors >= 256 { return .xterm256 }
        if terminalColors >= 8 { return .ansi16 }
        return .mono
    }
}
