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

/// Issue 14: the warnings pane's list takes `WarningRows` (read in place) where it took `all`:
/// the same rows, so the same order, search and sort.
@Suite struct WarningRowsTests {
    @Test func warningRowsAreAllAndSortAsAllDoes() {
        var overview = Fixtures.overview
        Fixtures.addFeed(to: &overview)
        let w = overview.warnings
        #expect(Array(WarningRows(w)) == w.all)
        for column in PaneKind.warnings.sortColumns {
            for descending in [false, true] {
                var inPlace = ListState(sortColumns: PaneKind.warnings.sortColumns), built = inPlace
                inPlace.sortIndex = PaneKind.warnings.sortColumns.firstIndex(of: column)!
                inPlace.descending = descending
                built.sortIndex = inPlace.sortIndex
                built.descending = descending
                inPlace.setRows(PaneKind.warnings.rows(overview), columns: PaneKind.warnings.sortColumns)
                built.setRows(w.all, columns: PaneKind.warnings.sortColumns)
                #expect(inPlace.visible == built.visible && inPlace.ranks == built.ranks, "\(column) \(descending)")
            }
        }
    }
}
