import Foundation
import Testing
@testable import NQ57Render
@testable import NQ57Themes

/// A directory of theme files for one test, removed when the test ends.
final class ThemeScratch {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("nq57-theme-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Writes `files` (name → contents) into `dir` under the root, and returns the directory.
    @discardableResult
    func write(_ dir: String, _ files: [String: String]) throws -> URL {
        let d = root.appendingPathComponent(dir, isDirectory: true)
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: d.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return d
    }

    /// A library over the given directories under the root, showing paths relative to the root.
    func library(_ dirs: String...) -> ThemeLibrary {
        ThemeLibrary(directories: dirs.map { root.appendingPathComponent($0, isDirectory: true) }, workingDirectory: root.path)
    }
}

/// Finding, inheriting and falling back: the loader, over real files in a scratch directory.
@Suite struct ThemeLibraryTests {
    @Test func theDefaultIsBuiltInSoNoFilesAreNeeded() throws {
        let lib = ThemeLibrary(directories: [], workingDirectory: nil)
        #expect(try lib.load("dark") == Theme.builtinDark)
        #expect(lib.availableNames() == ["dark"])
        let none = lib.theme(named: nil)
        #expect(none.theme == .builtinDark && none.warning == nil)
    }

    @Test func findsFilesInSearchOrder() throws {
        let s = try ThemeScratch()
        try s.write("user", ["mine.toml": "[roles.title]\nfg = 1\n"])
        try s.write("project", ["mine.toml": "[roles.title]\nfg = 2\n", "other.toml": "[roles.title]\nfg = 3\n"])
        let lib = s.library("user", "project", "missing")
        #expect(try lib.load("mine").style(.title, at: .xterm256).fg == 1)
        #expect(try lib.load("other").style(.title, at: .xterm256).fg == 3)
        #expect(try lib.load("mine").name == "mine")
    }

    @Test func listsBuiltInAndFoundNamesDefaultFirst() throws {
        let s = try ThemeScratch()
        try s.write("a", ["zeta.toml": "", "light.toml": "", "notes.txt": "", ".hidden.toml": "", "bad name.toml": ""])
        try s.write("b", ["light.toml": "", "dark.toml": "", "alpha.toml": ""])
        let lib = s.library("a", "b")
        #expect(lib.availableNames() == ["dark", "alpha", "light", "zeta"])
        #expect(lib.name(after: "dark") == "alpha")
        #expect(lib.name(after: "zeta") == "dark")
        #expect(lib.name(after: "gone") == "dark")
    }

    @Test func aThemeMayBeGivenAsAPath() throws {
        let s = try ThemeScratch()
        try s.write("work", ["try-me.toml": "inherits = \"dark\"\n[roles.title]\nfg = 5\n"])
        let lib = s.library()
        let t = try lib.load("work/try-me.toml")
        #expect(t.name == "try-me")
        #expect(t.style(.title, at: .xterm256).fg == 5)
        #expect(t.style(.overdue, at: .xterm256) == Theme.builtinDark.style(.overdue, at: .xterm256))
        #expect(try lib.load(s.root.path + "/work/try-me.toml") == t)
        #expect(throws: ThemeError(file: "work/nope.toml", line: nil, message: "no such theme file")) { try lib.load("work/nope.toml") }
    }

    // MARK: inherits

    @Test func inheritsResolvesThroughTheSearchAndOverrides() throws {
        let s = try ThemeScratch()
        try s.write("user", ["child.toml": "inherits = \"parent\"\n[palette]\naccent = 28\n[roles.header]\nunderline = true\n"])
        try s.write("project", [
            "parent.toml": "inherits = \"dark\"\n[palette]\naccent = 214\n[roles.title]\nfg = \"accent\"\n",
        ])
        let t = try s.library("user", "project").load("child")
        #expect(t.name == "child")
        #expect(t.style(.title, at: .xterm256).fg == 28)
        #expect(t.style(.title, at: .ansi16).fg == 2)
        var header = Theme.builtinDark.style(.header, at: .xterm256)
        header.underline = true
        #expect(t.style(.header, at: .xterm256) == header)
        #expect(t.style(.selection, at: .mono) == Style(reverse: true))
    }

    @Test func aFileInheritingItsOwnNameBuildsOnTheNextOneDown() throws {
        // A user's dark.toml that tweaks the shipped dark, which is itself built on the built-in one.
        let s = try ThemeScratch()
        try s.write("user", ["dark.toml": "inherits = \"dark\"\n[roles.title]\nunderline = true\n"])
        try s.write("project", ["dark.toml": "inherits = \"dark\"\n[roles.title]\nfg = 33\n"])
        let t = try s.library("user", "project").load("dark")
        #expect(t.style(.title, at: .xterm256) == Style(fg: 33, bg: 236, bold: true, underline: true))
        #expect(t.style(.overdue, at: .xterm256) == Theme.builtinDark.style(.overdue, at: .xterm256))
    }

    @Test func cyclesAreErrorsAtTheInheritsLine() throws {
        let s = try ThemeScratch()
        try s.write("t", [
            "a.toml": "name = \"a\"\ninherits = \"b\"\n",
            "b.toml": "# b\n\ninherits = \"c\"\n",
            "c.toml": "inherits = \"a\"\n",
            "self.toml": "inherits = \"self\"\n",
        ])
        let lib = s.library("t")
        #expect(throws: ThemeError(file: "t/c.toml", line: 1, message: "inherits \"a\", which leads back here: a → b → c → a")) {
            try lib.load("a")
        }
        #expect(throws: ThemeError(file: "t/b.toml", line: 3, message: "inherits \"c\", which leads back here: c → a → b → c")) {
            try lib.load("c")
        }
        #expect(throws: ThemeError(file: "t/self.toml", line: 1, message: "inherits \"self\", and there is no other theme of that name to build on")) {
            try lib.load("self")
        }
    }

    @Test func aFileListedTwiceDoesNotInheritFromItself() throws {
        let s = try ThemeScratch()
        try s.write("t", ["a.toml": "inherits = \"a\"\n"])
        // Its directory listed twice, the file would find itself as "the next one down".
        let lib = ThemeLibrary(directories: [s.root.appendingPathComponent("t"), s.root.appendingPathComponent("t/.")], workingDirectory: s.root.path)
        #expect(throws: ThemeError(file: "t/a.toml", line: 1, message: "inherits \"a\", and there is no other theme of that name to build on")) {
            try lib.load("a")
        }
    }

    @Test func inheritingANameThatIsNowhereIsAnError() throws {
        let s = try ThemeScratch()
        try s.write("t", ["a.toml": "\ninherits = \"drak\"\n"])
        #expect(throws: ThemeError(file: "t/a.toml", line: 2, message: "inherits \"drak\", but there is no such theme (did you mean \"dark\"?)")) {
            try s.library("t").load("a")
        }
    }

    @Test func aMistakeInAnInheritedFileNamesThatFile() throws {
        let s = try ThemeScratch()
        try s.write("t", ["a.toml": "inherits = \"b\"\n", "b.toml": "[roles.header]\n\nfg = \"nowhere\"\n"])
        #expect(throws: ThemeError(file: "t/b.toml", line: 3, message: "unknown colour \"nowhere\" (not in [palette], and not a basic colour name)")) {
            try s.library("t").load("a")
        }
    }

    @Test func theNameInsideMustMatchTheFileName() throws {
        let s = try ThemeScratch()
        try s.write("t", ["mine.toml": "# copied from dark\nname = \"dark\"\n"])
        #expect(throws: ThemeError(file: "t/mine.toml", line: 2, message: "name \"dark\" does not match the file name \"mine.toml\"; make them the same")) {
            try s.library("t").load("mine")
        }
    }

    // MARK: Falling back

    @Test func aBrokenThemeFallsBackToTheDefaultWithAOneLineWarning() throws {
        let s = try ThemeScratch()
        try s.write("themes", ["mine.toml": "inherits = \"dark\"\n\n[roles.headr]\nfg = 1\n"])
        let result = s.library("themes").theme(named: "mine")
        #expect(result.theme == .builtinDark)
        #expect(result.warning == "themes/mine.toml:3: unknown role \"headr\" (did you mean \"header\"?); using \"dark\" instead")
    }

    @Test func aBrokenThemeFallsBackToTheUsersDefaultWhenThatLoads() throws {
        let s = try ThemeScratch()
        try s.write("themes", ["mine.toml": "[roles.text]\nfg =\n", "dark.toml": "inherits = \"dark\"\n[roles.title]\nfg = 1\n"])
        let result = s.library("themes").theme(named: "mine")
        #expect(result.theme.name == "dark")
        #expect(result.theme.style(.title, at: .xterm256).fg == 1)
        #expect(result.warning == "themes/mine.toml:2: expected a value after '='; using \"dark\" instead")
    }

    @Test func aBrokenDefaultFallsBackToTheBuiltInOne() throws {
        let s = try ThemeScratch()
        try s.write("themes", ["dark.toml": "[roles.text]\nfg = 300\n"])
        let result = s.library("themes").theme(named: "dark")
        #expect(result.theme == .builtinDark)
        #expect(result.warning == "themes/dark.toml:2: fg: colour 300 is out of range (0–255); using the built-in \"dark\" instead")
    }

    @Test func aMissingThemeFallsBackWithAMessage() throws {
        let s = try ThemeScratch()
        try s.write("themes", ["light.toml": ""])
        let lib = s.library("themes")
        let missing = lib.theme(named: "solarized")
        #expect(missing.theme == .builtinDark)
        #expect(missing.warning == "no theme named \"solarized\" (there are: dark, light); using \"dark\" instead")
        #expect(lib.theme(named: "lihgt").warning == "no theme named \"lihgt\" (did you mean \"light\"?); using \"dark\" instead")
        #expect(lib.theme(named: "my theme").warning == "\"my theme\" is not a theme name (letters, digits, '-' and '_'), nor a path to a .toml file; using \"dark\" instead")
    }

    @Test func unreadableFilesAreMessagesNotCrashes() throws {
        let s = try ThemeScratch()
        let dir = try s.write("themes", [:])
        try Data([0x6E, 0x61, 0x6D, 0x65, 0xFF, 0xFE]).write(to: dir.appendingPathComponent("binary.toml"))
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("folder.toml"), withIntermediateDirectories: true)
        try Data(count: ThemeFolder.maxFileSize + 1).write(to: dir.appendingPathComponent("huge.toml"))
        let lib = s.library("themes")
        #expect(lib.theme(named: "binary").warning == "themes/binary.toml: is not UTF-8 text; using \"dark\" instead")
        #expect(lib.theme(named: "huge").warning == "themes/huge.toml: is too large for a theme file (1048577 bytes); using \"dark\" instead")
        // A directory is not a theme file.
        #expect(lib.theme(named: "folder").warning?.hasPrefix("no theme named \"folder\"") == true)
    }

    @Test func pathsAreShownRelativeOrWithTilde() {
        func display(_ path: String) -> String {
            ThemeFolder.display(URL(fileURLWithPath: path), workingDirectory: "/work/main", home: "/home/me")
        }
        #expect(display("/work/main/themes/a.toml") == "themes/a.toml")
        #expect(display("/home/me/.config/nq57/themes/a.toml") == "~/.config/nq57/themes/a.toml")
        #expect(display("/etc/nq57/a.toml") == "/etc/nq57/a.toml")
        #expect(display("/work/mainly/a.toml") == "/work/mainly/a.toml")
    }

    // MARK: Where to look

    @Test func searchDirectoriesFromTheEnvironment() {
        let dirs = ThemeLibrary.searchDirectories(
            environment: ["XDG_CONFIG_HOME": "/cfg", "HOME": "/home/me", "NQ57_THEMES_DIR": "/extra/one::/extra/two"],
            executableURL: nil)
        #expect(dirs.map(\.path) == ["/cfg/nq57/themes", "/extra/one", "/extra/two"])
        let home = ThemeLibrary.searchDirectories(environment: ["HOME": "/home/me", "XDG_CONFIG_HOME": ""], executableURL: nil)
        #expect(home.map(\.path) == ["/home/me/.config/nq57/themes"])
        // A relative XDG_CONFIG_HOME is ignored, as the XDG specification says.
        let relative = ThemeLibrary.searchDirectories(environment: ["HOME": "/home/me", "XDG_CONFIG_HOME": "cfg"], executableURL: nil)
        #expect(relative.map(\.path) == ["/home/me/.config/nq57/themes"])
        #expect(ThemeLibrary.searchDirectories(environment: [:], executableURL: nil).isEmpty)
    }

    @Test func theProjectThemesAreFoundAboveTheExecutable() throws {
        let s = try ThemeScratch()
        try s.write("repo/themes", ["dark.toml": ""])
        try s.write("repo/.build/x86_64-unknown-linux-gnu/debug/themes", [:])  // not a theme directory: no dark.toml
        let exe = s.root.appendingPathComponent("repo/.build/x86_64-unknown-linux-gnu/debug/nq57")
        let dirs = ThemeLibrary.searchDirectories(environment: ["XDG_CONFIG_HOME": "/cfg"], executableURL: exe)
        #expect(dirs.map(\.path) == [
            "/cfg/nq57/themes",
            s.root.appendingPathComponent("repo/themes").standardizedFileURL.path,
            s.root.appendingPathComponent("repo/.build/x86_64-unknown-linux-gnu/share/nq57/themes").standardizedFileURL.path,
        ])
    }

    @Test func anInstalledCopyIsFoundInShare() throws {
        let s = try ThemeScratch()
        try s.write("prefix/share/nq57/themes", ["light.toml": "inherits = \"dark\"\n[roles.title]\nfg = 7\n", "extra.toml": ""])
        let exe = s.root.appendingPathComponent("prefix/bin/nq57")
        let lib = ThemeLibrary(environment: ["XDG_CONFIG_HOME": s.root.appendingPathComponent("cfg").path], executableURL: exe)
        #expect(lib.availableNames() == ["dark", "extra", "high-contrast", "light", "monochrome"])
        // The installed copy comes before the one built in.
        #expect(lib.theme(named: "light").warning == nil)
        #expect(try lib.load("light").style(.title, at: .xterm256).fg == 7)
    }

    @Test func theShippedThemesAreBuiltInWithNoFilesAnywhere() throws {
        let s = try ThemeScratch()
        let lib = ThemeLibrary(environment: ["XDG_CONFIG_HOME": s.root.appendingPathComponent("cfg").path],
                               executableURL: s.root.appendingPathComponent("elsewhere/bin/nq57"))
        #expect(lib.availableNames() == ThemeShippedTests.shipped)
        for name in ThemeShippedTests.shipped {
            let result = lib.theme(named: name)
            #expect(result.warning == nil, "\(name)")
            #expect(result.theme.name == name)
        }
        // A user's theme may inherit a shipped one that exists nowhere on disk.
        try s.write("cfg/nq57/themes", ["mine.toml": "inherits = \"light\"\n[roles.title]\nfg = 9\n"])
        #expect(try lib.load("mine").style(.title, at: .xterm256).fg == 9)
        #expect(try lib.load("mine").style(.text, at: .xterm256) == (try lib.load("light")).style(.text, at: .xterm256))
    }

    @Test func userThemesComeFirst() throws {
        let s = try ThemeScratch()
        try s.write("cfg/nq57/themes", ["light.toml": "inherits = \"light\"\n[roles.title]\nfg = 1\n"])
        try s.write("prefix/share/nq57/themes", ["light.toml": "inherits = \"dark\"\n[roles.title]\nbg = 2\n"])
        let lib = ThemeLibrary(
            environment: ["XDG_CONFIG_HOME": s.root.appendingPathComponent("cfg").path],
            executableURL: s.root.appendingPathComponent("prefix/bin/nq57"))
        let t = try lib.load("light")
        #expect(t.style(.title, at: .xterm256).fg == 1)
        #expect(t.style(.title, at: .xterm256).bg == 2)
    }
}
