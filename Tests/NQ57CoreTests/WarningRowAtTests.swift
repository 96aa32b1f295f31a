import NQ57Core
import NQ57TestSupport
import Testing

/// `EarlyWarnings.row(at:)`, which the warnings pane draws from instead of building `all` on every
/// frame, is `all` row for row: every kind of warning, in `all`'s order.
@Suite struct WarningRowAtTests {
    @Test func rowAtIsAllRowForRow() {
        var overview = Fixtures.overview
        Fixtures.addFeed(to: &overview)
        let w = overview.warnings
        #expect(Set(w.all.map(\.kind)) == Set(WarningKind.allCases))
        #expect(w.allCount == w.all.count)
        #expect((0 ..< w.allCount).map { w.row(at: $0) } == w.all)
    }
}
