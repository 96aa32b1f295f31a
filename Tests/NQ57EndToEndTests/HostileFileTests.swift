import Foundation
import Testing
import NQ57TestSupport

/// A wall screen must never die: another program that turns the rules off and writes values of every
/// wrong kind into the counts, `meta`, a task and a unit leaves a running dashboard up and drawing,
/// `nq57 check` names the damage (non-zero exit) without trapping, and `check --rebuild` mends it.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "needs tmux (scripts/deps installs it)"))
struct HostileFileTests {
    let dir = TemporaryDirectory()

    /// What the rules refuse, written by a connection that ignores CHECK constraints and drops the
    /// guard triggers in its way.
    static let tamper = """
        PRAGMA ignore_check_constraints = ON;
        UPDATE state_counts SET total = -5, done_on_time = 9223372036854775807, done_late = -9223372036854775808, open = 'abc'
            WHERE scope = 'level' AND key = 'commune';
        UPDATE state_counts SET open = X'FF' WHERE scope = 'group' AND key = '1';
        UPDATE open_by_deadline SET open = 9223372036854775807 WHERE scope = 'level';
        UPDATE meta SET value = 'zzz' WHERE key = 'demo_reports';
        DROP TRIGGER tasks_state_guard;
        UPDATE tasks SET progress = 9223372036854775807, reported_at = 'soon' WHERE key = (SELECT min(key) FROM tasks);
        DROP TRIGGER units_guard_update;
        DROP TRIGGER units_shape_update;
        UPDATE units SET name = X'C3FF', position = 'x' WHERE level = 'province';
        """

    @Test func aDashboardReadingATamperedFileStaysUp() throws {
        let db = try DemoDatabase.copy(into: dir)
        let t = try Tmux("\(Binary.path) watch 1 --db \(db)", width: 160, height: 50)
        #expect(try t.waitFor("Nhiệm vụ theo cấp", timeout: 15) != nil, "\(t.dump)")
        let before = try #require(LiveTests.levelRow(try t.screen(), "Cấp xã"), "\(t.dump)")
        let r = try Shell.run("sqlite3", ["-cmd", ".timeout 5000", db, Self.tamper])
        #expect(r.status == 0, "\(r.stderr)")
        // The next refresh reads the tampered counts and draws them (clamped), and the dashboard lives on.
        // (The clamped figures overflow their columns, `1.000.000…`, so the row no longer parses.)
        let tampered = try t.waitFor(timeout: LiveTests.patience) { screen in
            screen.contains { $0.contains("┃Cấp xã") } && LiveTests.levelRow(screen, "Cấp xã") != before
        }
        #expect(tampered != nil, "\(t.dump)")
        #expect(try t.programPID() != nil, "\(t.dump)")
        #expect(!(try t.screen().contains { $0.contains("[exited") }), "\(t.dump)")

        // check reads every value without trapping and names the tampered counts.
        let check = try Binary.run(["check", "--db", db])
        #expect(check.status == 65, "\(check.stdout)\(check.stderr)")
        #expect(check.stderr.contains("state_counts level commune: total -5"), "\(check.stderr)")
        #expect(!check.stderr.contains("Fatal error"), "\(check.stderr)")
        for args in [["snapshot", "--db", db], ["snapshot", "--db", db, "--format", "json"], ["export", "--db", db, "--what", "tasks"]] {
            let out = try Binary.run(args)
            #expect(out.status == 0, "\(args): \(out.stderr)")
        }

        // Repaired, the counts are the tasks' again, and the running dashboard shows it.
        let repair = try Binary.run(["check", "--db", db, "--rebuild"])
        #expect(repair.status == 0, "\(repair.stderr)")
        let mended = try t.waitFor(timeout: LiveTests.patience) { LiveTests.levelRow($0, "Cấp xã") == before }
        #expect(mended != nil, "\(t.dump)")
        #expect(try t.programPID() != nil, "\(t.dump)")
    }
}
