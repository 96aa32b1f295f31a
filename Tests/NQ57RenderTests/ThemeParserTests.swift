import Testing
@testable import NQ57Render

/// Reading theme files: the TOML subset, and every mistake reported with its file and line.
@Suite struct ThemeParserTests {
    let file = "themes/mine.toml"

    func parse(_ source: String) throws(ThemeError) -> ThemeDocument {
        try ThemeDocument.parse(source, file: file)
    }

    /// The message for a file that should not load, or nil when it loads.
    func failure(_ source: String) -> String? {
        do {
            _ = try parse(source).resolve(name: "mine")
            return nil
        } catch {
            return error.description
        }
    }

    // MARK: What is accepted

    @Test func readsTheExampleOfTheFormat() throws {
        let doc = try parse("""
            # nq57 theme: mine
            name = "mine"
            inherits = "dark"            # optional

            [palette]
            amber = 214
            ink = "default"
            navy = "blue"
            rust = "#af5f00"

            [roles.header]
            fg = "amber"                 # a palette name
            bg = 236
            bold = true
            fg16 = "yellow"
            bg16 = "black"
            mono = ["bold", "reverse"]
            """)
        #expect(doc.name?.value == "mine")
        #expect(doc.name?.at.line == 2)
        #expect(doc.inherits?.value == "dark")
        #expect(doc.palette.mapValues(\.value) == ["amber": 214, "ink": nil, "navy": 4, "rust": 130] as [String: Int?])
        let header = try #require(doc.roles[.header])
        #expect(header.fg?.value == .name("amber"))
        #expect(header.fg?.at.line == 12)
        #expect(header.bg?.value == .index(236))
        #expect(header.fg16?.value == .name("yellow"))
        #expect(header.bold == true)
        #expect(header.mono == [.bold, .reverse])
        #expect(doc.roles.count == 1)
    }

    @Test func acceptsTheRestOfTheSubset() throws {
        // CRLF line ends, a byte-order mark, literal strings, escapes, tabs, a mono array over several
        // lines with comments and a trailing comma, a single mono string, `#` inside a string, an
        // empty table, underscores in numbers, and indentation.
        let source = "\u{FEFF}name = 'mine'\r\n[roles.text]\r\n[roles.overdue]\r\n\tfg = \"#ff0000\" # a comment\r\n"
            + "  bg = 1_6\n  mono = [\n  \"bold\", # why\n  'underline',\n]\n[roles.selection]\nmono = \"reverse\"\n"
            + "[ roles . open ]\nfg = \"bright-\\u0062lue\"\n"
        let doc = try parse(source)
        #expect(doc.name?.value == "mine")
        #expect(doc.roles[.text] == ThemeRoleSpec())
        #expect(doc.roles[.overdue]?.fg?.value == .index(196))
        #expect(doc.roles[.overdue]?.fg?.at.line == 4)
        #expect(doc.roles[.overdue]?.bg?.value == .index(16))
        #expect(doc.roles[.overdue]?.mono == [.bold, .underline])
        #expect(doc.roles[.selection]?.mono == [.reverse])
        #expect(doc.roles[.open]?.fg?.value == .name("bright-blue"))
        #expect(doc.roles[.open]?.fg?.at.line == 13)
    }

    @Test func anEmptyFileIsAThemeWithNothingSet() throws {
        let doc = try parse("# nothing here\n\n")
        #expect(doc.roles.isEmpty && doc.palette.isEmpty && doc.name == nil && doc.inherits == nil)
        #expect(doc.missingRoles == Role.allCases)
    }

    @Test func roleTablesAreNamedByEveryRole() throws {
        let source = Role.allCases.map { "[roles.\($0.rawValue)]" }.joined(separator: "\n")
        #expect(try parse(source).missingRoles.isEmpty)
    }

    // MARK: Mistakes, each with its line

    @Test(arguments: [
        // Syntax
        ("[roles.header]\nfg =\n", "themes/mine.toml:2: expected a value after '='"),
        ("[roles.header]\nfg =   # nothing\n", "themes/mine.toml:2: expected a value after '='"),
        ("[roles.header]\nfg \"amber\"\n", "themes/mine.toml:2: expected '=' after \"fg\""),
        ("\n\n[roles.header]\nfg = \"amber\n", "themes/mine.toml:4: unterminated string (missing closing \")"),
        ("[roles.header]\nmono = [\"bold\",\n\n", "themes/mine.toml:2: unterminated array (missing ']')"),
        ("[roles.header]\nmono = [\"bold\" \"dim\"]\n", "themes/mine.toml:2: expected ',' or ']' in the array"),
        ("[roles.header]\nmono = [bold]\n", "themes/mine.toml:2: arrays in theme files hold quoted strings, found \"bold\""),
        ("[roles.header]\nfg = amber\n", "themes/mine.toml:2: text values need quotes: \"amber\""),
        ("[roles.header]\nfg = 21.5\n", "themes/mine.toml:2: 21.5 is not a whole number; colours are whole numbers 0–255"),
        ("[roles.header]\nfg = 12a\n", "themes/mine.toml:2: \"12a\" is not a number"),
        ("[roles.header]\nfg = 1 2\n", "themes/mine.toml:2: unexpected \"2\" after the value of \"fg\""),
        ("[roles.header] x\n", "themes/mine.toml:1: unexpected \"x\" after the table name"),
        ("[roles.header\n", "themes/mine.toml:1: expected ']' to close the table name"),
        ("[]\n", "themes/mine.toml:1: expected a table name such as [palette] or [roles.header]"),
        ("[[roles]]\n", "themes/mine.toml:1: arrays of tables ([[…]]) are not used in theme files"),
        ("[roles.\"header\"]\n", "themes/mine.toml:1: quoted table names are not used in theme files; write [roles.header]"),
        ("roles.header.fg = 1\n", "themes/mine.toml:1: dotted keys are not used in theme files; put \"roles\" under a [table]"),
        ("\"fg\" = 1\n", "themes/mine.toml:1: quoted keys are not used in theme files; write the key bare: fg = …"),
        ("= 1\n", "themes/mine.toml:1: expected a key (letters, digits, '_' or '-') or a [table], found \"=\""),
        ("[roles.header]\nfg = { x = 1 }\n", "themes/mine.toml:2: inline tables ({ … }) are not used in theme files; write a [table] instead"),
        ("name = \"\"\"mine\"\"\"\n", "themes/mine.toml:1: multi-line strings are not used in theme files"),
        ("name = \"a\\qb\"\n", "themes/mine.toml:1: unknown escape \\q in a string (use \\\\ for a backslash)"),
        ("name = \"a\\u12\"\n", "themes/mine.toml:1: bad \\u escape: expected 4 hex digits of a Unicode scalar"),
        ("[roles.header]\nfg = 1\nbold = true\nfg = 2\n", "themes/mine.toml:4: \"fg\" is set twice (first on line 2)"),
        ("[roles.header]\n\n[roles.header]\n", "themes/mine.toml:3: table [roles.header] appears twice (first on line 1)"),
        // Structure: unknown roles, keys and tables
        ("name = \"mine\"\n\n[roles.headr]\nfg = 1\n", "themes/mine.toml:3: unknown role \"headr\" (did you mean \"header\"?)"),
        ("[roles.zebra]\n", "themes/mine.toml:1: unknown role \"zebra\""),
        ("[roles]\n", "themes/mine.toml:1: [roles] needs a role name: [roles.header], [roles.overdue], …"),
        ("[roles.header.fg]\n", "themes/mine.toml:1: unknown table [roles.header.fg] (a theme has [palette] and [roles.NAME] tables)"),
        ("[colours]\n", "themes/mine.toml:1: unknown table [colours] (a theme has [palette] and [roles.NAME] tables)"),
        ("[roles.header]\nfg = 1\ncolor = 2\n", "themes/mine.toml:3: unknown key \"color\" in [roles.header] (a role has fg, bg, fg16, bg16, bold, dim, underline, reverse and mono)"),
        ("[roles.header]\nbolt = true\n", "themes/mine.toml:2: unknown key \"bolt\" in [roles.header] (did you mean \"bold\"?)"),
        ("[roles.header]\nitalic = true\n", "themes/mine.toml:2: unknown key \"italic\" in [roles.header] (a role has fg, bg, fg16, bg16, bold, dim, underline, reverse and mono)"),
        ("inherit = \"dark\"\n", "themes/mine.toml:1: unknown key \"inherit\" (did you mean \"inherits\"?)"),
        ("fg = 1\n", "themes/mine.toml:1: unknown key \"fg\" (role settings go under a [roles.NAME] table)"),
        ("author = \"me\"\n", "themes/mine.toml:1: unknown key \"author\" (the top of a theme file has only name and inherits)"),
        // Values of the wrong kind
        ("inherits = 3\n", "themes/mine.toml:1: inherits must be a theme name in quotes (letters, digits, '-', '_'), such as \"dark\""),
        ("name = \"../x\"\n", "themes/mine.toml:1: name must be a theme name in quotes (letters, digits, '-', '_'), such as \"dark\""),
        ("[roles.header]\nbold = \"yes\"\n", "themes/mine.toml:2: bold must be true or false"),
        ("[roles.header]\nfg = true\n", "themes/mine.toml:2: fg must be a colour: a palette name, 0–255, a basic colour name, \"#rrggbb\" or \"default\""),
        ("[roles.header]\nbg = 256\n", "themes/mine.toml:2: bg: colour 256 is out of range (0–255)"),
        ("[roles.header]\nbg = -1\n", "themes/mine.toml:2: bg: colour -1 is out of range (0–255)"),
        ("[roles.header]\nfg = \"#12345\"\n", "themes/mine.toml:2: fg: \"#12345\" is not a colour; write #rrggbb"),
        ("[roles.header]\nfg = \"\"\n", "themes/mine.toml:2: fg: the colour is empty"),
        ("[roles.header]\nmono = [\"bold\", \"revers\"]\n", "themes/mine.toml:2: unknown attribute \"revers\" in mono (did you mean \"reverse\"?)"),
        ("[roles.header]\nmono = [\"blink\"]\n", "themes/mine.toml:2: unknown attribute \"blink\" in mono (use bold, dim, underline or reverse)"),
        ("[roles.header]\nmono = true\n", "themes/mine.toml:2: mono must be a list of attributes, such as [\"bold\", \"reverse\"]"),
        // Palette
        ("[palette]\nred = 160\n", "themes/mine.toml:2: palette name \"red\" is a basic colour name; choose another, such as \"my-red\""),
        ("[palette]\namber = 214\nrust = \"amber\"\n", "themes/mine.toml:3: palette colour \"rust\" must be 0–255, a basic colour name, \"#rrggbb\" or \"default\", not \"amber\""),
        ("[palette]\nx = \"yelow\"\n", "themes/mine.toml:2: palette colour \"x\" must be 0–255, a basic colour name, \"#rrggbb\" or \"default\", not \"yelow\" (did you mean \"yellow\"?)"),
        ("[palette]\nx = 999\n", "themes/mine.toml:2: palette colour \"x\": colour 999 is out of range (0–255)"),
        // Colours that name nothing (found once the palette, perhaps inherited, is known)
        ("[palette]\namber = 214\n\n[roles.header]\nfg = \"ambr\"\n", "themes/mine.toml:5: unknown colour \"ambr\" (did you mean \"amber\"?)"),
        ("[roles.header]\nbg = \"mauve\"\n", "themes/mine.toml:2: unknown colour \"mauve\" (not in [palette], and not a basic colour name)"),
        ("[palette]\namber = 214\n[roles.header]\nfg16 = \"amber\"\n", "themes/mine.toml:4: fg16 must be a basic colour (0–15 or a name such as \"yellow\"), \"amber\" is 214"),
        ("[roles.header]\nbg16 = 100\n", "themes/mine.toml:2: bg16 must be a basic colour (0–15 or a name such as \"yellow\"), not 100"),
    ])
    func reportsEachMistakeWithItsLine(source: String, message: String) {
        #expect(failure(source) == message)
    }

    @Test func reportsTheFirstMistakeInTheFile() {
        let source = """
            [roles.warning]
            fg = "nope2"
            [roles.text]
            fg = "nope1"
            [roles.header]
            fg = "nope3"
            """
        #expect(failure(source) == "themes/mine.toml:2: unknown colour \"nope2\" (not in [palette], and not a basic colour name)")
    }

    @Test func messagesStayOnOneLine() {
        let message = failure("name = \"a\\nb\"\n")
        #expect(message?.contains("\n") == false)
        let colour = failure("[roles.header]\nfg = \"a\\u001bb\"\n")
        #expect(colour == "themes/mine.toml:2: unknown colour \"a\\u{1B}b\" (not in [palette], and not a basic colour name)")
    }
}
