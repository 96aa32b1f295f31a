import Testing
import NQ57Core
import NQ57Render
import NQ57TestSupport

/// The header names the account in the screen's language (one language per screen): its role in
/// Vietnamese on a Vietnamese screen, and a login without an account on a file that has accounts as
/// such (it reads and writes nothing).
@Suite struct AccountHeaderTests {
    static func header(_ account: String, _ language: Language, width: Int = 200) -> String {
        var m = DashboardModel(width: width, height: 40, now: Fixtures.now)
        m.language = language
        _ = m.update(.overviewLoaded(.success(Fixtures.overview)))
        m.account = account
        return Golden.text(of: DashboardView.render(m)).split(separator: "\n").first.map(String.init) ?? ""
    }

    @Test(arguments: [
        ("root (reporter)", Language.vi, "tài khoản root (báo cáo)"), ("root (reporter)", .en, "account root (reporter)"),
        ("lan (intake)", .vi, "tài khoản lan (tiếp nhận)"), ("lan (viewer)", .vi, "tài khoản lan (chỉ xem)"),
        ("mai (\(AccountScope.noAccount))", .vi, "tài khoản mai (chưa có tài khoản, chỉ xem)"),
        ("mai (\(AccountScope.noAccount))", .en, "account mai (no account, read only)"),
        ("postgres", .vi, "tài khoản postgres"),
    ])
    func theRoleIsInTheScreensLanguage(_ account: String, _ language: Language, _ shown: String) {
        let line = Self.header(account, language)
        #expect(line.contains(shown), "\(line)")
        if language == .vi { #expect(!line.contains("reporter") && !line.contains("none"), "\(line)") }
    }
}
