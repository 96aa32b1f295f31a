import Testing
@testable import NQ57Render

/// Themes held in memory: Render resolves names, inherits and errors from texts it is handed, with no
/// file anywhere.
struct MemoryThemes: ThemeDirectory {
    var place: String
    var texts: [String: String]

    func themeNames() -> [String] { Array(texts.keys) }

    func theme(named name: String) -> ThemeText? {
        texts[name].map { ThemeText(id: "\(place)/\(name)", shown: "\(place)/\(name).toml", text: .success($0)) }
    }
}

@Suite struct ThemeTextLibraryTests {
    @Test func resolvesInheritsAcrossPlacesFromText() throws {
        let lib = ThemeLibrary(directories: [
            MemoryThemes(place: "user", texts: ["light": "inherits = \"light\"\n[roles.title]\nfg = 1\n"]),
            MemoryThemes(place: "shipped", texts: ["light": "inherits = \"dark\"\n[roles.title]\nbg = 2\n"]),
        ])
        #expect(lib.availableNames() == ["dark", "light"])
        let t = try lib.load("light")
        #expect(t.style(.title, at: .xterm256).fg == 1)
        #expect(t.style(.title, at: .xterm256).bg == 2)
    }

    @Test func errorsNameThePlaceAsShown() {
        let lib = ThemeLibrary(directories: [MemoryThemes(place: "here", texts: ["bad": "[roles.headr]\nfg = 1\n"])])
        #expect(lib.theme(named: "bad").warning == "here/bad.toml:1: unknown role \"headr\" (did you mean \"header\"?); using \"dark\" instead")
        // With no way to open paths, a path is no theme.
        #expect(lib.theme(named: "x/y.toml").warning == "x/y.toml: no such theme file; using \"dark\" instead")
    }

    @Test func aReadFailureIsTheWarning() {
        struct Unreadable: ThemeDirectory {
            func themeNames() -> [String] { ["locked"] }
            func theme(named name: String) -> ThemeText? {
                guard name == "locked" else { return nil }
                return ThemeText(id: name, shown: "locked.toml", text: .failure(ThemeError(file: "locked.toml", line: nil, message: "cannot be read")))
            }
        }
        #expect(ThemeLibrary(directories: [Unreadable()]).theme(named: "locked").warning == "locked.toml: cannot be read; using \"dark\" instead")
    }
}

/// The detail boxes under a history lay words out as the reader does (one word-wrap in the code):
/// line breaks are spaces there, a word longer than the box is split rather than cut, and a note
/// longer than the box ends in `…`.
@Suite struct DetailWrapTests {
    @Test func wordsAsTheReaderLaysThemOutWithinTheLinesGiven() {
        #expect(Panes.wrap("a bb\nccc", 6, maxLines: 3) == ["a bb", "ccc"])
        #expect(Panes.wrap(String(repeating: "x", count: 12), 5, maxLines: 3) == ["xxxxx", "xxxxx", "xx"])
        #expect(Panes.wrap("one two three four five", 9, maxLines: 2) == ["one two", "three …"])
        #expect(Panes.wrap("tab\there", 20, maxLines: 1) == ["tab here"])
        #expect(Panes.wrap("x", 0, maxLines: 3).isEmpty)
    }
}
