extension Theme {
    /// The default theme, `dark`, built into the program so that it draws with no theme files at all.
    /// `themes/dark.toml` says the same thing as a file (a test keeps the two equal).
    public static let builtinDark: Theme = {
        do {
            return try ThemeDocument.builtinDark.resolve(name: ThemeLibrary.defaultName)
        } catch {
            // Unreachable while the tests pass (they resolve this document); plain beats a crash.
            return Theme(name: ThemeLibrary.defaultName, roles: [:])
        }
    }()
}

extension ThemeDocument {
    /// `themes/dark.toml`, as Swift: the same palette, the same roles, key for key.
    static let builtinDark = ThemeDocument(
        file: ThemeLocation.builtin.file,
        name: ThemeLocated(value: ThemeLibrary.defaultName, at: .builtin),
        palette: ([
            "ink": nil, "paper": nil,
            "bar": 236, "faint": 241, "shade": 242, "muted": 244, "soft": 250, "strong": 231, "on-amber": 16,
            "amber": 214, "gold": 220, "orange": 208, "jade": 78, "coral": 203, "crimson": 196,
            "azure": 75, "sky": 117, "teal": 80, "ice": 159, "khaki": 180, "select": 24,
        ] as [String: Int?]).mapValues { ThemeLocated(value: $0, at: .builtin) },
        roles: [
            .text: .builtin(fg: "ink", bg: "paper"),
            .dim: .builtin(fg: "muted", mono: [.dim]),
            .header: .builtin(fg: "amber", bg: "bar", bg16: "blue", bold: true),
            .title: .builtin(fg: "amber", bg: "bar", bg16: "blue", bold: true),
            .paneBorder: .builtin(fg: "faint"),
            .focusedBorder: .builtin(fg: "azure", bold: true),
            .paneTitle: .builtin(fg: "soft", bold: true),
            .label: .builtin(fg: "muted"),
            .value: .builtin(fg: "ink"),
            .doneOnTime: .builtin(fg: "jade", mono: [.bold]),
            .doneLate: .builtin(fg: "amber", mono: [.underline]),
            .open: .builtin(fg: "sky", mono: []),
            .overdue: .builtin(fg: "coral", bold: true, mono: [.bold, .underline]),
            .selection: .builtin(fg: "strong", bg: "select", fg16: "black", bg16: "cyan", mono: [.reverse]),
            .demoBadge: .builtin(fg: "on-amber", bg: "amber", bold: true, mono: [.bold, .underline]),
            .warning: .builtin(fg: "gold", bold: true),
            .error: .builtin(fg: "crimson", bold: true),
            .changed: .builtin(fg: "ice", bold: true),
            .unverified: .builtin(fg: "khaki", fg16: "white", mono: [.underline]),
            .sparkline: .builtin(fg: "teal"),
            .barEmpty: .builtin(fg: "shade", mono: [.dim]),
            .footer: .builtin(fg: "soft", bg: "bar"),
            .footerKey: .builtin(fg: "amber", bg: "bar", bold: true),
            .breadcrumb: .builtin(fg: "sky", mono: [.bold]),
            .filter: .builtin(fg: "gold", underline: true),
            .live: .builtin(fg: "jade", bg: "bar", bg16: "blue"),
            .stale: .builtin(fg: "orange", bold: true),
        ])
}

extension ThemeRoleSpec {
    /// A role of the built-in theme, written like a `[roles.NAME]` table.
    static func builtin(
        fg: ThemeColorSpec? = nil, bg: ThemeColorSpec? = nil, fg16: ThemeColorSpec? = nil, bg16: ThemeColorSpec? = nil,
        bold: Bool? = nil, dim: Bool? = nil, underline: Bool? = nil, reverse: Bool? = nil,
        mono: Set<ThemeAttribute>? = nil
    ) -> ThemeRoleSpec {
        func at(_ c: ThemeColorSpec?) -> ThemeLocated<ThemeColorSpec>? { c.map { ThemeLocated(value: $0, at: .builtin) } }
        return ThemeRoleSpec(
            fg: at(fg), bg: at(bg), fg16: at(fg16), bg16: at(bg16),
            bold: bold, dim: dim, underline: underline, reverse: reverse, mono: mono)
    }
}
