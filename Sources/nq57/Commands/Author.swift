import Foundation
import NQ57Core
import NQ57Postgres
import NQ57Store

/// Who a write is recorded as (issue 17). On PostgreSQL the login connected (`session_user`): the
/// database records it on every report whatever the writer sends, so a free-text `--by` naming someone
/// else is refused rather than stored beside it as a second, false author. On a SQLite file with
/// accounts the same rule with the operating-system login; on a file without accounts `--by` stays
/// free text (the quick start), defaulting to the operating-system login.
enum Author {
    static func resolve(_ by: String?, postgres: PostgresStore?, sqlite: SQLiteStore? = nil) throws -> String {
        let given = by.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        if let sqlite, !(try sqlite.accounts().isEmpty) {
            if let refusal = AccountRules.authorRefusal(by: given, login: osLogin) { throw NQ57Error(.usage, refusal) }
            return osLogin
        }
        guard let postgres else { return given ?? osLogin }
        let login = try postgres.currentAccount().login
        if let given, given != login {
            throw NQ57Error(.usage, "--by \(Quoting.quoted(given)): on PostgreSQL the author is the login connected, \(login); leave --by out or connect as \(given)")
        }
        return login
    }

    /// The operating-system login running nq57 (`SQLiteStore.processLogin`).
    static var osLogin: String { SQLiteStore.processLogin }
}
