import Foundation
import NQ57Render

/// A directory of `NAME.toml` theme files. A directory that does not exist holds no themes.
public struct ThemeFolder: ThemeDirectory {
    public var url: URL
    /// Paths under this directory are shown relative to it in messages.
    public var workingDirectory: String?
    /// Paths under this directory are shown with `~` in messages.
    public var home: String?

    /// Theme files larger than this are refused rather than read (a real one is a few kilobytes).
    public static let maxFileSize = 1 << 20

    public init(_ url: URL, workingDirectory: String?, home: String?) {
        self.url = url
        self.workingDirectory = workingDirectory
        self.home = home
    }

    public func themeNames() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return files.filter { $0.hasSuffix(".toml") && Self.isFile(url.appendingPathComponent($0)) }.map { String($0.dropLast(5)) }
    }

    public func theme(named name: String) -> ThemeText? {
        let file = url.appendingPathComponent("\(name).toml").standardizedFileURL
        return Self.isFile(file) ? Self.read(file, shown: Self.display(file, workingDirectory: workingDirectory, home: home)) : nil
    }

    /// A theme file given by path, relative to `workingDirectory` unless absolute; nil when there is
    /// no such file.
    public static func open(path: String, workingDirectory: String?, home: String?) -> ThemeText? {
        let base = workingDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) }
        let url = URL(fileURLWithPath: path, relativeTo: path.hasPrefix("/") ? nil : base).standardizedFileURL
        return isFile(url) ? read(url, shown: display(url, workingDirectory: workingDirectory, home: home)) : nil
    }

    static func read(_ url: URL, shown: String) -> ThemeText {
        let text: Result<String, ThemeError>
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        if size > maxFileSize {
            text = .failure(ThemeError(file: shown, line: nil, message: "is too large for a theme file (\(size) bytes)"))
        } else if let data = FileManager.default.contents(atPath: url.path) {
            text = String(validating: data, as: UTF8.self).map { .success($0) }
                ?? .failure(ThemeError(file: shown, line: nil, message: "is not UTF-8 text"))
        } else {
            text = .failure(ThemeError(file: shown, line: nil, message: "cannot be read"))
        }
        return ThemeText(id: url.path, shown: shown, text: text)
    }

    static func isFile(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// A path as messages show it: relative to the working directory when under it, else with `~`
    /// for the home directory.
    public static func display(_ url: URL, workingDirectory: String?, home: String?) -> String {
        let path = url.standardizedFileURL.path
        for (dir, prefix) in [(workingDirectory, ""), (home, "~/")] {
            guard let dir, !dir.isEmpty, dir != "/" else { continue }
            let d = dir.hasSuffix("/") ? dir : dir + "/"
            if path.hasPrefix(d) { return prefix + path.dropFirst(d.count) }
        }
        return path
    }
}

/// The themes shipped in the repository's `themes/`, built into the program (ShippedThemes.swift,
/// made by `scripts/embed-themes`): every shipped theme works wherever the binary is.
public struct ShippedThemes: ThemeDirectory {
    public init() {}

    public func themeNames() -> [String] { Array(Self.texts.keys) }

    public func theme(named name: String) -> ThemeText? {
        Self.texts[name].map { ThemeText(id: "shipped:\(name)", shown: "\(name) (built in)", text: .success($0)) }
    }
}

extension ThemeLibrary {
    /// A library over theme directories on disk (then the shipped themes when `shipped`), with paths
    /// read from disk too.
    public init(directories: [URL], workingDirectory: String? = FileManager.default.currentDirectoryPath, home: String? = nil,
                shipped: Bool = false) {
        var places: [any ThemeDirectory] = directories.map { ThemeFolder($0, workingDirectory: workingDirectory, home: home) }
        if shipped { places.append(ShippedThemes()) }
        self.init(directories: places) { ThemeFolder.open(path: $0, workingDirectory: workingDirectory, home: home) }
    }

    /// The library the program uses: the standard search directories for this environment and
    /// executable (see `searchDirectories`), then the shipped themes built into the program.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executableURL: URL? = Bundle.main.executableURL
    ) {
        self.init(
            directories: Self.searchDirectories(environment: environment, executableURL: executableURL),
            workingDirectory: FileManager.default.currentDirectoryPath,
            home: environment["HOME"], shipped: true)
    }

    /// The standard places for theme files, in the order they are searched:
    /// 1. `$XDG_CONFIG_HOME/nq57/themes` (when `XDG_CONFIG_HOME` is an absolute path), else
    ///    `$HOME/.config/nq57/themes`: the user's own themes;
    /// 2. each directory in `$NQ57_THEMES_DIR` (separated by `:`);
    /// 3. the nearest `themes/` holding `dark.toml` in the executable's directory or above it (so
    ///    `.build/debug/nq57` finds the repository's `themes/`, edits included);
    /// 4. `<executable's directory>/../share/nq57/themes` (an installed copy).
    /// After them all come the shipped themes built into the program.
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
}
