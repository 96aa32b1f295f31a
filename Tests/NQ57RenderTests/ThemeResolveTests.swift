import Testing
@testable import NQ57Render

/// From a document to styles: palette names, the 16-colour and monochrome fallbacks, the base role,
/// and how a theme lays over the one it inherits.
@Suite struct ThemeResolveTests {
    func theme(_ source: String) throws(ThemeError) -> Theme {
        try ThemeDocument.parse(source, file: "themes/mine.toml").resolve(name: "mine")
    }

    @Test func paletteNamesBasicNamesNumbersAndHex() throws {
        let t = try theme("""
            [palette]
            amber = 214
            navy = "blue"
            [roles.header]
            fg = "amber"
            bg = "navy"
            [roles.title]
            fg = "bright-red"
            bg = 17
            [roles.label]
            fg = "#ff8700"
            """)
        #expect(t.name == "mine")
        #expect(t.style(.header, at: .xterm256) == Style(fg: 214, bg: 4))
        #expect(t.style(.title, at: .xterm256) == Style(fg: 9, bg: 17))
        #expect(t.style(.label, at: .xterm256).fg == 208)
    }

    @Test func sixteenColourFallbacksAreDerivedWhenLeftOut() throws {
        let t = try theme("""
            [roles.header]
            fg = 214
            bg = 236
            [roles.title]
            fg = 214
            fg16 = "bright-yellow"
            bg16 = 4
            [roles.label]
            fg = "cyan"
            """)
        #expect(t.style(.header, at: .ansi16) == Style(fg: 3, bg: 0))
        #expect(t.style(.title, at: .ansi16) == Style(fg: 11, bg: 4))
        #expect(t.style(.label, at: .ansi16).fg == 6)
    }

    @Test(arguments: [
        // Grays become black, bright-black, white or bright-white.
        (16, 0), (236, 0), (240, 8), (244, 8), (250, 7), (254, 7), (231, 15),
        // Colours keep their hue: reds, ambers and oranges, greens, cyans, blues, magentas.
        (196, 9), (160, 1), (203, 9), (124, 1), (214, 3), (130, 3), (208, 3), (220, 11), (226, 11),
        (78, 2), (28, 2), (46, 10), (80, 6), (159, 14), (81, 14), (117, 12), (75, 12), (25, 4), (26, 4), (33, 12),
        (90, 5), (201, 13),
        // Basic colours stay themselves.
        (0, 0), (3, 3), (12, 12), (15, 15),
    ])
    func nearestBasicColourKeepsTheHue(index: Int, basic: Int) {
        #expect(ThemeColor.nearestBasic(index) == basic)
    }

    @Test func hexColoursBecomeTheNearestPaletteIndex() {
        #expect(ThemeColor.hex("#ffaf00") == 214)
        #expect(ThemeColor.hex("#000000") == 16)
        #expect(ThemeColor.hex("#808080") == 244)
        #expect(ThemeColor.hex("#ff0000") == 196)
        #expect(ThemeColor.hex("ff0000") == nil)
        #expect(ThemeColor.hex("#ff00") == nil)
        #expect(ThemeColor.hex("#gg0000") == nil)
    }

    @Test func rolesAndColoursLeftOutTakeThoseOfText() throws {
        let t = try theme("""
            [roles.text]
            fg = 235
            bg = 231
            [roles.overdue]
            fg = 160
            [roles.header]
            fg = "default"
            bg = 25
            """)
        #expect(t.style(.overdue, at: .xterm256) == Style(fg: 160, bg: 231))
        #expect(t.style(.overdue, at: .ansi16) == Style(fg: 1, bg: 15))
        #expect(t.style(.header, at: .xterm256) == Style(fg: nil, bg: 25))
        #expect(t.style(.header, at: .ansi16) == Style(fg: nil, bg: 4))
        // A role with no table at all looks like text.
        #expect(t.style(.sparkline, at: .xterm256) == Style(fg: 235, bg: 231))
        #expect(t.style(.sparkline, at: .mono) == .plain)
        #expect(Set(t.roles.keys) == Set(Role.allCases))
    }

    @Test func attributesApplyAtEveryColourDepthAndMonoDefaultsToThem() throws {
        let t = try theme("""
            [roles.overdue]
            fg = 196
            bold = true
            underline = true
            [roles.dim]
            dim = true
            mono = []
            [roles.warning]
            bold = true
            mono = ["underline", "dim"]
            """)
        #expect(t.style(.overdue, at: .xterm256) == Style(fg: 196, bold: true, underline: true))
        #expect(t.style(.overdue, at: .ansi16) == Style(fg: 9, bold: true, underline: true))
        #expect(t.style(.overdue, at: .mono) == Style(bold: true, underline: true))
        #expect(t.style(.dim, at: .ansi16) == Style(dim: true))
        #expect(t.style(.dim, at: .mono) == .plain)
        #expect(t.style(.warning, at: .mono) == Style(dim: true, underline: true))
    }

    @Test func aBackgroundOfItsOwnIsReversedInMono() throws {
        let t = try theme("""
            [roles.text]
            bg = 231
            [roles.selection]
            bg = 153
            [roles.header]
            bg = 25
            bold = true
            [roles.label]
            bg = 231
            [roles.footer]
            bg = 254
            mono = []
            """)
        #expect(t.style(.selection, at: .mono) == Style(reverse: true))
        #expect(t.style(.header, at: .mono) == Style(bold: true, reverse: true))
        // The same background as text's is not a background of its own; text itself is never reversed.
        #expect(t.style(.label, at: .mono) == .plain)
        #expect(t.style(.text, at: .mono) == .plain)
        // An explicit mono wins.
        #expect(t.style(.footer, at: .mono) == .plain)
    }

    // MARK: Inheriting

    func merged(_ child: String, over parent: String) throws(ThemeError) -> Theme {
        let p = try ThemeDocument.parse(parent, file: "themes/parent.toml")
        let c = try ThemeDocument.parse(child, file: "themes/child.toml")
        return try c.overlaid(on: p).resolve(name: "child")
    }

    let parent = """
        [palette]
        accent = 214
        [roles.header]
        fg = "accent"
        bg = 236
        bold = true
        fg16 = "bright-white"
        bg16 = "blue"
        mono = ["bold", "reverse"]
        [roles.title]
        fg = "accent"
        [roles.overdue]
        fg = 196
        bold = true
        """

    @Test func aChildOverridesKeyByKey() throws {
        let t = try merged("""
            [roles.header]
            underline = true
            [roles.overdue]
            bold = false
            """, over: parent)
        #expect(t.style(.header, at: .xterm256) == Style(fg: 214, bg: 236, bold: true, underline: true))
        #expect(t.style(.header, at: .ansi16) == Style(fg: 15, bg: 4, bold: true, underline: true))
        #expect(t.style(.header, at: .mono) == Style(bold: true, reverse: true))
        #expect(t.style(.overdue, at: .xterm256) == Style(fg: 196))
        #expect(t.style(.title, at: .xterm256) == Style(fg: 214))
    }

    @Test func aChildPaletteRecoloursWhatItInherits() throws {
        let t = try merged("[palette]\naccent = 33\n", over: parent)
        #expect(t.style(.title, at: .xterm256).fg == 33)
        #expect(t.style(.title, at: .ansi16).fg == 12)
        #expect(t.style(.header, at: .xterm256).fg == 33)
    }

    @Test func aNewColourDropsTheInheritedFallbackForIt() throws {
        // The parent's fg16 described its amber; the child's green gets a fallback of its own.
        let t = try merged("[roles.header]\nfg = 28\n", over: parent)
        #expect(t.style(.header, at: .ansi16) == Style(fg: 2, bg: 4, bold: true))
        let u = try merged("[roles.header]\nbg = 17\nbg16 = \"black\"\n", over: parent)
        #expect(u.style(.header, at: .ansi16) == Style(fg: 15, bg: 0, bold: true))
        let v = try merged("[roles.header]\nfg16 = \"yellow\"\n", over: parent)
        #expect(v.style(.header, at: .ansi16) == Style(fg: 3, bg: 4, bold: true))
    }

    @Test func aChildMayUseThePaletteOfItsParent() throws {
        let t = try merged("[roles.label]\nfg = \"accent\"\n", over: parent)
        #expect(t.style(.label, at: .xterm256).fg == 214)
    }

    @Test func aMistakeInTheParentNamesTheParentFile() {
        #expect(throws: ThemeError(file: "themes/parent.toml", line: 2, message: "unknown colour \"nowhere\" (not in [palette], and not a basic colour name)")) {
            try merged("[roles.title]\nbold = true\n", over: "[roles.header]\nfg = \"nowhere\"\n")
        }
    }
}

/// `TerminalColors`, the rule `CursesTerminal` calls with terminfo's `colors` and `RGB` (the
/// end-to-end `ColorDepthTests` check the same rule through tmux).
@Suite struct ThemeColorDepthTests {
    func depth(_ colors: Int, rgb: Bool = false, _ environment: [String: String] = [:]) -> ColorDepth {
        TerminalColors(terminalColors: colors, rgb: rgb, environment: environment).depth
    }

    @Test func depthFollowsTheTerminalsColours() {
        #expect(depth(256) == .xterm256)
        #expect(depth(88) == .ansi16)
        #expect(depth(16) == .ansi16)
        #expect(depth(8) == .ansi16)
        #expect(depth(2) == .mono)
        #expect(depth(0) == .mono)
        #expect(depth(-1) == .mono)
    }

    @Test func directColourGetsThe256ColourThemeNotSixteen() {
        // xterm-direct: colors#0x1000000 and RGB. ncurses then sends colours from 8 up as RGB values.
        let direct = TerminalColors(terminalColors: 0x1000000, rgb: true, environment: [:])
        #expect(direct == TerminalColors(depth: .xterm256, colors: 8, direct: true))
        // Many colours without RGB are palette indexes, drawn as they are.
        #expect(TerminalColors(terminalColors: 0x1000000, rgb: false, environment: [:])
            == TerminalColors(depth: .xterm256, colors: 0x1000000, direct: false))
    }

    @Test func xtermsPaletteAsRGB() {
        #expect(TerminalColors.rgb(ofXterm: 1) == 0xcd0000)
        #expect(TerminalColors.rgb(ofXterm: 16) == 0x000000)
        #expect(TerminalColors.rgb(ofXterm: 33) == 0x0087ff)
        #expect(TerminalColors.rgb(ofXterm: 214) == 0xffaf00)
        #expect(TerminalColors.rgb(ofXterm: 231) == 0xffffff)
        #expect(TerminalColors.rgb(ofXterm: 232) == 0x080808)
        #expect(TerminalColors.rgb(ofXterm: 255) == 0xeeeeee)
    }

    @Test func noColorMeansMonoWhateverTheTerminal() {
        #expect(depth(256, ["NO_COLOR": "1"]) == .mono)
        #expect(depth(0x1000000, rgb: true, ["NO_COLOR": "1"]) == .mono)
        #expect(depth(16, ["NO_COLOR": "yes", "TERM": "xterm"]) == .mono)
        #expect(depth(256, ["NO_COLOR": "0"]) == .mono)
        // Set but empty does not count (no-color.org).
        #expect(depth(256, ["NO_COLOR": ""]) == .xterm256)
    }
}
