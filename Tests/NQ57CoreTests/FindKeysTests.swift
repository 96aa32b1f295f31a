import Testing
import NQ57Core
import NQ57TestSupport

/// Issue 11's keys in the update function: `:` goes to anything, `f` narrows to a state.
@Suite struct FindKeysTests {
    func loaded() -> DashboardModel {
        var m = DashboardModel(width: 120, height: 40, now: Fixtures.now)
        _ = m.update(.overviewLoaded(.success(Fixtures.overview)))
        return m
    }

    let hoankiem = Found(kind: .commune, code: "00070", name: "Phường Hoàn Kiếm", provinceName: "Thành phố Hà Nội")

    @Test func colonOpensThePromptTypingLooksUpAndEnterOpensTheCommunesTasks() {
        var m = loaded()
        #expect(m.update(.key(.char(":"))).isEmpty)
        #expect(m.goTo != nil)
        // `q` in the prompt is a letter of the query, not quit.
        #expect(m.update(.key(.char("q"))) == [.find("q")])
        #expect(!m.quitting)
        _ = m.update(.key(.backspace))
        var effects: [Effect] = []
        for c in "hoan" { effects = m.update(.key(.char(c))) }
        #expect(effects == [.find("hoan")])
        #expect(m.goTo?.searching == true)
        // An answer for an older query is dropped.
        _ = m.update(.found(query: "hoa", .success([Found(kind: .province, code: "99", name: "X")])))
        #expect(m.goTo?.results.isEmpty == true)
        // Enter before the answer opens the best result when the answer comes (typed ahead).
        #expect(m.update(.key(.enter)).isEmpty)
        #expect(m.goTo != nil)
        let open = m.update(.found(query: "hoan", .success([hoankiem])))
        #expect(open == [.loadFrame(depth: 0, screen: .tasks(.unit("00070")))])
        #expect(m.goTo == nil)
        #expect(m.stack.map(\.crumb) == [.commune(name: "Phường Hoàn Kiếm", province: "Thành phố Hà Nội")])
    }

    @Test func enterWaitsForTheAnswerOfWhatIsTypedNow() {
        var m = loaded()
        _ = m.update(.key(.char(":")))
        _ = m.update(.key(.char("h")))
        _ = m.update(.key(.enter))
        // Typing again cancels the pending open; the answer then only fills the list.
        _ = m.update(.key(.char("o")))
        #expect(m.update(.found(query: "ho", .success([hoankiem]))).isEmpty)
        #expect(m.goTo?.results == [hoankiem])
        #expect(m.update(.key(.enter)) == [.loadFrame(depth: 0, screen: .tasks(.unit("00070")))])
    }

    @Test func escapeClosesThePromptAndGoToReplacesTheDrillDown() {
        var m = loaded()
        _ = m.update(.key(.enter))
        #expect(m.stack.count == 1)
        _ = m.update(.key(.char(":")))
        _ = m.update(.key(.escape))
        #expect(m.goTo == nil)
        #expect(m.stack.count == 1)
        _ = m.update(.key(.char(":")))
        _ = m.update(.key(.char("0")))
        _ = m.update(.found(query: "0", .success([Found(kind: .task, code: "00070-0001", name: "T"), hoankiem])))
        _ = m.update(.key(.down))
        _ = m.update(.key(.up))
        #expect(m.update(.key(.enter)) == [.loadFrame(depth: 0, screen: .task("00070-0001"))])
        #expect(m.stack.count == 1)
    }

    @Test func fStepsATaskListThroughTheStatesInTheStore() {
        var m = loaded()
        _ = m.update(.key(.char(":")))
        _ = m.update(.key(.char("h")))
        _ = m.update(.found(query: "h", .success([hoankiem])))
        _ = m.update(.key(.enter))
        var seen: [Effect] = []
        for _ in 0..<6 { seen += m.update(.key(.char("f"))) }
        let base = TaskScope.unit("00070")
        #expect(seen == [.loadFrame(depth: 0, screen: .tasks(.inState(base, .overdue))),
                         .loadFrame(depth: 0, screen: .tasks(.inState(base, .openOnTime))),
                         .loadFrame(depth: 0, screen: .tasks(.inState(base, .doneLate))),
                         .loadFrame(depth: 0, screen: .tasks(.inState(base, .doneOnTime))),
                         .loadFrame(depth: 0, screen: .tasks(.inState(base, .returned))),
                         .loadFrame(depth: 0, screen: .tasks(base))])
        #expect(m.stack.count == 1)
    }

    @Test func fOnAProvinceRowOpensItsOverdueTasksWithItsCommunes() {
        var m = loaded()
        _ = m.update(.key(.char("3")))
        #expect(m.focus == .provinces)
        let effects = m.update(.key(.char("f")))
        // Provinces are ranked worst first: Đắk Lắk (66) leads.
        #expect(effects == [.loadFrame(depth: 0, screen: .tasks(.inState(.province("66"), .overdue)))])
    }

    @Test func aNamedProvincesOverdueTasksWithItsCommunesTakeThreeKeysAndTheName() {
        var m = loaded()
        _ = m.update(.key(.char(":")))
        for c in "ha noi" { _ = m.update(.key(.char(c))) }
        _ = m.update(.key(.enter))
        let opened = m.update(.found(query: "ha noi", .success([Found(kind: .province, code: "01", name: "Thành phố Hà Nội")])))
        #expect(opened == [.loadFrame(depth: 0, screen: .units(.communes(province: "01")))])
        _ = m.update(.frameLoaded(depth: 0, screen: .units(.communes(province: "01")), .success(.units(FakeSource.communes))))
        #expect(m.update(.key(.char("f"))) == [.loadFrame(depth: 1, screen: .tasks(.inState(.province("01"), .overdue)))])
    }

    @Test func aCommuneNamedOverdueTasksTakeThreeKeysAndTheName() {
        // `:`, the name, Enter, `f`: the README's count.
        var m = loaded()
        var keys = 0
        func press(_ k: Key) -> [Effect] { keys += 1; return m.update(.key(k)) }
        _ = press(.char(":"))
        for c in "hoan kiem" { _ = m.update(.key(.char(c))) }
        _ = m.update(.found(query: "hoan kiem", .success([hoankiem])))
        _ = press(.enter)
        let last = press(.char("f"))
        #expect(last == [.loadFrame(depth: 0, screen: .tasks(.inState(.unit("00070"), .overdue)))])
        #expect(keys == 3)
    }

    // MARK: - Count cells (←/→ over the count columns, Enter opens what a cell counts)

    @Test func rightArrowWalksTheCountCellsAndEnterOpensExactlyThoseTasks() {
        var m = loaded()
        _ = m.update(.key(.char("3")))
        #expect(m.focus == .provinces && m.countCell == nil)
        // → from the row: the total, then on time, late, open, overdue; it stops at the last cell.
        var walked: [Int?] = []
        for _ in 0..<6 {
            _ = m.update(.key(.right))
            walked.append(m.countCell)
        }
        #expect(walked == [0, 1, 2, 3, 4, 4])
        #expect(m.stack.isEmpty)
        // Đắk Lắk (66) leads the ranking: Enter on its overdue cell opens its overdue tasks with its communes'.
        #expect(m.update(.key(.enter)) == [.loadFrame(depth: 0, screen: .tasks(.inState(.province("66"), .overdue)))])
        _ = m.update(.key(.escape))
        // ← back to the late cell; Enter opens the late ones.
        _ = m.update(.key(.left))
        _ = m.update(.key(.left))
        #expect(m.countCell == 2)
        #expect(m.update(.key(.enter)) == [.loadFrame(depth: 0, screen: .tasks(.inState(.province("66"), .doneLate)))])
    }

    @Test func leftFromTheTotalLeavesTheCellsAndThenArrowsDoWhatTheyDidBefore() {
        var m = loaded()
        _ = m.update(.key(.char("1")))
        #expect(m.focus == .levels)
        _ = m.update(.key(.right))
        #expect(m.countCell == 0)
        // The total cell opens every task of the level.
        let level = m.overview!.levels[m.panes[.levels]!.selectedRow!].level
        #expect(m.update(.key(.enter)) == [.loadFrame(depth: 0, screen: .tasks(.level(level)))])
        _ = m.update(.key(.escape))
        _ = m.update(.key(.left))
        #expect(m.countCell == nil)
        // On the row, Enter drills down as before.
        #expect(m.update(.key(.enter)) == [.loadFrame(depth: 0, screen: .units(.level(level)))])
        // Esc leaves the cells; in a drill-down's units list ← from the row goes back.
        _ = m.update(.frameLoaded(depth: 0, screen: .units(.level(level)), .success(.units(FakeSource.communes))))
        _ = m.update(.key(.right))
        _ = m.update(.key(.right))
        #expect(m.countCell == 1)
        _ = m.update(.key(.escape))
        #expect(m.countCell == nil && m.stack.count == 1)
        _ = m.update(.key(.left))
        #expect(m.stack.isEmpty)
    }

    @Test func aCellOfTheProvincesOwnRowOpensItsOwnTasksAsItsCountsCountThem() {
        var m = loaded()
        let screen = Screen.units(.communes(province: "01"))
        _ = m.update(.key(.char(":")))
        _ = m.update(.key(.char("h")))
        _ = m.update(.key(.enter))
        _ = m.update(.found(query: "h", .success([Found(kind: .province, code: "01", name: "Thành phố Hà Nội")])))
        _ = m.update(.frameLoaded(depth: 0, screen: screen, .success(.units(FakeSource.communes))))
        for _ in 0..<5 { _ = m.update(.key(.right)) }
        #expect(m.update(.key(.enter)) == [.loadFrame(depth: 1, screen: .tasks(.inState(.unit("01"), .overdue)))])
        #expect(m.stack.last?.crumb == .ownTasks(name: "Thành phố Hà Nội"))
    }

    @Test func listsThatAreNotCountTablesKeepTheirArrows() {
        var m = loaded()
        _ = m.update(.key(.char("6")))
        #expect(!m.isCountTable)
        let before = m.view
        // ← in a single pane's view steps to the view before, as it did.
        _ = m.update(.key(.left))
        #expect(m.view != before && m.countCell == nil)
    }

    @Test func aFilteredRankingKeepsItsRankNumbers() {
        var m = loaded()
        _ = m.update(.key(.char("3")))
        let list = m.panes[.provinces]!
        // The fixture's two provinces, Đắk Lắk first: Hà Nội is second.
        let second = list.visible[1]
        let name = m.overview!.provinces[second].unit.name
        _ = m.update(.key(.char("/")))
        for c in name { _ = m.update(.key(.char(c))) }
        let filtered = m.panes[.provinces]!
        #expect(filtered.visible == [second])
        // Still second, as in the whole ranking, not first of one.
        #expect(filtered.ranks[second] == 2)
    }

    @Test func fOnAnInspectionRowOpensTheTasksReturnedThere() {
        var m = loaded()
        _ = m.update(.key(.char("8")))
        #expect(m.focus == .inspection)
        let list = m.panes[.inspection]!
        let row = m.overview!.inspection!.provinces[list.selectedRow!]
        #expect(m.update(.key(.char("f"))) == [.loadFrame(depth: 0, screen: .tasks(.inState(.province(row.key), .returned)))])
        #expect(m.stack.last?.crumb == .unit(name: row.name))
    }
}
