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
        for _ in 0..<5 { seen += m.update(.key(.char("f"))) }
        let base = TaskScope.unit("00070")
        #expect(seen == [.loadFrame(depth: 0, screen: .tasks(.inState(base, .overdue))),
                         .loadFrame(depth: 0, screen: .tasks(.inState(base, .openOnTime))),
                         .loadFrame(depth: 0, screen: .tasks(.inState(base, .doneLate))),
                         .loadFrame(depth: 0, screen: .tasks(.inState(base, .doneOnTime))),
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
}
