import GRDB

/// Issue 17 on SQLite: accounts mapped to operating-system logins (`nq57 account add/list/remove`).
/// They scope what nq57 shows and writes for that login; only the file's permissions protect the
/// file itself (README "Accounts on SQLite and on PostgreSQL").
///
/// - `accounts(login, role)`: an operating-system login (1–64 of letters, digits, `._@-`) and one of
///   the five roles.
/// - `account_units(login, unit_code)`: the units it answers for (a province covers its communes).
extension Schema {
    static let v17 = "v17-accounts"

    static let v17SQL = """
        CREATE TABLE accounts (
            login TEXT PRIMARY KEY NOT NULL CHECK (typeof(login) = 'text' AND length(login) BETWEEN 1 AND 64
                AND login NOT GLOB '*[^A-Za-z0-9._@-]*'),
            role TEXT NOT NULL CHECK (role = 'viewer' OR role = 'reporter' OR role = 'inspector' OR role = 'intake' OR role = 'admin')
        ) WITHOUT ROWID;
        CREATE TABLE account_units (
            login TEXT NOT NULL REFERENCES accounts(login) ON DELETE CASCADE,
            unit_code TEXT NOT NULL REFERENCES units(code),
            PRIMARY KEY (login, unit_code)
        ) WITHOUT ROWID;
        """

    /// Who recorded each inspection (issue 17 point 3): `inspection_log.account`, the operating-system
    /// login nq57 ran as, as PostgreSQL records `session_user` (`inspected_by` is the inspecting body,
    /// not a person). Rows from before, and rows another program inserts without it, have ''.
    static let v19 = "v19-inspection-account"

    static let v19SQL = """
        ALTER TABLE inspection_log ADD COLUMN account TEXT NOT NULL DEFAULT ''
            CHECK (typeof(account) = 'text' AND length(account) <= 64);
        """

    static func registerAccounts(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration(v17, foreignKeyChecks: .immediate) { db in try db.execute(sql: v17SQL) }
    }

    static func registerInspectionAccount(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration(v19, foreignKeyChecks: .immediate) { db in try db.execute(sql: v19SQL) }
    }
}
