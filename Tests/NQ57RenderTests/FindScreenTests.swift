import Foundation
import Testing
import NQ57Core
import NQ57Render
import NQ57TestSupport

/// Issue 11 on screen: freshness and the way out at every width (§4), the feed's reporter (§5), the
/// go-to prompt and the hierarchy in the breadcrumb (§1, §2).
@Suite struct FindScreenTests {
    func model(_ w: Int, _ h: Int, _ language: Language, live: Bool = false) -> DashboardModel {
        var m = DashboardModel(width: w, height: h, language: language, now: Fixtures.now,
                               live: live ? LiveState(interval: 5) : nil)
        _ = m.update(.overviewLoaded(.success(Fixtures.overview)))
        return m
    }

    @Test(arguments: [Language.vi, .en])
    func theHeaderKeepsFreshnessAndTheFooterTheWayOutAtEveryWidth(_ language: Language) {
        let format = NumberFormat(language)
        for (w, h) in [(80, 24), (100, 30), (120, 40), (200, 60)] {
            for live in [false, true] {
                for paused in [false, true] where live || !paused {
                    var m = model(w, h, language, live: live)
                    if paused { _ = m.update(.key(.char("p"))) }
                    let lines = DashboardView.render(m).lines()
                    let header = lines[0], footer = lines[h - 1]
                    let context = "\(w)x\(h) live \(live) paused \(paused):\n\(header)\n\(footer)"
                    #expect(header.contains(format.date(Fixtures.asOf)), "\(context)")
                    #expect(header.contains(format.time(Fixtures.overview.lastReportAt!)), "\(context)")
                    if live { #expect(header.contains(Fixtures.now.vietnamClock), "\(context)") }
                    for key in [" q ", " ? ", " : "] { #expect(footer.contains(key), "\(context)") }
                    if paused { #expect(footer.contains(language == .vi ? "TIẾP TỤC" : "RESUME"), "\(context)") }
                }
            }
        }
    }

    @Test(arguments: [Language.vi, .en])
    func theHelpShowsEveryKeyAt80x24ByScrollingAndNamesTheTheme(_ language: Language) {
        var m = model(80, 24, language)
        _ = m.update(.key(.char("?")))
        var seen = Set<String>()
        for _ in 0..<20 {
            let text = DashboardView.render(m).lines().joined(separator: "\n")
            #expect(text.contains(language == .vi ? "Giao diện: dark" : "Theme: dark"))
            for line in text.split(separator: "\n") { seen.insert(String(line)) }
            _ = m.update(.key(.down))
        }
        let all = seen.joined(separator: "\n")
        for key in ["Tab / Shift-Tab", "q / Ctrl-C", "? ", ": ", "f ", "+ / -", "PgUp / PgDn"] {
            #expect(all.contains(key), "\(key) never shown")
        }
    }

    @Test(arguments: [Language.vi, .en])
    func theFeedAndWarningsNameUnitAndProvinceFrom80Columns(_ language: Language) {
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            var m = model(w, h, language)
            (m.view, m.focus) = (.warnings, .warnings)
            let warnings = DashboardView.render(m).lines().joined(separator: "\n")
            #expect(warnings.contains("Hoàn Kiếm"), "\(w): \(warnings)")
            #expect(warnings.contains("Hà Nội   ") || warnings.contains("Hoàn Kiếm · Hà Nội"), "\(w): \(warnings)")
            (m.view, m.focus) = (.reports, .reports)
            let feed = DashboardView.render(m).lines().joined(separator: "\n")
            #expect(feed.contains(language == .vi ? "Đơn vị" : "Unit"), "\(w): \(feed)")
            #expect(feed.contains("Bộ Khoa học"), "\(w): \(feed)")
        }
    }

    @Test func theBreadcrumbFollowsTheHierarchyToATaskOpenedFromAWarning() {
        var m = model(120, 40, .vi)
        m.focus = .warnings
        _ = m.update(.key(.enter))
        let row = Fixtures.overview.warnings.turnedOverdue[0]
        var detail = TaskDetail(row: row, unit: Fixtures.hoankiem, reports: [], reportCount: 0)
        detail.province = Fixtures.hanoi
        _ = m.update(.frameLoaded(depth: 0, screen: .task(row.task.id), .success(.task(detail))))
        let lines = DashboardView.render(m).lines()
        #expect(lines[1].hasPrefix(" Tổng quan › Thành phố Hà Nội › Phường Hoàn Kiếm › X00070-0007"), "\(lines[1])")
        #expect(lines.contains { $0.contains("Phường Hoàn Kiếm (00070) · Thành phố Hà Nội (01)") })
    }

    @Test(arguments: [Language.vi, .en])
    func theGoToPromptListsWhatWasFoundWithItsPlace(_ language: Language) {
        var m = model(80, 24, language)
        _ = m.update(.key(.char(":")))
        for c in "tan thanh" { _ = m.update(.key(.char(c))) }
        _ = m.update(.found(query: "tan thanh", .success([
            Found(kind: .commune, code: "02578", name: "Xã Tân Thanh", provinceName: "Tỉnh Tuyên Quang"),
            Found(kind: .commune, code: "05923", name: "Xã Tân Thành", provinceName: "Tỉnh Thái Nguyên"),
            Found(kind: .task, code: "02578-0001", name: "Ứng dụng", unitName: "Xã Tân Thanh", provinceName: "Tỉnh Tuyên Quang"),
        ])))
        let text = DashboardView.render(m).lines().joined(separator: "\n")
        #expect(text.contains(": tan thanh"))
        #expect(text.contains("Xã Tân Thanh — Tuyên Quang (02578)"), "\(text)")
        #expect(text.contains("Xã Tân Thành — Thái Nguyên (05923)"), "\(text)")
        #expect(text.contains("02578-0001  Ứng dụng — Xã Tân Thanh · Tuyên Quang"), "\(text)")
    }

    @Test(arguments: [Language.vi, .en])
    func theCountCellUnderTheCursorIsMarkedAndNamed(_ language: Language) {
        var m = model(120, 40, language)
        _ = m.update(.key(.char("3")))
        for _ in 0..<5 { _ = m.update(.key(.right)) }
        let buffer = DashboardView.render(m)
        let lines = buffer.lines(), roles = buffer.roleLines()
        let overdue = language == .vi ? "Quá hạn" : "Overdue"
        // The title names the cell; the heading and the selected row's cell take the filter's colour.
        #expect(lines[2].contains("↵ " + overdue), "\(lines[2])")
        let h = lines.firstIndex { $0.contains(overdue) && !$0.contains("↵") }!
        let headingRoles = Array(roles[h])
        let found = lines[h].range(of: " " + overdue + " ")!
        let start = lines[h].distance(from: lines[h].startIndex, to: found.lowerBound) + 1
        #expect((start..<start + overdue.count).allSatisfy { headingRoles[$0] == "/" }, "\(lines[h])\n\(roles[h])")
        // Đắk Lắk leads with 500 overdue: those digits, and only that cell of the row, in the filter's colour.
        let row = Array(lines[h + 1]), rowRoles = Array(roles[h + 1])
        let marked = rowRoles.indices.filter { rowRoles[$0] == "/" }
        #expect(String(marked.map { row[$0] }).trimmingCharacters(in: .whitespaces) == "500", "\(lines[h + 1])\n\(roles[h + 1])")
        // Back on the row: nothing marked, no note.
        for _ in 0..<5 { _ = m.update(.key(.left)) }
        let plain = DashboardView.render(m)
        #expect(!plain.lines()[2].contains("↵") && !plain.roleLines()[h + 1].contains("/"))
    }
}

/// Read everything (issue 11 §7): a long note and a long source are shown whole, wrapped.
@Suite struct ReadAllTests {
    @Test func theSelectedReportShowsItsWholeNoteAndAuthor() {
        var m = DashboardModel(width: 80, height: 24, now: Fixtures.now)
        _ = m.update(.overviewLoaded(.success(Fixtures.overview)))
        m.focus = .warnings
        _ = m.update(.key(.enter))
        let row = Fixtures.overview.warnings.turnedOverdue[0]
        let note = "Đã hoàn thành khảo sát hiện trạng tại mười hai tổ dân phố, đang chờ ý kiến của Sở Khoa học và Công nghệ về phương án kết nối dữ liệu"
        let report = Report(id: 1, taskID: row.task.id, reportedAt: Fixtures.now, status: .inProgress, progress: 55, note: note,
                            reportedBy: "Văn phòng HĐND và UBND phường Hoàn Kiếm")
        _ = m.update(.frameLoaded(depth: 0, screen: .task(row.task.id),
                                  .success(.task(TaskDetail(row: row, unit: Fixtures.hoankiem, reports: [report], reportCount: 1)))))
        let text = DashboardView.render(m).lines().map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "│┃ ")) }.joined(separator: " ")
        #expect(text.contains("29/11/2026 14:03 · đang thực hiện · 55%"), "\(text)")
        #expect(text.contains("Người báo cáo: Văn phòng HĐND và UBND phường Hoàn Kiếm"), "\(text)")
        let screen = DashboardView.render(m).lines().joined(separator: "\n")
        #expect(text.contains(note), "\(screen)")
    }

    @Test func theSelectedFigureShowsItsWholeSource() {
        var m = DashboardModel(width: 80, height: 24, language: .en, now: Fixtures.now)
        var overview = Fixtures.overview
        let source = "Central Steering Committee six-month review of Resolution 57, section 3, as reported by the press on 2 July 2025"
        overview.metrics[2].points[0].source = source
        _ = m.update(.overviewLoaded(.success(overview)))
        m.focus = .metrics
        _ = m.update(.key(.end))
        _ = m.update(.key(.enter))
        let text = DashboardView.render(m).lines().map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "│┃ ")) }.joined(separator: " ")
        #expect(text.contains(source), "\(text)")
        #expect(text.contains("2025-07-02 · 45"), "\(text)")
    }
}

/// Percentages as people read them (issue 11 §11).
@Suite struct PercentTests {
    @Test func roundedHalfUpNeverWholeUnlessAllNorZeroUnlessNone() {
        let f = NumberFormat(.vi)
        func p(_ n: Int, _ of: Int) -> String { f.percent(Double(n) / Double(of), of: of) }
        #expect(p(2, 3) == "67%")
        #expect(p(1, 3) == "33%")
        #expect(p(1, 8) == "13%")    // 12.5 rounds up
        #expect(p(1999, 2000) == "99%")
        #expect(p(2000, 2000) == "100%")
        #expect(p(1, 1000) == "1%")
        #expect(p(0, 1000) == "0%")
        #expect(f.percent(0, of: 0) == "—")
    }

    /// The inspection pane's rates follow the same rule as every other percentage (they rounded
    /// down until 2026-12-02: 73.5% read 73% there and 74% in the levels pane), and a share that is
    /// not a number (a hostile count) draws a dash instead of trapping.
    @Test func inspectionRatesReadLikeEveryOtherPercentage() {
        #expect(InspectionLabels.percent(0.735) == "74%")
        #expect(InspectionLabels.percent(0.125) == "13%")
        #expect(InspectionLabels.percent(0.9999) == "99%")
        #expect(InspectionLabels.percent(.nan) == "—")
        #expect(InspectionLabels.percent(.infinity) == "—")
        #expect(NumberFormat.wholePercent(2.5) == "100%")
    }
}
