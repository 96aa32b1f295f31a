import NQ57Core
import Testing

/// The roles' rules nq57 applies on a SQLite file (issue 17 point 3), the table of PostgreSQL's grants.
@Suite struct AccountRulesTests {
    static func account(_ login: String, _ role: String) -> AccountScope { AccountScope(login: login, role: role, units: []) }

    /// Role → what it may do; everything else is refused.
    static let grants: [String: Set<AccountAction>] = [
        "viewer": [],
        "reporter": [.report],
        "inspector": [.inspect],
        "intake": [.handleProposals, .readContacts],
        "admin": Set(AccountAction.allCases),
    ]

    @Test func eachRoleMayWhatPostgreSQLGrantsItAndNothingElse() {
        let boss = Self.account("boss", "admin")
        for (role, granted) in Self.grants {
            let me = Self.account("lan", role)
            for action in AccountAction.allCases {
                let refusal = AccountRules.refusal(action, command: "cmd", login: "lan", account: me, accounts: [boss, me])
                if granted.contains(action) {
                    #expect(refusal == nil, "\(role) \(action)")
                } else {
                    #expect(refusal == "cmd: login lan (\(role)) may not \(action.doing): only \(action.roles.joined(separator: " and ")) accounts may; \(action.outcome)",
                            "\(role) \(action)")
                }
            }
        }
    }

    @Test func aFileWithoutAccountsLetsEveryoneDoEverything() {
        for action in AccountAction.allCases {
            #expect(AccountRules.refusal(action, command: "cmd", login: "lan", account: nil, accounts: []) == nil)
        }
    }

    @Test func aLoginWithoutAnAccountOnAFileWithAccountsIsRefusedWithTheCommandToAddIt() {
        let accounts = [Self.account("boss", "admin")]
        for action in AccountAction.allCases {
            let refusal = AccountRules.refusal(action, command: "inspect record", login: "lan", account: nil, accounts: accounts)
            #expect(refusal == "inspect record: login lan has no account on this file, so it may not \(action.doing): once a file has accounts only they may (an admin adds one: nq57 account add lan --role \(action.roles[0])); \(action.outcome)")
        }
    }

    @Test func accountsAreOpenToChangeUntilThereIsAnAdmin() {
        let reporter = Self.account("lan", "reporter")
        #expect(AccountRules.refusal(.manageAccounts, command: "account add", login: "lan", account: reporter, accounts: [reporter]) == nil)
        #expect(AccountRules.refusal(.manageAccounts, command: "account add", login: "mai", account: nil, accounts: [reporter]) == nil)
        // Only the accounts' management: a reporter still may not record inspections.
        #expect(AccountRules.refusal(.inspect, command: "inspect record", login: "lan", account: reporter, accounts: [reporter]) != nil)
        let admin = Self.account("boss", "admin")
        #expect(AccountRules.refusal(.manageAccounts, command: "account add", login: "lan", account: reporter, accounts: [admin, reporter])
                == "account add: login lan (reporter) may not change accounts: only admin accounts may; nothing was written")
    }

    @Test func withAccountsTheAuthorIsTheLogin() {
        #expect(AccountRules.authorRefusal(by: nil, login: "lan") == nil)
        #expect(AccountRules.authorRefusal(by: "lan", login: "lan") == nil)
        #expect(AccountRules.authorRefusal(by: "Nguyễn Văn A", login: "lan")
                == "--by \"Nguyễn Văn A\": this file has accounts, so the author is the operating-system login, lan; leave --by out or log in as Nguyễn Văn A")
    }
}
