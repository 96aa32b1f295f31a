import NQ57Core

/// Every label the screens draw, one table per language. A label missing from one language is a
/// compile error, not a blank on screen.
public struct Labels: Sendable {
    public var language: Language
    public var appTitle: String
    public var dataAsOf: String
    public var judgedOn: String
    public var demoBadge: String
    public var live: String
    public var every: String
    public var updated: String
    public var paused: String
    public var staleSince: String
    /// A permission problem on `path` and how to fix it.
    public var denied: @Sendable (_ path: String, _ need: NQ57Error.Denied.Need) -> String
    public var tooSmall: @Sendable (_ needW: Int, _ needH: Int, _ haveW: Int, _ haveH: Int) -> String
    public var loading: String
    public var noRows: String
    public var moreRows: @Sendable (_ shown: Int, _ total: Int) -> String

    // Views and panes
    public var viewNames: [View: String]
    public var paneTitles: [PaneID: String]
    public var home: String

    // Levels and states
    public var levelNames: [Level: String]
    public var levelUnits: [Level: String]
    public var stateNames: [DerivedState: String]
    public var stateShort: [DerivedState: String]
    public var statusNames: [ReportStatus: String]

    // Columns
    public var colLevel: String
    public var colTotal: String
    public var colDonePercent: String
    public var colOverduePercent: String
    public var colFigure: String
    public var colValue: String
    public var colChange: String
    public var colTrend: String
    public var colDate: String
    public var colGroup: String
    public var colProvince: String
    public var colUnit: String
    public var colCode: String
    public var colTask: String
    public var colDeadline: String
    public var colProgress: String
    public var colState: String
    public var colTime: String
    public var colBy: String
    public var colNote: String
    public var colSource: String
    public var colWarning: String
    public var colRank: String
    public var allLevels: String

    // Details
    public var source: String
    public var unverifiedMark: String
    public var unverifiedNote: String
    public var turnedOverdue: String
    public var dueSoon: String
    public var ownTasks: String
    public var plan: String
    public var area: String
    public var techGroup: String
    public var none: String
    public var reportsCount: @Sendable (_ shown: Int, _ total: Int) -> String
    public var areaNames: [Int: String]
    public var metricNames: [String: String]
    public var qualifiers: [String: String]

    // Keys
    public var footer: [(key: String, action: String)]
    public var footerDrill: [(key: String, action: String)]
    public var footerFilter: [(key: String, action: String)]
    public var footerLive: [(key: String, action: String)]
    public var helpTitle: String
    public var help: [(key: String, action: String)]
    public var helpClose: String

    public static func of(_ language: Language) -> Labels { language == .vi ? .vi : .en }

    /// The name of a figure's key, or the key itself when the table does not know it.
    public func metricName(_ key: String) -> String { metricNames[key] ?? key }

    /// A qualifier in this language ("more than" → "trên"), or as given.
    public func qualifier(_ q: String?) -> String {
        guard let q, !q.isEmpty else { return "" }
        return qualifiers[q] ?? q
    }

    public func techGroupName(_ g: TechGroup) -> String { language == .vi ? g.nameVI : g.nameEN }
}

extension Labels {
    public static let vi = Labels(
        language: .vi,
        appTitle: "NQ57 · Giám sát thực hiện Nghị quyết 57",
        dataAsOf: "Số liệu đến",
        judgedOn: "Ngày xét",
        demoBadge: "DỮ LIỆU MẪU / DEMO DATA",
        live: "trực tiếp",
        every: "mỗi",
        updated: "cập nhật",
        paused: "TẠM DỪNG",
        staleSince: "Số liệu cũ từ",
        denied: { path, need in switch need {
            case .read: "không có quyền đọc \(path): nhờ quản trị viên thêm tài khoản vào nhóm xem (nq57 init --group)"
            case .write: "không có quyền ghi \(path): nhờ quản trị viên thêm tài khoản vào nhóm ghi (nq57 init --writers)"
            case .walFiles: "\(path) thiếu tệp -wal/-shm: lệnh ghi nq57 tiếp theo của người có quyền ghi (hoặc nq57 init --group) sẽ tạo lại"
        } },
        tooSmall: { nw, nh, w, h in "Cửa sổ quá nhỏ: cần ít nhất \(nw)×\(nh), hiện có \(w)×\(h)." },
        loading: "Đang tải…",
        noRows: "(không có mục nào)",
        moreRows: { shown, total in "hiển thị \(NumberFormat(.vi).integer(shown)) / \(NumberFormat(.vi).integer(total))" },
        viewNames: [.overview: "Tổng quan", .levels: "Theo cấp", .provinces: "Tỉnh, thành", .tech: "Công nghệ chiến lược",
                    .metrics: "Hệ sinh thái", .reports: "Báo cáo mới", .warnings: "Cảnh báo sớm"],
        paneTitles: [.levels: "Nhiệm vụ theo cấp", .metrics: "Hệ sinh thái KH,CN&ĐMST",
                     .techGroups: "11 nhóm công nghệ chiến lược", .provinces: "Tỉnh, thành chậm nhất",
                     .warnings: "Cảnh báo sớm", .reports: "Báo cáo mới nhất"],
        home: "Tổng quan",
        levelNames: [.central: "Trung ương", .province: "Cấp tỉnh", .commune: "Cấp xã"],
        levelUnits: [.central: "Bộ, ngành trung ương", .province: "Tỉnh, thành phố", .commune: "Xã, phường, đặc khu"],
        stateNames: [.doneOnTime: "Đã hoàn thành đúng hạn", .doneLate: "Đã hoàn thành quá hạn",
                     .openOnTime: "Chưa hoàn thành – trong hạn", .overdue: "Chưa hoàn thành – quá hạn"],
        stateShort: [.doneOnTime: "Đúng hạn", .doneLate: "Xong trễ", .openOnTime: "Còn hạn", .overdue: "Quá hạn"],
        statusNames: [.notStarted: "chưa bắt đầu", .inProgress: "đang thực hiện", .done: "hoàn thành"],
        colLevel: "Cấp", colTotal: "Nhiệm vụ", colDonePercent: "% xong", colOverduePercent: "% q.hạn",
        colFigure: "Chỉ tiêu", colValue: "Giá trị", colChange: "Thay đổi", colTrend: "Xu hướng", colDate: "Ngày",
        colGroup: "Nhóm công nghệ", colProvince: "Tỉnh, thành", colUnit: "Đơn vị", colCode: "Mã", colTask: "Nhiệm vụ",
        colDeadline: "Hạn", colProgress: "Tiến độ", colState: "Tình trạng", colTime: "Thời điểm", colBy: "Người báo cáo",
        colNote: "Ghi chú", colSource: "Nguồn", colWarning: "Cảnh báo", colRank: "#",
        allLevels: "Tất cả",
        source: "Nguồn",
        unverifiedMark: "?",
        unverifiedNote: "? chưa kiểm chứng",
        turnedOverdue: "Mới quá hạn",
        dueSoon: "Sắp đến hạn",
        ownTasks: "Nhiệm vụ cấp tỉnh",
        plan: "Kế hoạch",
        area: "Lĩnh vực",
        techGroup: "Nhóm công nghệ",
        none: "—",
        reportsCount: { s, t in "Lịch sử báo cáo (\(NumberFormat(.vi).integer(s))/\(NumberFormat(.vi).integer(t)))" },
        areaNames: Dictionary(uniqueKeysWithValues: Area.highlightAreas.map { ($0.id, $0.nameVI) }),
        metricNames: [
            "st_enterprises": "Doanh nghiệp KH&CN",
            "hightech_enterprises": "Doanh nghiệp công nghệ cao",
            "digital_enterprises": "Doanh nghiệp công nghệ số",
            "ai_experts": "Chuyên gia các chương trình AI",
            "strategic_tech_groups": "Nhóm công nghệ chiến lược",
            "laws_passed": "Luật được thông qua",
            "decrees_issued": "Nghị định được ban hành",
            "tasks_total_2025": "Nhiệm vụ giao năm 2025",
            "tasks_done_2025": "Nhiệm vụ hoàn thành năm 2025",
        ],
        qualifiers: ["more than": "trên", "less than": "dưới", "about": "khoảng"],
        footer: [("Tab", "khung"), ("↑↓", "chọn"), ("Enter", "xem"), ("/", "lọc"), ("s", "sắp xếp"), ("v", "chế độ"),
                 ("t", "giao diện"), ("L", "English"), ("?", "trợ giúp"), ("q", "thoát")],
        footerDrill: [("↑↓", "chọn"), ("Enter", "xem"), ("Esc", "quay lại"), ("/", "lọc"), ("s", "sắp xếp"),
                      ("L", "English"), ("?", "trợ giúp"), ("q", "thoát")],
        footerFilter: [("gõ", "để lọc"), ("Enter", "xong"), ("Esc", "xoá lọc"), ("↑↓", "chọn")],
        footerLive: [("p", "tạm dừng"), ("+/-", "chu kỳ")],
        helpTitle: "Phím tắt",
        help: [
            ("Tab / Shift-Tab", "chuyển khung"),
            ("↑ ↓ ← → / h j k l", "di chuyển; ← → đổi khung"),
            ("g / G", "đầu / cuối danh sách"),
            ("PgUp / PgDn", "lên / xuống một trang"),
            ("Enter", "xem chi tiết: cấp → đơn vị → xã → nhiệm vụ"),
            ("Esc / Backspace", "quay lại; xoá bộ lọc"),
            ("/", "lọc danh sách (không phân biệt hoa thường, dấu)"),
            ("s / S", "đổi cột sắp xếp / đảo chiều"),
            ("v, 1–9", "chế độ xem: tổng quan, theo cấp, tỉnh, công nghệ…, kiểm tra, PAKN"),
            ("t", "đổi giao diện màu"),
            ("m", "bật / tắt chuột (tắt: bôi đen để chép chữ)"),
            ("L", "Tiếng Việt / English"),
            ("r", "tải lại"),
            ("p", "tạm dừng / tiếp tục cập nhật (chế độ trực tiếp)"),
            ("+ / -", "tăng / giảm chu kỳ cập nhật"),
            ("?", "trợ giúp này"),
            ("q / Ctrl-C", "thoát"),
        ],
        helpClose: "Nhấn phím bất kỳ để đóng"
    )

    public static let en = Labels(
        language: .en,
        appTitle: "NQ57 · Resolution 57 monitor",
        dataAsOf: "Data as of",
        judgedOn: "As of",
        demoBadge: "DỮ LIỆU MẪU / DEMO DATA",
        live: "live",
        every: "every",
        updated: "updated",
        paused: "PAUSED",
        staleSince: "stale since",
        denied: { path, need in switch need {
            case .read: "no permission to read \(path): ask an administrator to add your account to the readers' group (nq57 init --group)"
            case .write: "no permission to write \(path): ask an administrator to add your account to the writers' group (nq57 init --writers)"
            case .walFiles: "\(path) has lost its -wal/-shm files: a writer's next nq57 write (or nq57 init --group) makes them again"
        } },
        tooSmall: { nw, nh, w, h in "Terminal too small: needs at least \(nw)×\(nh), has \(w)×\(h)." },
        loading: "Loading…",
        noRows: "(nothing here)",
        moreRows: { shown, total in "showing \(NumberFormat(.en).integer(shown)) of \(NumberFormat(.en).integer(total))" },
        viewNames: [.overview: "Overview", .levels: "By level", .provinces: "Provinces", .tech: "Strategic technologies",
                    .metrics: "Ecosystem", .reports: "Latest reports", .warnings: "Early warnings"],
        paneTitles: [.levels: "Tasks by level", .metrics: "S&T and innovation ecosystem",
                     .techGroups: "11 strategic technology groups", .provinces: "Provinces most behind",
                     .warnings: "Early warnings", .reports: "Latest reports"],
        home: "Overview",
        levelNames: [.central: "Central", .province: "Province", .commune: "Commune"],
        levelUnits: [.central: "Central bodies", .province: "Provinces", .commune: "Communes"],
        stateNames: [.doneOnTime: "Completed on time", .doneLate: "Completed late",
                     .openOnTime: "Open, within deadline", .overdue: "Overdue"],
        stateShort: [.doneOnTime: "On time", .doneLate: "Late", .openOnTime: "Open", .overdue: "Overdue"],
        statusNames: [.notStarted: "not started", .inProgress: "in progress", .done: "done"],
        colLevel: "Level", colTotal: "Tasks", colDonePercent: "% done", colOverduePercent: "% overdue",
        colFigure: "Figure", colValue: "Value", colChange: "Change", colTrend: "Trend", colDate: "Date",
        colGroup: "Technology group", colProvince: "Province", colUnit: "Unit", colCode: "Code", colTask: "Task",
        colDeadline: "Deadline", colProgress: "Progress", colState: "State", colTime: "Time", colBy: "Reported by",
        colNote: "Note", colSource: "Source", colWarning: "Warning", colRank: "#",
        allLevels: "All",
        source: "Source",
        unverifiedMark: "?",
        unverifiedNote: "? unverified",
        turnedOverdue: "Now overdue",
        dueSoon: "Due soon",
        ownTasks: "Province-level tasks",
        plan: "Plan",
        area: "Area",
        techGroup: "Technology group",
        none: "—",
        reportsCount: { s, t in "Report history (\(NumberFormat(.en).integer(s)) of \(NumberFormat(.en).integer(t)))" },
        areaNames: Dictionary(uniqueKeysWithValues: Area.highlightAreas.map { ($0.id, $0.nameEN) }),
        metricNames: [
            "st_enterprises": "S&T enterprises",
            "hightech_enterprises": "High-tech enterprises",
            "digital_enterprises": "Digital-technology enterprises",
            "ai_experts": "Experts in AI programmes",
            "strategic_tech_groups": "Strategic technology groups",
            "laws_passed": "Laws passed",
            "decrees_issued": "Decrees issued",
            "tasks_total_2025": "Tasks assigned for 2025",
            "tasks_done_2025": "Tasks completed in 2025",
        ],
        qualifiers: ["more than": "more than", "less than": "less than", "about": "about"],
        footer: [("Tab", "pane"), ("↑↓", "select"), ("Enter", "open"), ("/", "filter"), ("s", "sort"), ("v", "view"),
                 ("t", "theme"), ("L", "Tiếng Việt"), ("?", "help"), ("q", "quit")],
        footerDrill: [("↑↓", "select"), ("Enter", "open"), ("Esc", "back"), ("/", "filter"), ("s", "sort"),
                      ("L", "Tiếng Việt"), ("?", "help"), ("q", "quit")],
        footerFilter: [("type", "to filter"), ("Enter", "done"), ("Esc", "clear"), ("↑↓", "select")],
        footerLive: [("p", "pause"), ("+/-", "interval")],
        helpTitle: "Keys",
        help: [
            ("Tab / Shift-Tab", "focus the next / previous pane"),
            ("↑ ↓ ← → / h j k l", "move; ← → change pane"),
            ("g / G", "first / last row"),
            ("PgUp / PgDn", "a page up / down"),
            ("Enter", "drill down: level → units → communes → task"),
            ("Esc / Backspace", "go back; clear the filter"),
            ("/", "filter the list (ignores case and diacritics)"),
            ("s / S", "next sort column / reverse"),
            ("v, 1–9", "views: overview, levels, provinces, tech…, inspection, proposals"),
            ("t", "next colour theme"),
            ("m", "mouse on / off (off: select text to copy)"),
            ("L", "Tiếng Việt / English"),
            ("r", "reload"),
            ("p", "pause / resume live refresh"),
            ("+ / -", "slower / faster live refresh"),
            ("?", "this help"),
            ("q / Ctrl-C", "quit"),
        ],
        helpClose: "Press any key to close"
    )
}
