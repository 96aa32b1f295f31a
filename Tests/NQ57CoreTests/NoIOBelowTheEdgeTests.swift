import Foundation
import Testing

/// Core, Render and App do no I/O (issue 9 §2): every file, theme, database, clock and terminal is
/// reached through the edge (NQ57Store, NQ57Themes, NQ57Terminal, the command line), which hands
/// these layers values, texts and protocols.
///
/// The test reads the Swift source of the three targets (found from this file's #filePath) and
/// fails, naming file, line and what it found, when any of them
/// - imports a module other than the allowed ones below: no Glibc/Darwin/Musl (the C library),
///   GRDB or SQLite, ncurses, FoundationNetworking, or the edge targets;
/// - uses an I/O API by name: Foundation's files, processes, environment and bundles (FileManager,
///   FileHandle, ProcessInfo, Bundle, URL(fileURLWithPath:), Data(contentsOf:), .write(to:) …),
///   Dispatch's I/O and sources (DispatchIO, DispatchSource), the C library's files, environment and
///   processes (fopen, open(, read(, write(, stat(, getenv, posix_spawn, isatty …), and the standard
///   library's own print/readLine and stdin/stdout/stderr.
///
/// Foundation itself is allowed: Render's Text uses it for NFC (`precomposedStringWithCanonicalMapping`,
/// which the standard library does not offer) and others use its mathematics; what is forbidden is
/// its I/O, by name. Dispatch is allowed for queues and semaphores (App's effect worker).
/// Comments and the text of string literals are not read (their interpolations are). A forbidden
/// name is a whole word (`FileManager`, not `FileManagerLike`); a C call is a bare `name(`.
@Suite struct NoIOBelowTheEdgeTests {
    static let pureTargets = ["NQ57Core", "NQ57Render", "NQ57App"]

    static let allowedModules: Set<String> = [
        "NQ57Core", "NQ57Render", "Foundation", "FoundationEssentials", "Dispatch", "Synchronization",
    ]

    /// Types and globals whose every use is I/O.
    static let ioNames: Set<String> = [
        "FileManager", "FileHandle", "FileWrapper", "ProcessInfo", "Process", "Pipe", "Bundle",
        "URLSession", "URLRequest", "InputStream", "OutputStream", "UserDefaults", "NSFileManager",
        "contentsOfFile", "DispatchIO", "DispatchSource", "stdin", "stdout", "stderr", "environ", "FILE",
    ]

    /// Functions of the C and standard libraries that do I/O, when called bare: `name(` not after `.`
    /// or `func` (a method or a declaration of the same name is not the C function).
    static let ioCalls: Set<String> = [
        "open", "openat", "creat", "close", "read", "write", "pread", "pwrite", "lseek", "dup", "dup2",
        "fopen", "fdopen", "freopen", "fclose", "fread", "fwrite", "fgets", "fputs", "fprintf", "printf",
        "puts", "putchar", "getchar", "fflush", "stat", "lstat", "fstat", "access", "unlink", "mkdir",
        "rmdir", "opendir", "readdir", "getenv", "setenv", "unsetenv", "system", "popen", "posix_spawn",
        "posix_spawnp", "fork", "execv", "execve", "execvp", "dlopen", "socket", "connect", "mmap",
        "ioctl", "isatty", "tcgetattr", "tcsetattr", "select", "poll", "getcwd", "chdir", "realpath",
        "print", "debugPrint", "dump", "readLine",
    ]

    /// Calls whose first argument label makes them I/O: `URL(fileURLWithPath:)`, `Data(contentsOf:)`,
    /// `s.write(to:)` …
    static let ioLabels: [String: Set<String>] = [
        "URL": ["fileURLWithPath", "filePath"],
        "Data": ["contentsOf"], "String": ["contentsOf"], "NSData": ["contentsOf"], "NSString": ["contentsOf"],
        "Array": ["contentsOf"],
        "write": ["to", "toFile"],
    ]

    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func swiftFiles(of target: String) -> [URL] {
        let folder = repository.appendingPathComponent("Sources").appendingPathComponent(target)
        guard let walk = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        return walk.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }.sorted { $0.path < $1.path }
    }

    @Test(arguments: pureTargets)
    func importsNoIO(target: String) throws {
        let files = Self.swiftFiles(of: target)
        #expect(files.count >= 3, "found only \(files.count) Swift files under Sources/\(target)")
        for file in files {
            let name = "Sources/" + (file.path.components(separatedBy: "/Sources/").last ?? file.path)
            for finding in Self.findings(in: try String(contentsOf: file, encoding: .utf8)) {
                Issue.record("\(name):\(finding)")
            }
        }
    }

    /// The scanner itself: what it must find and what it must leave alone.
    @Test func theScannerFindsIOInCodeOnly() {
        let caught: [String] = [
            "import Glibc", "@preconcurrency import GRDB", "import struct NQ57Store.SQLiteStore",
            "let f = fopen(path, \"r\")", "_ = FileManager.default", "let v = getenv(\"HOME\")",
            "print(\"hello\")", "let d = try Data(contentsOf: url)", "try s.write(to: url, atomically: true)",
            "let u = URL(fileURLWithPath: p)", "if stat(p, &st) == 0 {}", "let x = \"a\\(getenv(\"X\")!)b\"",
            "let fd = open (p, O_RDONLY)", "_ = ProcessInfo.processInfo.environment",
        ]
        for line in caught {
            #expect(!Self.findings(in: line).isEmpty, "not caught: \(line)")
        }
        let allowed: [String] = [
            "import Foundation", "import NQ57Core", "// FileManager, fopen(p) and print(x) in a comment",
            "/* getenv(\"X\") */ let a = 1", "let s = \"print(x) and stat(p) in a string\"",
            "public mutating func read() throws -> Record?", "switch kind.open(o, i) {}",
            "out.append(contentsOf: bytes)", "buffer.write(\"x\")", "let label = #\"fopen(\"x\")\"#",
            "let t = \"\"\"\n  FileHandle\n  \"\"\"",
        ]
        for line in allowed {
            #expect(Self.findings(in: line).isEmpty, "wrongly caught: \(line): \(Self.findings(in: line))")
        }
    }

    /// "line: what" for each import outside the allowed modules and each I/O name, in code only.
    static func findings(in source: String) -> [String] {
        var out: [String] = []
        for (index, line) in code(of: source).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(line)
            if let module = importedModule(line), !allowedModules.contains(module) {
                out.append("\(index + 1): imports \(module)")
            }
            let tokens = self.tokens(line)
            for (i, token) in tokens.enumerated() {
                let before = i > 0 ? tokens[i - 1] : "", after = i + 1 < tokens.count ? tokens[i + 1] : ""
                let label = i + 2 < tokens.count ? tokens[i + 2] : ""
                let colon = i + 3 < tokens.count ? tokens[i + 3] : ""
                if ioNames.contains(token) {
                    out.append("\(index + 1): uses \(token)")
                } else if ioCalls.contains(token), after == "(", before != ".", before != "func" {
                    out.append("\(index + 1): calls \(token)(")
                } else if let labels = ioLabels[token], after == "(", labels.contains(label), colon == ":" {
                    out.append("\(index + 1): calls \(token)(\(label):)")
                }
            }
        }
        return out
    }

    /// The words (letters, digits, `_`) and the other characters of a line, white space left out.
    static func tokens(_ line: String) -> [String] {
        var tokens: [String] = []
        var word = ""
        for c in line.unicodeScalars {
            if c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" {
                word.unicodeScalars.append(c)
                continue
            }
            if !word.isEmpty { tokens.append(word); word = "" }
            if !c.properties.isWhitespace { tokens.append(String(c)) }
        }
        if !word.isEmpty { tokens.append(word) }
        return tokens
    }

    /// The module of an import declaration (`import X`, `@preconcurrency public import X`,
    /// `import struct X.Y`), or nil for any other line.
    static func importedModule(_ line: String) -> String? {
        var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        while let first = words.first, first.hasPrefix("@") || ["public", "package", "internal", "fileprivate", "private"].contains(first) {
            words.removeFirst()
        }
        guard words.first == "import", words.count >= 2 else { return nil }
        let kinds: Set<String> = ["struct", "class", "enum", "protocol", "func", "var", "let", "typealias", "actor"]
        let path = kinds.contains(words[1]) && words.count >= 3 ? words[2] : words[1]
        return String(path.split(separator: ".").first ?? "")
    }

    /// The source with comments and the text of string literals replaced by spaces (lines kept,
    /// string interpolations kept as code).
    static func code(of source: String) -> String {
        enum Context { case code(parens: Int), string(hashes: Int, multiline: Bool) }
        let s = Array(source.unicodeScalars)
        var out = String.UnicodeScalarView()
        var stack: [Context] = [.code(parens: 0)]
        var i = 0
        func at(_ k: Int) -> Unicode.Scalar? { k < s.count ? s[k] : nil }
        func blank(_ n: Int) {
            for k in i..<min(i + n, s.count) { out.append(s[k] == "\n" ? "\n" : " ") }
            i = min(i + n, s.count)
        }
        func keep(_ n: Int) {
            for k in i..<min(i + n, s.count) { out.append(s[k]) }
            i = min(i + n, s.count)
        }
        while i < s.count {
            let c = s[i]
            switch stack[stack.count - 1] {
            case .code(let parens):
                if c == "/", at(i + 1) == "/" {
                    while i < s.count, s[i] != "\n" { blank(1) }
                } else if c == "/", at(i + 1) == "*" {
                    var depth = 0
                    repeat {
                        if s[i] == "/", at(i + 1) == "*" { depth += 1; blank(2) }
                        else if s[i] == "*", at(i + 1) == "/" { depth -= 1; blank(2) }
                        else { blank(1) }
                    } while i < s.count && depth > 0
                } else if c == "#" || c == "\"" {
                    var j = i
                    while at(j) == "#" { j += 1 }
                    guard at(j) == "\"" else { keep(j - i); continue }
                    let hashes = j - i, multiline = at(j + 1) == "\"" && at(j + 2) == "\""
                    keep(hashes + (multiline ? 3 : 1))
                    stack.append(.string(hashes: hashes, multiline: multiline))
                } else if c == "(" {
                    stack[stack.count - 1] = .code(parens: parens + 1)
                    keep(1)
                } else if c == ")" {
                    if parens == 0, stack.count > 1 { stack.removeLast() } else { stack[stack.count - 1] = .code(parens: max(0, parens - 1)) }
                    keep(1)
                } else {
                    keep(1)
                }
            case .string(let hashes, let multiline):
                if c == "\\", (0..<hashes).allSatisfy({ at(i + 1 + $0) == "#" }) {
                    if at(i + 1 + hashes) == "(" {
                        blank(1 + hashes)
                        keep(1)
                        stack.append(.code(parens: 0))
                    } else {
                        blank(2 + hashes)
                    }
                } else if c == "\"", !multiline || (at(i + 1) == "\"" && at(i + 2) == "\""),
                          (0..<hashes).allSatisfy({ at(i + (multiline ? 3 : 1) + $0) == "#" }) {
                    keep((multiline ? 3 : 1) + hashes)
                    stack.removeLast()
                } else {
                    blank(1)
                }
            }
        }
        return String(out)
    }
}
