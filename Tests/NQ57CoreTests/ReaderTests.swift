import Testing
import NQ57Core
import NQ57TestSupport

/// Issue 11 §7: Enter on a report opens it whole; a long note scrolls, nothing is cut.
@Suite struct ReaderTests {
    func loaded(width: Int = 80, height: Int = 24) -> DashboardModel {
        var m = DashboardModel(width: width, height: height, now: Fixtures.now)
        _ = m.update(.overviewLoaded(.success(Fixtures.overview)))
        return m
    }

    @Test func enterOnTheFeedOpensTheReportWholeOverItsTask() {
        var m = loaded()
        m.focus = .reports
        let row = Fixtures.overview.latestReports[0]
        let effects = m.update(.key(.enter))
        #expect(effects == [.loadFrame(depth: 0, screen: .task(row.report.taskID))])
        #expect(m.reader?.report == row.report)
        #expect(m.reader?.unitName == row.unitName)
        // Esc closes the reader and leaves the task open under it.
        _ = m.update(.key(.escape))
        #expect(m.reader == nil)
        #expect(m.stack.count == 1)
        #expect(!m.quitting)
    }

    @Test func aLongNoteScrollsToItsLastLineAndNoFurther() {
        var m = loaded()
        var report = Fixtures.overview.latestReports[0].report
        report.note = (1...60).map { "Câu \($0): đã số hóa hồ sơ." }.joined(separator: " ") + " KẾT-THÚC"
        m.reader = ReaderState(report: report, taskTitle: "T", unitName: "U", provinceName: nil)
        let body = DashboardLayout(m).body
        let lines = ReaderState.wrap(report.note, width: ReaderState.box(in: body).width - 4)
        #expect(lines.count > ReaderState.noteRows(in: body))
        #expect(lines.last?.hasSuffix("KẾT-THÚC") == true)
        // Every word is on some line: nothing is cut.
        #expect(lines.joined(separator: " ") == report.note)
        _ = m.update(.key(.end))
        let last = m.reader!.scroll
        #expect(last == lines.count - ReaderState.noteRows(in: body))
        _ = m.update(.key(.down))
        #expect(m.reader!.scroll == last)
        _ = m.update(.key(.pageUp))
        _ = m.update(.key(.up))
        #expect(m.reader!.scroll == max(0, last - ReaderState.noteRows(in: body) - 1))
        _ = m.update(.key(.home))
        #expect(m.reader!.scroll == 0)
        // q quits from the reader as from everywhere.
        _ = m.update(.key(.char("q")))
        #expect(m.quitting)
    }

    @Test func aWordLongerThanTheLineIsSplitNotDropped() {
        let lines = ReaderState.wrap("a " + String(repeating: "x", count: 25) + " b\nsecond paragraph", width: 10)
        #expect(lines == ["a", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxx b", "second", "paragraph"])
    }
}
