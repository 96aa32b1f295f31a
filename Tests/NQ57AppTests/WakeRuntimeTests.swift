import Foundation
import Testing
import NQ57App
import NQ57Core
import NQ57Render
import NQ57TestSupport

/// A store's change signal (PostgreSQL's NOTIFY on its socket) makes a live dashboard check at once,
/// between its ticks; paused or not live, it changes nothing.
@Suite struct WakeRuntimeTests {
    func runtime(live: LiveState?, source: FakeSource) -> DashboardRuntime {
        let model = DashboardModel(width: 120, height: 40, now: Fixtures.now, live: live)
        return DashboardRuntime(model: model, source: source, terminal: MemoryTerminal(width: 120, height: 40),
                                clock: { Fixtures.now }) { _ in (Theme.builtinDark, nil) }
    }

    @Test func aWakeChecksAtOnceAndReloadsOnChange() {
        let source = FakeSource()
        let r = runtime(live: LiveState(interval: 3600), source: source)
        r.start()
        r.settle()
        #expect(source.calls == ["token", "overview"])
        // The clock stands still: a timeout is no tick that checks; a wake is.
        r.step(.timeout)
        r.settle()
        #expect(source.calls == ["token", "overview"])
        r.step(.woken)
        r.settle()
        #expect(source.calls == ["token", "overview", "token"])
        source.token = 2
        r.step(.woken)
        r.settle()
        #expect(source.calls == ["token", "overview", "token", "token", "overview"])
    }

    @Test func pausedOrNotLiveAWakeDoesNothing() {
        let source = FakeSource()
        let r = runtime(live: LiveState(interval: 3600), source: source)
        r.start()
        r.settle()
        r.step(.key(.char("p")))
        r.settle()
        let calls = source.calls
        r.step(.woken)
        r.settle()
        #expect(source.calls == calls)
        let still = FakeSource()
        let fixed = runtime(live: nil, source: still)
        fixed.start()
        fixed.settle()
        let before = still.calls
        fixed.step(.woken)
        fixed.settle()
        #expect(still.calls == before)
    }
}
