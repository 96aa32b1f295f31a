import Foundation
import Testing
import NQ57TestSupport

/// The binary away from the checkout: installed with `make install`, or copied alone, and run from
/// another directory, every shipped theme loads with no fallback message.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "needs tmux"))
struct InstallTests {
    let dir = TemporaryDirectory()

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var shippedThemes: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent("themes").path)) ?? []
        return files.filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Runs `binary` from an empty directory, with no user themes, under each shipped theme, and
    /// checks that the dashboard draws and says nothing about the theme.
    func everyThemeLoads(_ binary: String) throws {
        let elsewhere = dir.file("elsewhere"), config = dir.file("config")
        for d in [elsewhere, config] { try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true) }
        let db = try DemoDatabase.copy(into: dir)
        #expect(Self.shippedThemes.count >= 4)
        for theme in Self.shippedThemes {
            let t = try Tmux("sh -c 'cd \(elsewhere) && XDG_CONFIG_HOME=\(config) exec \(binary) dashboard --db \(db) --read-only --theme \(theme)'",
                             width: 200, height: 50)
            let screen = try #require(try t.waitFor("Nhiệm vụ theo cấp", timeout: 15), "\(theme): \(t.dump)")
            #expect(!screen.contains { $0.contains("instead") || $0.contains("no theme named") }, "\(theme): \(t.dump)")
            try t.send("q")
            #expect(try t.waitFor("[exited 0]") != nil, "\(theme): \(t.dump)")
        }
    }

    @Test func installedWithMakeInstall() throws {
        let prefix = dir.file("prefix")
        let r = try Shell.run("make", ["-C", Self.repository.path, "install", "PREFIX=\(prefix)", "NQ57_BIN=\(Binary.path)"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        for theme in Self.shippedThemes {
            #expect(FileManager.default.fileExists(atPath: "\(prefix)/share/nq57/themes/\(theme).toml"), "\(theme)")
        }
        try everyThemeLoads("\(prefix)/bin/nq57")
    }

    @Test func aLoneCopyOfTheBinaryHasTheShippedThemesBuiltIn() throws {
        let bin = dir.file("bin")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        // Copied by cp, not in this process: a program another test spawns meanwhile would inherit the
        // copy's open descriptor, and exec would then fail with "Text file busy".
        let copied = try Shell.run("cp", [Binary.path, bin + "/nq57"])
        #expect(copied.status == 0, "\(copied.stderr)")
        try everyThemeLoads(bin + "/nq57")
    }
}
