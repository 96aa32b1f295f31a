import NQ57Core

/// The part of TOML that theme files use, read by hand so the project needs no TOML dependency.
///
/// Understood: `#` comments, blank lines, `[table]` and `[dotted.table]` headers, and
/// `key = value` lines where the value is a string (`"basic"` with `\" \\ \n \t \uXXXX` escapes, or
/// `'literal'`), a whole number, `true`/`false`, or an array of strings (which may span lines).
/// Everything else TOML has (floats, dates, inline tables, dotted keys, `[[arrays of tables]]`,
/// multi-line strings) is an error that says so, with the file and line.
enum ThemeTOML {
    enum Value: Hashable, Sendable {
        case string(String)
        case integer(Int)
        case boolean(Bool)
        case strings([String])
    }

    struct Entry: Hashable, Sendable {
        var key: String
        var value: Value
        var line: Int
    }

    /// A `[table]` and the entries under it. The root table (before any header) has an empty path
    /// and line 0.
    struct Table: Hashable, Sendable {
        var path: [String]
        var line: Int
        var entries: [Entry]
    }

    /// The tables of a file in the order they appear, the root first.
    static func parse(_ source: String, file: String) throws(ThemeError) -> [Table] {
        var parser = Parser(bytes: Array(source.utf8), file: file)
        return try parser.document()
    }

    private struct Parser {
        let bytes: [UInt8]
        let file: String
        var i = 0
        var line = 1

        init(bytes: [UInt8], file: String) {
            self.bytes = bytes
            self.file = file
            i = ByteOrderMark.length(bytes)
        }

        func fail(_ message: String, line: Int? = nil) -> ThemeError {
            ThemeError(file: file, line: line ?? self.line, message: message)
        }

        var atEnd: Bool { i >= bytes.count }
        var current: UInt8? { i < bytes.count ? bytes[i] : nil }

        mutating func skipSpaces() {
            while let c = current, c == 0x20 || c == 0x09 { i += 1 }
        }

        mutating func skipComment() {
            guard current == UInt8(ascii: "#") else { return }
            while let c = current, c != 0x0A { i += 1 }
        }

        /// Consumes a line break (LF or CRLF) if one is next.
        mutating func lineBreak() -> Bool {
            if current == 0x0A {
                i += 1
                line += 1
                return true
            }
            if current == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A {
                i += 2
                line += 1
                return true
            }
            return false
        }

        /// After a header or a value: only spaces and a comment may follow on the line.
        mutating func endOfLine(after what: String) throws(ThemeError) {
            skipSpaces()
            skipComment()
            if atEnd || lineBreak() { return }
            throw fail("unexpected \(ThemeMessage.quoted(word())) after \(what)")
        }

        /// The run of characters at the cursor up to a space or delimiter, for messages.
        mutating func word() -> String {
            let start = i
            while let c = current, !(c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == UInt8(ascii: "#")
                || c == UInt8(ascii: ",") || c == UInt8(ascii: "]")) { i += 1 }
            if i == start, !atEnd { i += 1 }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }

        static func isBareKeyByte(_ c: UInt8) -> Bool {
            (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39)
                || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
        }

        mutating func bareKey() -> String? {
            let start = i
            while let c = current, Self.isBareKeyByte(c) { i += 1 }
            return i > start ? String(decoding: bytes[start..<i], as: UTF8.self) : nil
        }

        mutating func document() throws(ThemeError) -> [Table] {
            var tables = [Table(path: [], line: 0, entries: [])]
            var seenTables: [[String]: Int] = [[]: 0]
            while true {
                skipSpaces()
                skipComment()
                if atEnd { break }
                if lineBreak() { continue }
                if current == UInt8(ascii: "[") {
                    let headerLine = line
                    let path = try header()
                    if let first = seenTables[path] {
                        throw fail("table [\(path.joined(separator: "."))] appears twice (first on line \(first))", line: headerLine)
                    }
                    seenTables[path] = headerLine
                    tables.append(Table(path: path, line: headerLine, entries: []))
                } else {
                    let entry = try keyValue()
                    if let first = tables[tables.count - 1].entries.first(where: { $0.key == entry.key }) {
                        throw fail("\(ThemeMessage.quoted(entry.key)) is set twice (first on line \(first.line))", line: entry.line)
                    }
                    tables[tables.count - 1].entries.append(entry)
                }
            }
            return tables
        }

        mutating func header() throws(ThemeError) -> [String] {
            i += 1  // [
            if current == UInt8(ascii: "[") {
                throw fail("arrays of tables ([[…]]) are not used in theme files")
            }
            var path: [String] = []
            while true {
                skipSpaces()
                guard let part = bareKey() else {
                    if current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") {
                        throw fail("quoted table names are not used in theme files; write [roles.header]")
                    }
                    throw fail("expected a table name such as [palette] or [roles.header]")
                }
                path.append(part)
                skipSpaces()
                if current == UInt8(ascii: ".") {
                    i += 1
                    continue
                }
                if current == UInt8(ascii: "]") {
                    i += 1
                    break
                }
                throw fail("expected ']' to close the table name")
            }
            try endOfLine(after: "the table name")
            return path
        }

        mutating func keyValue() throws(ThemeError) -> Entry {
            let keyLine = line
            guard let key = bareKey() else {
                if current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") {
                    throw fail("quoted keys are not used in theme files; write the key bare: fg = …")
                }
                throw fail("expected a key (letters, digits, '_' or '-') or a [table], found \(ThemeMessage.quoted(word()))")
            }
            skipSpaces()
            if current == UInt8(ascii: ".") {
                throw fail("dotted keys are not used in theme files; put \(ThemeMessage.quoted(key)) under a [table]")
            }
            guard current == UInt8(ascii: "=") else {
                throw fail("expected '=' after \(ThemeMessage.quoted(key))")
            }
            i += 1
            skipSpaces()
            if atEnd || current == 0x0A || current == 0x0D || current == UInt8(ascii: "#") {
                throw fail("expected a value after '='")
            }
            let value = try value()
            try endOfLine(after: "the value of \(ThemeMessage.quoted(key))")
            return Entry(key: key, value: value, line: keyLine)
        }

        mutating func value() throws(ThemeError) -> Value {
            switch current {
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                return .string(try string())
            case UInt8(ascii: "["):
                return .strings(try array())
            case UInt8(ascii: "{"):
                throw fail("inline tables ({ … }) are not used in theme files; write a [table] instead")
            default:
                return try scalar()
            }
        }

        /// `true`, `false`, or a whole number; anything else bare is reported as what it looks like.
        mutating func scalar() throws(ThemeError) -> Value {
            let text = word()
            if text == "true" { return .boolean(true) }
            if text == "false" { return .boolean(false) }
            guard let first = text.unicodeScalars.first else { throw fail("expected a value after '='") }
            if "0123456789+-".unicodeScalars.contains(first) {
                let digits = text.filter { $0 != "_" }
                if let n = Int(digits), !text.hasPrefix("_"), !text.hasSuffix("_"), !text.contains("__") {
                    return .integer(n)
                }
                let lower = text.lowercased()
                if lower.contains(".") || (lower.contains("e") && !lower.hasPrefix("0x")) {
                    throw fail("\(text) is not a whole number; colours are whole numbers 0–255")
                }
                throw fail("\(ThemeMessage.quoted(text)) is not a number")
            }
            throw fail("text values need quotes: \(ThemeMessage.quoted(text))")
        }

        mutating func string() throws(ThemeError) -> String {
            let quote = current!
            let startLine = line
            i += 1
            if current == quote, i + 1 < bytes.count, bytes[i + 1] == quote {
                throw fail("multi-line strings are not used in theme files")
            }
            var out: [UInt8] = []
            while true {
                guard let c = current, c != 0x0A, c != 0x0D else {
                    throw fail("unterminated string (missing closing \(quote == UInt8(ascii: "\"") ? "\"" : "'"))", line: startLine)
                }
                i += 1
                if c == quote { break }
                if c == UInt8(ascii: "\\"), quote == UInt8(ascii: "\"") {
                    try escape(into: &out)
                } else {
                    out.append(c)
                }
            }
            guard let s = String(validating: out, as: UTF8.self) else { throw fail("the string is not valid UTF-8") }
            return s
        }

        mutating func escape(into out: inout [UInt8]) throws(ThemeError) {
            guard let c = current else { throw fail("unterminated string (missing closing \")") }
            i += 1
            switch c {
            case UInt8(ascii: "\""): out.append(c)
            case UInt8(ascii: "\\"): out.append(c)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let count = c == UInt8(ascii: "u") ? 4 : 8
                guard i + count <= bytes.count,
                      let v = UInt32(String(decoding: bytes[i..<i + count], as: UTF8.self), radix: 16),
                      let scalar = Unicode.Scalar(v)
                else { throw fail("bad \\\(Character(Unicode.Scalar(c))) escape: expected \(count) hex digits of a Unicode scalar") }
                i += count
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                throw fail("unknown escape \\\(Character(Unicode.Scalar(c))) in a string (use \\\\ for a backslash)")
            }
        }

        /// `["a", "b"]`, over several lines if need be, comments allowed between items.
        mutating func array() throws(ThemeError) -> [String] {
            let startLine = line
            i += 1  // [
            var items: [String] = []
            var expectingItem = true
            while true {
                skipSpaces()
                skipComment()
                if atEnd { throw fail("unterminated array (missing ']')", line: startLine) }
                if lineBreak() { continue }
                if current == UInt8(ascii: "]") {
                    i += 1
                    return items
                }
                if expectingItem {
                    guard current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") else {
                        if current == UInt8(ascii: ",") { throw fail("expected a string before ','") }
                        let v = word()
                        throw fail("arrays in theme files hold quoted strings, found \(ThemeMessage.quoted(v))")
                    }
                    items.append(try string())
                    expectingItem = false
                } else {
                    guard current == UInt8(ascii: ",") else { throw fail("expected ',' or ']' in the array") }
                    i += 1
                    expectingItem = true
                }
            }
        }
    }
}

