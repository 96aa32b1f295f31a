import Dispatch
import Testing
import NQ57App
import NQ57Core
import NQ57Render
import NQ57TestSupport

/// A store whose overview read blocks until the test opens the gate: a back-dated `--as-of` load
/// that takes as long as the test wants, without a clock.
final class GatedSource: DashboardSource, @unchecked Sendable {
    let inner = FakeSource()
    /// While true, `overview` waits for `open()`.
    var gated = true
    private let gate = DispatchSemaphore(value: 0)

    func open() { gate.signal() }

    func overview(asOf: CivilDate, latest: Int) throws -> Overview {
        // Bounded so that a runtime that reads on its own thread fails the test instead of hanging it.
        if gated { _ = gate.wait(timeout: .now() + .seconds(30)) }
        return try inner.overview(asOf: asOf, latest: latest)
    }
    func units(_ scope: UnitScope, asOf: CivilDate) throws -> [UnitRow] { try inner.units(scope, asOf: asOf) }
    func tasks(_ scope: TaskScope, asOf: CivilDate, limit: Int) throws -> TaskPage { try inner.tasks(scope, asOf: asOf, limit: limit) }
    func taskDetail(id: String, asOf: CivilDate, historyLimit: Int) throws -> TaskDetail? {
        try inner.taskDetail(id: id, asOf: asOf, historyLimit: historyLimit)
    }
    func changeToken() throws -> Int64 { try inner.changeToken() }
}

/// Loads run off the input loop: keys answer while a slow read is pending, and the pane says it is loading.
@Suite struct SlowLoadTests {
    let vi = Labels.of(.vi)

    func runtime(_ source: GatedSource, _ terminal: MemoryTerminal) -> DashboardRuntime {
        let model = DashboardModel(width: 1, height: 1, now: Fixtures.now)
        return DashboardRuntime(model: model, source: source, terminal: terminal, clock: { Fixtures.now }) { name in
            (Theme(name: name, roles: [:]), nil)
        }
    }

    @Test func keysAnswerWhileTheOverviewLoads() {
        let source = GatedSource()
        let terminal = MemoryTerminal(width: 120, height: 40)
        let r = runtime(source, terminal)
        r.start()
        #expect(r.isLoading)
        #expect(terminal.screen!.lines()[3].contains(vi.loading))

        r.step(.key(.char("?")))
        #expect(r.isLoading)
        #expect(terminal.screen!.lines().contains { $0.contains(vi.helpTitle) })
        r.step(.key(.escape))
        #expect(!terminal.screen!.lines().contains { $0.contains(vi.helpTitle) })

        source.open()
        r.settle()
        #expect(!r.isLoading)
        #expect(terminal.screen!.lines()[2].contains("Nhiệm vụ theo cấp"))
        #expect(!terminal.screen!.lines().joined().contains(vi.loading))
    }

    @Test func aReloadSaysLoadingQuietlyInTheFocusedPane() {
        let source = GatedSource()
        source.gated = false
        let terminal = MemoryTerminal(width: 120, height: 40)
        let r = runtime(source, terminal)
        r.start()
        r.settle()
        #expect(!terminal.screen!.lines().joined().contains(vi.loading))

        source.gated = true
        r.step(.key(.char("r")))
        let top = terminal.screen!.lines()[2]
        #expect(top.contains("Nhiệm vụ theo cấp") && top.contains(vi.loading))
        let screen = terminal.screen!
        let note = (0..<screen.width).map { screen[$0, 2] }.first { $0.text == "Đ" }
        #expect(note?.role == .dim)
        // The note follows the focus.
        r.step(.key(.tab))
        #expect(!terminal.screen!.lines()[2].contains(vi.loading))
        #expect(terminal.screen!.lines().joined().contains(vi.loading))

        source.open()
        r.settle()
        #expect(!terminal.screen!.lines().joined().contains(vi.loading))
    }

    @Test func quitDoesNotWaitForALoad() {
        let source = GatedSource()
        let r = runtime(source, MemoryTerminal(width: 120, height: 40))
        r.start()
        #expect(r.step(.key(.char("q"))) == 0)
        #expect(r.isLoading)
        source.open()
    }
}

/// The loop draws once per turn, however many keys were waiting.
@Suite struct FrameTests {
    @Test func keysTypedAheadAreDrawnInOneFrame() {
        let terminal = MemoryTerminal(width: 120, height: 40)
        terminal.events = Array(repeating: .key(.tab), count: 20) + [.timeout, .key(.char("q"))]
        let model = DashboardModel(width: 1, height: 1, now: Fixtures.now)
        let r = DashboardRuntime(model: model, source: FakeSource(), terminal: terminal, clock: { Fixtures.now }) { name in
            (Theme(name: name, roles: [:]), nil)
        }
        #expect(r.run() == 0)
        // The first frame (maybe "loading", then the overview), then one for all twenty Tabs (each alone would change the screen).
        #expect(terminal.frames.count <= 3, "\(terminal.frames.count) frames")
        #expect(terminal.events.isEmpty)
    }
}
