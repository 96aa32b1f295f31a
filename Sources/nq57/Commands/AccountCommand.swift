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
        its communes), inspector (records inspections), intake (records proposals and their moves; \
        with admin the only one to read the submitters' contact details), admin (everything, accounts \
        too). An account with units opens the dashboard, watch and snapshot at its unit (--national \
        opens the national picture). On PostgreSQL the database refuses what an account may not do, \
        whatever program connects, and records the login on every write. On a SQLite file an account \
        is an operating-system login and nq57 applies the same rules; once a file has accounts a login \
        without one writes nothing; only the file's permissions protect the file (README: "Accounts on \
        SQLite and on PostgreSQL").
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
                try SQLiteRoles.require(.manageAccounts, store, command: "account add")
                let login = login ?? Author.osLogin
                print(try store.addAccount(login: login, role: role.rawValue, units: unit))
                // Warned, not refused: the file may be used where the login exists (another machine
                // sharing it, a directory service not reachable now); PostgreSQL does not ask either.
                if !SQLiteStore.isSystemLogin(login) {
                    Console.note("nq57: account add: \(login) is not a login of this system (getpwnam found none): the account applies only where \(login) runs nq57 on this file; a mistyped login: nq57 account remove \(login)")
                }
                if login != Author.osLogin, try store.account(login: Author.osLogin) == nil {
                    Console.note("nq57: account add: \(Author.osLogin), running this, has no account on this file: it writes nothing here until it has one")
                }
                return
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
            let removed: Bool
            if let pg = try StoreSelection.postgres(db.resolved) {
                removed = try pg.removeAccount(login: login)
            } else {
                let store = try SQLiteStore.openInitialised(db.resolved)
                try SQLiteRoles.require(.manageAccounts, store, command: "account remove")
                removed = try store.removeAccount(login: login)
            }
            guard removed else { throw NQ57Error(.badData, "account remove: \(Quoting.quoted(login)): no such account") }
            print("\(db.resolved.hasPrefix("postgres") ? "" : db.resolved + ": ")account \(login) removed")
        }
    }
}

