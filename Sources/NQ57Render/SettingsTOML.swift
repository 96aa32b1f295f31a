/// Settings files (`config.toml`) in the TOML subset theme files use, read by the same parser
/// (`ThemeTOML`), so the command line needs no TOML dependency either.
public enum SettingsTOML {
    public enum Value: Hashable, Sendable {
        case string(String)
        case integer(Int)
        case boolean(Bool)
        case strings([String])
    }

    /// One `key = value` line, with the `[table]` it is under (empty for the top of the file).
    public struct Entry: Hashable, Sendable {
        public var table: [String]
        public var key: String
        public var value: Value
        public var line: Int
    }

    /// Every entry in file order; a syntax error names the file and line.
    public static func parse(_ source: String, file: String) throws(ThemeError) -> [Entry] {
        try ThemeTOML.parse(source, file: file).flatMap { table in
            table.entries.map { entry in
                let value: Value = switch entry.value {
                case .string(let s): .string(s)
                case .integer(let n): .integer(n)
                case .boolean(let b): .boolean(b)
                case .strings(let a): .strings(a)
                }
                return Entry(table: table.path, key: entry.key, value: value, line: entry.line)
            }
        }
    }
}
