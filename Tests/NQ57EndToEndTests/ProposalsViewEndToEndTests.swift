import Foundation
import Testing
import NQ57TestSupport

/// Issue 13 in a real terminal: the proposals view ("9") at 80×24 and 120×40 in both languages shows
/// who owes answers, with the oldest pending proposal and the NOT OFFICIAL deadline marker.
/// Enter drills to the top body's pending proposals and to one proposal's status history, in both languages.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "needs tmux (scripts/deps installs it)"))
struct ProposalsViewEndToEndTests {
    /// The demo database's dashboard in tmux on the proposals view (`9`), in Vietnamese, and its screen.
    func proposalsView(_ width: Int, _ height: Int) throws -> (TemporaryDirectory, Tmux, [String]) {
        let dir = TemporaryDirectory()
        let db = try DemoDatabase.copy(into: dir)
        let t = try Tmux("\(Binary.path) dashboard --db \(db) --as-of \(DemoDatabase.asOf) --read-only", width: width, height: height)
        #expect(try t.waitFor("Trung ương", timeout: 15) != nil, "the dashboard did not draw: \(t.dump)")
        try t.send("9")
        let vi = try #require(try t.waitFor("CHƯA PHẢI số liệu chính thức"), "\(width): \(t.dump)")
        return (dir, t, vi)
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func theProposalsViewShowsWhoOwesAnswersInBothLanguages(_ width: Int, _ height: Int) throws {
        let (dir, t, vi) = try proposalsView(width, height)
        defer { withExtendedLifetime(dir) {} }
        #expect(vi.contains { $0.contains("Cơ quan") && $0.contains("Quá hạn") }, "\(t.dump)")
        #expect(vi.contains { $0.contains("PA-") }, "the oldest pending proposal: \(t.dump)")
        #expect(vi[1].contains("Tổng quan › Phản ánh, kiến nghị"), "\(t.dump)")
        try t.send("L")
        let en = try #require(try t.waitFor("NOT the official"), "\(width): \(t.dump)")
        #expect(en.contains { $0.contains("Body") && $0.contains("Overdue") }, "\(t.dump)")
        #expect(en[1].contains("Overview › Proposals"), "\(t.dump)")
        // Enter on the first body (the most overdue answers): its pending proposals, overdue first;
        // Enter on the first of them: its status history, starting with its receipt.
        try t.send("Enter")
        // The whole list, not its heading alone: a capture once fell with the new heading above the
        // previous view's rows (its "Oldest pending" and "Median" gone only when the frame is done).
        let owed = try #require(try t.waitFor { s in s.contains { $0.contains("Answer due") } && !s.contains { $0.contains("Median") || $0.contains("Oldest pending") } },
                                "\(width): \(t.dump)")
        let firstRow = try #require(owed.firstIndex { $0.contains("PA-") }, "\(t.dump)")
        #expect(owed[firstRow].contains("Overdue"), "overdue first: \(t.dump)")
        #expect(owed[1].contains("Overview › "), "\(t.dump)")
        try t.send("Enter")
        let history = try #require(try t.waitFor("Status history"), "\(width): \(t.dump)")
        #expect(history.contains { $0.contains("received") }, "\(t.dump)")
        try t.send("L")
        #expect(try t.waitFor("Lịch sử trạng thái") != nil, "\(t.dump)")
        #expect(try t.waitFor { $0.contains { $0.contains("tiếp nhận") } } != nil, "\(t.dump)")
        try t.send("Escape")
        #expect(try t.waitFor("Hạn trả lời") != nil, "back to the body's list: \(t.dump)")
        try t.send("Escape")
        #expect(try t.waitFor("CHƯA PHẢI số liệu chính thức") != nil, "back to the view: \(t.dump)")
        try t.send("L")
        #expect(try t.waitFor("NOT the official") != nil, "\(t.dump)")
        // "1" goes back to the overview, which has no proposals pane.
        try t.send("1")
        #expect(try t.waitFor("Central") != nil, "\(t.dump)")
        #expect(!t.dump.contains("NOT the official"), "the overview has no proposals pane: \(t.dump)")
    }

    /// `f` in a body's list: the list narrows to one derived state at a time, read from the store, and
    /// the title says which; dates are dd/mm/yyyy in Vietnamese; L keeps the state in English.
    @Test(arguments: [(80, 24), (120, 40)])
    func fNarrowsABodysProposalsToOneState(_ width: Int, _ height: Int) throws {
        let (dir, t, _) = try proposalsView(width, height)
        defer { withExtendedLifetime(dir) {} }
        try t.send("Enter")
        #expect(try t.waitFor("Hạn trả lời") != nil, "\(t.dump)")
        // Every row of each narrowed list is in the state its title names.
        func rows(_ screen: [String]) -> [String] { screen.filter { $0.contains("PA-") } }
        let dayVI = try Regex("[0-3][0-9]/[01][0-9]/20[0-9][0-9]")
        // The first body owes the most overdue answers, so its overdue list is not empty; a slow body
        // may have answered none on time, and its list then says it has none.
        for (title, cell, someRows) in [("Chờ trả lời – quá hạn", "Quá hạn", true), ("Chờ trả lời – trong hạn", "Trong hạn", false),
                                        ("Đã trả lời quá hạn", "Đã trả lời quá hạn", true), ("Đã trả lời đúng hạn", "Đã trả lời đúng hạn", false)] {
            try t.send("f")
            let screen = try #require(try t.waitFor { s in
                s.contains { $0.contains("· " + title) } && (!someRows || !rows(s).isEmpty) && rows(s).allSatisfy { $0.contains(cell) }
                    && (!rows(s).isEmpty || s.contains { $0.contains("không có mục nào") })
            }, "\(width) \(title): \(t.dump)")
            #expect(rows(screen).allSatisfy { $0.contains(dayVI) }, "dd/mm/yyyy: \(t.dump)")
        }
        try t.send("L")
        #expect(try t.waitFor { s in s.contains { $0.contains("· Answered on time") } && rows(s).allSatisfy { $0.contains("Answered on time") } } != nil,
                "\(t.dump)")
        try t.send("f")
        try t.send("f")
        try t.send("f")
        // Overdue again, in English: ISO days.
        let overdue = try #require(try t.waitFor { s in s.contains { $0.contains("· Overdue") } && !rows(s).isEmpty && rows(s).allSatisfy { $0.contains("Overdue") } },
                                   "\(t.dump)")
        #expect(rows(overdue).allSatisfy { $0.contains(try! Regex("20[0-9][0-9]-[01][0-9]-[0-3][0-9]")) }, "\(t.dump)")
        for _ in 0..<3 { try t.send("f") }
        try t.send("f")
        #expect(try t.waitFor { s in s.contains { $0.contains("· Rejected") } } != nil, "\(t.dump)")
        try t.send("f")
        #expect(try t.waitFor { s in s.contains { $0.contains("Answer due") } && !s.contains { $0.contains("· Rejected") } } != nil, "back to the pending list: \(t.dump)")
    }
}
