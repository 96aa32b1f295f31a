import Testing
import NQ57Core
import NQ57TestSupport

/// The dashboard's update function, message by message, with no terminal and no store.
@Suite struct UpdateTests {
    func loaded(width: Int = 120, height: Int = 40, live: LiveState? = nil) -> DashboardModel {
        var m = DashboardModel(width: width, height: height, now: Fixtures.now, live: live)
        _ = m.update(.overviewLoaded(.success(Fixtures.overview)))
        return m
    }

    @Test func enterOnALevelAsksForItsUnits() {
        var m = loaded()
        #expect(m.focus == .levels)
        _ = m.update(.key(.down))
        let effects = m.update(.key(.enter))
        #expect(effects == [.loadFrame(depth: 0, screen: .units(.level(.province)))])
        #expect(m.stack.map(\.crumb) == [.level(.province)])
    }

    @Test func drillingFromProvinceToCommuneToTaskAndBack() {
        var m = loaded()
        _ = m.update(.key(.down))
        _ = m.update(.key(.enter))
        _ = m.update(.frameLoaded(depth: 0, screen: .units(.level(.province)), .success(.units(Fixtures.overview.provinces))))
        // Provinces are ranked by share overdue: Đắk Lắk (20%) before Hà Nội (4%).
        let second = m.update(.key(.down))
        #expect(second.isEmpty)
        let effects = m.update(.key(.enter))
        #expect(effects == [.loadFrame(depth: 1, screen: .units(.communes(province: "01")))])
        _ = m.update(.frameLoaded(depth: 1, screen: .units(.communes(province: "01")), .success(.units(FakeSource.communes))))
        // The province's own tasks come first: its total less its communes'.
        let rows = m.frame!.unitRows
        #expect(rows.first?.unit.code == "01")
        #expect(rows.first?.counts.total == Fixtures.overview.provinces[0].counts.total - FakeSource.communes.reduce(0) { $0 + $1.counts.total })
        _ = m.update(.key(.escape))
        _ = m.update(.key(.escape))
        #expect(m.stack.isEmpty)
    }

    @Test func aStaleAnswerForAScreenLeftBehindIsIgnored() {
        var m = loaded()
        _ = m.update(.key(.enter))
        _ = m.update(.key(.escape))
        _ = m.update(.frameLoaded(depth: 0, screen: .units(.level(.central)), .success(.units([]))))
        #expect(m.stack.isEmpty)
        // Another screen at the same depth: the late answer for the one left must not land in it.
        _ = m.update(.key(.down))
        #expect(m.update(.key(.enter)) == [.loadFrame(depth: 0, screen: .units(.level(.province)))])
        _ = m.update(.frameLoaded(depth: 0, screen: .units(.level(.central)), .success(.units([]))))
        #expect(m.stack.count == 1 && m.stack[0].screen == .units(.level(.province)))
        #expect(m.stack[0].data == nil, "the answer for the central level was put in the provinces' frame")
        _ = m.update(.frameLoaded(depth: 0, screen: .units(.level(.province)), .success(.units(Fixtures.overview.provinces))))
        #expect(m.stack[0].data == .units(Fixtures.overview.provinces))
    }

    @Test func filterIgnoresCaseAndDiacritics() {
        var m = loaded()
        _ = m.update(.key(.tab))
        _ = m.update(.key(.tab))
        _ = m.update(.key(.tab))
        #expect(m.focus == .provinces)
        _ = m.update(.key(.char("/")))
        #expect(m.isEditingFilter)
        for c in "dak lak" { _ = m.update(.key(.char(c))) }
        let list = m.panes[.provinces]!
        #expect(list.visible.map { Fixtures.overview.provinces[$0].unit.code } == ["66"])
        // While typing, q is text, not quit.
        _ = m.update(.key(.char("q")))
        #expect(!m.quitting)
        _ = m.update(.key(.escape))
        #expect(m.panes[.provinces]!.filter.isEmpty && !m.isEditingFilter)
        #expect(m.panes[.provinces]!.visible.count == 2)
    }

    @Test func sortCyclesAndReverses() {
        var m = loaded()
        m.focus = .provinces
        #expect(m.panes[.provinces]!.visible.map { Fixtures.overview.provinces[$0].unit.code } == ["66", "01"])
        _ = m.update(.key(.char("S")))
        #expect(m.panes[.provinces]!.visible.map { Fixtures.overview.provinces[$0].unit.code } == ["01", "66"])
        _ = m.update(.key(.char("s")))
        #expect(PaneKind.provinces.sortColumns[m.panes[.provinces]!.sortIndex] == .donePercent)
    }

    @Test func helpOpensScrollsAndAnyOtherKeyClosesIt() {
        var m = loaded()
        _ = m.update(.key(.char("?")))
        #expect(m.showHelp)
        // ↑↓ scroll the help (it does not fit at 80×24); any other key closes it.
        _ = m.update(.key(.down))
        _ = m.update(.key(.down))
        _ = m.update(.key(.up))
        #expect(m.showHelp)
        #expect(m.helpScroll == 1)
        _ = m.update(.key(.char("x")))
        #expect(!m.showHelp)
        _ = m.update(.key(.char("?")))
        #expect(m.helpScroll == 0)
    }

    @Test func quitKeys() {
        var m = loaded()
        #expect(m.update(.key(.char("q"))) == [.quit(0)])
        var n = loaded()
        #expect(n.update(.key(.interrupt)) == [.quit(0)])
    }

    @Test func languageAndThemeKeys() {
        var m = DashboardModel(width: 120, height: 40, now: Fixtures.now, themes: ["dark", "light"], theme: "dark")
        _ = m.update(.key(.char("L")))
        #expect(m.language == .en)
        #expect(m.update(.key(.char("t"))) == [.applyTheme("light")])
    }

    @Test func liveChecksOnTheIntervalAndReloadsOnlyOnChange() {
        var m = loaded(live: LiveState(interval: 2))
        #expect(m.update(.tick(Fixtures.now)) == [.checkForChanges])
        #expect(m.update(.tick(Fixtures.now.adding(seconds: 1))).isEmpty)
        #expect(m.update(.changeChecked(.success(7))) == [.loadOverview])
        #expect(m.update(.tick(Fixtures.now.adding(seconds: 2))) == [.checkForChanges])
        #expect(m.update(.changeChecked(.success(7))).isEmpty)
        #expect(m.live?.updatedAt == Fixtures.now.adding(seconds: 2))
    }

    @Test func pauseStopsChecksAndResumeCatchesUp() {
        var m = loaded(live: LiveState(interval: 1))
        _ = m.update(.tick(Fixtures.now))
        _ = m.update(.key(.char("p")))
        #expect(m.live?.paused == true)
        #expect(m.update(.tick(Fixtures.now.adding(seconds: 5))).isEmpty)
        #expect(m.update(.key(.char("p"))) == [.checkForChanges])
    }

    @Test func intervalKeysStayInRange() {
        var m = loaded(live: LiveState(interval: 1))
        _ = m.update(.key(.char("-")))
        #expect(m.live?.interval == 1)
        _ = m.update(.key(.char("+")))
        #expect(m.live?.interval == 2)
    }

    @Test func unreadableDataKeepsTheLastGoodUnderAStaleMarkAndRecovers() {
        var m = loaded(live: LiveState(interval: 1))
        _ = m.update(.tick(Fixtures.now))
        _ = m.update(.changeChecked(.success(1)))
        _ = m.update(.overviewLoaded(.success(Fixtures.overview)))
        _ = m.update(.tick(Fixtures.now.adding(seconds: 1)))
        _ = m.update(.changeChecked(.failure(NQ57Error(.io, "nq57.sqlite: the database file is missing"))))
        #expect(m.stale?.reason == "nq57.sqlite: the database file is missing")
        #expect(m.overview != nil)
        _ = m.update(.tick(Fixtures.now.adding(seconds: 2)))
        // Same token, but stale: reload anyway.
        #expect(m.update(.changeChecked(.success(1))) == [.loadOverview])
        _ = m.update(.overviewLoaded(.success(Fixtures.overview)))
        #expect(m.stale == nil)
    }

    @Test func changedValuesAreMarkedUntilTheNextRefresh() {
        var m = loaded(live: LiveState(interval: 1))
        _ = m.update(.tick(Fixtures.now))
        #expect(m.update(.changeChecked(.success(3))) == [.loadOverview])
        var newer = Fixtures.overview
        newer.levels[2].counts.overdue += 1
        _ = m.update(.overviewLoaded(.success(newer)))
        #expect(m.changes[.levels] == ["commune"])
        #expect(m.changes[.provinces].isEmpty)
        _ = m.update(.tick(Fixtures.now.adding(seconds: 5)))
        #expect(m.update(.changeChecked(.success(3))).isEmpty)
        #expect(m.changes.isEmpty)
    }

    @Test func rotationCyclesViewsOnAWallScreen() {
        var m = DashboardModel(width: 120, height: 40, now: Fixtures.now, rotateEvery: 10)
        _ = m.update(.overviewLoaded(.success(Fixtures.overview)))
        _ = m.update(.tick(Fixtures.now))
        _ = m.update(.tick(Fixtures.now.adding(seconds: 10)))
        #expect(m.view == .provinces)
        _ = m.update(.tick(Fixtures.now.adding(seconds: 20)))
        #expect(m.view == .tech)
    }

    @Test func layoutsBySize() {
        #expect(DashboardLayout(loaded(width: 200, height: 60)).mode == .wide)
        #expect(DashboardLayout(loaded(width: 120, height: 40)).mode == .medium)
        #expect(DashboardLayout(loaded(width: 80, height: 24)).mode == .narrow)
        #expect(DashboardLayout(loaded(width: 79, height: 40)).mode == .tooSmall)
        #expect(DashboardLayout(loaded(width: 120, height: 23)).mode == .tooSmall)
        // Too short for columns: one column that scrolls.
        #expect(DashboardLayout(loaded(width: 120, height: 24)).mode == .narrow)
    }

    @Test func narrowLayoutScrollsToTheFocusedPane() {
        var m = loaded(width: 80, height: 24)
        for _ in 0..<5 { _ = m.update(.key(.tab)) }
        #expect(m.focus == .reports)
        let layout = DashboardLayout(m)
        let rect = layout.panes[.reports]!
        #expect(rect.y >= layout.pageOffset && rect.y < layout.pageOffset + layout.body.height)
    }
}
