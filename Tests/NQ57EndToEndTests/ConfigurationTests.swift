import Foundation
import Testing
import NQ57TestSupport

/// The configuration files: the system's (`$NQ57_SYSTEM_CONFIG` stands in for /etc/nq57/config.toml),
/// then the user's, then `$NQ57_DB` and the flags, each beating the one before.
@Suite struct ConfigurationTests {
    let dir = TemporaryDirectory()

    /// The environment of a user whose configuration lives in `dir`, with no `$NQ57_DB`.
    func environment(system: String, user: String?) -> [String: String] {
        let home = dir.file("config")
        if let user {
            try? FileManager.default.createDirectory(atPath: home + "/nq57", withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: home + "/nq57/config.toml", contents: Data(user.utf8)), "cannot write a file the test needs")
        }
        return ["NQ57_SYSTEM_CONFIG": dir.write("system.toml", system), "XDG_CONFIG_HOME": home, "NQ57_DB": ""]
    }

    @Test func theSystemNamesTheDatabaseAndTheUserTheLanguage() throws {
        let db = try DemoDatabase.copy(into: dir)
        let env = environment(system: "database = \"\(db)\"\nlanguage = \"vi\"\n", user: "language = \"en\"  # mine\n")
        let r = try Binary.run(["snapshot", "--as-of", DemoDatabase.asOf, "--width", "100"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        #expect(r.stdout.contains("Tasks by level"), "\(r.stdout)")
        // The flag beats both files.
        let vi = try Binary.run(["snapshot", "--as-of", DemoDatabase.asOf, "--width", "100", "--lang", "vi"], environment: env)
        #expect(vi.stdout.contains("Nhiệm vụ theo cấp"), "\(vi.stdout)")
    }

    @Test func nq57DBAndDBFlagBeatTheFiles() throws {
        let db = try DemoDatabase.copy(into: dir)
        var env = environment(system: "database = \"\(dir.file("none.sqlite"))\"\n", user: nil)
        let fromFile = try Binary.run(["check", "--as-of", DemoDatabase.asOf], environment: env)
        #expect(fromFile.status == 66 && fromFile.stderr.contains("none.sqlite: no database here"), "\(fromFile.stderr)")
        env["NQ57_DB"] = db
        let fromEnv = try Binary.run(["check", "--as-of", DemoDatabase.asOf], environment: env)
        #expect(fromEnv.status == 0, "\(fromEnv.stderr)")
        env["NQ57_DB"] = dir.file("other.sqlite")
        let fromFlag = try Binary.run(["check", "--as-of", DemoDatabase.asOf, "--db", db], environment: env)
        #expect(fromFlag.status == 0, "\(fromFlag.stderr)")
    }

    @Test func unknownKeysAndBadValuesNameFileAndLineAndWhatIsUsed() throws {
        let db = try DemoDatabase.copy(into: dir)
        let system = "database = \"\(db)\"\nlanguage = \"en\"\n"
        let user = "# the user's file\ncolour = \"red\"\nlanguage = \"fr\"\nrefresh = 0\n[screen]\ntheme = \"light\"\n"
        let env = environment(system: system, user: user)
        let r = try Binary.run(["snapshot", "--as-of", DemoDatabase.asOf, "--width", "100"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let file = dir.file("config") + "/nq57/config.toml"
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines == [
            "nq57: \(file):2: unknown key \"colour\" (known: database, language, theme, refresh); ignored",
            "nq57: \(file):3: language: \"fr\" is not \"vi\" or \"en\"; using en",
            "nq57: \(file):4: refresh: 0 is not a whole number of seconds, 1–3600; using 2 s",
            "nq57: \(file):6: unknown key \"screen.theme\" (known: database, language, theme, refresh); ignored",
        ], "\(r.stderr)")
        // The system file's language stands.
        #expect(r.stdout.contains("Tasks by level"), "\(r.stdout)")
    }

    @Test func aSyntaxErrorIgnoresTheFileAndSaysWhere() throws {
        let db = try DemoDatabase.copy(into: dir)
        let env = environment(system: "database = \"\(db)\"\n", user: "language = \"en\"\nrefresh = 1.5\n")
        let r = try Binary.run(["snapshot", "--as-of", DemoDatabase.asOf, "--width", "100"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("nq57: \(dir.file("config"))/nq57/config.toml:2: "), "\(r.stderr)")
        #expect(r.stderr.contains("the whole file is ignored"), "\(r.stderr)")
        #expect(r.stdout.contains("Nhiệm vụ theo cấp"), "\(r.stdout)")
    }

    @Test(.enabled(if: Tmux.isAvailable, "needs tmux"))
    func watchTakesItsIntervalFromTheFileAndShowsTheWarning() throws {
        let db = try DemoDatabase.copy(into: dir)
        let env = environment(system: "database = \"\(db)\"\nrefresh = 7\nthem = \"light\"\n", user: nil)
        let vars = env.map { "\($0.key)='\($0.value)'" }.sorted().joined(separator: " ")
        let t = try Tmux("env \(vars) \(Binary.path) watch", width: 160, height: 50)
        #expect(try t.waitFor("Nhiệm vụ theo cấp", timeout: 15) != nil, "\(t.dump)")
        #expect(try t.screen()[0].contains("mỗi 7 s"), "\(t.dump)")
        #expect(try t.waitFor("system.toml:3: unknown key \"them\"", timeout: 15) != nil, "\(t.dump)")
        try t.send("q")
        #expect(try t.waitFor("[exited 0]", timeout: 15) != nil, "\(t.dump)")
    }
}
