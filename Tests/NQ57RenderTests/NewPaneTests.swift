import Foundation
import Testing
import NQ57Core
import NQ57Render
import NQ57TestSupport

/// A pane that exists only in this file, registered through the public tables: it takes part in
/// Tab, the views, the layouts, Enter, the text snapshot and the JSON without a line changed elsewhere.
@Suite struct NewPaneTests {
    static let id = PaneID("busiest")

    /// The data side: the provinces with the most tasks, at most three; Enter lists the communes.
    static let kind = PaneKind(
        id: id,
        sortColumns: [.total, .name],
        rows: { Array($0.provinces.prefix(3)) },
        identities: { $0.provinces.prefix(3).map(\.unit.code) },
        open: { o, i in .load(.units(.communes(province: o.provinces[i].unit.code)), .unit(name: o.provinces[i].unit.name)) },
        naturalRows: { _ in 3 },
        wide: PaneSlot(column: 1, row: 1, weight: 1),
        medium: PaneSlot(column: 0, row: 2, weight: 1),
        viewRank: 7,
        json: PaneJSON(key: "busiest") { o in o.provinces.prefix(3).map { ["code": $0.unit.code, "total": String($0.counts.total)] } })

    /// The drawing side: a box with one line per visible row.
    static let view = PaneView(
        id: id, title: { $0.language == .vi ? "Bận nhất" : "Busiest" }, viewName: { _ in "BUSIEST-VIEW" },
        snapshot: (rank: 10, rows: nil)
    ) { panes, buffer, rect, input in
        let inner = buffer.box(rect, title: [Span(input.title, .paneTitle)], focused: input.focused)
        for (n, i) in input.list.visible.prefix(max(0, inner.height)).enumerated() {
            let row = input.overview.provinces[i]
            let marker = n == input.list.selected && input.focused ? "> " : "  "
            buffer.put(marker + row.unit.name + " " + panes.format.integer(row.counts.total), x: inner.x, y: inner.y + n, maxWidth: inner.width)
        }
    }

    static var table: PaneTable {
        var t = PaneTable.standard
        t.register(kind)
        return t
    }

    static var views: PaneViews {
        var v = PaneViews.standard
        v.register(view)
        return v
    }

    func model(_ w: Int, _ h: Int) -> DashboardModel {
        var m = DashboardModel(width: w, height: h, language: .en, now: Fixtures.now, paneTable: Self.table)
        _ = m.update(.overviewLoaded(.success(Fixtures.overview)))
        return m
    }

    func text(_ m: DashboardModel) -> String { DashboardView.render(m, views: Self.views).lines().joined(separator: "\n") }

    @Test func itIsDrawnInEveryLayoutAndTabReachesIt() {
        // 47 rows in the one-column layout: the fixture's warnings hold three more rows since the
        // returned tasks and the proposals joined them (s3-feed), one more for the
        // technology groups' detail line (s3-lang), and the new pane comes last.
        for (w, h) in [(200, 60), (120, 50), (90, 47)] {
            var m = model(w, h)
            #expect(DashboardLayout(m).panes[Self.id] != nil, "\(w)x\(h)")
            #expect(text(m).contains("Busiest"), "\(w)x\(h)")
            // Tab goes through the panes the layout draws (the inspection and proposals panes only in their own views).
            for _ in 0..<PaneTable.standard.ids.count where m.focus != Self.id { _ = m.update(.key(.tab)) }
            #expect(m.focus == Self.id)
            #expect(text(m).contains("> " + Fixtures.overview.provinces[0].unit.name), "\(w)x\(h)")
        }
    }

    @Test func enterOpensWhatItsKindSays() {
        var m = model(200, 60)
        m.focus = Self.id
        _ = m.update(.key(.down))
        let effects = m.update(.key(.enter))
        let second = Fixtures.overview.provinces[1].unit
        #expect(effects == [.loadFrame(depth: 0, screen: .units(.communes(province: second.code)))])
        #expect(m.stack.last?.crumb == .unit(name: second.name))
    }

    @Test func itHasAViewOfItsOwn() {
        var m = model(120, 40)
        _ = m.update(.key(.char("8")))
        #expect(m.view == View(pane: Self.id))
        let screen = text(m)
        #expect(screen.contains("BUSIEST-VIEW"))
        #expect(screen.contains("Busiest"))
        #expect(!screen.contains(Labels.of(.en).paneTitles[.provinces]!))
        // The standard table's eighth and ninth views are the inspection's and the proposals'.
        var plain = DashboardModel(width: 120, height: 40, now: Fixtures.now)
        _ = plain.update(.key(.char("8")))
        #expect(plain.view == View(pane: .inspection))
        _ = plain.update(.key(.char("9")))
        #expect(plain.view == View(pane: .proposals))
    }

    @Test func itHasASnapshotSectionAndJSON() throws {
        let overview = Snapshot.text(.overview(Fixtures.overview), width: 100, language: .vi, panes: Self.table, views: Self.views)
        let lines = overview.split(separator: "\n")
        // Last, as its rank says, at its natural height: chrome and three rows.
        #expect(lines.firstIndex { $0.contains("Bận nhất") } == lines.count - DashboardLayout.paneChrome - 3)
        #expect(!Snapshot.text(.overview(Fixtures.overview), width: 100, language: .vi).contains("Bận nhất"))
        let single = Snapshot.text(.pane(Self.id, Fixtures.overview), width: 100, language: .vi, panes: Self.table, views: Self.views)
        #expect(single.contains("Bận nhất") && single.contains(Fixtures.overview.provinces[0].unit.name))
        #expect(single.split(separator: "\n").count == 1 + DashboardLayout.paneChrome + min(3, Fixtures.overview.provinces.count))

        let data = try JSONEncoder().encode(SnapshotJSON(Fixtures.overview, panes: Self.table))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let busiest = try #require(json["busiest"] as? [[String: String]])
        #expect(busiest.first?["code"] == Fixtures.overview.provinces[0].unit.code)
        #expect(json["levels"] != nil && json["provinces"] != nil)
    }
}
