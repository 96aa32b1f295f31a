import NQ57Core

/// What went wrong with a theme, as one line: `themes/mine.toml:12: unknown role "headr"`.
public struct ThemeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file as shown to the user (relative to the working directory, or with `~`); nil when the
    /// problem is not in a file (a theme name that names nothing).
    public var file: String?
    /// The 1-based line; nil when the problem is the file as a whole (unreadable).
    public var line: Int?
    public var message: String

    public init(file: String?, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        switch (file, line) {
        case let (file?, line?): "\(file):\(line): \(message)"
        case let (file?, nil): "\(file): \(message)"
        default: message
        }
    }
}

/// Where a setting was written.
struct ThemeLocation: Hashable, Sendable, Comparable {
    var file: String
    var line: Int

    static let builtin = ThemeLocation(file: "built-in theme dark", line: 0)

    static func < (a: ThemeLocation, b: ThemeLocation) -> Bool { (a.file, a.line) < (b.file, b.line) }

    func error(_ message: String) -> ThemeError {
        ThemeError(file: file, line: line > 0 ? line : nil, message: message)
    }
}

/// A value and where it was written.
struct ThemeLocated<Value: Hashable & Sendable>: Hashable, Sendable {
    var value: Value
    var at: ThemeLocation
}

/// A colour as a role gives it, before palette names are looked up.
enum ThemeColorSpec: Hashable, Sendable {
    /// A palette index 0–255 (a `#rrggbb` has become its nearest index already).
    case index(Int)
    /// A `[palette]` name or a basic colour name.
    case name(String)
    /// `"default"`: the terminal's own colour.
    case terminalDefault
}

/// A monochrome attribute, as `mono = [...]` names it.
enum ThemeAttribute: String, CaseIterable, Hashable, Sendable {
    case bold, dim, underline, reverse
}

/// One `[roles.NAME]` table: what it sets, nil for what it leaves to the theme it inherits, or to the
/// defaults.
struct ThemeRoleSpec: Hashable, Sendable {
    var fg: ThemeLocated<ThemeColorSpec>?
    var bg: ThemeLocated<ThemeColorSpec>?
    var fg16: ThemeLocated<ThemeColorSpec>?
    var bg16: ThemeLocated<ThemeColorSpec>?
    var bold: Bool?
    var dim: Bool?
    var underline: Bool?
    var reverse: Bool?
    var mono: Set<ThemeAttribute>?

    static let keys = ["fg", "bg", "fg16", "bg16", "bold", "dim", "underline", "reverse", "mono"]

    /// This table laid over the same role's table in the inherited theme, key by key. Setting `fg`
    /// without `fg16` drops the inherited `fg16`, so the fallback is derived from the new colour
    /// rather than left describing the old one (the same for `bg`).
    func overlaid(on parent: ThemeRoleSpec) -> ThemeRoleSpec {
        var r = parent
        if let fg {
            r.fg = fg
            r.fg16 = fg16
        } else if let fg16 {
            r.fg16 = fg16
        }
        if let bg {
            r.bg = bg
            r.bg16 = bg16
        } else if let bg16 {
            r.bg16 = bg16
        }
        r.bold = bold ?? parent.bold
        r.dim = dim ?? parent.dim
        r.underline = underline ?? parent.underline
        r.reverse = reverse ?? parent.reverse
        r.mono = mono ?? parent.mono
        return r
    }
}

/// A theme file as written: its own settings, not yet merged with what it inherits, palette names
/// not yet looked up.
struct ThemeDocument: Hashable, Sendable {
    var file: String
    var name: ThemeLocated<String>?
    var inherits: ThemeLocated<String>?
    /// Palette colours: an index, or nil for `"default"`.
    var palette: [String: ThemeLocated<Int?>]
    var roles: [Role: ThemeRoleSpec]

    init(file: String, name: ThemeLocated<String>? = nil, inherits: ThemeLocated<String>? = nil,
         palette: [String: ThemeLocated<Int?>] = [:], roles: [Role: ThemeRoleSpec] = [:]) {
        self.file = file
        self.name = name
        self.inherits = inherits
        self.palette = palette
        self.roles = roles
    }

    /// The roles this document (with what it inherited, once merged) gives no table.
    var missingRoles: [Role] { Role.allCases.filter { roles[$0] == nil } }

    /// This document laid over the one it inherits: palette entries and roles key by key.
    func overlaid(on parent: ThemeDocument) -> ThemeDocument {
        var out = parent
        out.file = file
        out.name = name
        out.inherits = inherits
        out.palette.merge(palette) { _, mine in mine }
        for (role, spec) in roles {
            out.roles[role] = out.roles[role].map { spec.overlaid(on: $0) } ?? spec
        }
        return out
    }
}

// MARK: - Reading a file

extension ThemeDocument {
    /// Reads a theme file. `file` is how the file is named in messages.
    static func parse(_ source: String, file: String) throws(ThemeError) -> ThemeDocument {
        var doc = ThemeDocument(file: file)
        for table in try ThemeTOML.parse(source, file: file) {
            let at = ThemeLocation(file: file, line: table.line)
            switch table.path.first {
            case nil:
                try doc.readRoot(table.entries)
            case "palette" where table.path.count == 1:
                try doc.readPalette(table.entries)
            case "roles" where table.path.count == 2:
                let name = table.path[1]
                guard let role = Role(rawValue: name) else {
                    throw at.error("unknown role \(ThemeMessage.quoted(name))\(ThemeMessage.suggestion(for: name, among: Role.allCases.map(\.rawValue)))")
                }
                doc.roles[role] = try readRole(table.entries, in: "[roles.\(name)]", file: file)
            case "roles" where table.path.count == 1:
                throw at.error("[roles] needs a role name: [roles.header], [roles.overdue], …")
            default:
                let shown = table.path.joined(separator: ".")
                throw at.error("unknown table [\(shown)] (a theme has [palette] and [roles.NAME] tables)")
            }
        }
        return doc
    }

    private mutating func readRoot(_ entries: [ThemeTOML.Entry]) throws(ThemeError) {
        for e in entries {
            let at = ThemeLocation(file: file, line: e.line)
            switch e.key {
            case "name", "inherits":
                guard case .string(let s) = e.value, ThemeLibrary.isThemeName(s) else {
                    throw at.error("\(e.key) must be a theme name in quotes (letters, digits, '-', '_'), such as \"dark\"")
                }
                if e.key == "name" { name = ThemeLocated(value: s, at: at) } else { inherits = ThemeLocated(value: s, at: at) }
            default:
                let hint = ThemeRoleSpec.keys.contains(e.key)
                    ? " (role settings go under a [roles.NAME] table)"
                    : ThemeMessage.suggestion(for: e.key, among: ["name", "inherits"], otherwise: " (the top of a theme file has only name and inherits)")
                throw at.error("unknown key \(ThemeMessage.quoted(e.key))\(hint)")
            }
        }
    }

    private mutating func readPalette(_ entries: [ThemeTOML.Entry]) throws(ThemeError) {
        for e in entries {
            let at = ThemeLocation(file: file, line: e.line)
            if ThemeColor.basicIndex(e.key) != nil || e.key == "default" {
                throw at.error("palette name \(ThemeMessage.quoted(e.key)) is a basic colour name; choose another, such as \(ThemeMessage.quoted("my-" + e.key))")
            }
            let spec = try Self.readColor(e.value, key: "palette colour \(ThemeMessage.quoted(e.key))", at: at)
            switch spec {
            case .index(let i): palette[e.key] = ThemeLocated(value: i, at: at)
            case .terminalDefault: palette[e.key] = ThemeLocated(value: nil, at: at)
            case .name(let n):
                guard let i = ThemeColor.basicIndex(n) else {
                    throw at.error("palette colour \(ThemeMessage.quoted(e.key)) must be 0–255, a basic colour name, \"#rrggbb\" or \"default\", not \(ThemeMessage.quoted(n))\(ThemeMessage.suggestion(for: n, among: ThemeColor.basicNames))")
                }
                palette[e.key] = ThemeLocated(value: i, at: at)
            }
        }
    }

    private static func readRole(_ entries: [ThemeTOML.Entry], in table: String, file: String) throws(ThemeError) -> ThemeRoleSpec {
        var spec = ThemeRoleSpec()
        for e in entries {
            let at = ThemeLocation(file: file, line: e.line)
            func flag() throws(ThemeError) -> Bool {
                guard case .boolean(let b) = e.value else { throw at.error("\(e.key) must be true or false") }
                return b
            }
            func color() throws(ThemeError) -> ThemeLocated<ThemeColorSpec> {
                ThemeLocated(value: try readColor(e.value, key: e.key, at: at), at: at)
            }
            switch e.key {
            case "fg": spec.fg = try color()
            case "bg": spec.bg = try color()
            case "fg16": spec.fg16 = try color()
            case "bg16": spec.bg16 = try color()
            case "bold": spec.bold = try flag()
            case "dim": spec.dim = try flag()
            case "underline": spec.underline = try flag()
            case "reverse": spec.reverse = try flag()
            case "mono": spec.mono = try readMono(e.value, at: at)
            default:
                let hint = ThemeMessage.suggestion(
                    for: e.key, among: ThemeRoleSpec.keys,
                    otherwise: " (a role has fg, bg, fg16, bg16, bold, dim, underline, reverse and mono)")
                throw at.error("unknown key \(ThemeMessage.quoted(e.key)) in \(table)\(hint)")
            }
        }
        return spec
    }

    private static func readColor(_ value: ThemeTOML.Value, key: String, at: ThemeLocation) throws(ThemeError) -> ThemeColorSpec {
        switch value {
        case .integer(let n):
            guard (0...255).contains(n) else { throw at.error("\(key): colour \(n) is out of range (0–255)") }
            return .index(n)
        case .string(let s) where s.hasPrefix("#"):
            guard let i = ThemeColor.hex(s) else { throw at.error("\(key): \(ThemeMessage.quoted(s)) is not a colour; write #rrggbb") }
            return .index(i)
        case .string(let s):
            if s == "default" { return .terminalDefault }
            guard !s.isEmpty else { throw at.error("\(key): the colour is empty") }
            return .name(s)
        default:
            throw at.error("\(key) must be a colour: a palette name, 0–255, a basic colour name, \"#rrggbb\" or \"default\"")
        }
    }

    private static func readMono(_ value: ThemeTOML.Value, at: ThemeLocation) throws(ThemeError) -> Set<ThemeAttribute> {
        let names: [String]
        switch value {
        case .strings(let list): names = list
        case .string(let one): names = [one]
        default: throw at.error("mono must be a list of attributes, such as [\"bold\", \"reverse\"]")
        }
        var out: Set<ThemeAttribute> = []
        for n in names {
            guard let a = ThemeAttribute(rawValue: n) else {
                let all = ThemeAttribute.allCases.map(\.rawValue)
                throw at.error("unknown attribute \(ThemeMessage.quoted(n)) in mono\(ThemeMessage.suggestion(for: n, among: all, otherwise: " (use bold, dim, underline or reverse)"))")
            }
            out.insert(a)
        }
        return out
    }
}

// MARK: - Resolving

extension ThemeDocument {
    /// The theme this (merged) document describes, named `name`.
    ///
    /// Roles the document leaves out, and colours a role leaves out, take those of `text`; a 16-colour
    /// fallback left out is the basic colour nearest the role's colour; `mono` left out is the role's
    /// own attributes, plus `reverse` when the role has a background of its own (so bars and the
    /// selection stay visible without colour).
    func resolve(name: String) throws(ThemeError) -> Theme {
        try validateColors()
        let base = try roleColors(roles[.text] ?? ThemeRoleSpec(), base: RoleColors())
        var out: [Role: RoleStyle] = [:]
        for role in Role.allCases {
            let spec = roles[role] ?? ThemeRoleSpec()
            let c = try roleColors(spec, base: base)
            let bold = spec.bold ?? false, dim = spec.dim ?? false
            let underline = spec.underline ?? false, reverse = spec.reverse ?? false
            let mono = spec.mono.map {
                Style(bold: $0.contains(.bold), dim: $0.contains(.dim), underline: $0.contains(.underline), reverse: $0.contains(.reverse))
            } ?? Style(bold: bold, dim: dim, underline: underline, reverse: reverse || c.bg256 != base.bg256)
            out[role] = RoleStyle(
                xterm256: Style(fg: c.fg256, bg: c.bg256, bold: bold, dim: dim, underline: underline, reverse: reverse),
                ansi16: Style(fg: c.fg16, bg: c.bg16, bold: bold, dim: dim, underline: underline, reverse: reverse),
                mono: mono)
        }
        return Theme(name: name, roles: out)
    }

    struct RoleColors {
        var fg256: Int?
        var bg256: Int?
        var fg16: Int?
        var bg16: Int?
    }

    private func roleColors(_ spec: ThemeRoleSpec, base: RoleColors) throws(ThemeError) -> RoleColors {
        var c = base
        if let fg = spec.fg { c.fg256 = try color(fg) }
        if let bg = spec.bg { c.bg256 = try color(bg) }
        if let fg16 = spec.fg16 {
            c.fg16 = try color16(fg16, key: "fg16")
        } else if spec.fg != nil {
            c.fg16 = c.fg256.map(ThemeColor.nearestBasic)
        }
        if let bg16 = spec.bg16 {
            c.bg16 = try color16(bg16, key: "bg16")
        } else if spec.bg != nil {
            c.bg16 = c.bg256.map(ThemeColor.nearestBasic)
        }
        return c
    }

    /// Looks up every colour once, in the order they were written, so the first mistake is the one
    /// reported.
    private func validateColors() throws(ThemeError) {
        var checks: [(ThemeLocated<ThemeColorSpec>, String?)] = []
        for spec in roles.values {
            if let c = spec.fg { checks.append((c, nil)) }
            if let c = spec.bg { checks.append((c, nil)) }
            if let c = spec.fg16 { checks.append((c, "fg16")) }
            if let c = spec.bg16 { checks.append((c, "bg16")) }
        }
        for (c, key) in checks.sorted(by: { $0.0.at < $1.0.at }) {
            if let key { _ = try color16(c, key: key) } else { _ = try color(c) }
        }
    }

    private func color(_ c: ThemeLocated<ThemeColorSpec>) throws(ThemeError) -> Int? {
        switch c.value {
        case .index(let i): return i
        case .terminalDefault: return nil
        case .name(let n):
            if let p = palette[n] { return p.value }
            if let b = ThemeColor.basicIndex(n) { return b }
            let known = palette.keys.sorted() + ThemeColor.basicNames
            throw c.at.error("unknown colour \(ThemeMessage.quoted(n))\(ThemeMessage.suggestion(for: n, among: known, otherwise: " (not in [palette], and not a basic colour name)"))")
        }
    }

    private func color16(_ c: ThemeLocated<ThemeColorSpec>, key: String) throws(ThemeError) -> Int? {
        let v = try color(c)
        if let v, v > 15 {
            let what = switch c.value {
            case .name(let n): "\(ThemeMessage.quoted(n)) is \(v)"
            default: "not \(v)"
            }
            throw c.at.error("\(key) must be a basic colour (0–15 or a name such as \"yellow\"), \(what)")
        }
        return v
    }
}

/// Pieces of theme error messages.
enum ThemeMessage {
    /// A string in double quotes with control characters escaped, so a message stays on one line.
    static func quoted(_ s: String) -> String { Quoting.quoted(s) }

    /// ` (did you mean "header"?)` when a candidate is within a couple of typing mistakes of `word`,
    /// else `otherwise`.
    static func suggestion(for word: String, among candidates: [String], otherwise: String = "") -> String {
        let limit = max(1, min(2, word.count / 3))
        let scored = candidates.map { ($0, editDistance(word, $0)) }.filter { $0.1 <= limit }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return otherwise }
        return " (did you mean \(quoted(best.0))?)"
    }

    /// Edit distance in characters, a swap of neighbours counting as one edit (`drak` is one from `dark`).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
