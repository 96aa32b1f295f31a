import ArgumentParser
import Foundation
import NQ57Core
import NQ57Postgres
import NQ57Store

struct AccountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Accounts: PostgreSQL logins enforced by PostgreSQL, or operating-system logins on a SQLite file.",
        discussion: """
        Roles: viewer (reads), reporter (reads; reports on the tasks of its units, a province's covering \
        its communes), inspector and intake (read, for now), admin (everything). An account with units \
        opens the dashboard, watch and snapshot at its unit (--national opens the national picture). \
        On PostgreSQL the database refuses what an account may not do, whatever program connects, and \
        records the login on every report. On a SQLite file an account is an operating-system login \
        that nq57 scopes; only the file's permissions protect the file (README: "Accounts on SQLite \
        and on PostgreSQL").
        """,
        subcommands: [Add.self, List.self, Remove.self])

    struct Add: NQ57Subcommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or update an account: a login in one role, with its units.")

        @Argument(help: "The login (PostgreSQL: lower-case letters, digits and _; SQLite: an operating-system login, default the current one).")
        var login: String?
        @Option(help: "viewer, reporter, inspector, intake or admin.") var role: AccountRole
        @Option(help: ArgumentHelp("A unit the account answers for (repeat for more).", valueName: "code")) var unit: [String] = []
        @Option(name: .customLong("password-env"), help: ArgumentHelp("PostgreSQL: set the login's password from this environment variable.", valueName: "name"))
        var passwordEnv: String?
        @OptionGroup var db: DatabaseOptions

        func execute() throws {
            guard let pg = try StoreSelection.postgres(db.resolved) else {
                if passwordEnv != nil { throw NQ57Error(.usage, "--password-env: a SQLite account is an operating-system login, with no password of its own") }
                let store = try SQLiteStore.openInitialised(db.resolved)
                return print(try store.addAccount(login: login ?? Author.osLogin, role: role.rawValue, units: unit))
            }
            guard let login else { throw NQ57Error(.usage, "account add: give the PostgreSQL login to create") }
            var password: String?
            if let passwordEnv {
                guard let value = ProcessInfo.processInfo.environment[passwordEnv], !value.isEmpty else {
                    throw NQ57Error(.usage, "--password-env \(passwordEnv): no such environment variable, or it is empty")
                }
                password = value
            }
            print(try pg.addAccount(login: login, role: role, units: unit, password: password))
        }
    }

    struct List: NQ57Subcommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts: login, role, units.")
        @OptionGroup var db: DatabaseOptions

        func execute() throws {
            let all = try StoreSelection.postgres(db.resolved)?.accounts() ?? SQLiteStore(path: db.resolved, access: .readOnly).accounts()
            for a in all { print("\(a.login)\t\(a.role ?? "-")\t\(a.units.isEmpty ? "every unit" : a.units.joined(separator: ","))") }
        }
    }

    struct Remove: NQ57Subcommand {
        static let configuration = CommandConfiguration(abstract: "Remove an account (on PostgreSQL: drops the login role).")
        @Argument(help: "The login.") var login: String
        @OptionGroup var db: DatabaseOptions

        func execute() throws {
            let removed = try StoreSelection.postgres(db.resolved)?.removeAccount(login: login)
                ?? SQLiteStore.openInitialised(db.resolved).removeAccount(login: login)
            guard removed else { throw NQ57Error(.badData, "account remove: \(Quoting.quoted(login)): no such account") }
            print("\(db.resolved.hasPrefix("postgres") ? "" : db.resolved + ": ")account \(login) removed")
        }
    }
}


/// What an account may write on a SQLite file, checked by nq57 (PostgreSQL checks it itself).
enum SQLiteAccountCheck {
    /// The account of the operating-system login on this file, nil without one (a file without
    /// accounts, or a login not among them, works as before accounts).
    static func current(_ store: SQLiteStore) -> AccountScope? {
        try? store.account(login: Author.osLogin)
    }

    /// Refuses a report (or an import) by an account whose role may not report; for a reporter,
    /// `taskID` (when given) must be of its units.
    static func mayReport(_ store: SQLiteStore, taskID: String?) throws {
        guard let account = current(store) else { return }
        switch account.role {
        case "admin": return
        case "reporter":
            if let taskID, try !store.task(taskID, isIn: account.units) {
                throw NQ57Error(.badData, "report: task \(Quoting.quoted(taskID)) is not of the units of account \(account.login) (reporter: \(account.units.joined(separator: ", "))); nothing was written")
            }
            if taskID == nil { try store.restrictReports(to: account.units, account: account.login) }
        default:
            throw NQ57Error(.usage, "account \(account.login) is a \(account.role ?? "?"): only reporter and admin accounts report; nothing was written")
        }
    }
}
