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

/// A theme's text as a place holds it, read by whoever knows that place (the command line reads files).
public struct ThemeText: Sendable {
    /// Tells two texts apart: the same file reached twice has the same id (its standardised path).
    public var id: String
    /// What messages call it (`themes/light.toml`, `~/.config/nq57/themes/mine.toml`).
    public var shown: String
    /// The text, or why it could not be read (too large, not UTF-8).
    public var text: Result<String, ThemeError>

    public init(id: String, shown: String, text: Result<String, ThemeError>) {
        self.id = id
        self.shown = shown
        self.text = text
    }
}

/// A place that holds themes by name: a directory of `NAME.toml` files, or the shipped themes built
/// into the program. Render reads nothing itself: it is handed these.
public protocol ThemeDirectory: Sendable {
    /// The names of the themes here (any order; invalid names are skipped by the library).
    func themeNames() -> [String]
    /// The theme `name` here, or nil when there is none of that name.
    func theme(named name: String) -> ThemeText?
}

/// Finds themes by name among the places it is given and turns them into `Theme`s.
///
/// A name is looked up in each of `directories` in turn; `dark`, the default, is also built in, so it
/// exists with no places at all. A theme's `inherits` is looked up the same way, except that a theme
/// inheriting its own name (a user's `dark.toml` with `inherits = "dark"`) gets the next one of that
/// name further down the search, ending with the built-in one.
///
/// Places are asked on every `load`, so an edited theme file shows on the next `t` or reload.
public struct ThemeLibrary: Sendable {
    /// The theme used when none is asked for, or when the one asked for cannot be used.
    public static let defaultName = "dark"

    /// Where themes are looked for, first match wins.
    public var directories: [any ThemeDirectory]
    /// A theme given as a path (anything with a `/` or ending in `.toml`): its text, or nil when there
    /// is no such file. Without one, paths are refused.
    public var openPath: @Sendable (String) -> ThemeText?

    public init(directories: [any ThemeDirectory], openPath: @escaping @Sendable (String) -> ThemeText? = { _ in nil }) {
        self.directories = directories
        self.openPath = openPath
    }

    /// Whether `s` can name a theme: ASCII letters, digits, `-` and `_`, not too long.
    public static func isThemeName(_ s: String) -> Bool {
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
            for name in dir.themeNames() where Self.isThemeName(name) { names.insert(name) }
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
            guard let text = openPath(name) else { throw ThemeError(file: name, line: nil, message: "no such theme file") }
            first = Source(text: text, index: nil)
            let file = String(text.id.split(separator: "/").last ?? Substring(name))
            themeName = file.hasSuffix(".toml") ? String(file.dropLast(5)) : file
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
                ? locate(parent.value, after: source.index, excluding: source.text?.id)
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

    /// A theme's definition: a text from one of the places, or (text nil) the built-in default.
    struct Source: Equatable {
        var text: ThemeText?
        /// Which of `directories` it was found in; nil for a path given directly.
        var index: Int?

        static let builtin = Source(text: nil, index: nil)

        static func == (a: Source, b: Source) -> Bool { a.text?.id == b.text?.id }
    }

    /// The first theme `name` in the directories after `index`, other than the one with id
    /// `excluding`; then the built-in default if that is the name.
    func locate(_ name: String, after index: Int? = nil, excluding: String? = nil) -> Source? {
        let start = (index ?? -1) + 1
        if start < directories.count {
            for i in start..<directories.count {
                if let text = directories[i].theme(named: name), text.id != excluding { return Source(text: text, index: i) }
            }
        }
        return name == Self.defaultName ? .builtin : nil
    }

    private func document(at source: Source, named name: String) throws(ThemeError) -> ThemeDocument {
        guard let found = source.text else { return .builtinDark }
        let text: String
        switch found.text {
        case .success(let t): text = t
        case .failure(let error): throw error
        }
        let doc = try ThemeDocument.parse(text, file: found.shown)
        if let declared = doc.name, declared.value != name {
            throw declared.at.error("name \(ThemeMessage.quoted(declared.value)) does not match the file name \(ThemeMessage.quoted(name + ".toml")); make them the same")
        }
        return doc
    }
}
