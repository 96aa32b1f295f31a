import Foundation
import Testing
import NQ57TestSupport

/// README's staff walk-through ("A submission from receipt to published answer") runs exactly as
/// written on the first-run database: the dashboard's first run makes it (in tmux, with a private
/// HOME), then each `$ nq57 …` line of the README runs as a shell would split it, and the lines
/// printed under it in the README must be among its output, in order; a line `nq57: rule: …` means
/// the command is refused (exit 65), any other command succeeds.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "needs tmux (scripts/deps installs it)"))
struct ReadmeWalkThroughTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("README.md")

    struct Step {
        var line: Int
        var args: [String]
        var expected: [String]
    }

    /// The walk-through's commands and what each prints.
    static func steps() throws -> [Step] {
        let lines = try String(contentsOf: readme, encoding: .utf8).components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix("**A submission from receipt to published answer**") }),
              let open = lines[start...].firstIndex(where: { $0.hasPrefix("```sh") }),
              let close = lines[(open + 1)...].firstIndex(where: { $0.hasPrefix("```") }) else { return [] }
        var steps: [Step] = []
        var i = open + 1
        while i < close {
            let line = lines[i]
            if line.hasPrefix("$ ") {
                var command = String(line.dropFirst(2))
                let first = i
                while command.hasSuffix("\\") {
                    i += 1
                    command = String(command.dropLast()) + " " + lines[i].trimmingCharacters(in: .whitespaces)
                }
                steps.append(Step(line: first + 1, args: split(command), expected: []))
            } else if !steps.isEmpty {
                steps[steps.count - 1].expected.append(line)
            }
            i += 1
        }
        return steps
    }

    /// Words as a POSIX shell splits them: double and single quotes, backslashes, `#` comments.
    static func split(_ command: String) -> [String] {
        var words: [String] = [], word = "", inWord = false
        var quote: Character?
        var chars = command.makeIterator()
        while let c = chars.next() {
            if let q = quote {
                if c == q { quote = nil } else if c == "\\" && q == "\"", let n = chars.next() { word.append(n) } else { word.append(c) }
                continue
            }
            switch c {
            case "\"", "'": quote = c; inWord = true
            case "\\": if let n = chars.next() { word.append(n); inWord = true }
            case " ", "\t": if inWord { words.append(word); word = ""; inWord = false }
            case "#" where !inWord: return words
            default: word.append(c); inWord = true
            }
        }
        if inWord { words.append(word) }
        return words
    }

    @Test func theWalkThroughRunsAsWrittenOnTheFirstRunDatabase() throws {
        let steps = try Self.steps()
        #expect(steps.count >= 12, "the walk-through was not found in README.md")
        let dir = TemporaryDirectory()
        let home = dir.file("home")
        let db = home + "/data/nq57/nq57.sqlite"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        // The first run: the dashboard makes the default database with reference and demo data.
        let t = try Tmux("env -u NQ57_DB HOME=\(home) XDG_DATA_HOME=\(home)/data \(Binary.path)", width: 100, height: 30)
        #expect(try t.waitFor("Trung ương", timeout: 120) != nil, "the first run did not draw: \(t.dump)")
        try t.send("q")
        #expect(try t.waitFor { _ in FileManager.default.fileExists(atPath: db) } != nil)
        let env = ["HOME": home, "XDG_DATA_HOME": home + "/data", "NQ57_DB": db]
        for step in steps {
            #expect(step.args.first == "nq57", "README line \(step.line) is not an nq57 command")
            let r = try Binary.run(Array(step.args.dropFirst()), environment: env)
            let refused = step.expected.contains { $0.hasPrefix("nq57: ") }
            #expect(r.status == (refused ? 65 : 0), "README line \(step.line): exit \(r.status): \(r.stderr)")
            let output = (r.stdout + r.stderr).components(separatedBy: "\n")
            var from = 0
            for want in step.expected {
                guard let at = output[from...].firstIndex(of: want) else {
                    Issue.record("README line \(step.line) \(step.args.joined(separator: " ")): missing \"\(want)\" in:\n\(r.stdout)\(r.stderr)")
                    break
                }
                from = at + 1
            }
        }
    }
}
