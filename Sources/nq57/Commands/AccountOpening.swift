import Foundation
import NQ57Core
import NQ57Postgres
import NQ57Store

/// Where a command opens for the account running it (issue 17): an account scoped to units opens
/// at the broadest of them (`AccountScope.opening`) instead of the national overview; `--national`
/// opens the national picture anyway.
enum AccountOpening {
    /// The account running this process on `db`: on PostgreSQL the login connected; on a SQLite file
    /// the operating-system login, when the file records it as an account (else nil).
    static func scope(_ db: String, postgres: PostgresStore?) throws -> AccountScope? {
        if let postgres { return try postgres.currentAccount() }
        return try? SQLiteStore(path: db, access: .readOnly).account(login: Author.osLogin)
    }

    /// The account's opening unit, found in `store`; nil for an account without units.
    static func unit(for scope: AccountScope?, in store: any ReadableStore) throws -> AdminUnit? {
        guard let scope, !scope.units.isEmpty else { return nil }
        return AccountScope.opening(among: try scope.units.compactMap { try store.unit(code: $0) })
    }

    /// The same as the go-to prompt would have found it (a commune names its province).
    static func found(_ unit: AdminUnit, in store: any ReadableStore) throws -> Found {
        Found.unit(unit, provinceName: try unit.parentCode.flatMap { try store.unit(code: $0)?.name })
    }
}
