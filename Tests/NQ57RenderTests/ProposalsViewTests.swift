import Foundation
import Testing
import NQ57Core
import NQ57Render
import NQ57TestSupport

/// The proposals pane: its own view ("who owes answers" ranked by overdue answers, the NOT OFFICIAL
/// marker), its goldens at 80x24 and 120x40 in both languages, its JSON, and Tab passing it by.
@Suite struct ProposalsViewTests {
    func model(_ w: Int, _ h: Int, _ language: Language) -> DashboardModel {
        var m = DashboardModel(width: w, height: h, language: language, now: Fixtures.now)
        _ = m.update(.overviewLoaded(.success(Fixtures.overview)))
        _ = m.update(.key(.char("9")))
        return m
    }

    @Test(arguments: [Language.vi, .en])
    func itsViewMatchesItsGoldens(_ language: Language) {
        for (w, h) in [(80, 24), (120, 40)] {
            let m = model(w, h, language)
            #expect(m.view == View(pane: .proposals))
            let screen = DashboardView.render(m)
            #expect(Golden.mismatch(screen, named: "view-proposals-\(w)x\(h)-\(language.rawValue)") == nil,
                    "\(Golden.mismatch(screen, named: "view-proposals-\(w)x\(h)-\(language.rawValue)") ?? "")")
        }
    }

    @Test func whoOwesAnswersIsRankedByOverdueAndSaysTheDeadlinesAreNotOfficial() throws {
        for language in Language.allCases {
            let l = ProposalLabels.of(language)
            let screen = DashboardView.render(model(80, 24, language)).lines()
            let hcmc = try #require(screen.firstIndex { $0.contains("79 Thành phố Hồ") })
            let ministry = try #require(screen.firstIndex { $0.contains("BKHCN") })
            let hanoi = try #require(screen.firstIndex { $0.contains("01 Thành phố Hà Nội") })
            let unassigned = try #require(screen.firstIndex { $0.contains(l.unassigned) })
            #expect(hcmc < ministry && ministry < hanoi && hanoi < unassigned, "21 overdue, then 12, then 7, then 0")
            #expect(screen.contains { $0.contains("PA-000077") }, "the oldest pending one")
            #expect(screen.contains { $0.contains("41 \(l.days)") }, "the median days to answer")
            #expect(screen.contains { $0.contains(l.notOfficial) }, "the NOT OFFICIAL marker, \(language)")
        }
        // With official deadlines the marker goes.
        var o = Fixtures.overview
        o.proposals?.deadlinesNotOfficial = false
        var m = DashboardModel(width: 120, height: 40, language: .en, now: Fixtures.now)
        _ = m.update(.overviewLoaded(.success(o)))
        _ = m.update(.key(.char("9")))
        #expect(!DashboardView.render(m).lines().contains { $0.contains(ProposalLabels.en.notOfficial) })
    }

    @Test func itsJSONHasTheBodiesAndNoContact() throws {
        let data = try JSONEncoder().encode(SnapshotJSON(Fixtures.overview))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let proposals = try #require(json["proposals"] as? [String: Any])
        #expect(proposals["deadlines_official"] as? Bool == false)
        let bodies = try #require(proposals["bodies"] as? [[String: Any]])
        #expect(bodies.map { $0["code"] as? String } == ["79", "BKHCN", "01", "-"])
    }

    @Test func tabInTheOverviewPassesItBy() {
        for (w, h) in [(200, 60), (120, 40), (80, 24)] {
            var m = DashboardModel(width: w, height: h, language: .en, now: Fixtures.now)
            _ = m.update(.overviewLoaded(.success(Fixtures.overview)))
            var seen: [PaneID] = []
            for _ in 0..<20 {
                _ = m.update(.key(.tab))
                seen.append(m.focus)
            }
            #expect(!seen.contains(.proposals), "\(w)x\(h)")
            #expect(DashboardLayout(m).panes[.proposals] == nil)
        }
    }
}
