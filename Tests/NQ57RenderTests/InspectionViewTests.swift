import Foundation
import Testing
import NQ57Core
import NQ57Render
import NQ57TestSupport

/// The inspection pane: its view, its honest headline, its JSON, and Tab passing it by in the overview.
@Suite struct InspectionViewTests {
    @Test func theHeadlineNamesTheSelfReportedRateAndTheEstimateWithItsInterval() {
        let vi = InspectionLabels.vi.headline(Fixtures.inspection.estimate)
        #expect(vi == "tự báo cáo 74% · ước tính qua kiểm tra 64% (60–67%), 208 mẫu")
        let en = InspectionLabels.en.headline(Fixtures.inspection.estimate)
        #expect(en.hasPrefix("self-reported 74% · estimated by inspection 64% ("))
        // Nothing checked: the self-reported rate is still named as such, and no estimate is made up.
        let none = InspectionSummary(levels: [InspectionRow(key: "central", name: "central", level: .central, tasks: 10,
                                                            counts: InspectionCounts(done: 9, unchecked: 9))], provinces: [])
        #expect(InspectionLabels.vi.headline(none.estimate) == "tự báo cáo 90% · chưa có mẫu kiểm tra")
    }

    @Test func itsViewRanksProvincesByReturnedShareAndItsSnapshotHasJSON() throws {
        var m = DashboardModel(width: 120, height: 40, language: .vi, now: Fixtures.now)
        _ = m.update(.overviewLoaded(.success(Fixtures.overview)))
        _ = m.update(.key(.char("8")))
        #expect(m.view == View(pane: .inspection))
        let screen = DashboardView.render(m).lines()
        let dak = try #require(screen.firstIndex { $0.contains("Đắk Lắk") || $0.contains("Đắk Lắk".decomposedStringWithCanonicalMapping) })
        let hanoi = try #require(screen.firstIndex { $0.contains("Thành phố Hà Nội") })
        #expect(dak < hanoi, "returned share 26% before 4%")
        #expect(screen.contains { $0.contains("tự báo cáo 74% · ước tính qua kiểm tra 64%") })

        let text = Snapshot.text(.pane(.inspection, Fixtures.overview), width: 100, language: .en)
        #expect(text.contains("Independent inspection") && text.contains("self-reported 74%"))
        let data = try JSONEncoder().encode(SnapshotJSON(Fixtures.overview))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let inspection = try #require(json["inspection"] as? [String: Any])
        #expect(inspection["sample"] as? Int == 208)
        #expect((inspection["provinces"] as? [Any])?.count == 2)
        #expect(abs((inspection["self_reported"] as? Double ?? 0) - 4_426.0 / 6_010.0) < 1e-9, "central and the provinces are the strata")
    }

    @Test func tabInTheOverviewPassesThePaneWithNoSlotBy() {
        for (w, h) in [(200, 60), (120, 40), (80, 24)] {
            var m = DashboardModel(width: w, height: h, language: .en, now: Fixtures.now)
            _ = m.update(.overviewLoaded(.success(Fixtures.overview)))
            var seen: [PaneID] = []
            for _ in 0..<20 {
                _ = m.update(.key(.tab))
                seen.append(m.focus)
            }
            // Neither pane with a view of its own only (inspection, proposals) takes the focus.
            #expect(!seen.contains(.inspection) && !seen.contains(.proposals), "\(w)x\(h)")
            #expect(Set(seen).count == PaneTable.standard.ids.count - 2, "\(w)x\(h)")
            #expect(DashboardLayout(m).panes[.inspection] == nil)
        }
    }
}
