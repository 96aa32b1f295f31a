import Foundation

/// The Vietnamese text of demo tasks: titles drawn from the eight task groups of Plan 02-KH/BCĐTW and
/// the technology groups of the catalogue, notes and reporters.
enum DemoText {
    /// A title template: `{d}` is a domain, `{t}` a technology, `{y}` the deadline's year.
    struct Template {
        /// Index into `taskGroups`.
        var group: Int
        var text: String
        /// Highlight area (1–6) the task counts in.
        var area: Int
        var usesTech: Bool { text.contains("{t}") }
    }

    /// Plan 02-KH/BCĐTW's eight task groups, with how common each is.
    static let taskGroups: [(name: String, weight: Int)] = [
        ("Thể chế, pháp luật", 12),
        ("Hạ tầng số", 12),
        ("Dữ liệu", 16),
        ("Nền tảng, ứng dụng dùng chung", 16),
        ("Nhân lực", 12),
        ("Tài chính", 8),
        ("Chuyển đổi số trong các cơ quan", 10),
        ("An ninh thông tin", 14),
    ]

    static let templates: [Template] = [
        Template(group: 0, text: "Rà soát, sửa đổi văn bản quy phạm pháp luật về {d}", area: 1),
        Template(group: 0, text: "Ban hành quy chế quản lý, chia sẻ dữ liệu {d}", area: 1),
        Template(group: 0, text: "Rà soát, cắt giảm thủ tục hành chính về {d}", area: 1),
        Template(group: 0, text: "Xây dựng chính sách ưu đãi doanh nghiệp công nghệ số năm {y}", area: 1),
        Template(group: 0, text: "Hoàn thiện cơ chế thử nghiệm có kiểm soát cho công nghệ {t}", area: 1),
        Template(group: 1, text: "Phủ sóng di động 4G/5G đến các thôn, bản", area: 3),
        Template(group: 1, text: "Nâng cấp mạng truyền số liệu chuyên dùng", area: 3),
        Template(group: 1, text: "Triển khai cáp quang đến hộ gia đình", area: 3),
        Template(group: 1, text: "Bảo đảm hạ tầng số cho trường học và trạm y tế", area: 3),
        Template(group: 1, text: "Xây dựng trung tâm dữ liệu phục vụ {d}", area: 3),
        Template(group: 2, text: "Số hóa, làm sạch dữ liệu {d}", area: 3),
        Template(group: 2, text: "Kết nối cơ sở dữ liệu {d} với Cơ sở dữ liệu quốc gia về dân cư", area: 6),
        Template(group: 2, text: "Xây dựng kho dữ liệu dùng chung về {d}", area: 6),
        Template(group: 2, text: "Cập nhật dữ liệu {d} bảo đảm đúng, đủ, sạch, sống", area: 6),
        Template(group: 3, text: "Triển khai hệ thống quản lý văn bản và điều hành liên thông", area: 2),
        Template(group: 3, text: "Cung cấp dịch vụ công trực tuyến toàn trình về {d}", area: 6),
        Template(group: 3, text: "Tích hợp dịch vụ {d} lên Cổng Dịch vụ công quốc gia", area: 6),
        Template(group: 3, text: "Triển khai trợ lý ảo hỗ trợ cán bộ, công chức", area: 6),
        Template(group: 3, text: "Ứng dụng công nghệ {t} trong quản lý {d}", area: 4),
        Template(group: 4, text: "Bồi dưỡng kỹ năng số cho cán bộ, công chức năm {y}", area: 5),
        Template(group: 4, text: "Tổ chức phong trào Bình dân học vụ số", area: 5),
        Template(group: 4, text: "Thu hút chuyên gia công nghệ số về làm việc", area: 5),
        Template(group: 4, text: "Đào tạo nhân lực chuyên sâu về công nghệ {t}", area: 4),
        Template(group: 5, text: "Bố trí kinh phí thực hiện Nghị quyết 57 năm {y}", area: 5),
        Template(group: 5, text: "Giải ngân vốn cho khoa học, công nghệ và chuyển đổi số năm {y}", area: 5),
        Template(group: 5, text: "Huy động nguồn lực xã hội cho đổi mới sáng tạo", area: 5),
        Template(group: 5, text: "Lập kế hoạch đầu tư phát triển công nghệ {t}", area: 4),
        Template(group: 6, text: "Chuyển đổi số trong cơ quan Đảng, Mặt trận Tổ quốc và đoàn thể", area: 2),
        Template(group: 6, text: "Số hóa hồ sơ, tài liệu lưu trữ", area: 2),
        Template(group: 6, text: "Triển khai chữ ký số cho cán bộ, công chức", area: 2),
        Template(group: 6, text: "Đánh giá mức độ chuyển đổi số năm {y}", area: 2),
        Template(group: 7, text: "Đánh giá an toàn hệ thống thông tin theo cấp độ", area: 3),
        Template(group: 7, text: "Diễn tập ứng cứu sự cố an ninh mạng năm {y}", area: 3),
        Template(group: 7, text: "Giám sát an toàn thông tin tập trung (SOC)", area: 3),
        Template(group: 7, text: "Ứng dụng công nghệ {t} bảo vệ dữ liệu {d}", area: 4),
    ]

    static let domains = [
        "đất đai", "hộ tịch", "y tế", "giáo dục", "giao thông", "nông nghiệp", "thuế", "bảo hiểm xã hội",
        "doanh nghiệp", "dân cư", "xây dựng", "môi trường", "văn hóa, du lịch", "lao động, việc làm",
    ]

    /// Template indices by task group, without and with a technology slot.
    static let plain: [[Int]] = (0..<taskGroups.count).map { g in templates.indices.filter { templates[$0].group == g && !templates[$0].usesTech } }
    static let withTech: [Int] = templates.indices.filter { templates[$0].usesTech }

    static func title(template: Int, domain: Int, tech: String, year: Int) -> String {
        var s = templates[template].text
        if s.contains("{d}") { s = s.replacingOccurrences(of: "{d}", with: domains[domain % domains.count]) }
        if s.contains("{t}") { s = s.replacingOccurrences(of: "{t}", with: tech) }
        if s.contains("{y}") { s = s.replacingOccurrences(of: "{y}", with: String(year)) }
        return s
    }

    /// A short name for a technology group in a title: its Vietnamese name without "Công nghệ", up to
    /// the first comma when that leaves at least three words.
    static func shortTechName(_ nameVI: String) -> String {
        var s = Substring(nameVI)
        for prefix in ["Công nghệ ", "công nghệ "] where s.hasPrefix(prefix) { s = s.dropFirst(prefix.count) }
        if let paren = s.firstIndex(of: "(") { s = s[..<paren] }
        let parts = s.split(separator: ",", omittingEmptySubsequences: false)
        if parts.count > 1 {
            let first = parts[0].split(separator: " ")
            if first.count >= 3 { s = parts[0] } else if parts.count > 2 { s = parts[0] + "," + parts[1] }
        }
        var out = String(s).trimmingCharacters(in: .whitespaces)
        if let f = out.first, f.isUppercase { out = f.lowercased() + out.dropFirst() }
        return out
    }

    static let notes: [ReportKind: [String]] = [
        .notStarted: ["Đang xây dựng kế hoạch chi tiết", "Chưa được giao kinh phí"],
        .inProgress: ["Đang triển khai theo kế hoạch", "Chờ bố trí kinh phí", "Đang lấy ý kiến các sở, ngành",
                      "Vướng mắc về hạ tầng, đã báo cáo cấp trên", "Đã hoàn thành khảo sát hiện trạng"],
        .done: ["Đã nghiệm thu, đưa vào sử dụng", "Hoàn thành theo kế hoạch"],
        .reopened: ["Mở lại sau kiểm tra của Ban Chỉ đạo: bổ sung hồ sơ"],
    ]

    enum ReportKind: Hashable { case notStarted, inProgress, done, reopened }

    static func reporter(level: Int) -> String {
        switch level {
        case 0: "Văn phòng bộ, ngành"
        case 1: "Sở Khoa học và Công nghệ"
        default: "UBND cấp xã"
        }
    }
}
