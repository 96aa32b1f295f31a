import Foundation
import NQ57Core
import NQ57Store

/// The roles' rules (`AccountRules`, what PostgreSQL enforces itself) applied by nq57 on a SQLite
/// file: the operating-system login running nq57 is the account. A file without accounts lets
/// everyone do everything (the quick start); only the file's permissions protect the file itself.
enum SQLiteRoles {
    /// The file's accounts and the login's own (nil when it has none).
    struct Standing {
        var login: String
        var account: AccountScope?
        var accounts: [AccountScope]
    }

    static func standing(_ store: SQLiteStore) throws -> Standing {
        let login = Author.osLogin
        let all = try store.accounts()
        return Standing(login: login, account: all.first { $0.login == login }, accounts: all)
    }

    /// Throws the one-line refusal (exit 64) when the login may not do `action` on this file.
    @discardableResult
    static func require(_ action: AccountAction, _ store: SQLiteStore, command: String) throws -> Standing {
        let s = try standing(store)
        if let refusal = AccountRules.refusal(action, command: command, login: s.login, account: s.account, accounts: s.accounts) {
            throw NQ57Error(.usage, refusal)
        }
        return s
    }

    /// The same for the store of `inspect` or `proposal`: on PostgreSQL the server decides.
    static func require(_ action: AccountAction, desk store: Any, command: String) throws {
        if let sqlite = store as? SQLiteStore { try require(action, sqlite, command: command) }
    }

    /// A report on `taskID`: the role's, and for a reporter the task must be of its units.
    static func mayReport(_ store: SQLiteStore, taskID: String) throws {
        guard let account = try require(.report, store, command: "report").account, account.role == "reporter" else { return }
        if try !store.task(taskID, isIn: account.units) {
            throw NQ57Error(.badData, "report: task \(Quoting.quoted(taskID)) is not of the units of account \(account.login) (reporter: \(account.units.joined(separator: ", "))); nothing was written")
        }
    }

    /// An import: what the file holds is known only as it is read, so every insert the login may not
    /// make (by its role, a reporter's outside its units) is refused inside the import's transaction.
    static func restrictImport(_ store: SQLiteStore) throws {
        let s = try standing(store)
        guard !s.accounts.isEmpty else { return }
        try store.restrictWrites(login: s.login, account: s.account, accounts: s.accounts, command: "import")
    }
}
