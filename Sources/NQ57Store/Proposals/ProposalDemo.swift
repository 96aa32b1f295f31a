import GRDB
import NQ57Core

/// Demo proposals, made with the demo tasks (`nq57 demo`): received from 2 July 2025 (the intake's
/// launch) to the as-of day, never after `now`; most bodies answer within the deadline, three bodies
/// (one ministry, two provinces, by seed) are clearly slow and leave many unanswered; a few
/// submissions repeat earlier ones and are rejected as duplicates. Contact details are visibly fake
/// (`Người Mẫu 0001`, `demo-0001@example.invalid`, `+84 000 000 001`): no real person's data.
enum ProposalDemo {
    static func count(_ scale: DemoScale) -> Int {
        switch scale {
        case .small: 400
        case .national: 30_000
        case .stress: 60_000
        }
    }

    static let launch = CivilDate(year: 2025, month: 7, day: 2)!

    /// Visibly fake contact details of demo submitter `n`.
    static func contact(_ n: Int) -> ProposalContact {
        let d = String(repeating: "0", count: max(0, 4 - String(n).count)) + String(n)
        return ProposalContact(name: "Người Mẫu \(d)", address: "Số \(d) Đường Mẫu, Phường Ví Dụ",
                               phone: "+84 000 00\(d)", email: "demo-\(d)@example.invalid", idNumber: "DEMO-\(d)")
    }

    static let barriers: [String: [String]] = [
        "p02-law": ["Chưa có hướng dẫn về cơ chế thử nghiệm có kiểm soát", "Quy định về sở hữu kết quả nghiên cứu còn chồng chéo"],
        "p02-procedures": ["Thủ tục cấp phép thử nghiệm sản phẩm mới quá dài", "Hồ sơ xin cấp chứng nhận doanh nghiệp khoa học công nghệ phức tạp"],
        "p02-infrastructure": ["Hạ tầng mạng ở vùng sâu chưa đáp ứng dịch vụ công trực tuyến", "Thiếu trung tâm dữ liệu đạt chuẩn tại địa phương"],
        "p02-data": ["Dữ liệu dân cư chưa kết nối với hệ thống chuyên ngành", "Chia sẻ dữ liệu giữa các bộ còn phải gửi văn bản giấy"],
        "p02-platforms": ["Nền tảng dùng chung chưa đồng bộ tài khoản", "Ứng dụng của tỉnh không liên thông với cổng quốc gia"],
        "p02-people": ["Thiếu cơ chế thu hút chuyên gia công nghệ số", "Chế độ đãi ngộ cán bộ chuyển đổi số còn thấp"],
        "p02-finance": ["Thủ tục thanh toán kinh phí đề tài khoa học còn rườm rà", "Khoán chi đến sản phẩm cuối cùng chưa được hướng dẫn"],
        "p02-security": ["Chưa rõ trách nhiệm bảo đảm an toàn thông tin khi thuê dịch vụ", "Thiếu nhân lực giám sát an ninh mạng cấp xã"],
        "area-4": ["Quỹ phát triển khoa học công nghệ doanh nghiệp khó sử dụng", "Thủ tục nhập khẩu thiết bị nghiên cứu kéo dài"],
        "area-5": ["Doanh nghiệp khó tham gia đặt hàng nhiệm vụ khoa học", "Chưa có cơ chế hợp tác công tư cho hạ tầng số"],
    ]

    static let initiatives: [String: [String]] = [
        "p02-procedures": ["Đề xuất một cửa số cho thủ tục cấp phép nghiên cứu", "Sáng kiến tự động điền hồ sơ từ dữ liệu dân cư"],
        "p02-data": ["Giải pháp kho dữ liệu mở cho nghiên cứu", "Đề xuất chuẩn trao đổi dữ liệu giữa tỉnh và bộ"],
        "p02-platforms": ["Sáng kiến trợ lý ảo cho cán bộ cấp xã", "Giải pháp chữ ký số trên điện thoại cho người dân"],
        "area-1": ["Đề xuất sửa quy định về khoán chi nhiệm vụ khoa học", "Kiến nghị cơ chế miễn trừ trách nhiệm khi thử nghiệm"],
        "area-6": ["Mô hình điều hành dựa trên dữ liệu thời gian thực cấp tỉnh", "Giải pháp bảng điều khiển chỉ số cho lãnh đạo xã"],
    ]

    static func generate(_ db: Database, scale: DemoScale, seed: UInt64, asOf: CivilDate, now: Timestamp) throws -> Int {
        let real = try Int.fetchOne(db, sql: "SELECT count(*) FROM proposals WHERE demo = 0") ?? 0
        if real > 0 {
            throw StoreError.demoRefused(path: "", holds: "\(real) real proposal\(real == 1 ? "" : "s")").error
        }
        try db.execute(sql: """
            DELETE FROM proposal_contacts WHERE proposal_key IN (SELECT key FROM proposals WHERE demo = 1);
            DELETE FROM proposal_log WHERE proposal_key IN (SELECT key FROM proposals WHERE demo = 1);
            DELETE FROM proposals WHERE demo = 1;
            """)
        let end = min(Timestamp(vietnamDate: asOf.adding(days: 1)).seconds - 1, now.seconds)
        let start = Timestamp(vietnamDate: launch, hour: 8).seconds
        guard end > start else { return 0 }
        let bodies = try String.fetchAll(db, sql: "SELECT code FROM units WHERE level = 'central' OR level = 'province' ORDER BY position, code")
        var rng = SplitMix64(seed: seed ^ 0x5052_4F50)
        var slow: Set<String> = []
        let central = bodies.filter { !$0.allSatisfy(\.isNumber) }, provinces = bodies.filter { $0.allSatisfy(\.isNumber) }
        if !central.isEmpty { slow.insert(central[1 + rng.below(max(1, central.count - 1)) % central.count]) }
        while slow.count < 3 && !provinces.isEmpty { slow.insert(provinces[rng.below(provinces.count)]) }
        let calendar = try ProposalReference.calendar(db)
        let rules = try ProposalReference.rules(db)
        let log = try db.makeStatement(sql: "INSERT INTO proposal_log (proposal_key, at, status, body_code, note, by) VALUES (?, ?, ?, ?, ?, 'demo')")
        let n = count(scale)
        let span = end - start
        var made: [(key: Int64, title: String, summary: String, field: String)] = []
        for i in 0..<n {
            let received = start + Int64(Double(span) * Double(i) / Double(n)) + Int64(rng.below(3600))
            guard received <= end else { break }
            let kind: ProposalKind = rng.chance(0.7) ? .barrier : .initiative
            let pool = kind == .barrier ? barriers : initiatives
            let fields = pool.keys.sorted()
            var field = fields[rng.below(fields.count)]
            var title = pool[field]![rng.below(pool[field]!.count)] + " (\(i % 97 + 1))"
            var summary = "Nội dung mẫu số \(i + 1): mô tả vướng mắc và kiến nghị của người gửi, dữ liệu minh họa."
            // One in forty repeats an earlier submission, without its diacritics.
            var duplicateOf: String?
            if i > 10, rng.chance(0.025), let earlier = made.dropLast().randomElement(using: &rng) {
                title = Search.fold(earlier.title).uppercased()
                summary = Search.fold(earlier.summary)
                field = earlier.field
                duplicateOf = try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM proposals WHERE key = ?"), arguments: [earlier.key])
            }
            let submitter = SubmitterKind.allCases[rng.weighted([30, 40, 15, 10, 5])]
            let new = NewProposal(id: "PA-" + String(repeating: "0", count: max(0, 6 - String(i + 1).count)) + String(i + 1),
                                  receivedAt: Timestamp(seconds: received), kind: kind, submitter: submitter, field: field,
                                  title: title, summary: summary, contact: contact(i + 1))
            let p = try SQLiteStore.addProposal(db, new, by: "demo", now: now, demo: true, findDuplicates: false, calendar: calendar, rules: rules).proposal
            let key = db.lastInsertedRowID
            made.append((key, title, summary, field))
            if let duplicateOf {
                try db.cachedStatement(sql: "UPDATE proposals SET duplicate_of = ? WHERE key = ?").execute(arguments: [duplicateOf, key])
                let at = received + Int64(rng.within(3600...(3 * 86400)))
                if at <= end { try log.execute(arguments: [key, at, "rejected", nil, "Trùng với \(duplicateOf)"]) }
                continue
            }
            var t = received + Int64(rng.within(3600...(4 * 86400)))
            guard t <= end else { continue }
            if rng.chance(0.03) {
                try log.execute(arguments: [key, t, "rejected", nil, rng.chance(0.5) ? "Ngoài phạm vi" : "Chưa đủ thông tin"])
                continue
            }
            var body = bodies[rng.below(bodies.count)]
            if rng.chance(0.05) { body = slow.sorted()[rng.below(slow.count)] }
            try log.execute(arguments: [key, t, "assigned", body, ""])
            if rng.chance(0.08) {
                t += Int64(rng.within(86400...(5 * 86400)))
                guard t <= end else { continue }
                body = bodies[rng.below(bodies.count)]
                try log.execute(arguments: [key, t, "assigned", body, "Chuyển cơ quan có thẩm quyền"])
            }
            let isSlow = slow.contains(body)
            if isSlow && rng.chance(0.5) { continue }
            let dueSeconds = Timestamp(vietnamDate: p.dueOn, hour: 17).seconds
            let answerAt: Int64 = isSlow || rng.chance(0.12)
                ? dueSeconds + Int64(rng.within(86400...(60 * 86400)))
                : t + Int64(Double(max(3600, dueSeconds - t)) * rng.unit())
            guard answerAt <= end else { continue }
            try log.execute(arguments: [key, answerAt, "answered", nil, "Đã tiếp thu và trả lời: nội dung trả lời mẫu số \(i + 1)."])
            let published = answerAt + Int64(rng.within(3600...(7 * 86400)))
            if published <= end, rng.chance(0.8) { try log.execute(arguments: [key, published, "published", nil, ""]) }
        }
        return made.count
    }
}
