import Foundation
import NQ57TestSupport
import Testing

/// Issue 17 point 3: on a SQLite file nq57 applies PostgreSQL's role rules to the operating-system
/// login running it (the built binary; the login is the one running the tests). Each refusal is one
/// line naming the login, its role and what was refused, and writes nothing; a file without accounts
/// behaves as the quick start always did.
@Suite struct SQLiteRolesTests {
    let dir = TemporaryDirectory()
    var me: String { SQLiteAccountTests.me }

    func sql(_ db: String, _ query: String) throws -> String {
        try Shell.run("sqlite3", ["-cmd", ".timeout 5000", db, query]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The rows of every table a refused command could have written.
    func written(_ db: String) throws -> String {
        try sql(db, """
            SELECT (SELECT count(*) FROM report_log), (SELECT count(*) FROM inspection_log), (SELECT count(*) FROM proposals),
                   (SELECT count(*) FROM proposal_log), (SELECT count(*) FROM proposal_contacts), (SELECT count(*) FROM metrics),
                   (SELECT count(*) FROM tasks),
                   (SELECT group_concat(a, ',') FROM (SELECT login || ':' || role AS a FROM accounts ORDER BY login))
            """)
    }

    /// A demo file with one proposal (PA-…, assigned to Hà Nội) and the id of a done task to inspect.
    func database() throws -> (db: String, proposal: String, task: String) {
        let db = try DemoDatabase.copy(into: dir)
        let add = try Binary.run(["proposal", "add", "--db", db, "--kind", "barrier", "--submitter", "citizen", "--field", "p02-procedures",
                                  "--title", "Thủ tục thử nghiệm quá dài", "--to", "01", "--name", "Người Mẫu", "--email", "mau@example.invalid"])
        #expect(add.status == 0, "\(add.stderr)")
        let proposal = try #require(add.stdout.split(separator: " ").dropFirst().first).dropLast()
        let plan = try Binary.run(["inspect", "plan", "--db", db, "--sample", "1", "--seed", "9"])
        let task = try #require(plan.stdout.split(separator: "\n").dropFirst().first?.split(separator: ",").first)
        return (db, String(proposal), String(task))
    }

    /// The writing commands, by what they do, as a user types them (`assignTo`: a body the proposal is
    /// not assigned to yet).
    func commands(_ db: String, proposal: String, task: String, assignTo: String = "79") -> [(action: String, args: [String])] {
        // A new note each time: a row already stored would be left out, with nothing to refuse.
        let note = UUID().uuidString
        let reports = dir.write("one-\(note).csv", "task_id,status,progress,reported_at,note,reported_by\n"
            + "00070-0002,in_progress,40,2026-11-30T10:00:00+07:00,\(note),\n")
        return [
            ("report", ["report", "--db", db, "--task", "00070-0001", "--status", "in_progress", "--progress", "35"]),
            ("import", ["import", reports, "--db", db]),
            ("inspect", ["inspect", "record", "--db", db, "--task", task, "--verdict", "note", "--reason", "Xem hồ sơ", "--by", "BCĐ-KT"]),
            ("proposal add", ["proposal", "add", "--db", db, "--kind", "initiative", "--submitter", "business", "--field", "p02-data",
                              "--title", "Dữ liệu mở cho doanh nghiệp"]),
            ("proposal assign", ["proposal", "assign", proposal, "--db", db, "--to", assignTo]),
            ("contacts", ["export", "--what", "proposals", "--with-contacts", "--db", db]),
            ("metric", ["metric", "set", "st_enterprises", "999", "--as-of", "2026-11-30", "--db", db]),
        ]
    }

    /// What each role may do, in the order of `commands`.
    static let allowed: [String: Set<String>] = [
        "viewer": [],
        "reporter": ["report", "import"],
        "inspector": ["inspect"],
        "intake": ["proposal add", "proposal assign", "contacts"],
        "admin": ["report", "import", "inspect", "proposal add", "proposal assign", "contacts", "metric"],
    ]

    @Test func withoutAccountsEveryLoginWritesAsInTheQuickStart() throws {
        let (db, proposal, task) = try database()
        for (action, args) in commands(db, proposal: proposal, task: task) {
            let r = try Binary.run(args + (action == "report" ? ["--by", "Nguyễn Văn A"] : []))
            #expect(r.status == 0, "\(action): \(r.stderr)")
        }
        // Free-text --by without accounts; the inspection records the login all the same.
        #expect(try sql(db, "SELECT r.reported_by FROM report_log r JOIN tasks t ON t.key = r.task_key WHERE t.id = '00070-0001' ORDER BY r.id DESC LIMIT 1") == "Nguyễn Văn A")
        #expect(try sql(db, "SELECT account FROM inspection_log ORDER BY id DESC LIMIT 1") == me)
        #expect(try Binary.run(["check", "--db", db]).status == 0)
    }

    @Test func eachRoleDoesWhatItsPostgreSQLRoleMayAndIsRefusedTheRestInOneLine() throws {
        let (db, proposal, task) = try database()
        for role in ["viewer", "reporter", "inspector", "intake", "admin"] {
            let add = try Binary.run(["account", "add", "--role", role] + (role == "reporter" ? ["--unit", "00070"] : []) + ["--db", db])
            #expect(add.status == 0, "\(role): \(add.stderr)")
            for (action, args) in commands(db, proposal: proposal, task: task, assignTo: role == "admin" ? "01" : "79") {
                let before = try written(db)
                let r = try Binary.run(args)
                if Self.allowed[role]!.contains(action) {
                    #expect(r.status == 0, "\(role) \(action): \(r.stderr)")
                    continue
                }
                #expect(r.status == (action == "import" ? 65 : 64), "\(role) \(action): \(r.status) \(r.stderr)")
                #expect(r.stderr.hasPrefix("nq57: ") && r.stderr.split(separator: "\n").count == 1, "\(role) \(action): \(r.stderr)")
                #expect(r.stderr.contains("login \(me) (\(role)) may not "), "\(role) \(action): \(r.stderr)")
                #expect(r.stdout.isEmpty, "\(role) \(action): \(r.stdout)")
                #expect(try written(db) == before, "\(role) \(action) wrote")
            }
        }
        // The exact lines, for a few.
        _ = try Binary.run(["account", "add", "--role", "viewer", "--db", db])
        let inspect = try Binary.run(commands(db, proposal: proposal, task: task)[2].args)
        #expect(inspect.stderr == "nq57: inspect record: login \(me) (viewer) may not record inspections: only inspector and admin accounts may; nothing was written\n")
        let contacts = try Binary.run(commands(db, proposal: proposal, task: task)[5].args)
        #expect(contacts.stderr == "nq57: export: login \(me) (viewer) may not read the submitters' contact details: only intake and admin accounts may; nothing was exported\n")
        let assign = try Binary.run(commands(db, proposal: proposal, task: task)[4].args)
        #expect(assign.stderr == "nq57: proposal assign: login \(me) (viewer) may not record proposals or their moves: only intake and admin accounts may; nothing was written\n")
        let imported = try Binary.run(commands(db, proposal: proposal, task: task)[1].args)
        #expect(imported.stderr == "nq57: \(db): import: login \(me) (viewer) may not report: only reporter and admin accounts may; nothing was written\n")
        #expect(try Binary.run(["check", "--db", db]).status == 0)
    }

    @Test func onceAFileHasAccountsALoginWithoutOneWritesNothingAndAnAdminAloneChangesAccounts() throws {
        let (db, proposal, task) = try database()
        // Another login as the first admin: warned that it is no login here, and that this one has no account.
        let boss = try Binary.run(["account", "add", "nq57-no-such-login", "--role", "admin", "--db", db])
        #expect(boss.status == 0, "\(boss.stderr)")
        #expect(boss.stderr.contains("nq57: account add: nq57-no-such-login is not a login of this system (getpwnam found none)"), "\(boss.stderr)")
        #expect(boss.stderr.contains("nq57: account add: \(me), running this, has no account on this file"), "\(boss.stderr)")
        for (action, args) in commands(db, proposal: proposal, task: task) {
            let before = try written(db)
            let r = try Binary.run(args)
            #expect(r.status == (action == "import" ? 65 : 64), "\(action): \(r.stderr)")
            #expect(r.stderr.contains("login \(me) has no account on this file, so it may not ") && r.stderr.split(separator: "\n").count == 1, "\(action): \(r.stderr)")
            #expect(try written(db) == before, "\(action) wrote")
        }
        let report = try Binary.run(commands(db, proposal: proposal, task: task)[0].args)
        #expect(report.stderr == "nq57: report: login \(me) has no account on this file, so it may not report: once a file has accounts only they may (an admin adds one: nq57 account add \(me) --role reporter); nothing was written\n")
        // Reading stays open.
        #expect(try Binary.run(["snapshot", "--db", db, "--as-of", DemoDatabase.asOf, "--lang", "en"]).status == 0)
        // An admin exists: only an admin changes accounts; not this login, nor a viewer.
        let add = try Binary.run(["account", "add", "--role", "admin", "--db", db])
        #expect(add.status == 64)
        #expect(add.stderr == "nq57: account add: login \(me) has no account on this file, so it may not change accounts: once a file has accounts only they may (an admin adds one: nq57 account add \(me) --role admin); nothing was written\n")
        _ = try sql(db, "INSERT INTO accounts (login, role) VALUES ('\(me)', 'viewer')")
        let viewer = try Binary.run(["account", "remove", "nq57-no-such-login", "--db", db])
        #expect(viewer.stderr == "nq57: account remove: login \(me) (viewer) may not change accounts: only admin accounts may; nothing was written\n")
        #expect(try sql(db, "SELECT role FROM accounts WHERE login = 'nq57-no-such-login'") == "admin")
        // A login of this system: no warning.
        _ = try sql(db, "UPDATE accounts SET role = 'admin' WHERE login = '\(me)'")
        let own = try Binary.run(["account", "add", "--role", "admin", "--db", db])
        #expect(own.status == 0 && own.stderr.isEmpty, "\(own.stderr)")
    }

    @Test func withAccountsTheAuthorIsTheLoginAndAnotherByIsRefused() throws {
        let (db, _, task) = try database()
        #expect(try Binary.run(["account", "add", "--role", "admin", "--db", db]).status == 0)
        let report = try Binary.run(["report", "--db", db, "--task", "00070-0001", "--status", "in_progress", "--progress", "35", "--by", "Nguyễn Văn A"])
        #expect(report.status == 64)
        #expect(report.stderr == "nq57: --by \"Nguyễn Văn A\": this file has accounts, so the author is the operating-system login, \(me); leave --by out or log in as Nguyễn Văn A\n")
        let move = try Binary.run(["proposal", "add", "--db", db, "--kind", "initiative", "--submitter", "business", "--field", "p02-data",
                                   "--title", "Dữ liệu mở", "--by", "Cán bộ B"])
        #expect(move.status == 64, "\(move.stderr)")
        #expect(try Binary.run(["report", "--db", db, "--task", "00070-0001", "--status", "in_progress", "--progress", "35", "--by", me]).status == 0)
        #expect(try Binary.run(["proposal", "add", "--db", db, "--kind", "initiative", "--submitter", "business", "--field", "p02-data",
                                "--title", "Dữ liệu mở"]).status == 0)
        #expect(try Binary.run(["inspect", "record", "--db", db, "--task", task, "--verdict", "note", "--reason", "Xem", "--by", "BCĐ-KT"]).status == 0)
        #expect(try sql(db, "SELECT r.reported_by FROM report_log r JOIN tasks t ON t.key = r.task_key WHERE t.id = '00070-0001' ORDER BY r.id DESC LIMIT 1") == me)
        #expect(try sql(db, "SELECT by FROM proposal_log ORDER BY id DESC LIMIT 1") == me)
        #expect(try sql(db, "SELECT account FROM inspection_log ORDER BY id DESC LIMIT 1") == me)
    }

    @Test func proposalOwedAndInspectPlanOpenAtTheAccountsUnitAndNationalGivesEverything() throws {
        let (db, proposal, _) = try database()
        let plan = ["inspect", "plan", "--db", db, "--sample", "6", "--seed", "3"]
        let everywhere = try Binary.run(plan)
        let hanoi = try Binary.run(plan + ["--scope", "province:01"])
        #expect(everywhere.status == 0 && hanoi.status == 0 && everywhere.stdout != hanoi.stdout)
        let ranking = try Binary.run(["proposal", "owed", "--db", db, "--lang", "en"])
        #expect(ranking.status == 0)
        let body = try Binary.run(["proposal", "owed", "--db", db, "--body", "01"])
        #expect(body.stdout.contains(proposal), "\(body.stdout)")
        #expect(try Binary.run(["account", "add", "--role", "intake", "--unit", "01", "--db", db]).status == 0)
        let mine = try Binary.run(["proposal", "owed", "--db", db])
        #expect(mine.stdout == body.stdout)
        #expect(mine.stderr == "nq57: proposal owed: the pending proposals of 01, the unit of account \(me) (--national for every body)\n")
        let national = try Binary.run(["proposal", "owed", "--db", db, "--lang", "en", "--national"])
        #expect(national.stdout == ranking.stdout && national.stderr.isEmpty)
        let ownPlan = try Binary.run(plan)
        #expect(ownPlan.stdout == hanoi.stdout)
        #expect(ownPlan.stderr.hasPrefix("nq57: inspect plan: tasks of 01, the unit of account \(me) (--national for every task)\n"), "\(ownPlan.stderr)")
        #expect(try Binary.run(plan + ["--national"]).stdout == everywhere.stdout)
        // A commune's account: proposals are not assigned to communes, so the ranking.
        #expect(try Binary.run(["account", "add", "--role", "reporter", "--unit", "00070", "--db", db]).status == 0)
        #expect(try Binary.run(["proposal", "owed", "--db", db, "--lang", "en"]).stdout == ranking.stdout)
    }
}
