import Foundation

/// A theme asked for by name: always a theme to draw with, and a warning when it is not the one asked
/// for.
public struct ThemeLoad: Sendable {
    public var theme: Theme
    /// One line for the UI to show, naming the file and line at fault, when the theme asked for could
    /// not be used and another stands in for it; nil when all went well.
    public var warning: String?

    public init(theme: Theme, warning: String?) {
        self.theme = theme
        self.warning = warning
    }
}

/// Finds theme files by name and turns them into `Theme`s.
///
/// A name is looked up as `NAME.toml` in each of `directories` in turn; `dark`, the default, is also
/// built in, so it exists with no files at all. A theme's `inherits` is looked up the same way, except
/// that a file inheriting its own name (a user's `dark.toml` with `inherits = "dark"`) gets the next
/// one of that name further down the search, ending with the built-in one.
///
/// Files are read on every `load`, so an edited theme shows on the next `t` or reload.
public struct ThemeLibrary: Sendable {
    /// The theme used when none is asked for, or when the one asked for cannot be used.
    public static let defaultName = "dark"

    /// Where theme files are looked for, first match wins. Directories that do not exist are skipped.
    public var directories: [URL]
    /// Paths under this directory are shown relative to it in messages.
    public var workingDirectory: String?
    /// Paths under this directory are shown with `~` in messages.
    public var home: String?

    public init(directories: [URL], workingDirectory: String? = FileManager.default.currentDirectoryPath, home: String? = nil) {
        self.directories = directories
        self.workingDirectory = workingDirectory
        self.home = home
    }

    /// The library the program uses: the standard search directories for this environment and
    /// executable (see `searchDirectories`).
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executableURL: URL? = Bundle.main.executableURL
    ) {
        self.init(
            directories: Self.searchDirectories(environment: environment, executableURL: executableURL),
            workingDirectory: FileManager.default.currentDirectoryPath,
            home: environment["HOME"])
    }

    /// The standard places for theme files, in the order they are searched:
    /// 1. `$XDG_CONFIG_HOME/nq57/themes` (when `XDG_CONFIG_HOME` is an absolute path), else
    ///    `$HOME/.config/nq57/themes`: the user's own themes;
    /// 2. each directory in `$NQ57_THEMES_DIR` (separated by `:`);
    /// 3. the nearest `themes/` holding `dark.toml` in the executable's directory or above it (so
    ///    `.build/debug/nq57` finds the repository's `themes/`);
    /// 4. `<executable's directory>/../share/nq57/themes` (an installed copy).
    public static func searchDirectories(environment env: [String: String], executableURL: URL?) -> [URL] {
        var paths: [String] = []
        if let xdg = env["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            paths.append(join(xdg, "nq57/themes"))
        } else if let home = env["HOME"], !home.isEmpty {
            paths.append(join(home, ".config/nq57/themes"))
        }
        for part in (env["NQ57_THEMES_DIR"] ?? "").split(separator: ":") where !part.isEmpty {
            paths.append(String(part))
        }
        if let exe = executableURL {
            let exeDir = (exe.resolvingSymlinksInPath().path as NSString).deletingLastPathComponent
            var dir = exeDir
            for _ in 0..<64 {
                let themes = join(dir, "themes")
                if FileManager.default.fileExists(atPath: join(themes, "\(defaultName).toml")) {
                    paths.append(themes)
                    break
                }
                let up = (dir as NSString).deletingLastPathComponent
                if up == dir || up.isEmpty { break }
                dir = up
            }
            paths.append(join((exeDir as NSString).deletingLastPathComponent, "share/nq57/themes"))
        }
        var seen: Set<String> = []
        return paths.map { URL(fileURLWithPath: $0).standardizedFileURL }.filter { seen.insert($0.path).inserted }
    }

    private static func join(_ a: String, _ b: String) -> String { (a as NSString).appendingPathComponent(b) }

    /// Whether `s` can name a theme: ASCII letters, digits, `-` and `_`, not too long.
    static func isThemeName(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 64 && s.unicodeScalars.allSatisfy {
            ($0.value < 0x80 && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" || $0 == "_"
        }
    }

    // MARK: Names

    /// Every theme there is: the built-in default and each `NAME.toml` in the search directories, the
    /// default first, the rest sorted. What `t` cycles through.
    public func availableNames() -> [String] {
        var names: Set<String> = []
        for dir in directories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            for file in files where file.hasSuffix(".toml") {
                let name = String(file.dropLast(5))
                if Self.isThemeName(name), Self.isFile(dir.appendingPathComponent(file)) { names.insert(name) }
            }
        }
        names.remove(Self.defaultName)
        return [Self.defaultName] + names.sorted()
    }

    /// The theme after `current` in `availableNames()`, wrapping round; the first when `current` is not
    /// among them.
    public func name(after current: String) -> String {
        let names = availableNames()
        guard let i = names.firstIndex(of: current) else { return names[0] }
        return names[(i + 1) % names.count]
    }

    // MARK: Loading

    /// The theme named `name`, never failing: when it cannot be used, the default stands in (the
    /// built-in one if the default's file is broken too) and `warning` says why in one line, such as
    /// `themes/mine.toml:12: unknown role "headr" (did you mean "header"?); using "dark" instead`.
    /// `nil` asks for the default.
    public func theme(named name: String?) -> ThemeLoad {
        let name = name ?? Self.defaultName
        do {
            return ThemeLoad(theme: try load(name), warning: nil)
        } catch {
            if name != Self.defaultName, let fallback = try? load(Self.defaultName) {
                return ThemeLoad(theme: fallback, warning: "\(error); using \(ThemeMessage.quoted(Self.defaultName)) instead")
            }
            return ThemeLoad(theme: .builtinDark, warning: "\(error); using the built-in \(ThemeMessage.quoted(Self.defaultName)) instead")
        }
    }

    /// The theme named `name`, with everything it inherits, or the first thing wrong with it.
    ///
    /// `name` is a theme name, or a path to a `.toml` file (anything with a `/` or ending in `.toml`),
    /// which is read directly and named after the file.
    public func load(_ name: String) throws(ThemeError) -> Theme {
        let (themeName, document) = try mergedDocument(name)
        return try document.resolve(name: themeName)
    }

    /// The theme's name and its document merged with everything it inherits.
    func mergedDocument(_ name: String) throws(ThemeError) -> (String, ThemeDocument) {
        let first: Source
        let themeName: String
        if name.contains("/") || name.hasSuffix(".toml") {
            let base = workingDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) }
            let url = URL(fileURLWithPath: name, relativeTo: name.hasPrefix("/") ? nil : base).standardizedFileURL
            guard Self.isFile(url) else { throw ThemeError(file: display(url), line: nil, message: "no such theme file") }
            first = Source(url: url, index: nil)
            themeName = url.deletingPathExtension().lastPathComponent
        } else {
            guard Self.isThemeName(name) else {
                throw ThemeError(file: nil, line: nil, message: "\(ThemeMessage.quoted(name)) is not a theme name (letters, digits, '-' and '_'), nor a path to a .toml file")
            }
            guard let found = locate(name) else {
                let names = availableNames()
                let hint = ThemeMessage.suggestion(for: name, among: names, otherwise: " (there are: \(names.joined(separator: ", ")))")
                throw ThemeError(file: nil, line: nil, message: "no theme named \(ThemeMessage.quoted(name))\(hint)")
            }
            first = found
            themeName = name
        }

        var chain: [(name: String, source: Source)] = [(themeName, first)]
        var documents: [ThemeDocument] = []
        while true {
            let (currentName, source) = chain[chain.count - 1]
            let doc = try document(at: source, named: currentName)
            documents.append(doc)
            guard let parent = doc.inherits else { break }
            let next = parent.value == currentName
                ? locate(parent.value, after: source.index, excluding: source.url)
                : locate(parent.value)
            guard let next else {
                let hint = parent.value == currentName
                    ? ", and there is no other theme of that name to build on"
                    : ", but there is no such theme" + ThemeMessage.suggestion(for: parent.value, among: availableNames())
                throw parent.at.error("inherits \(ThemeMessage.quoted(parent.value))\(hint)")
            }
            if chain.contains(where: { $0.source == next }) {
                let loop = (chain.map(\.name) + [parent.value]).joined(separator: " → ")
                throw parent.at.error("inherits \(ThemeMessage.quoted(parent.value)), which leads back here: \(loop)")
            }
            chain.append((parent.value, next))
        }
        var merged = documents.removeLast()
        for doc in documents.reversed() { merged = doc.overlaid(on: merged) }
        return (themeName, merged)
    }

    /// A theme's definition: a file, or (url nil) the built-in default.
    struct Source: Equatable {
        var url: URL?
        /// Which of `directories` the file was found in; nil for a path given directly.
        var index: Int?

        static let builtin = Source(url: nil, index: nil)

        static func == (a: Source, b: Source) -> Bool { a.url?.path == b.url?.path }
    }

    /// The first `NAME.toml` in the directories after `index`, other than `excluding`; then the
    /// built-in default if that is the name.
    func locate(_ name: String, after index: Int? = nil, excluding: URL? = nil) -> Source? {
        let start = (index ?? -1) + 1
        if start < directories.count {
            for i in start..<directories.count {
                let url = directories[i].appendingPathComponent("\(name).toml").standardizedFileURL
                if url.path != excluding?.path, Self.isFile(url) { return Source(url: url, index: i) }
            }
        }
        return name == Self.defaultName ? .builtin : nil
    }

    private static func isFile(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// Theme files larger than this are refused rather than read (a real one is a few kilobytes).
    static let maxFileSize = 1 << 20

    private func document(at source: Source, named name: String) throws(ThemeError) -> ThemeDocument {
        guard let url = source.url else { return .builtinDark }
        let shown = display(url)
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        guard size <= Self.maxFileSize else {
            throw ThemeError(file: shown, line: nil, message: "is too large for a theme file (\(size) bytes)")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ThemeError(file: shown, line: nil, message: "cannot be read")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ThemeError(file: shown, line: nil, message: "is not UTF-8 text")
        }
        let doc = try ThemeDocument.parse(text, file: shown)
        if let declared = doc.name, declared.value != name {
            throw declared.at.error("name \(ThemeMessage.quoted(declared.value)) does not match the file name \(ThemeMessage.quoted(name + ".toml")); make them the same")
        }
        return doc
    }

    /// A path as messages show it: relative to the working directory when under it, else with `~`
    /// for the home directory.
    func display(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        for (dir, prefix) in [(workingDirectory, ""), (home, "~/")] {
            guard let dir, !dir.isEmpty, dir != "/" else { continue }
            let d = dir.hasSuffix("/") ? dir : dir + "/"
            if path.hasPrefix(d) { return prefix + path.dropFirst(d.count) }
        }
        return path
    }
}
