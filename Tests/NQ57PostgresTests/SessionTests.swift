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
        let status = try #require(try s.replica())
        #expect(status.server == "127.0.0.1:\(port)")
        #expect(status.lag == .caughtUp)
        for (width, height) in [(80, 24), (120, 40)] {
            let en = Screen(s, width: width, height: height, language: .en)
            #expect(en.wait { $0.header.contains("127.0.0.1:\(port) · up to date") }, "\(width): \(en.header)")
            let vi = Screen(s, width: width, height: height, language: .vi)
            #expect(vi.wait { $0.header.contains("127.0.0.1:\(port) · đã theo kịp") }, "\(width): \(vi.header)")
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

    @Test func aLagIsShownWhileReceivedWALWaitsAndAStoppedStreamSaysSo() {
        let l = SessionLabels.en
        #expect(l.replica(ReplicaStatus(server: "db2:5432", lag: .behind(seconds: 75)), short: false) == "standby db2:5432 · lag 75 s")
        #expect(l.replica(ReplicaStatus(server: "db2:5432", lag: .behind(seconds: 750)), short: true) == "db2:5432 · 12 min")
        #expect(SessionLabels.vi.replica(ReplicaStatus(server: "db2", lag: .notStreaming(lastReplay: Timestamp(seconds: 1_767_402_000))), short: false)
                == "bản sao db2 · mất luồng, số liệu lúc 08:00:00")
    }
}
