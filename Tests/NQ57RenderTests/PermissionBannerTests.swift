import Testing
import NQ57Core
import NQ57Render
import NQ57TestSupport

/// A live dashboard that loses a permission says so in its own language, with the fix, instead of the
/// store's English line.
@Suite struct PermissionBannerTests {
    func banner(_ need: NQ57Error.Denied.Need, _ language: Language) -> String {
        var m = DashboardModel(width: 200, height: 40, language: language, now: Fixtures.now, live: LiveState(interval: 2))
        _ = m.update(.tick(Fixtures.now))
        _ = m.update(.changeChecked(.success(1)))
        _ = m.update(.overviewLoaded(.success(Fixtures.overview)))
        var error = NQ57Error(.io, "/srv/nq57/data/nq57.sqlite: cannot read: the English line")
        error.denied = NQ57Error.Denied(path: "/srv/nq57/data/nq57.sqlite", need: need)
        _ = m.update(.tick(Fixtures.now.adding(seconds: 2)))
        _ = m.update(.changeChecked(.failure(error)))
        return DashboardView.render(m).lines()[1]
    }

    @Test func eachProblemInEachLanguage() {
        let cases: [(NQ57Error.Denied.Need, Language, String)] = [
            (.read, .vi, "⚠ Số liệu cũ từ 14:03:07: không có quyền đọc /srv/nq57/data/nq57.sqlite: nhờ quản trị viên thêm tài khoản vào nhóm xem (nq57 init --group)"),
            (.read, .en, "⚠ stale since 14:03:07: no permission to read /srv/nq57/data/nq57.sqlite: ask an administrator to add your account to the readers' group"),
            (.write, .vi, "không có quyền ghi /srv/nq57/data/nq57.sqlite: nhờ quản trị viên thêm tài khoản vào nhóm ghi (nq57 init --writers)"),
            (.write, .en, "no permission to write /srv/nq57/data/nq57.sqlite: ask an administrator to add your account to the writers' group"),
            (.walFiles, .vi, "/srv/nq57/data/nq57.sqlite thiếu tệp -wal/-shm: lệnh ghi nq57 tiếp theo của người có quyền ghi"),
            (.walFiles, .en, "/srv/nq57/data/nq57.sqlite has lost its -wal/-shm files: a writer's next nq57 write"),
        ]
        for (need, language, expected) in cases {
            let line = banner(need, language)
            #expect(line.contains(expected), "\(need) \(language): \(line)")
            #expect(!line.contains("the English line"), "\(line)")
        }
    }

    @Test func otherErrorsKeepTheirOwnLine() {
        var m = DashboardModel(width: 120, height: 40, language: .en, now: Fixtures.now, live: LiveState(interval: 2))
        _ = m.update(.overviewLoaded(.success(Fixtures.overview)))
        _ = m.update(.changeChecked(.failure(NQ57Error(.io, "nq57.sqlite: the database file is missing"))))
        #expect(DashboardView.render(m).lines()[1].contains("stale since 14:03:07: nq57.sqlite: the database file is missing"))
    }
}

/// Issue 11 §8: the banner's reason in the screen's language when the error gives it in Vietnamese.
@Suite struct BannerLanguageTests {
    struct Missing: ErrorReason {
        var kind: NQ57Error.Kind { .io }
        var message: String { "nq57.sqlite: the database file is missing" }
        var messageVI: String? { "nq57.sqlite: tệp cơ sở dữ liệu không còn" }
    }

    @Test(arguments: [(Language.vi, "nq57.sqlite: tệp cơ sở dữ liệu không còn"), (.en, "nq57.sqlite: the database file is missing")])
    func theReasonIsInTheScreensLanguage(language: Language, expected: String) {
        var m = DashboardModel(width: 120, height: 40, language: language, now: Fixtures.now, live: LiveState(interval: 2))
        _ = m.update(.overviewLoaded(.success(Fixtures.overview)))
        _ = m.update(.changeChecked(.failure(Missing().error)))
        let line = DashboardView.render(m).lines()[1]
        #expect(line.contains(expected), "\(line)")
        #expect(language == .en || !line.contains("missing"), "\(line)")
    }
}
