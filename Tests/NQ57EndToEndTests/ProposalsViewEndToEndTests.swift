import Foundation
import Testing
import NQ57TestSupport

/// Issue 13 in a real terminal: the proposals view ("8") at 80×24 and 120×40 in both languages shows
/// who owes answers, with the oldest pending proposal and the NOT OFFICIAL deadline marker.
/// (The drill-downs to a body's pending proposals and to one proposal's history are not built yet.)
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "needs tmux (scripts/deps installs it)"))
struct ProposalsViewEndToEndTests {
    @Test(arguments: [(80, 24), (120, 40)])
    func theProposalsViewShowsWhoOwesAnswersInBothLanguages(_ width: Int, _ height: Int) throws {
        let dir = TemporaryDirectory()
        let db = try DemoDatabase.copy(into: dir)
        let t = try Tmux("\(Binary.path) dashboard --db \(db) --as-of \(DemoDatabase.asOf) --read-only", width: width, height: height)
        #expect(try t.waitFor("Trung ương", timeout: 15) != nil, "the dashboard did not draw: \(t.dump)")
        try t.send("8")
        let vi = try #require(try t.waitFor("CHƯA PHẢI số liệu chính thức"), "\(width): \(t.dump)")
        #expect(vi.contains { $0.contains("Cơ quan") && $0.contains("Quá hạn") }, "\(t.dump)")
        #expect(vi.contains { $0.contains("PA-") }, "the oldest pending proposal: \(t.dump)")
        #expect(vi[1].contains("Tổng quan › Phản ánh, kiến nghị"), "\(t.dump)")
        try t.send("L")
        let en = try #require(try t.waitFor("NOT the official"), "\(width): \(t.dump)")
        #expect(en.contains { $0.contains("Body") && $0.contains("Overdue") }, "\(t.dump)")
        #expect(en[1].contains("Overview › Proposals"), "\(t.dump)")
        // "1" goes back to the overview, which has no proposals pane.
        try t.send("1")
        #expect(try t.waitFor("Central") != nil, "\(t.dump)")
        #expect(!t.dump.contains("NOT the official"), "the overview has no proposals pane: \(t.dump)")
    }
}
