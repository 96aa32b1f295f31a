import Testing
import NQ57Core
import NQ57TestSupport

/// The model knows which loads it asked for and has not seen answered, so panes can say "loading".
@Suite struct LoadingTests {
    func loaded() -> DashboardModel {
        var m = DashboardModel(width: 120, height: 40, now: Fixtures.now)
        _ = m.update(.overviewLoaded(.success(Fixtures.overview)))
        return m
    }

    @Test func theOverviewIsLoadingUntilEveryReloadAnswered() {
        var m = loaded()
        #expect(!m.loadingOverview)
        #expect(m.update(.key(.char("r"))) == [.loadOverview])
        #expect(m.update(.key(.char("r"))) == [.loadOverview])
        #expect(m.loadingOverview)
        _ = m.update(.overviewLoaded(.success(Fixtures.overview)))
        #expect(m.pendingOverviewLoads == 1)
        _ = m.update(.overviewLoaded(.failure(NQ57Error(.io, "gone"))))
        #expect(!m.loadingOverview)
    }

    @Test func aFrameIsLoadingUntilItsDataCame() {
        var m = loaded()
        _ = m.update(.key(.down))
        let effects = m.update(.key(.enter))
        guard case .loadFrame(let depth, let screen)? = effects.first else {
            Issue.record("Enter on a level asked for \(effects)")
            return
        }
        #expect(m.frame?.loading == true)
        _ = m.update(.frameLoaded(depth: depth, screen: screen, .success(.units(Fixtures.overview.provinces))))
        #expect(m.frame?.loading == false)
        #expect(m.frame?.data != nil)
    }
}
