import Testing
import NQ57Core
import NQ57TestSupport

/// The mouse in the pure model: the layout's rectangles say which pane and row was hit.
@Suite struct MouseTests {
    func loaded(width: Int = 120, height: Int = 40) -> DashboardModel {
        var m = DashboardModel(width: width, height: height, now: Fixtures.now)
        _ = m.update(.overviewLoaded(.success(Fixtures.overview)))
        return m
    }

    /// The screen cell of data row `row` (0-based, from the list's top) of a pane on the overview.
    func cell(_ m: DashboardModel, _ pane: PaneID, row: Int) -> (x: Int, y: Int) {
        let layout = DashboardLayout(m)
        let rect = layout.panes[pane]!
        let top = layout.page == nil ? rect.y : rect.y - layout.pageOffset + layout.body.y
        return (rect.x + 3, top + 2 + row)
    }

    @Test func aClickFocusesThePaneAndSelectsTheRow() {
        var m = loaded()
        #expect(m.focus == .levels)
        let at = cell(m, .provinces, row: 1)
        #expect(m.target(x: at.x, y: at.y) == .pane(.provinces, row: 1))
        #expect(m.update(.mouse(x: at.x, y: at.y, kind: .click)).isEmpty)
        #expect(m.focus == .provinces)
        #expect(m.panes[.provinces]?.selected == 1)
    }

    @Test func aClickOnABorderOrHeadingFocusesWithoutMovingTheSelection() {
        var m = loaded()
        let rect = DashboardLayout(m).panes[.provinces]!
        _ = m.update(.mouse(x: rect.x + 3, y: rect.y + 1, kind: .click))  // the column headings
        #expect(m.focus == .provinces)
        #expect(m.panes[.provinces]?.selected == 0)
        #expect(m.target(x: rect.x + 3, y: rect.y) == .pane(.provinces, row: nil))
    }

    @Test func theHeaderFooterAndBreadcrumbAreNotPanes() {
        var m = loaded()
        for y in [0, 1, 39] {
            #expect(m.target(x: 10, y: y) == nil, "row \(y)")
            _ = m.update(.mouse(x: 10, y: y, kind: .click))
            #expect(m.focus == .levels)
        }
    }

    @Test func aDoubleClickOpensTheRowAsEnterDoes() {
        var m = loaded()
        let at = cell(m, .levels, row: 1)
        let effects = m.update(.mouse(x: at.x, y: at.y, kind: .doubleClick))
        #expect(effects == [.loadFrame(depth: 0, screen: .units(.level(.province)))])
        // In the drill-down, a click selects a row of its list: under the box's border and headings.
        _ = m.update(.frameLoaded(depth: 0, screen: .units(.level(.province)), .success(.units(Fixtures.overview.provinces))))
        let body = DashboardLayout(m).body
        _ = m.update(.mouse(x: 5, y: body.y + 2 + 1, kind: .click))
        #expect(m.frame?.list.selected == 1)
        let first = m.frame!.unitRows[m.frame!.list.visible[0]].unit.code
        #expect(m.update(.mouse(x: 5, y: body.y + 2, kind: .doubleClick)) == [.loadFrame(depth: 1, screen: .units(.communes(province: first)))])
    }

    @Test func theWheelMovesTheSelectionOfTheListUnderIt() {
        var m = loaded()
        let count = m.panes[.levels]!.visible.count
        let at = cell(m, .levels, row: 0)
        _ = m.update(.mouse(x: at.x, y: at.y, kind: .wheelDown))
        #expect(m.panes[.levels]?.selected == min(DashboardModel.wheelRows, count - 1))
        _ = m.update(.mouse(x: at.x, y: at.y, kind: .wheelUp))
        #expect(m.panes[.levels]?.selected == 0)
        // The wheel over another pane scrolls it without taking the focus.
        let other = cell(m, .provinces, row: 0)
        _ = m.update(.mouse(x: other.x, y: other.y, kind: .wheelDown))
        #expect(m.focus == .levels)
        #expect(m.panes[.provinces]?.selected == min(DashboardModel.wheelRows, m.panes[.provinces]!.visible.count - 1))
    }

    /// At 80 columns the panes are one tall page shown from an offset: a click finds the pane drawn there.
    @Test func narrowModeCountsThePageOffset() {
        var m = loaded(width: 80, height: 24)
        for _ in 0..<3 { _ = m.update(.key(.tab)) }
        let layout = DashboardLayout(m)
        #expect(layout.page != nil && layout.pageOffset > 0)
        let focused = m.focus
        let at = cell(m, focused, row: 0)
        #expect(m.target(x: at.x, y: at.y) == .pane(focused, row: 0))
        #expect(m.target(x: at.x, y: at.y + layout.pageOffset) != .pane(focused, row: 0))
    }

    @Test func mTogglesTheMouseAndAClickClosesTheHelp() {
        var m = loaded()
        #expect(m.mouse)
        #expect(m.update(.key(.char("m"))) == [.setMouse(false)])
        #expect(!m.mouse)
        #expect(m.update(.key(.char("m"))) == [.setMouse(true)])
        _ = m.update(.key(.char("?")))
        let at = cell(m, .provinces, row: 1)
        _ = m.update(.mouse(x: at.x, y: at.y, kind: .click))
        #expect(!m.showHelp)
        #expect(m.focus == .levels, "the click that closes the help does nothing else")
    }
}
