import Foundation
import Testing
import NQ57App
import NQ57Core
import NQ57Render
import NQ57Themes
import NQ57TestSupport

/// The dashboard loop with an in-memory terminal, a fake store and a clock moved by hand.
@Suite struct RuntimeTests {
    final class Clock: @unchecked Sendable {
        var now = Fixtures.now
    }

    /// Theme files as the program reads them: a good `dark.toml` and a `light.toml` broken on line 3.
    let themes = TemporaryDirectory()

    func runtime(live: Int? = nil, source: FakeSource = FakeSource(), terminal: MemoryTerminal = MemoryTerminal(width: 120, height: 40),
                 clock: Clock = Clock()) -> DashboardRuntime {
        themes.write("dark.toml", "name = \"dark\"\n[roles.header]\nfg = 33\n")
        themes.write("light.toml", "name = \"light\"\n[roles.header]\nfg = \"nowhere\"\n")
        let library = ThemeLibrary(directories: [URL(fileURLWithPath: themes.path)], workingDirectory: themes.path)
        let model = DashboardModel(width: 1, height: 1, now: clock.now, live: live.map(LiveState.init), themes: ["dark", "light"])
        // The closure the command line hands over (Dashboard.run): the library's load and warning.
        return DashboardRuntime(model: model, source: source, terminal: terminal, clock: { clock.now }) { name in
            let load = library.theme(named: name)
            return (load.theme, load.warning)
        }
    }

    @Test func startDrawsTheOverviewAtTheTerminalsSize() {
        let terminal = MemoryTerminal(width: 100, height: 30)
        let r = runtime(terminal: terminal)
        r.start()
        r.settle()
        let screen = terminal.screen!
        #expect(screen.width == 100 && screen.height == 30)
        #expect(screen.lines()[2].contains("Nhiệm vụ theo cấp"))
        #expect(terminal.theme?.name == "dark")
    }

    @Test func nothingIsDrawnWhenNothingChanged() {
        let terminal = MemoryTerminal(width: 120, height: 40)
        let r = runtime(terminal: terminal)
        r.start()
        r.settle()
        let frames = terminal.frames.count
        r.step(.timeout)
        r.step(.timeout)
        #expect(terminal.frames.count == frames)
        r.step(.key(.tab))
        #expect(terminal.frames.count == frames + 1)
    }

    @Test func liveTicksQueryOnlyTheTokenUntilItChanges() {
        let source = FakeSource()
        let clock = Clock()
        let r = runtime(live: 1, source: source, clock: clock)
        r.start()
        r.settle()
        #expect(source.calls == ["token", "overview"])
        for _ in 0..<3 {
            clock.now = clock.now.adding(seconds: 1)
            r.step(.timeout)
            r.settle()
        }
        #expect(source.calls == ["token", "overview", "token", "token", "token"])
        source.token = 2
        clock.now = clock.now.adding(seconds: 1)
        r.step(.timeout)
        r.settle()
        #expect(source.calls.suffix(2) == ["token", "overview"])
    }

    @Test func aFailingStoreShowsStaleAndRecovers() {
        let source = FakeSource()
        let clock = Clock()
        let terminal = MemoryTerminal(width: 120, height: 40)
        let r = runtime(live: 1, source: source, terminal: terminal, clock: clock)
        r.start()
        r.settle()
        source.failure = NQ57Error(.io, "/tmp/x.sqlite: the database file is missing")
        clock.now = clock.now.adding(seconds: 1)
        r.step(.timeout)
        r.settle()
        #expect(terminal.screen!.lines()[1].contains("Số liệu cũ từ 14:03:07: /tmp/x.sqlite: the database file is missing"))
        #expect(terminal.screen!.lines().contains { $0.contains("Nhiệm vụ theo cấp") })
        source.failure = nil
        clock.now = clock.now.adding(seconds: 1)
        r.step(.timeout)
        r.settle()
        #expect(!terminal.screen!.lines()[1].contains("Số liệu cũ"))
    }

    @Test func drillDownLoadsFromTheStore() {
        let source = FakeSource()
        let terminal = MemoryTerminal(width: 120, height: 40)
        let r = runtime(source: source, terminal: terminal)
        r.start()
        r.settle()
        r.step(.key(.down))
        r.step(.key(.enter))
        r.settle()
        #expect(source.calls.last == "units")
        #expect(terminal.screen!.lines()[1].contains("Tổng quan › Tỉnh, thành phố"))
    }

    @Test func aBrokenThemeFallsBackWithANotice() {
        let terminal = MemoryTerminal(width: 120, height: 40)
        let r = runtime(terminal: terminal)
        r.start()
        r.settle()
        #expect(terminal.theme?.name == "dark")
        r.step(.key(.char("t")))
        // The broken light theme is not used: dark stands in, and the last line says where and why.
        #expect(terminal.theme?.name == "dark")
        let line = terminal.screen!.lines()[39]
        #expect(line.contains("light.toml:3: unknown colour \"nowhere\"") && line.contains("using \"dark\" instead"), "\(line)")
    }

    @Test func quitAndSignalsEndWithTheirCodes() {
        #expect(runtime().step(.key(.char("q"))) == 0)
        #expect(runtime().step(.hangup("SIGHUP")) == 129)
        #expect(runtime().step(.terminate(signal: 15)) == 143)
        #expect(runtime().step(.key(.down)) == nil)
    }

    @Test func resizeRelaysOut() {
        let terminal = MemoryTerminal(width: 120, height: 40)
        let r = runtime(terminal: terminal)
        r.start()
        r.settle()
        r.step(.resize(width: 70, height: 20))
        #expect(terminal.screen!.lines().joined().contains("80×24"))
        r.step(.resize(width: 120, height: 40))
        #expect(terminal.screen!.lines()[2].contains("Nhiệm vụ theo cấp"))
    }
}
