import NQ57Core

/// Hand-made data for render and update tests: small, fixed, and with the awkward cases on purpose
/// (a name typed in NFD, a title carrying an escape sequence and a bidi override).
public enum Fixtures {
    public static let asOf = CivilDate(year: 2026, month: 11, day: 29)!
    public static let now = Timestamp(vietnamDate: asOf, hour: 14, minute: 3, second: 7)

    public static let hanoi = AdminUnit(code: "01", level: .province, name: "Thành phố Hà Nội", kind: "municipality")
    /// Đắk Lắk typed in NFD: base letters followed by combining marks.
    public static let daklakNFD = AdminUnit(code: "66", level: .province, name: "Tỉnh \u{0110}a\u{0306}\u{0301}k La\u{0306}\u{0301}k", kind: "province")
    public static let hoankiem = AdminUnit(code: "00070", level: .commune, name: "Phường Hoàn Kiếm", kind: "ward", parentCode: "01")
    public static let bkhcn = AdminUnit(code: "BKHCN", level: .central, name: "Bộ Khoa học và Công nghệ", kind: "ministry")

    /// A task title that tries to clear the screen and reverse the text direction.
    public static let hostileTitle = "Xoá màn hình \u{1B}[2J và \u{202E}đảo chiều"

    public static let groups: [TechGroup] = [
        TechGroup(id: 1, nameVI: "Công nghệ trí tuệ nhân tạo, bản sao số, thực tế ảo/thực tế tăng cường",
                  nameEN: "Artificial intelligence, digital twins, virtual/augmented reality", productGroups: 6, verified: .yes,
                  short: ShortName(vi: "AI, bản sao số, XR", en: "AI, twins, XR")),
        TechGroup(id: 2, nameVI: "Công nghệ điện toán đám mây, lượng tử, dữ liệu lớn", nameEN: "Cloud, quantum computing, big data",
                  productGroups: 3, verified: .yes, short: ShortName(vi: "Đám mây, lượng tử", en: "Cloud, quantum")),
        TechGroup(id: 6, nameVI: "Công nghệ chip bán dẫn", nameEN: "Semiconductor chips", verified: .nameOnly,
                  short: ShortName(vi: "Chip bán dẫn", en: "Semiconductors")),
    ]

    public static func counts(_ onTime: Int, _ late: Int, _ open: Int, _ overdue: Int) -> StateCounts {
        StateCounts(doneOnTime: onTime, doneLate: late, openOnTime: open, overdue: overdue)
    }

    public static func task(_ id: String, _ title: String, unit: AdminUnit, deadline: CivilDate, group: Int? = nil) -> TaskRecord {
        TaskRecord(id: id, title: title, plan: "KH02-KH/BCĐTW", area: 3, techGroup: group, level: unit.level, unitCode: unit.code, deadline: deadline)
    }

    public static var overview: Overview {
        let d = CivilDate(year: 2026, month: 11, day: 30)!
        let overdueTask = task("X00070-0007", hostileTitle, unit: hoankiem, deadline: CivilDate(year: 2026, month: 11, day: 25)!)
        let soonTask = task("P01-0003", "Xây dựng kho dữ liệu dùng chung của tỉnh", unit: hanoi, deadline: d, group: 2)
        let report = Report(id: 5_000_001, taskID: soonTask.id, reportedAt: now.adding(seconds: -600), status: .inProgress,
                            progress: 80, note: "Đã hoàn thành 80% khối lượng", reportedBy: "Sở KH&CN Hà Nội")
        let doneReport = Report(id: 5_000_000, taskID: "C-BKHCN-0001", reportedAt: now.adding(seconds: -3600), status: .done,
                                progress: 100, note: "", reportedBy: "Vụ Kế hoạch")
        var overview = Overview(
            asOf: asOf,
            isDemo: true,
            lastReportAt: report.reportedAt,
            metrics: [
                MetricSeries(key: "st_enterprises", points: [
                    Metric(key: "st_enterprises", value: 858, asOf: CivilDate(year: 2025, month: 7, day: 2)!, source: "Six-month review"),
                    Metric(key: "st_enterprises", value: 940, asOf: CivilDate(year: 2025, month: 7, day: 14)!, source: "SGGP"),
                    Metric(key: "st_enterprises", value: 954, asOf: CivilDate(year: 2025, month: 10, day: 31)!, source: "VietTimes"),
                ]),
                MetricSeries(key: "digital_enterprises", points: [
                    Metric(key: "digital_enterprises", value: 73000, asOf: CivilDate(year: 2025, month: 7, day: 2)!, qualifier: "more than", source: "Six-month review"),
                    Metric(key: "digital_enterprises", value: 80000, asOf: CivilDate(year: 2025, month: 12, day: 26)!, qualifier: "more than", source: "SGGP year-end review"),
                ]),
                MetricSeries(key: "hightech_enterprises", points: [
                    Metric(key: "hightech_enterprises", value: 45, asOf: CivilDate(year: 2025, month: 7, day: 2)!, source: "Six-month review"),
                ]),
            ],
            levels: [
                LevelRow(level: .central, counts: counts(120, 6, 30, 4)),
                LevelRow(level: .province, counts: counts(900, 40, 200, 60)),
                LevelRow(level: .commune, counts: counts(70_000, 3_000, 20_000, 6_500)),
            ],
            techGroups: [
                GroupRow(group: groups[0], counts: counts(800, 30, 200, 40)),
                GroupRow(group: groups[1], counts: counts(600, 20, 150, 90)),
                GroupRow(group: groups[2], counts: counts(0, 0, 0, 0)),
            ],
            provinces: [
                UnitRow(unit: hanoi, counts: counts(2_500, 100, 600, 150), includesCommunes: true),
                UnitRow(unit: daklakNFD, counts: counts(1_500, 200, 300, 500), includesCommunes: true),
            ],
            latestReports: [
                ReportRow(report: report, taskTitle: soonTask.title, unitCode: hanoi.code, unitName: hanoi.name, deadline: d, derived: .openOnTime),
                ReportRow(report: doneReport, taskTitle: "Hoàn thiện Luật Khoa học, Công nghệ và Đổi mới sáng tạo", unitCode: bkhcn.code,
                          unitName: bkhcn.name, deadline: CivilDate(year: 2025, month: 6, day: 30)!, derived: .doneLate),
            ],
            warnings: EarlyWarnings(
                turnedOverdue: [TaskRow(task: overdueTask, unitName: hoankiem.name, state: TaskState(status: .inProgress, progress: 40), derived: .overdue,
                                       provinceName: hanoi.name)],
                turnedOverdueCount: 1,
                dueSoon: [TaskRow(task: soonTask, unitName: hanoi.name, state: TaskState(status: .inProgress, progress: 80), derived: .openOnTime)],
                dueSoonCount: 1)
        )
        overview.inspection = inspection
        overview.proposals = proposals
        addFeed(to: &overview)
        return overview
    }
}
