import Foundation
import Testing
import NQ57Core
import NQ57Render
import NQ57TestSupport

/// `f` on proposals, as on tasks: in a body's list it steps through the derived states, each a new
/// read of the store (a load effect, not a filter of the rows on screen), and the title names the state.
@Suite struct ProposalStateFilterTests {
    func inBodyList(_ language: Language) -> DashboardModel {
        var m = DashboardModel(width: 120, height: 40, language: language, now: Fixtures.now)
        _ = m.update(.overviewLoaded(.success(Fixtures.overview)))
        _ = m.update(.key(.char("9")))
        #expect(m.update(.key(.enter)) == [.loadFrame(depth: 0, screen: .proposals(body: "79"))])
        return m
    }

    func proposal(_ id: String, due: String, status: ProposalStatus) -> Proposal {
        var p = Proposal(id: id, receivedAt: Timestamp(vietnamDate: CivilDate("2026-08-03")!, hour: 9), kind: .barrier, submitter: .business,
                         field: "p02-data", title: "Dữ liệu \(id)", summary: "", dueOn: CivilDate(due)!)
        p.status = status
        p.body = "79"
        return p
    }

    @Test func fStepsABodysListThroughTheStatesEachReadFromTheStore() {
        var m = inBodyList(.en)
        var seen: [ProposalState?] = []
        for _ in 0..<DashboardModel.proposalStateOrder.count {
            let effects = m.update(.key(.char("f")))
            guard case .proposals(let body, let state) = m.frame?.screen else { Issue.record("not a body's list"); return }
            #expect(body == "79" && m.stack.count == 1)
            #expect(effects == [.loadFrame(depth: 0, screen: .proposals(body: "79", state: state))], "each state is read from the store")
            seen.append(state)
        }
        #expect(seen == [.overdue, .pending, .answeredLate, .answeredOnTime, .rejected, nil])
    }

    @Test(arguments: [Language.vi, .en])
    func theTitleNamesTheStateAndTheDatesAreTheScreensDates(_ language: Language) throws {
        var m = inBodyList(language)
        _ = m.update(.key(.char("f")))
        let rows = [proposal("PA-000001", due: "2026-08-24", status: .assigned), proposal("PA-000002", due: "2026-08-25", status: .assigned)]
        _ = m.update(.frameLoaded(depth: 0, screen: .proposals(body: "79", state: .overdue), .success(.proposals(rows))))
        let screen = DashboardView.render(m).lines()
        let l = ProposalLabels.of(language)
        let title = try #require(screen.first { $0.contains("79 Thành phố Hồ Chí Minh") && $0.contains("━") }, "\(screen.joined(separator: "\n"))")
        #expect(title.contains("· " + l.overdue), "\(title)")
        // Received and due days as the task screens write them: dd/mm/yyyy in Vietnamese, ISO in English.
        let row = try #require(screen.first { $0.contains("PA-000001") })
        #expect(row.contains(language == .vi ? "03/08/2026" : "2026-08-03") && row.contains(language == .vi ? "24/08/2026" : "2026-08-24"), "\(row)")
        // Back to the pending list: no state in the title.
        for _ in 0..<5 { _ = m.update(.key(.char("f"))) }
        #expect(m.frame?.screen == .proposals(body: "79"))
        _ = m.update(.frameLoaded(depth: 0, screen: .proposals(body: "79"), .success(.proposals(rows))))
        #expect(!DashboardView.render(m).lines().contains { $0.contains("· " + l.overdue) })
    }

    @Test func fOnABodysRowOpensItsOverdueProposals() {
        var m = DashboardModel(width: 120, height: 40, language: .vi, now: Fixtures.now)
        _ = m.update(.overviewLoaded(.success(Fixtures.overview)))
        _ = m.update(.key(.char("9")))
        _ = m.update(.key(.down))
        #expect(m.update(.key(.char("f"))) == [.loadFrame(depth: 0, screen: .proposals(body: "BKHCN", state: .overdue))])
        #expect(m.frame?.crumb == .proposalsOf(body: "BKHCN", name: "Bộ Khoa học và Công nghệ"))
    }
}
