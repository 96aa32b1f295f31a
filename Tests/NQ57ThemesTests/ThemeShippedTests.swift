import Foundation
import Testing
@testable import NQ57Render
@testable import NQ57Themes

/// The themes in the repository's `themes/`: they load, cover every role, stay legible, and `dark.toml`
/// says exactly what the built-in default says.
@Suite struct ThemeShippedTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shipped = ["dark", "high-contrast", "light", "monochrome"]
    static let colourful = ["dark", "high-contrast", "light"]

    let library = ThemeLibrary(
        directories: [repository.appendingPathComponent("themes")], workingDirectory: repository.path)

    @Test func theShippedThemesAreListedDefaultFirst() {
        #expect(library.availableNames() == Self.shipped)
    }

    /// ShippedThemes.swift says exactly what themes/ says (run scripts/embed-themes after a change).
    @Test func theBuiltInCopiesAreTheFilesOfThemes() throws {
        let dir = Self.repository.appendingPathComponent("themes")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".toml") }
        #expect(Set(ShippedThemes.texts.keys) == Set(files.map { String($0.dropLast(5)) }), "run scripts/embed-themes")
        for file in files {
            let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            #expect(ShippedThemes.texts[String(file.dropLast(5))] == text, "\(file) differs from its built-in copy: run scripts/embed-themes")
        }
    }

    @Test(arguments: shipped)
    func loadsWithoutWarningAndCoversEveryRole(name: String) throws {
        let (_, document) = try library.mergedDocument(name)
        #expect(document.missingRoles == [], "\(name) leaves out roles, directly or through inherits")
        let result = library.theme(named: name)
        #expect(result.warning == nil)
        #expect(result.theme.name == name)
    }

    @Test func darkTomlIsExactlyTheBuiltInTheme() throws {
        // The built-in default is dark.toml's text, parsed: one definition, no copy to keep equal.
        let text = try String(contentsOf: Self.repository.appendingPathComponent("themes/dark.toml"), encoding: .utf8)
        #expect(Theme.builtinDarkText == text, "themes/dark.toml differs from the built-in theme: run scripts/embed-themes")
        #expect(try ThemeDocument.parse(text, file: "themes/dark.toml").resolve(name: "dark") == Theme.builtinDark)
        // And the library uses the file when there is one.
        #expect(try library.load("dark") == Theme.builtinDark)
    }

    @Test func theExamplesInTheDocumentationLoad() throws {
        let doc = try String(contentsOf: Self.repository.appendingPathComponent("docs/themes.md"), encoding: .utf8)
        // The ```toml blocks, and the file the walkthrough writes with a heredoc.
        var examples: [String] = []
        var current: [String]?
        for line in doc.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```toml" || line.hasSuffix("<<'EOF'") {
                current = []
            } else if current != nil, line == "```" || line == "EOF" {
                examples.append(current!.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(String(line))
            }
        }
        #expect(examples.count == 2)
        let scratch = try ThemeScratch()
        for (i, example) in examples.enumerated() {
            try scratch.write("docs", ["mine.toml": example])
            var lib = library
            lib.directories.insert(ThemeFolder(scratch.root.appendingPathComponent("docs"), workingDirectory: nil, home: nil), at: 0)
            let result = lib.theme(named: "mine")
            #expect(result.warning == nil, "example \(i + 1)")
            #expect(result.theme.name == "mine")
        }
    }

    @Test func theBuiltInThemeCoversEveryRole() {
        #expect(ThemeDocument.builtinDark.missingRoles == [])
        #expect(Theme.builtinDark.name == "dark")
        #expect(Set(Theme.builtinDark.roles.keys) == Set(Role.allCases))
        #expect(Theme.builtinDark.style(.overdue, at: .xterm256) != .plain)
    }

    // MARK: Legibility

    /// The terminal a theme is meant for, where it leaves a colour to the terminal: dark themes on
    /// black with light grey text, the light one on white with black text.
    static func terminal(for name: String) -> (fg: Int, bg: Int) { name == "light" ? (16, 231) : (252, 16) }
    static let terminalForeground16 = 7, terminalBackground16 = 0

    /// Roles drawn as lines and blocks rather than read as text: WCAG's 3:1 for graphical objects.
    static let graphical: Set<Role> = [.paneBorder, .focusedBorder, .barEmpty, .sparkline]

    /// The contrast of each role's colours at 256 colours, resolved with xterm's palette, against the
    /// background it is drawn on (its own, else the terminal's): every role that draws text reaches
    /// WCAG AA, 4.5:1, and bars and borders 3:1. A failure names the theme, the role and the ratio.
    static func contrastFailures(_ t: Theme, meantFor terminal: (fg: Int, bg: Int)) -> [String] {
        var failures: [String] = []
        for role in Role.allCases {
            let s = t.style(role, at: .xterm256)
            var fg = s.fg ?? terminal.fg, bg = s.bg ?? terminal.bg
            if s.reverse { swap(&fg, &bg) }
            let ratio = Contrast.ratio(Contrast.luminance(index: fg), Contrast.luminance(index: bg))
            let needed = graphical.contains(role) ? 3.0 : 4.5
            if ratio < needed {
                failures.append("\(t.name) \(role.rawValue): \(fg) on \(bg) is \(String(format: "%.2f", ratio)):1, needs \(needed):1")
            }
        }
        return failures
    }

    @Test(arguments: shipped)
    func everyRoleReachesWCAGAA(name: String) throws {
        let failures = Self.contrastFailures(try library.load(name), meantFor: Self.terminal(for: name))
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    /// The check itself can fail: grey on grey is named with its role and ratio.
    @Test func aThemeBelowAAIsNamedWithTheRoleAndTheRatio() throws {
        var t = try library.load("dark")
        t.roles[.label] = RoleStyle(xterm256: Style(fg: 240), ansi16: Style(), mono: Style())
        t.roles[.paneBorder] = RoleStyle(xterm256: Style(fg: 236), ansi16: Style(), mono: Style())
        let failures = Self.contrastFailures(t, meantFor: Self.terminal(for: "dark"))
        #expect(failures == ["dark pane_border: 236 on 16 is 1.59:1, needs 3.0:1", "dark label: 240 on 16 is 2.95:1, needs 4.5:1"])
    }

    @Test(arguments: colourful)
    func statesKeepTheirColoursAtEveryDepth(name: String) throws {
        let t = try library.load(name)
        func rgb(_ role: Role) -> (r: Int, g: Int, b: Int) { ThemeColor.rgb(t.style(role, at: .xterm256).fg ?? -1) }
        let overdue = rgb(.overdue), onTime = rgb(.doneOnTime), late = rgb(.doneLate), open = rgb(.open)
        #expect(overdue.r >= overdue.g + 60 && overdue.r >= overdue.b + 60, "overdue is red-ish")
        #expect(onTime.g >= onTime.r + 40 && onTime.g >= onTime.b + 40, "done on time is green-ish")
        #expect(late.r >= late.g + 40 && late.g >= late.b + 60 && late.r >= 150, "done late is amber")
        #expect(open.b >= open.r && open.b + 10 >= open.g, "open is blue or neutral")
        #expect(Set([.overdue, .doneOnTime, .doneLate, .open].map { t.style($0, at: .xterm256).fg }).count == 4)

        let sixteen = [Role.overdue, .doneOnTime, .doneLate, .open].map { t.style($0, at: .ansi16).fg ?? -1 }
        #expect([1, 9].contains(sixteen[0]), "overdue is red at 16 colours")
        #expect([2, 10].contains(sixteen[1]), "done on time is green at 16 colours")
        #expect([3, 11].contains(sixteen[2]), "done late is yellow at 16 colours")
        #expect([4, 12, 6, 14].contains(sixteen[3]), "open is blue or cyan at 16 colours")
    }

    @Test(arguments: colourful)
    func theSixteenColourFallbacksDifferFromTheirBackground(name: String) throws {
        let t = try library.load(name)
        for role in Role.allCases {
            let s16 = t.style(role, at: .ansi16)
            let fg16 = s16.fg ?? Self.terminalForeground16, bg16 = s16.bg ?? Self.terminalBackground16
            #expect(fg16 != bg16, "\(name) \(role.rawValue) at 16 colours: \(fg16) on \(bg16)")
        }
    }

    @Test(arguments: shipped)
    func theSelectionIsVisibleAtEveryDepth(name: String) throws {
        let t = try library.load(name)
        for depth in ColorDepth.allCases {
            let selection = t.style(.selection, at: depth), text = t.style(.text, at: depth)
            #expect(selection != text, "\(name) at \(depth)")
            if depth != .mono, name != "monochrome" {
                #expect(selection.bg != nil && selection.bg != text.bg, "\(name) at \(depth): the selection has a background")
            }
        }
        #expect(t.style(.selection, at: .mono) == Style(reverse: true))
    }

    @Test(arguments: shipped)
    func withoutColourTheStatesDifferByBoldAndUnderline(name: String) throws {
        let t = try library.load(name)
        let states = [Role.doneOnTime, .doneLate, .open, .overdue].map { t.style($0, at: .mono) }
        #expect(Set(states).count == 4)
        #expect(states.allSatisfy { !$0.reverse && $0.fg == nil && $0.bg == nil })
        #expect(states[3] == Style(bold: true, underline: true), "overdue is the loudest")
    }

    @Test func monochromeShowsOnEveryTerminalWhatDarkShowsWithoutColour() throws {
        let mono = try library.load("monochrome"), dark = try library.load("dark")
        for role in Role.allCases {
            for depth in ColorDepth.allCases {
                #expect(mono.style(role, at: depth) == dark.style(role, at: .mono), "\(role.rawValue) at \(depth)")
            }
        }
    }

    @Test(arguments: shipped)
    func everyThemeLooksTheSameWithoutColour(name: String) throws {
        // Light and high-contrast inherit dark's monochrome fallbacks; a theme that changed them
        // would have to say why here.
        let t = try library.load(name), dark = try library.load("dark")
        for role in Role.allCases {
            #expect(t.style(role, at: .mono) == dark.style(role, at: .mono), "\(name) \(role.rawValue)")
        }
    }
}
