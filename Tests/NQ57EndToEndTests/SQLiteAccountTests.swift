import Foundation
import NQ57TestSupport
import Testing

/// Accounts on a SQLite file (issue 17): operating-system logins that nq57 scopes. The login here is
/// the one running the tests (`id -un`), as `nq57` finds it.
@Suite struct SQLiteAccountTests {
    let dir = TemporaryDirectory()

    static var me: String { (try? Shell.run(try Shell.which("id"), ["-un"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? "" }

    func reports(_ db: String) throws -> [String] {
        try Binary.run(["export", "--what", "reports", "--db", db]).stdout.split(separator: "\n").map(String.init)
    }

    @Test func aReporterAccountReportsOnlyForItsUnitsUnderItsOwnLoginAndOpensThere() throws {
        let db = try DemoDatabase.copy(into: dir)
        let me = Self.me
        #expect(!me.isEmpty)
        let add = try Binary.run(["account", "add", "--role", "reporter", "--unit", "00070", "--db", db])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout.contains("account \(me) (created): reporter, 00070"))
        let list = try Binary.run(["account", "list", "--db", db])
        #expect(list.stdout == "\(me)\treporter\t00070\n", "\(list.stdout)")
        let before = try reports(db)

        // Another commune's task: one line naming the task and the account; nothing stored.
        let other = try Binary.run(["report", "--db", db, "--task", "00004-0001", "--status", "in_progress", "--progress", "30"])
        #expect(other.status == 65)
        #expect(other.stderr == "nq57: report: task \"00004-0001\" is not of the units of account \(me) (reporter: 00070); nothing was written\n")
        let file = dir.write("mixed.csv", "task_id,status,progress,reported_at,note,reported_by\n"
            + "00070-0001,in_progress,40,2026-11-20T10:00:00+07:00,,\n00004-0001,in_progress,40,2026-11-20T10:00:00+07:00,,\n")
        let mixed = try Binary.run(["import", file, "--db", db])
        #expect(mixed.status == 65, "\(mixed.stderr)")
        #expect(mixed.stderr.contains("account \(me) (reporter) may report only on tasks of 00070; nothing was written"), "\(mixed.stderr)")
        #expect(try reports(db) == before)

        // Its own commune: stored, by the login where --by was left out.
        let own = try Binary.run(["report", "--db", db, "--task", "00070-0001", "--status", "in_progress", "--progress", "30", "--at", "2026-11-21T10:00:00+07:00"])
        #expect(own.status == 0, "\(own.stderr)")
        let last = try reports(db).last ?? ""
        #expect(last.hasSuffix(",\(me)"), "\(last)")

        // snapshot opens at the account's commune; --national at the overview.
        let mine = try Binary.run(["snapshot", "--db", db, "--as-of", DemoDatabase.asOf, "--lang", "en", "--width", "100"])
        #expect(mine.stdout.split(separator: "\n").first?.contains("Phường Hoàn Kiếm") == true, "\(mine.stdout)")
        let national = try Binary.run(["snapshot", "--db", db, "--as-of", DemoDatabase.asOf, "--lang", "en", "--width", "100", "--national"])
        #expect(national.stdout.split(separator: "\n").first?.contains("Overview") == true, "\(national.stdout)")

        // A viewer may not report at all; removing the account gives the file back to everyone.
        #expect(try Binary.run(["account", "add", "--role", "viewer", "--db", db]).status == 0)
        let viewer = try Binary.run(["report", "--db", db, "--task", "00070-0001", "--status", "done"])
        #expect(viewer.status == 64)
        #expect(viewer.stderr == "nq57: report: login \(me) (viewer) may not report: only reporter and admin accounts may; nothing was written\n")
        #expect(try Binary.run(["account", "remove", me, "--db", db]).status == 0)
        #expect(try Binary.run(["account", "list", "--db", db]).stdout.isEmpty)
        #expect(try Binary.run(["report", "--db", db, "--task", "00004-0001", "--status", "in_progress", "--progress", "30", "--by", "Nguyễn Văn A"]).status == 0)
        #expect(try reports(db).last?.hasSuffix(",Nguyễn Văn A") == true)
    }

    @Test func hostileAccountValuesAreRefused() throws {
        let db = try DemoDatabase.copy(into: dir)
        let bad = try Binary.run(["account", "add", "a\nb", "--role", "viewer", "--db", db])
        #expect(bad.status == 64)
        #expect(bad.stderr.hasPrefix("nq57: account: \"a\\u{A}b\": a login is 1–64"), "\(bad.stderr)")
        let unit = try Binary.run(["account", "add", "x", "--role", "viewer", "--unit", "99999", "--db", db])
        #expect(unit.status == 65)
        #expect(unit.stderr == "nq57: account: --unit \"99999\": no such unit\n")
        #expect(try Binary.run(["account", "list", "--db", db]).stdout.isEmpty)
    }
}
