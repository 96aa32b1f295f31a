import Foundation
import GRDB
import NQ57Core

/// Accounts on a SQLite file (issue 17): operating-system logins with a role and units. nq57 reads
/// them to open the dashboard at the account's unit and to refuse a reporter's report on a task
/// outside its units; any program that may write the file can change them (only the file's
/// permissions protect it), which the README says.
extension SQLiteStore {
    public static let accountRoles = ["viewer", "reporter", "inspector", "intake", "admin"]

    /// Creates or replaces `login`'s account. Returns one line for the command line.
    public func addAccount(login: String, role: String, units: [String]) throws -> String {
        guard login.range(of: "^[A-Za-z0-9._@-]{1,64}$", options: .regularExpression) != nil else {
            throw NQ57Error(.usage, "account: \(Quoting.quoted(login)): a login is 1–64 letters, digits and . _ @ -, as the operating system names it")
        }
        guard Self.accountRoles.contains(role) else { throw NQ57Error(.usage, "account: --role \(Quoting.quoted(role)): not one of \(Self.accountRoles.joined(separator: ", "))") }
        if role == "reporter" && units.isEmpty { throw NQ57Error(.usage, "account: a reporter needs at least one --unit") }
        return try write { db in
            for code in units where try !Bool(Int.fetchOne(db, sql: "SELECT count(*) FROM units WHERE code = ?", arguments: [code]) ?? 0 > 0) {
                throw NQ57Error(.badData, "account: --unit \(Quoting.quoted(code)): no such unit")
            }
            let existed = try (Int.fetchOne(db, sql: "SELECT count(*) FROM accounts WHERE login = ?", arguments: [login]) ?? 0) > 0
            try db.execute(sql: "DELETE FROM accounts WHERE login = ?", arguments: [login])
            try db.execute(sql: "INSERT INTO accounts (login, role) VALUES (?, ?)", arguments: [login, role])
            for code in units { try db.execute(sql: "INSERT INTO account_units (login, unit_code) VALUES (?, ?)", arguments: [login, code]) }
            let scope = units.isEmpty ? "every unit" : units.joined(separator: ", ")
            return "\(path): account \(login) (\(existed ? "updated" : "created")): \(role), \(scope) (operating-system login; only the file's permissions protect it)"
        }
    }

    /// Removes `login`'s account; false when there was none.
    public func removeAccount(login: String) throws -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM accounts WHERE login = ?", arguments: [login])
            return db.changesCount > 0
        }
    }

    /// Every account, by login (values read through the total accessors: another program may have
    /// written anything the constraints let through).
    public func accounts() throws -> [AccountScope] {
        try read { db in
            guard try db.tableExists("accounts") else { return [] }
            let units = try Row.fetchAll(db, sql: "SELECT login, unit_code FROM account_units ORDER BY login, unit_code")
            let byLogin = Dictionary(grouping: units, by: { $0.text(0) }).mapValues { $0.map { $0.text(1) } }
            return try Row.fetchAll(db, sql: "SELECT login, role FROM accounts ORDER BY login").map {
                AccountScope(login: $0.text(0), role: $0.text(1), units: byLogin[$0.text(0)] ?? [])
            }
        }
    }

    /// `login`'s account, nil when it has none (or the file has no accounts table yet).
    public func account(login: String) throws -> AccountScope? {
        try accounts().first { $0.login == login }
    }

    /// Whether task `id` belongs to one of `units` (a province's covers its communes); false for an
    /// unknown task.
    public func task(_ id: String, isIn units: [String]) throws -> Bool {
        guard !units.isEmpty else { return false }
        return try read { db in
            let marks = Array(repeating: "?", count: units.count).joined(separator: ", ")
            return try (Int.fetchOne(db, sql: """
                SELECT count(*) FROM tasks t JOIN units u ON u.code = t.unit_code
                WHERE t.id = ? AND (u.code IN (\(marks)) OR u.parent_code IN (\(marks)))
                """, arguments: StatementArguments([id] + units + units)) ?? 0) > 0
        }
    }

    /// From now on this connection refuses, row by row inside the writer's own transaction, every
    /// insert `account` may not make (`AccountRules`): a reporter's reports on tasks outside its units,
    /// and the tables its role may not write at all (tasks, inspections, proposals and their moves and
    /// contacts, reports). For `nq57 import`, whose file's kind is known only once it is read: a file
    /// with one such row writes nothing. `account` nil is a login without an account on a file that has
    /// some: it may insert nothing. Temporary triggers, on this connection only.
    public func restrictWrites(login: String, account: AccountScope?, accounts: [AccountScope], command: String) throws {
        let tables: [(table: String, action: AccountAction)] = [
            ("report_log", .report), ("tasks", .changeReference), ("inspection_log", .inspect),
            ("proposals", .handleProposals), ("proposal_log", .handleProposals), ("proposal_contacts", .handleProposals),
        ]
        var sql: [String] = []
        for (table, action) in tables {
            if let refusal = AccountRules.refusal(action, command: command, login: login, account: account, accounts: accounts) {
                sql.append("CREATE TEMP TRIGGER IF NOT EXISTS nq57_account_\(table) BEFORE INSERT ON main.\(table) BEGIN SELECT RAISE(ABORT, \(Self.sqlText(refusal))); END;")
            } else if table == "report_log", let account, account.role == "reporter" {
                let units = account.units.map(Self.sqlText).joined(separator: ", ")
                let message = "account \(account.login) (reporter) may report only on tasks of \(account.units.joined(separator: ", ")); nothing was written"
                sql.append("""
                    CREATE TEMP TRIGGER IF NOT EXISTS nq57_account_scope BEFORE INSERT ON main.report_log
                    WHEN NOT EXISTS (SELECT 1 FROM main.tasks t JOIN main.units u ON u.code = t.unit_code
                                     WHERE t.key = NEW.task_key AND (u.code IN (\(units)) OR u.parent_code IN (\(units))))
                    BEGIN SELECT RAISE(ABORT, \(Self.sqlText(message))); END;
                    """)
            }
        }
        guard !sql.isEmpty else { return }
        try run { try queue.inDatabase { db in try db.execute(sql: sql.joined(separator: "\n")) } }
    }

    /// `text` as an SQL string literal.
    static func sqlText(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    /// The operating-system login running this process (what a SQLite file's accounts name, and what
    /// nq57 records as a write's author): the password database's name for the effective user, else
    /// $USER, else `uid N`; found once per process.
    public static let processLogin: String = {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name, case let s = String(cString: name), !s.isEmpty { return s }
        if let user = ProcessInfo.processInfo.environment["USER"], !user.isEmpty { return user }
        return "uid \(geteuid())"
    }()

    /// Whether `login` is a user of this system (the password database knows it).
    public static func isSystemLogin(_ login: String) -> Bool { getpwnam(login) != nil }
}

extension SQLiteStore {
    /// `login`'s account and its units (with the provinces of its communes), read without waiting: a dashboard must draw at once, so a file
    /// locked by a writer (or without the accounts table, or not nq57's) gives nil at once instead of
    /// waiting on the busy timeout. Values go through the total accessors.
    public static func accountWithoutWaiting(path: String, login: String) -> (scope: AccountScope, units: [AdminUnit])? {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .immediateError
        guard FileSystem.exists(path), let queue = try? DatabaseQueue(path: path, configuration: config) else { return nil }
        return try? queue.read { db in
            guard try db.tableExists("accounts") else { return nil }
            guard let row = try Row.fetchOne(db, sql: "SELECT role FROM accounts WHERE login = ?", arguments: [login]) else {
                // A file with accounts and none for this login: read only (`AccountRules`), as the header says.
                let others = (try Row.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM accounts)")?.int(0) ?? 0) != 0
                return others ? (AccountScope(login: login, role: AccountScope.noAccount, units: []), []) : nil
            }
            let codes = try Row.fetchAll(db, sql: "SELECT unit_code FROM account_units WHERE login = ? ORDER BY unit_code", arguments: [login]).map { $0.text(0) }
            // Its units and their provinces (the breadcrumb names a commune's province).
            var units = try codes.compactMap { try Reading.units(db, where: "u.code = ?", arguments: [$0]).first }
            for parent in Set(units.compactMap(\.parentCode)) where !codes.contains(parent) {
                units += try Reading.units(db, where: "u.code = ?", arguments: [parent])
            }
            return (AccountScope(login: login, role: row.text(0), units: codes), units)
        }
    }
}
