/// What each role may do (issue 17): the rules PostgreSQL enforces with its grants and policies
/// (`nq57 account add` on a server), stated once so that nq57 applies the same ones on a SQLite
/// file, where nothing but nq57 can (only the file's permissions protect the file itself).
///
/// - viewer: reads, writes nothing;
/// - reporter: reports on the tasks of its units (a province's covering its communes);
/// - inspector: records inspections; intake: receives and moves proposals and is, with admin, the
///   only one to read the submitters' contact details;
/// - admin: everything, including tasks, figures, reference data and the accounts themselves.
public enum AccountAction: String, Sendable, CaseIterable {
    /// `report`, an import of reports.
    case report
    /// `inspect record`, an import of a filled work list.
    case inspect
    /// `proposal add/assign/answer/reject/publish`, an import of proposals or their moves.
    case handleProposals
    /// `export --what proposals --with-contacts`: the submitters' personal data.
    case readContacts
    /// Tasks, figures, demo data, holidays: `import` of tasks, `metric set`, `demo`, `proposal holidays --import`.
    case changeReference
    /// `account add`, `account remove`.
    case manageAccounts

    /// The roles that may.
    public var roles: [String] {
        switch self {
        case .report: ["reporter", "admin"]
        case .inspect: ["inspector", "admin"]
        case .handleProposals, .readContacts: ["intake", "admin"]
        case .changeReference, .manageAccounts: ["admin"]
        }
    }

    /// What is refused, after "may not".
    public var doing: String {
        switch self {
        case .report: "report"
        case .inspect: "record inspections"
        case .handleProposals: "record proposals or their moves"
        case .readContacts: "read the submitters' contact details"
        case .changeReference: "change tasks, figures or reference data"
        case .manageAccounts: "change accounts"
        }
    }

    /// What a refusal leaves as it was.
    public var outcome: String { self == .readContacts ? "nothing was exported" : "nothing was written" }
}

/// Who may do what on a file whose accounts nq57 applies.
public enum AccountRules {
    /// The refusal line (without `nq57: `) for `login` doing `action`, or nil when it may.
    ///
    /// - A file without accounts lets everyone do everything: the quick start needs no account.
    /// - Once it has accounts, a login without one writes nothing and reads no contact details (on
    ///   PostgreSQL a login without a role cannot even connect); reading the rest stays open (the
    ///   file's permissions decide who reads).
    /// - `manageAccounts` is open to everyone while the file has no admin account, so that the login
    ///   that adds the first accounts (or removed the last admin) is never locked out of nq57.
    public static func refusal(_ action: AccountAction, command: String, login: String, account: AccountScope?,
                               accounts: [AccountScope]) -> String? {
        if accounts.isEmpty { return nil }
        if action == .manageAccounts && !accounts.contains(where: { $0.role == "admin" }) { return nil }
        let allowed = action.roles.joined(separator: " and ")
        guard let account else {
            return "\(command): login \(login) has no account on this file, so it may not \(action.doing): once a file has accounts only they may (an admin adds one: nq57 account add \(login) --role \(action.roles[0])); \(action.outcome)"
        }
        let role = account.role ?? "no role"
        if action.roles.contains(role) { return nil }
        return "\(command): login \(login) (\(role)) may not \(action.doing): only \(allowed) accounts may; \(action.outcome)"
    }

    /// For a file with accounts, the author a write records: the login itself. A `by` naming anyone
    /// else is refused, as on PostgreSQL (the line to throw); nil `by`, or the login, is accepted.
    public static func authorRefusal(by: String?, login: String) -> String? {
        guard let by, by != login else { return nil }
        return "--by \(Quoting.quoted(by)): this file has accounts, so the author is the operating-system login, \(login); leave --by out or log in as \(by)"
    }
}
