import Testing
import NQ57Core
import NQ57Render
import NQ57TestSupport

/// Live mode marks what changed at the last refresh: counts, a figure, a report that arrived, the
/// warnings' summary. A golden screen holds where the marks fall.
@Suite struct ChangeHighlightTests {
    static var newer: Overview {
        var o = Fixtures.overview
        o.levels[2].counts.overdue += 1
        o.provinces[1].counts.doneOnTime += 3
        o.techGroups[0].counts.openOnTime -= 1
        o.metrics[0].points.append(Metric(key: o.metrics[0].key, value: 1_000, asOf: Fixtures.asOf, source: "Test"))
        var arrived = o.latestReports[0]
        arrived.report.id += 10
        arrived.report.note = "arrived"
        o.latestReports.insert(arrived, at: 0)
        o.warnings.dueSoonCount += 1
        return o
    }

    @Test func aRefreshMarksWhatChanged() {
        var m = DashboardModel(width: 200, height: 60, now: Fixtures.now, live: LiveState(interval: 2))
        _ = m.update(.overviewLoaded(.success(Fixtures.overview)))
        _ = m.update(.overviewLoaded(.success(Self.newer)))
        #expect(!m.changes.isEmpty)
        let screen = DashboardView.render(m)
        #expect(screen.cells.contains { $0.role == .changed })
        #expect(Golden.mismatch(screen, named: "live-changes-200x60-vi") == nil, "\(Golden.mismatch(screen, named: "live-changes-200x60-vi") ?? "")")
    }
}
