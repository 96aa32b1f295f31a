import Foundation
import NQ57Core
import NQ57Postgres

/// Who a write is recorded as (issue 17). On PostgreSQL the login connected (`session_user`): the
/// database records it on every report whatever the writer sends, so a free-text `--by` naming someone
/// else is refused rather than stored beside it as a second, false author. On a SQLite file `--by`
/// stays free text (nothing can check it), defaulting to the operating-system login.
enum Author {
    static func resolve(_ by: String?, postgres: PostgresStore?) throws -> String {
        let given = by.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        guard let postgres else { return given ?? osLogin }
        let login = try postgres.currentAccount().login
        if let given, given != login {
            throw NQ57Error(.usage, "--by \(Quoting.quoted(given)): on PostgreSQL the author is the login connected, \(login); leave --by out or connect as \(given)")
        }
        return login
    }

    /// The operating-system login running nq57: the password database's name for the effective user,
    /// else $USER, else `uid N`.
    static var osLogin: String {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name, case let s = String(cString: name), !s.isEmpty { return s }
        if let user = ProcessInfo.processInfo.environment["USER"], !user.isEmpty { return user }
        return "uid \(geteuid())"
    }
}
