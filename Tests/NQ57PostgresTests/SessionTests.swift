import Foundation
import NQ57App
import NQ57Core
import NQ57Postgres
import NQ57Render
import NQ57Store
import NQ57TestSupport
import Testing

/// The header on PostgreSQL (issue 17): the account logged in, and on a hot standby which server is
/// read and how far it lags. Against the live server, as the account's own login.
@Suite struct SessionTests {
    static func standbyURL(of url: String) -> String? {
        guard let standby = ProcessInfo.processInfo.environment["NQ57_TEST_PG_STANDBY"], !standby.isEmpty else {
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("NQ57_TEST_PG_STANDBY is not set under CI") }
            return nil
        }
        var c = URLComponents(string: standby)!
        c.path = URLComponents(string: url)!.path
        return c.string!
    }

    /// The dashboard as `nq57 watch` runs it, on a terminal in memory; `header` is its top line.
    final class Screen {
        let terminal: MemoryTerminal
        let runtime: DashboardRuntime
        init(_ source: DashboardSource, width: Int, height: Int, language: Language, account: String? = nil, opening: Found? = nil) {
            terminal = MemoryTerminal(width: width, height: height)
            var model = DashboardModel(width: width, height: height, language: language, now: StoreFixtures.now,
                                       fixedAsOf: StoreFixtures.demoAsOf, live: LiveState(interval: 1))
            model.account = account
            if let opening { _ = model.openFound(opening) }
            runtime = DashboardRuntime(model: model, source: source, terminal: terminal, clock: { Console.now }) { _ in (Theme.builtinDark, nil) }
            runtime.start()
            runtime.settle()
        }
        var lines: [String] { terminal.screen?.lines() ?? [] }
        var header: String { lines.first ?? "" }
        /// Live ticks until `condition` holds of the screen (a minute at most).
        func wait(_ condition: (Screen) -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(60)
            while !condition(self), Date() < deadline {
                usleep(200_000)
                runtime.step(.timeout)
                runtime.settle()
            }
            return condition(self)
        }
    }

    enum Console { static var now: Timestamp { Timestamp(seconds: Int64(Date().timeIntervalSince1970)) } }

    @Test func aStandbysHeaderNamesTheServerAndItsLagAndThePrimarysDoesNot() throws {
        guard let url = try TestServer.freshDatabase(), let standbyURL = Self.standbyURL(of: url) else { return }
        let primary = try PostgresStore(url: url)
        try primary.initialize()
        try primary.db().exec("INSERT INTO tasks (id, title, plan, area, level, unit_code, deadline) VALUES ('T1', 'Một', 'KH02', 3, 'commune', '00070', '2026-03-31')")
        _ = try primary.addAccount(login: "wall_" + String(UUID().uuidString.prefix(8)).lowercased(), role: .viewer, units: [], password: nil)
        var standby: PostgresStore?
        let deadline = Date().addingTimeInterval(60)
        while standby == nil, Date() < deadline {
            if let s = try? PostgresStore(url: standbyURL), (try? s.taskDetail(id: "T1", asOf: StoreFixtures.demoAsOf, historyLimit: 1)) != nil { standby = s }
            else { usleep(100_000) }
        }
        let s = try #require(standby)
        let port = URLComponents(string: standbyURL)!.port!
        // The primary says nothing of replicas, and sends no statement for it.
        #expect(try primary.replica() == nil)
        let sent = try primary.db().statementsSent
        #expect(try primary.replica() == nil)
        #expect(try primary.db().statementsSent == sent)
        // The standby, idle primary: caught up, not "lagging" by the time since the last commit.
        // (Other tests write to the primary meanwhile: wait for a moment when all received is replayed.)
        var status = try #require(try s.replica())
        while status.lag != .caughtUp, Date() < deadline.addingTimeInterval(60) {
            usleep(50_000)
            status = try #require(try s.replica())
        }
        #expect(status.server == "127.0.0.1:\(port)")
        #expect(status.lag == .caughtUp)
        for (width, height) in [(80, 24), (120, 40)] {
            // Where the line is short the lag takes its compact form (✓: caught up).
            let en = Screen(s, width: width, height: height, language: .en)
            #expect(en.wait { ["127.0.0.1:\(port) ✓", "127.0.0.1:\(port) · up to date"].contains(where: $0.header.contains) }, "\(width): \(en.header)")
            let vi = Screen(s, width: width, height: height, language: .vi)
            #expect(vi.wait { ["127.0.0.1:\(port) ✓", "127.0.0.1:\(port) · đã theo kịp"].contains(where: $0.header.contains) }, "\(width): \(vi.header)")
            if width == 120 { #expect(en.header.contains("standby 127.0.0.1:\(port)"), "\(en.header)") }
            let onPrimary = Screen(primary, width: width, height: height, language: .en)
            #expect(onPrimary.wait { $0.header.contains("NQ57") }, "\(onPrimary.header)")
            #expect(!onPrimary.header.contains("standby") && !onPrimary.header.contains("127.0.0.1"), "\(onPrimary.header)")
        }
        // A report written to the primary reaches the wall screen on the standby (the header's newest
        // data moves to its time), which stays caught up.
        let wall = Screen(s, width: 120, height: 40, language: .en)
        #expect(!wall.header.contains("2026-01-02 09:00"))
        _ = try primary.report(ReportFields(taskID: "T1", status: "in_progress", progress: "45", reportedAt: "2026-01-02T09:00:00+07:00"), now: StoreFixtures.now)
        #expect(wall.wait { $0.header.contains("2026-01-02 09:00") && $0.header.contains("127.0.0.1:\(port) · up to date") }, "\(wall.header)")
    }

    @Test func anAccountOpensAtItsUnitAndWritesUnderItsLoginOnly() throws {
        guard let url = try TestServer.freshDatabase() else { return }
        let pg = try PostgresStore(url: url)
        try pg.initialize()
        try pg.db().exec("INSERT INTO tasks (id, title, plan, area, level, unit_code, deadline) VALUES ('A1', 'Một', 'KH02', 3, 'commune', '00070', '2026-03-31')")
        let suffix = String(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(8))
        let reporter = "rep_" + suffix, both = "both_" + suffix
        _ = try pg.addAccount(login: reporter, role: .reporter, units: ["00070"], password: nil)
        _ = try pg.addAccount(login: both, role: .viewer, units: ["00070", "01"], password: nil)
        let asReporter = try PostgresStore(url: AccountTests.url(url, as: reporter))
        #expect(try asReporter.currentAccount() == AccountScope(login: reporter, role: "reporter", units: ["00070"]))
        #expect(try pg.currentAccount().role == nil)
        #expect(try Set(pg.accounts().map(\.login)).isSuperset(of: [both, reporter]))  // roles are the cluster's
        // Several units: the broadest (the province) opens.
        let units = try PostgresStore(url: AccountTests.url(url, as: both)).currentAccount().units.compactMap { try pg.unit(code: $0) }
        #expect(AccountScope.opening(among: units)?.code == "01")

        // The reporter's dashboard opens at its commune, the header naming the login; vi and en, 80 and 120.
        let hoanKiem = try #require(try asReporter.unit(code: "00070"))
        let found = Found.unit(hoanKiem, provinceName: "Thành phố Hà Nội")
        for (width, height) in [(80, 24), (120, 40)] {
            for language in [Language.vi, .en] {
                let screen = Screen(asReporter, width: width, height: height, language: language, account: "\(reporter) (reporter)", opening: found)
                #expect(screen.wait { $0.lines.count > 3 && $0.lines[1].contains("Phường Hoàn Kiếm") && $0.lines.joined().contains("A1") },
                        "\(screen.lines.prefix(5).joined(separator: "\n"))")
                if width == 120 { #expect(screen.header.contains(reporter), "\(screen.header)") }
            }
        }

        // --by: a name other than the login is refused in one line; left out, the login is the author.
        let other = try Binary.run(["report", "--db", AccountTests.url(url, as: reporter), "--task", "A1", "--status", "in_progress", "--progress", "20",
                                    "--at", "2026-01-02T09:00:00+07:00", "--by", "Nguyễn Văn A"])
        #expect(other.status == 64)
        #expect(other.stderr == "nq57: --by \"Nguyễn Văn A\": on PostgreSQL the author is the login connected, \(reporter); leave --by out or connect as Nguyễn Văn A\n")
        let own = try Binary.run(["report", "--db", AccountTests.url(url, as: reporter), "--task", "A1", "--status", "in_progress", "--progress", "20",
                                  "--at", "2026-01-02T09:00:00+07:00"])
        #expect(own.status == 0, "\(own.stderr)")
        let row = try pg.db().exec("SELECT reported_by, account FROM report_log")
        #expect(row.rows == 1)
        #expect(row.text(0, 0) == reporter && row.text(0, 1) == reporter)
        #expect(try Binary.run(["account", "remove", reporter, "--db", url]).status == 0)
        #expect(try !pg.accounts().contains { $0.login == reporter })
    }

    @Test func aLagIsShownWhileReceivedWALWaitsAndAStoppedStreamSaysSo() {
        let l = SessionLabels.en
        #expect(l.replica(ReplicaStatus(server: "db2:5432", lag: .behind(seconds: 75)), short: false) == "standby db2:5432 · lag 75 s")
        #expect(l.replica(ReplicaStatus(server: "db2:5432", lag: .behind(seconds: 750)), short: true) == "db2:5432 · 12 min")
        #expect(SessionLabels.vi.replica(ReplicaStatus(server: "db2", lag: .notStreaming(lastReplay: Timestamp(seconds: 1_767_402_000))), short: false)
                == "bản sao db2 · mất luồng, số liệu lúc 08:00:00")
    }
}
