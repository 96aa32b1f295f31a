import Foundation
import NQ57Core
import NQ57Render
import NQ57Store

/// The configuration files, read the way terminal tools read theirs: the system-wide
/// `/etc/nq57/config.toml` first, then the user's `$XDG_CONFIG_HOME/nq57/config.toml` (else
/// `~/.config/nq57/config.toml`), a later file overriding an earlier one key by key. Command-line
/// flags beat both, and `$NQ57_DB` beats their `database`.
///
/// ```toml
/// database = "/srv/nq57/data/nq57.sqlite"   # the shared database
/// language = "vi"                            # vi or en
/// theme = "dark"                             # a theme name, a .toml path or auto
/// refresh = 2                                # seconds between refreshes of watch (1–3600)
/// ```
///
/// A missing file is no error. An unreadable file, a syntax error, an unknown key or a bad value is a
/// warning naming the file and line and what is used instead; nq57 then carries on.
struct Settings {
    var database: String?
    var language: Language?
    var theme: String?
    var refresh: Int?
    /// One line per problem found, e.g. `/etc/nq57/config.toml:3: unknown key "colour"; ignored`.
    var warnings: [String] = []

    static let keys = ["database", "language", "theme", "refresh"]

    /// The files read, in order: `$NQ57_SYSTEM_CONFIG` (for tests and unusual installs) replaces
    /// `/etc/nq57/config.toml`.
    static func files(environment env: [String: String]) -> [String] {
        let system = env["NQ57_SYSTEM_CONFIG"].flatMap { $0.isEmpty ? nil : $0 } ?? "/etc/nq57/config.toml"
        if let xdg = env["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return [system, xdg + "/nq57/config.toml"] }
        if let home = env["HOME"], !home.isEmpty { return [system, home + "/.config/nq57/config.toml"] }
        return [system]
    }

    /// The settings of this process, read once; warnings go to standard error the first time.
    static let current: Settings = {
        let s = Settings.load(environment: ProcessInfo.processInfo.environment)
        for w in s.warnings { Console.note("nq57: " + w) }
        return s
    }()

    static func load(environment env: [String: String]) -> Settings {
        var settings = Settings()
        for file in files(environment: env) {
            guard FileManager.default.fileExists(atPath: file) else { continue }
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                settings.warnings.append("\(file): cannot read the configuration (\(Self.describe(file))); ignored")
                continue
            }
            settings.apply(text, file: file)
        }
        return settings
    }

    /// Applies one file's entries over what the earlier files set.
    mutating func apply(_ text: String, file: String) {
        let entries: [SettingsTOML.Entry]
        do {
            entries = try SettingsTOML.parse(text, file: file)
        } catch {
            warnings.append("\(error); the whole file is ignored")
            return
        }
        for e in entries {
            let at = "\(file):\(e.line)"
            guard e.table.isEmpty, Self.keys.contains(e.key) else {
                let name = (e.table + [e.key]).joined(separator: ".")
                warnings.append("\(at): unknown key \"\(name)\" (known: \(Self.keys.joined(separator: ", "))); ignored")
                continue
            }
            switch (e.key, e.value) {
            case ("database", .string(let path)) where path.hasPrefix("/") || path.hasPrefix("~/"):
                database = path.hasPrefix("~/") ? NSHomeDirectory() + path.dropFirst() : path
            case ("language", .string(let code)) where Language(rawValue: code) != nil:
                language = Language(rawValue: code)
            case ("theme", .string(let name)) where !name.isEmpty:
                theme = name
            case ("refresh", .integer(let n)) where LiveState.intervals.contains(n):
                refresh = n
            default:
                warnings.append("\(at): \(e.key): \(Self.shown(e.value)) is not \(Self.expected[e.key] ?? "valid"); using \(using(e.key))")
            }
        }
    }

    static let expected = [
        "database": "an absolute path (or ~/…) in quotes",
        "language": "\"vi\" or \"en\"",
        "theme": "a theme name in quotes",
        "refresh": "a whole number of seconds, 1–3600",
    ]

    /// What stands when a key's value is refused: an earlier file's value, else the built-in default.
    func using(_ key: String) -> String {
        switch key {
        case "database": database ?? "the default database"
        case "language": (language ?? .vi).rawValue
        case "theme": theme ?? "auto"
        default: "\(refresh ?? 2) s"
        }
    }

    static func shown(_ value: SettingsTOML.Value) -> String {
        switch value {
        case .string(let s): "\"\(s)\""
        case .integer(let n): String(n)
        case .boolean(let b): String(b)
        case .strings(let a): "[" + a.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        }
    }

    static func describe(_ path: String) -> String {
        access(path, R_OK) == 0 ? "not UTF-8" : "no read permission for this account"
    }

    /// The database: `--db`, else `$NQ57_DB`, else the configuration's `database`, else the
    /// single-user default (`$XDG_DATA_HOME/nq57/nq57.sqlite`, else `~/.local/share/nq57/nq57.sqlite`).
    func databasePath(flag: String?, environment env: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let flag { return flag }
        if let p = env["NQ57_DB"], !p.isEmpty { return p }
        return database ?? SQLiteStore.defaultPath(environment: env)
    }
}
