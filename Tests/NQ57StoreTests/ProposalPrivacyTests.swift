import Foundation
import NQ57Core
import NQ57Render
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// Personal data (Decree 13/2023/NĐ-CP) never leaves the contacts table except on request: every
/// default export, the proposals text in both languages and widths, and its JSON are searched for the
/// demo's contact details and hold none; the export with contacts holds them (so the search can fail).
@Suite struct ProposalPrivacyTests {
    typealias F = StoreFixtures

    /// What every demo contact detail holds: each of the five fields of every demo submitter
    /// contains one of these (checked below), so an output without them holds none of the details.
    static let markers = ["Người Mẫu", "Đường Mẫu", "+84 000 00", "@example.invalid", "DEMO-"]

    /// Byte search (Foundation's, on UTF-8): exports of reports run to megabytes.
    static func holds(_ text: String, _ needle: String) -> Bool {
        Data(text.utf8).range(of: Data(needle.utf8)) != nil
    }

    @Test func everyDemoContactDetailHoldsAMarker() {
        for n in 1...ProposalDemo.count(.national) {
            let c = ProposalDemo.contact(n)
            for field in [c.name, c.address, c.phone, c.email, c.idNumber] {
                #expect(Self.markers.contains { field.contains($0) }, "\(field)")
            }
        }
    }

    @Test func noOutputHoldsAContactDetail() throws {
        let path = F.databasePath()
        let store = try SQLiteStore(path: path)
        try store.generateDemo(scale: .small, seed: 57, asOf: F.demoAsOf, now: F.now)
        let o = try store.proposalOverview(asOf: F.demoAsOf)
        #expect(o.all.total > 300)
        var outputs: [(String, String)] = []
        for kind in ExportKind.allCases {
            for format in ExportFormat.allCases {
                var text = ""
                try store.export(kind, format: format, asOf: F.demoAsOf) { text += $0 }
                outputs.append(("export \(kind) \(format)", text))
            }
        }
        for language in Language.allCases {
            for width in [80, 120, 200] {
                outputs.append(("proposals text \(language) \(width)", ProposalText.render(o, language: language, width: width)))
            }
        }
        outputs.append(("proposals json", ProposalText.json(o)))
        let raised = try store.mostRaisedBarriers()
        #expect(!raised.isEmpty)
        outputs.append(("proposals text with most-raised barriers",
                        ProposalText.render(o, language: .vi, width: 120, mostRaised: raised)))
        // The dashboard's proposals view, drawn from the store's own overview read.
        let overview = try store.overview(asOf: F.demoAsOf, latest: 20)
        #expect(overview.proposals?.all.total == o.all.total)
        for language in Language.allCases {
            for (w, h) in [(80, 24), (120, 40)] {
                var m = DashboardModel(width: w, height: h, language: language, now: F.now, fixedAsOf: F.demoAsOf)
                _ = m.update(.overviewLoaded(.success(overview)))
                _ = m.update(.key(.char("9")))
                #expect(m.view == View(pane: .proposals))
                for _ in 0..<3 {
                    outputs.append(("proposals view \(language) \(w)x\(h) at row \(m.panes[.proposals]?.selected ?? 0)",
                                    DashboardView.render(m).lines().joined(separator: "\n")))
                    for _ in 0..<15 { _ = m.update(.key(.down)) }
                }
            }
        }
        // Its drill-downs: every body's pending proposals and the history of each one, as the dashboard
        // loads them (the store's own reads), at 80x24 and 120x40 in both languages.
        for language in Language.allCases {
            for (w, h) in [(80, 24), (120, 40)] {
                for (b, body) in o.bodies.enumerated() where body.counts.open > 0 {
                    var m = DashboardModel(width: w, height: h, language: language, now: F.now, fixedAsOf: F.demoAsOf)
                    _ = m.update(.overviewLoaded(.success(overview)))
                    _ = m.update(.key(.char("9")))
                    for _ in 0..<b { _ = m.update(.key(.down)) }
                    #expect(m.update(.key(.enter)) == [.loadFrame(depth: 0, screen: .proposals(body: body.code))])
                    let owed = try store.proposalsOwed(body: body.code, asOf: F.demoAsOf)
                    #expect(owed.count == body.counts.open, "\(body.code)")
                    _ = m.update(.frameLoaded(depth: 0, screen: .proposals(body: body.code), .success(.proposals(owed))))
                    outputs.append(("pending of \(body.code) \(language) \(w)x\(h)", DashboardView.render(m).lines().joined(separator: "\n")))
                    guard w == 120, let first = owed.first else { continue }
                    #expect(m.update(.key(.enter)) == [.loadFrame(depth: 1, screen: .proposal(first.id))])
                    _ = m.update(.frameLoaded(depth: 1, screen: .proposal(first.id), .success(.proposal(try store.proposalDetail(id: first.id)))))
                    let screen = DashboardView.render(m).lines().joined(separator: "\n")
                    #expect(screen.contains(first.id), "\(screen)")
                    outputs.append(("history of \(first.id) \(language)", screen))
                }
            }
        }
        // Every view of the dashboard (keys 1–9), every snapshot text (the overview and each pane) and
        // the snapshot JSON; each body's lists narrowed to each state (`f`); the holidays list's data.
        for language in Language.allCases {
            for (w, h) in [(80, 24), (120, 40)] {
                for key in "123456789" {
                    var m = DashboardModel(width: w, height: h, language: language, now: F.now, fixedAsOf: F.demoAsOf)
                    _ = m.update(.overviewLoaded(.success(overview)))
                    _ = m.update(.key(.char(key)))
                    outputs.append(("view \(key) \(language) \(w)x\(h)", DashboardView.render(m).lines().joined(separator: "\n")))
                }
            }
            outputs.append(("snapshot overview \(language)", Snapshot.text(.overview(overview), width: 120, language: language)))
            for pane in PaneTable.standard.ids {
                outputs.append(("snapshot \(pane.rawValue) \(language)", Snapshot.text(.pane(pane, overview), width: 120, language: language)))
            }
            for body in o.bodies {
                for state in ProposalState.allCases {
                    let rows = try store.proposalsOwed(body: body.code, state: state, asOf: F.demoAsOf)
                    var m = DashboardModel(width: 120, height: 40, language: language, now: F.now, fixedAsOf: F.demoAsOf)
                    _ = m.update(.overviewLoaded(.success(overview)))
                    m.stack = [Frame(screen: .proposals(body: body.code, state: state), crumb: .proposalsOf(body: body.code, name: body.name))]
                    _ = m.update(.frameLoaded(depth: 0, screen: .proposals(body: body.code, state: state), .success(.proposals(rows))))
                    outputs.append(("\(state) of \(body.code) \(language)", DashboardView.render(m).lines().joined(separator: "\n")
                                    + "\n" + rows.map { "\($0)" }.joined(separator: "\n")))
                }
            }
        }
        outputs.append(("snapshot json", String(decoding: try JSONEncoder().encode(SnapshotJSON(overview)), as: UTF8.self)))
        outputs.append(("holidays", try store.holidays().map { "\($0)" }.joined(separator: "\n")))
        let pending = try o.bodies.flatMap { try store.pendingProposals(body: $0.code) }
        outputs.append(("pending lists", pending.map { "\($0)" }.joined(separator: "\n")))
        for (name, text) in outputs {
            #expect(!text.isEmpty, "\(name) is empty")
            for m in Self.markers where Self.holds(text, m) {
                Issue.record("\(name) holds a contact detail (\(m))")
            }
        }
        // The search finds them where they are asked for: the export with contacts.
        var with = ""
        try store.exportProposals(format: .csv, asOf: F.demoAsOf, withContacts: true) { with += $0 }
        #expect(Self.markers.allSatisfy { Self.holds(with, $0) })
        #expect(try store.verifyProposals() == [])
    }
}
