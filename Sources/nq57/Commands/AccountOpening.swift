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
        return SQLiteStore.accountWithoutWaiting(path: db, login: Author.osLogin)?.scope
    }

    /// The account's opening unit, found in `store`; nil for an account without units.
    static func unit(for scope: AccountScope?, in store: any ReadableStore) throws -> AdminUnit? {
        guard let scope, !scope.units.isEmpty else { return nil }
        return AccountScope.opening(among: try scope.units.compactMap { try store.unit(code: $0) })
    }

    /// The dashboard's account and where it opens (nil with `national`). On SQLite read without
    /// waiting (a locked file opens as before, at once); on PostgreSQL as the login connected.
    static func dashboard(_ db: String, postgres: PostgresStore?, national: Bool) throws -> (account: AccountScope?, opening: Found?) {
        if let postgres {
            let scope = try postgres.currentAccount()
            return (scope, national ? nil : try unit(for: scope, in: postgres).map { try found($0, in: postgres) })
        }
        guard let (scope, units) = SQLiteStore.accountWithoutWaiting(path: db, login: Author.osLogin) else { return (nil, nil) }
        guard !national, let unit = AccountScope.opening(among: units.filter { scope.units.contains($0.code) }) else { return (scope, nil) }
        return (scope, Found.unit(unit, provinceName: unit.parentCode.flatMap { code in units.first { $0.code == code }?.name }))
    }

    /// The same as the go-to prompt would have found it (a commune names its province).
    static func found(_ unit: AdminUnit, in store: any ReadableStore) throws -> Found {
        Found.unit(unit, provinceName: try unit.parentCode.flatMap { try store.unit(code: $0)?.name })
    }
}
