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

    /// One status move of a demo proposal after its receipt.
    struct Move {
        var at: Int64
        var status: String
        var body: String?
        var note: String
    }

    /// Makes the demo proposals with their triggers standing aside: each proposal is written once with
    /// the state its history leads to (what `proposal_log_state` would make of it), its history after it
    /// in the same order as moves one by one would write it (so the same keys and ids), and the counts,
    /// the open-by-due rows, the answer-days histogram and its medians are recounted once at the end,
    /// as `nq57 check` recounts them. The data equals what `addProposal` and the moves through the
    /// triggers make (DemoDigestTests); 160 µs a proposal through the triggers was a fifth of the demo.
    static func generate(_ db: Database, scale: DemoScale, seed: UInt64, asOf: CivilDate, now: Timestamp) throws -> Int {
        let real = try Int.fetchOne(db, sql: "SELECT count(*) FROM proposals WHERE demo = 0") ?? 0
        if real > 0 {
            throw StoreError.demoRefused(path: "", holds: "\(real) real proposal\(real == 1 ? "" : "s")").error
        }
        // Whatever a migration made the triggers, they come back as the file defines them.
        let saved = try SavedDefinitions.read(db, indexesOn: [], triggers: (Schema.proposalTriggers + Schema.answerMedianTriggers + Schema.oldestPendingTriggers).map(\.name))
        try saved.dropTriggers(db)
        // What deleting the demo proposals through the triggers leaves: every count row at zero (count
        // rows are never deleted), no open-by-due, answer-day or median rows (those go at zero).
        try db.execute(sql: """
            DELETE FROM proposal_contacts WHERE proposal_key IN (SELECT key FROM proposals WHERE demo = 1);
            DELETE FROM proposal_log WHERE proposal_key IN (SELECT key FROM proposals WHERE demo = 1);
            DELETE FROM proposals WHERE demo = 1;
            UPDATE proposal_counts SET total = 0, rejected = 0, open = 0, on_time = 0, late = 0;
            DELETE FROM proposal_open_by_due; DELETE FROM proposal_answer_days; DELETE FROM proposal_answer_medians;
            DELETE FROM proposal_oldest_pending;
            """)
        let made = try write(db, scale: scale, seed: seed, asOf: asOf, now: now)
        try recount(db)
        try saved.createTriggers(db)
        return made
    }

    /// The maintained proposal tables from the proposals, as the triggers would have kept them: a count
    /// row for every key a proposal ever counted in (`body` '-' before its assignment, every body it
    /// was assigned to), at zero when nothing counts there now.
    static func recount(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO proposal_counts (scope, key)
                SELECT 'body', '-' FROM proposals UNION SELECT 'body', body_code FROM proposal_log WHERE status = 'assigned'
                ON CONFLICT (scope, key) DO NOTHING;
            INSERT INTO proposal_counts (scope, key, total, rejected, open, on_time, late)
                SELECT * FROM (\(Schema.proposalRecountSQL)) WHERE 1
                ON CONFLICT (scope, key) DO UPDATE SET total = excluded.total, rejected = excluded.rejected, open = excluded.open,
                    on_time = excluded.on_time, late = excluded.late;
            INSERT INTO proposal_open_by_due (scope, due_on, key, open) \(Schema.proposalOpenRecountSQL);
            INSERT INTO proposal_answer_days (body, days, n) \(Schema.proposalAnswerDaysRecountSQL);
            INSERT INTO proposal_answer_medians (body, days, below, total)
                \(Schema.answerMedians(of: "SELECT body, days, n FROM proposal_answer_days"));
            INSERT INTO proposal_oldest_pending (body, id, received_at) \(Schema.oldestPendingRecount);
            """)
    }

    /// Writes the proposals and their histories; returns how many proposals.
    private static func write(_ db: Database, scale: DemoScale, seed: UInt64, asOf: CivilDate, now: Timestamp) throws -> Int {
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
        let insertProposal = try db.makeStatement(sql: """
            INSERT INTO proposals (id, received_at, kind, submitter_kind, field, title, summary, folded, due_on,
                                   body_code, status, status_at, answered_at, duplicate_of, demo)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
            """)
        let received = try db.makeStatement(sql: "INSERT INTO proposal_log (proposal_key, at, status, by) VALUES (?, ?, 'received', 'demo')")
        let contacts = try db.makeStatement(sql: "INSERT INTO proposal_contacts (proposal_key, name, address, phone, email, id_number) VALUES (?, ?, ?, ?, ?, ?)")
        let log = try db.makeStatement(sql: "INSERT INTO proposal_log (proposal_key, at, status, body_code, note, by) VALUES (?, ?, ?, ?, ?, 'demo')")
        let n = count(scale)
        let span = end - start
        var made: [(id: String, title: String, summary: String, field: String)] = []
        var moves: [Move] = []
        for i in 0..<n {
            let receivedAt = start + Int64(Double(span) * Double(i) / Double(n)) + Int64(rng.below(3600))
            guard receivedAt <= end else { break }
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
                duplicateOf = earlier.id
            }
            let submitter = SubmitterKind.allCases[rng.weighted([30, 40, 15, 10, 5])]
            let new = NewProposal(id: "PA-" + String(repeating: "0", count: max(0, 6 - String(i + 1).count)) + String(i + 1),
                                  receivedAt: Timestamp(seconds: receivedAt), kind: kind, submitter: submitter, field: field,
                                  title: title, summary: summary, contact: contact(i + 1))
            if let e = SQLiteStore.validate(new, now: now) { throw e }
            let due = DeadlineRule.dueOn(kind: new.kind, receivedAt: new.receivedAt, rules: rules, calendar: calendar)
            made.append((new.id!, title, summary, field))
            moves.removeAll(keepingCapacity: true)
            history: do {
                if let duplicateOf {
                    let at = receivedAt + Int64(rng.within(3600...(3 * 86400)))
                    if at <= end { moves.append(Move(at: at, status: "rejected", note: "Trùng với \(duplicateOf)")) }
                    break history
                }
                var t = receivedAt + Int64(rng.within(3600...(4 * 86400)))
                guard t <= end else { break history }
                if rng.chance(0.03) {
                    moves.append(Move(at: t, status: "rejected", note: rng.chance(0.5) ? "Ngoài phạm vi" : "Chưa đủ thông tin"))
                    break history
                }
                var body = bodies[rng.below(bodies.count)]
                if rng.chance(0.05) { body = slow.sorted()[rng.below(slow.count)] }
                moves.append(Move(at: t, status: "assigned", body: body, note: ""))
                if rng.chance(0.08) {
                    t += Int64(rng.within(86400...(5 * 86400)))
                    guard t <= end else { break history }
                    body = bodies[rng.below(bodies.count)]
                    moves.append(Move(at: t, status: "assigned", body: body, note: "Chuyển cơ quan có thẩm quyền"))
                }
                let isSlow = slow.contains(body)
                if isSlow && rng.chance(0.5) { break history }
                let dueSeconds = Timestamp(vietnamDate: due, hour: 17).seconds
                let answerAt: Int64 = isSlow || rng.chance(0.12)
                    ? dueSeconds + Int64(rng.within(86400...(60 * 86400)))
                    : t + Int64(Double(max(3600, dueSeconds - t)) * rng.unit())
                guard answerAt <= end else { break history }
                moves.append(Move(at: answerAt, status: "answered", note: "Đã tiếp thu và trả lời: nội dung trả lời mẫu số \(i + 1)."))
                let published = answerAt + Int64(rng.within(3600...(7 * 86400)))
                if published <= end, rng.chance(0.8) { moves.append(Move(at: published, status: "published", note: "")) }
            }
            // The state `proposal_log_state` makes of the history: the last move's status and time, the
            // last body assigned, the time of the answer.
            let last = moves.last
            try insertProposal.execute(arguments: [
                new.id, receivedAt, kind.rawValue, submitter.rawValue, field, title, summary,
                ProposalDuplicates.folded(title: title, summary: summary), due.description,
                moves.last { $0.status == "assigned" }?.body, last?.status ?? "received", last?.at ?? receivedAt,
                moves.first { $0.status == "answered" }?.at, duplicateOf,
            ])
            let key = db.lastInsertedRowID
            try received.execute(arguments: [key, receivedAt])
            let c = new.contact
            try contacts.execute(arguments: [key, c.name, c.address, c.phone, c.email, c.idNumber])
            for m in moves { try log.execute(arguments: [key, m.at, m.status, m.body, m.note]) }
        }
        return made.count
    }
}
