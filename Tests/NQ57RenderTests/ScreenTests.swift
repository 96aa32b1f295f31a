import Testing
import NQ57Core
import NQ57Render
import NQ57TestSupport

/// Whole screens rendered into the cell grid and compared with golden text and colour roles.
@Suite struct ScreenTests {
    static let sizes = [(80, 24), (120, 40), (200, 60)]

    func model(_ w: Int, _ h: Int, _ language: Language, overview: Overview = Fixtures.overview) -> DashboardModel {
        var m = DashboardModel(width: w, height: h, language: language, now: Fixtures.now)
        _ = m.update(.overviewLoaded(.success(overview)))
        return m
    }

    func check(_ m: DashboardModel, _ name: String) {
        let screen = DashboardView.render(m)
        #expect(screen.width == m.width && screen.height == m.height)
        #expect(Golden.mismatch(screen, named: name) == nil, "\(Golden.mismatch(screen, named: name) ?? "")")
    }

    @Test(arguments: [Language.vi, .en])
    func overviewAtEverySize(_ language: Language) {
        for (w, h) in Self.sizes { check(model(w, h, language), "overview-\(w)x\(h)-\(language.rawValue)") }
    }

    @Test(arguments: [Language.vi, .en])
    func everySingleView(_ language: Language) {
        for view in PaneTable.standard.views where view != .overview {
            var m = model(120, 40, language)
            _ = m.update(.key(.char(Character(String(PaneTable.standard.views.firstIndex(of: view)! + 1)))))
            #expect(m.view == view)
            check(m, "view-\(view.rawValue)-120x40-\(language.rawValue)")
        }
    }

    @Test(arguments: [Language.vi, .en])
    func drillDownLevels(_ language: Language) {
        var m = model(120, 40, language)
        _ = m.update(.key(.down))
        _ = m.update(.key(.enter))
        _ = m.update(.frameLoaded(depth: 0, screen: .units(.level(.province)), .success(.units(Fixtures.overview.provinces))))
        check(m, "drill-1-provinces-\(language.rawValue)")
        _ = m.update(.key(.down))
        _ = m.update(.key(.enter))
        _ = m.update(.frameLoaded(depth: 1, screen: .units(.communes(province: "01")), .success(.units(FakeSource.communes))))
        check(m, "drill-2-communes-\(language.rawValue)")
        _ = m.update(.key(.down))
        _ = m.update(.key(.enter))
        let page = TaskPage(rows: Fixtures.overview.warnings.turnedOverdue, total: 1)
        _ = m.update(.frameLoaded(depth: 2, screen: .tasks(.unit("00070")), .success(.tasks(page))))
        check(m, "drill-3-tasks-\(language.rawValue)")
        _ = m.update(.key(.enter))
        let row = page.rows[0]
        let reports = [
            Report(id: 9, taskID: row.task.id, reportedAt: Fixtures.now.adding(seconds: -86400 * 7), status: .inProgress, progress: 40,
                   note: "Chờ \u{1B}[31mphê duyệt\u{1B}[0m\nlần hai", reportedBy: "UBND phường"),
            Report(id: 3, taskID: row.task.id, reportedAt: Fixtures.now.adding(seconds: -86400 * 60), status: .notStarted, progress: 0,
                   note: "", reportedBy: "UBND phường"),
        ]
        let detail = TaskDetail(row: row, unit: Fixtures.hoankiem, reports: reports, reportCount: 2)
        _ = m.update(.frameLoaded(depth: 3, screen: .task(row.task.id), .success(.task(detail))))
        check(m, "drill-4-task-\(language.rawValue)")
    }

    @Test func theBreadcrumbNamesEveryStep() {
        var m = model(120, 40, .vi)
        m.focus = .provinces
        _ = m.update(.key(.char("S")))  // Hà Nội first
        _ = m.update(.key(.enter))
        _ = m.update(.frameLoaded(depth: 0, screen: .units(.communes(province: "01")), .success(.units(FakeSource.communes))))
        let lines = DashboardView.render(m).lines()
        #expect(lines[1].hasPrefix(" Tổng quan › Thành phố Hà Nội"))
        #expect(lines.contains { $0.contains("Phường Hoàn Kiếm") })
    }

    @Test func aFilteredListCountsWhatItKeeps() throws {
        var m = model(120, 40, .vi)
        m.focus = .provinces
        _ = m.update(.key(.char("S")))  // Hà Nội first
        _ = m.update(.key(.enter))
        _ = m.update(.frameLoaded(depth: 0, screen: .units(.communes(province: "01")), .success(.units(FakeSource.communes))))
        let total = try #require(m.stack.last?.list.visible.count)
        #expect(DashboardView.render(m).lines()[2].contains(" \(total) "))
        for c in ["/", "h", "o", "a", "n"] { _ = m.update(.key(.char(Character(c)))) }
        let kept = try #require(m.stack.last?.list.visible.count)
        #expect(kept > 0 && kept < total)
        let lines = DashboardView.render(m).lines()
        #expect(lines[2].contains("/hoan▏ \(kept)/\(total) "), "\(lines[2])")
        #expect(lines.contains { $0.contains("Phường Hoàn Kiếm") })
    }

    @Test(arguments: [Language.vi, .en])
    func tooSmallNamesBothSizes(_ language: Language) {
        let m = model(70, 20, language)
        check(m, "too-small-70x20-\(language.rawValue)")
        let text = DashboardView.render(m).lines().joined()
        #expect(text.contains("80×24") && text.contains("70×20"))
    }

    @Test func help() {
        var m = model(120, 40, .vi)
        _ = m.update(.key(.char("?")))
        check(m, "help-120x40-vi")
    }

    @Test func liveHeaderAndStaleBanner() {
        var m = DashboardModel(width: 120, height: 40, now: Fixtures.now, live: LiveState(interval: 2))
        _ = m.update(.tick(Fixtures.now))
        _ = m.update(.changeChecked(.success(1)))
        _ = m.update(.overviewLoaded(.success(Fixtures.overview)))
        #expect(DashboardView.render(m).lines()[0].contains("trực tiếp · mỗi 2 s · cập nhật 14:03:07"))
        _ = m.update(.tick(Fixtures.now.adding(seconds: 2)))
        _ = m.update(.changeChecked(.failure(NQ57Error(.io, "database is locked"))))
        check(m, "live-stale-120x40-vi")
        #expect(DashboardView.render(m).lines()[1].contains("Số liệu cũ từ 14:03:07: database is locked"))
    }

    @Test func nfdNamesDrawExactlyLikeNFC() {
        var nfc = Fixtures.overview
        nfc.provinces[1].unit.name = "Tỉnh Đắk Lắk"
        for (w, h) in Self.sizes {
            #expect(DashboardView.render(model(w, h, .vi, overview: nfc)) == DashboardView.render(model(w, h, .vi)))
        }
    }

    @Test func controlCharactersNeverReachTheGrid() {
        for (w, h) in Self.sizes {
            let screen = DashboardView.render(model(w, h, .vi))
            for cell in screen.cells {
                for s in cell.text.unicodeScalars {
                    #expect(s.value >= 0x20 && !(0x7F..<0xA0).contains(s.value) && !(0x202A...0x202E).contains(s.value))
                }
            }
        }
        #expect(DashboardView.render(model(200, 60, .vi)).lines().contains { $0.contains("Xoá màn hình ␛[2J") })
        // The task screen shows the whole title, harmless.
        var m = model(120, 40, .vi)
        m.focus = .warnings
        _ = m.update(.key(.enter))
        let row = Fixtures.overview.warnings.turnedOverdue[0]
        let detail = TaskDetail(row: row, unit: Fixtures.hoankiem, reports: [], reportCount: 0)
        _ = m.update(.frameLoaded(depth: 0, screen: .task(row.task.id), .success(.task(detail))))
        #expect(DashboardView.render(m).lines().contains { $0.contains("Xoá màn hình ␛[2J và �đảo chiều") })
    }
}

@Suite struct RendererTests {
    @Test func reusingTheLastFrameGivesExactlyWhatAFullRenderGives() {
        let renderer = DashboardRenderer()
        var m = DashboardModel(width: 120, height: 40, now: Fixtures.now, live: LiveState(interval: 1))
        _ = m.update(.tick(Fixtures.now))
        _ = m.update(.changeChecked(.success(1)))
        _ = m.update(.overviewLoaded(.success(Fixtures.overview)))
        #expect(renderer.render(m) == DashboardView.render(m))
        for step in 1...3 {
            _ = m.update(.tick(Fixtures.now.adding(seconds: Int64(step))))
            _ = m.update(.changeChecked(.success(1)))
            #expect(renderer.render(m) == DashboardView.render(m))
        }
        _ = m.update(.key(.tab))
        #expect(renderer.render(m) == DashboardView.render(m))
        _ = m.update(.resize(width: 70, height: 20))
        #expect(renderer.render(m) == DashboardView.render(m))
    }

    /// An idle tick moves the clock's eight cells alone: over minutes and hours turning, at every
    /// header width, paused and resumed, the frames stay exactly what a full render gives.
    @Test(arguments: [200, 120, 80])
    func theClockMovedAloneIsExactlyAFullRender(width: Int) {
        let renderer = DashboardRenderer()
        // 16:58:50 in Vietnam, so the ticks cross a minute and an hour.
        let start = Timestamp(seconds: Fixtures.now.seconds - (Fixtures.now.seconds + Timestamp.vietnamOffset) % 3600 + 3530)
        var m = DashboardModel(width: width, height: 30, now: start, live: LiveState(interval: 1))
        _ = m.update(.tick(start))
        _ = m.update(.changeChecked(.success(1)))
        _ = m.update(.overviewLoaded(.success(Fixtures.overview)))
        var headerOnly = 0
        for step in 1...80 {
            let time = start.adding(seconds: Int64(step))
            _ = m.update(.tick(time))
            _ = m.update(.changeChecked(.success(1)))
            if step == 40 { _ = m.update(.key(.char("p"))) }
            if step == 45 { _ = m.update(.key(.char("p"))) }
            if step == 60 { _ = m.update(.key(.char("+"))) }
            let frame = renderer.render(m)
            #expect(frame == DashboardView.render(m), "step \(step): \(frame.lines()[0])")
            if renderer.changedRows == 0..<1 { headerOnly += 1 }
        }
        // Every tick but the few after a key drew the header's row alone.
        #expect(headerOnly >= 70)
    }
}

/// `nq57 snapshot`'s text: the same panes, as tall as their content, at the widths scripts use.
@Suite struct SnapshotTests {
    @Test(arguments: [Language.vi, .en])
    func overviewAtEveryWidth(_ language: Language) {
        for width in [80, 120, 200] {
            let buffer = Snapshot.buffer(.overview(Fixtures.overview), width: width, language: language)
            #expect(buffer.width == width)
            let name = "snapshot-\(width)-\(language.rawValue)"
            #expect(Golden.mismatch(buffer, named: name) == nil, "\(Golden.mismatch(buffer, named: name) ?? "")")
            let text = Snapshot.text(.overview(Fixtures.overview), width: width, language: language)
            #expect(text.split(separator: "\n").allSatisfy { Text.width(String($0)) <= width })
            #expect(text.contains("DỮ LIỆU MẪU / DEMO DATA"))
        }
    }

    @Test func aProvinceAndACommune() {
        let rows = UnitRow.provinceWithCommunes(Fixtures.overview.provinces[0], FakeSource.communes)
        let province = Snapshot.text(.units(title: "Thành phố Hà Nội", rows: rows, overview: Fixtures.overview), width: 120, language: .vi)
        #expect(province.contains("Nhiệm vụ cấp tỉnh: Thành phố Hà Nội"))
        #expect(province.contains("Phường Hoàn Kiếm") && province.contains("Phường Cửa Nam"))
        let page = TaskPage(rows: Fixtures.overview.warnings.turnedOverdue, total: 1)
        let commune = Snapshot.text(.tasks(title: "Phường Hoàn Kiếm", page: page, overview: Fixtures.overview), width: 120, language: .en)
        #expect(commune.contains("X00070-0007") && commune.contains("Overdue"))
    }
}
