import Foundation
import NQ57Core

/// Accounts PostgreSQL enforces (`nq57 account add`): a login role per account, a member of one of
/// five group roles, with its units in `account_units`; row-level security on `report_log` lets a
/// reporter insert reports only for tasks of its units (a province covers its communes).
///
/// - viewer: reads everything the dashboard shows; writes nothing.
/// - reporter: reads; inserts reports (into `report_log` or the `reports` view) for its units' tasks.
/// - inspector, intake: read; their writes and the contact details: `inspectionProposalAccounts`.
/// - admin: everything, and creating accounts.
///
/// The maintained state and counts are written by the triggers as the schema's owner (SECURITY
/// DEFINER), so no account needs, or has, the right to write them directly. Every report records the
/// login that inserted it (`report_log.account`, set by the database whatever the writer sends).
public enum AccountRole: String, CaseIterable, Sendable {
    case viewer, reporter, inspector, intake, admin

    /// The group role in PostgreSQL.
    public var group: String { "nq57_\(rawValue)" }
}

extension PostgresStore {
    /// The grants and policies, idempotent: run by every `account add`.
    static var accountSetup: String {
        let groups = AccountRole.allCases.map(\.group)
        let readers = groups.joined(separator: ", ")
        return """
            DO $$ BEGIN
            \(groups.map { "BEGIN CREATE ROLE \($0) NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;" }.joined(separator: "\n"))
            END $$;
            CREATE TABLE IF NOT EXISTS account_units (
                login text NOT NULL,
                unit_code text NOT NULL REFERENCES units(code),
                PRIMARY KEY (login, unit_code)
            );
            ALTER TABLE report_log ADD COLUMN IF NOT EXISTS account text NOT NULL DEFAULT session_user;
            CREATE OR REPLACE FUNCTION nq57_report_account() RETURNS trigger LANGUAGE plpgsql AS $f$
            BEGIN
                NEW.account := session_user;
                RETURN NEW;
            END $f$;
            DROP TRIGGER IF EXISTS report_log_account ON report_log;
            CREATE TRIGGER report_log_account BEFORE INSERT ON report_log FOR EACH ROW EXECUTE FUNCTION nq57_report_account();
            ALTER FUNCTION nq57_reports_state() SECURITY DEFINER;
            ALTER FUNCTION nq57_tasks_counts() SECURITY DEFINER;
            ALTER FUNCTION nq57_changed() SECURITY DEFINER;
            GRANT USAGE ON SCHEMA public TO \(readers);
            GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(readers);
            GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO \(readers);
            GRANT INSERT ON report_log, reports TO nq57_reporter, nq57_admin;
            GRANT ALL ON ALL TABLES IN SCHEMA public TO nq57_admin;
            ALTER TABLE report_log ENABLE ROW LEVEL SECURITY;
            DROP POLICY IF EXISTS read_all ON report_log;
            CREATE POLICY read_all ON report_log FOR SELECT USING (true);
            DROP POLICY IF EXISTS admin_all ON report_log;
            CREATE POLICY admin_all ON report_log FOR ALL TO nq57_admin USING (true) WITH CHECK (true);
            DROP POLICY IF EXISTS reporter_own_units ON report_log;
            CREATE POLICY reporter_own_units ON report_log FOR INSERT TO nq57_reporter WITH CHECK (EXISTS (
                SELECT 1 FROM tasks t JOIN units u ON u.code = t.unit_code
                JOIN account_units a ON a.login = session_user AND (a.unit_code = u.code OR a.unit_code = u.province_code)
                WHERE t.key = task_key));
            """
    }

    /// Creates (or updates) an account: a login role in `role`'s group with `units` as its scope.
    /// `password` nil leaves the role's password as it is (a new role then has none: it logs in as
    /// pg_hba.conf allows, e.g. peer or certificate). Returns one line for the command line.
    public func addAccount(login: String, role: AccountRole, units: [String], password: String?) throws -> String {
        guard login.range(of: "^[a-z_][a-z0-9_]{0,62}$", options: .regularExpression) != nil, !login.hasPrefix("nq57_"),
              !["postgres", "public"].contains(login) else {
            throw NQ57Error(.usage, "account: \(login): a login is 1–63 lower-case letters, digits and _, starting with a letter, not nq57_…")
        }
        if role == .reporter && units.isEmpty { throw NQ57Error(.usage, "account: a reporter needs at least one --unit") }
        return try run { c in
            try requireSchema(c)
            return try c.transaction {
                try c.exec("SELECT pg_advisory_xact_lock(5758)")
                for code in units where try c.exec("SELECT 1 FROM units WHERE code = $1", [code]).rows == 0 {
                    throw NQ57Error(.badData, "account: --unit \(code): no such unit")
                }
                try c.exec(Self.accountSetup)
                try c.exec(Self.inspectionProposalAccounts)
                let exists = try c.exec("SELECT 1 FROM pg_roles WHERE rolname = $1", [login]).rows == 1
                if !exists { try c.exec("CREATE ROLE \(login) LOGIN") }
                if let password {
                    let quoted = try c.exec("SELECT quote_literal($1)", [password]).text(0, 0)
                    try c.exec("ALTER ROLE \(login) PASSWORD \(quoted)")
                }
                for other in AccountRole.allCases where other != role { try c.exec("REVOKE \(other.group) FROM \(login)") }
                try c.exec("GRANT \(role.group) TO \(login)")
                try c.exec("DELETE FROM account_units WHERE login = $1", [login])
                for code in units { try c.exec("INSERT INTO account_units (login, unit_code) VALUES ($1, $2)", [login, code]) }
                let scope = units.isEmpty ? "every unit" : units.joined(separator: ", ")
                return "\(server): account \(login) (\(exists ? "updated" : "created")): \(role.rawValue), \(scope)"
            }
        }
    }
}
