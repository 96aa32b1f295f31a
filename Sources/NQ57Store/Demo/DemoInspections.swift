import GRDB
import NQ57Core

extension DemoGenerator {
    /// Reasons an inspection sends a task back ("trả lại"), as inspectors write them.
    static let returnReasons = [
        "Chưa có sản phẩm, kết quả kèm theo báo cáo",
        "Cập nhật trạng thái muộn so với thực tế",
        "Hồ sơ minh chứng chưa đầy đủ",
        "Kết quả chưa đạt chỉ tiêu được giao",
        "Báo cáo hoàn thành nhưng văn bản chưa được ban hành",
        "Số liệu báo cáo không khớp với hệ thống dữ liệu",
    ]
    static let confirmReasons = ["Đã kiểm tra văn bản ban hành", "Đã đối chiếu sản phẩm", "Đã kiểm tra thực tế tại đơn vị", ""]
    static let noteReasons = ["Đề nghị bổ sung số liệu ở kỳ báo cáo sau", "Lưu ý cập nhật tiến độ đúng hạn"]

    /// Demo inspections after the simulated reports: about 12% of the done tasks are drawn at random,
    /// the same share everywhere (the Committee samples, it does not target); about 8% of them are sent
    /// back, 22% in the provinces that lag; a few notes. (No re-reports: the demo's report ids
    /// follow time, and these come after the simulation.) Deterministic by seed; no inspection or report after
    /// `now` or after the as-of day. Written through the v6 triggers, which keep verdicts and counts.
    /// `restoreTriggers` puts the inspection triggers back (dropped for the load).
    mutating func demoInspections(behind: Set<String>, restoreTriggers: () throws -> Void) throws {
        try Maintenance.rebuildInspectionCounts(db)
        try restoreTriggers()
        let provinces = try Row.fetchAll(db, sql: "SELECT code, province_code FROM units").reduce(into: [String: String]()) {
            if let p = $1[1] as String? { $0[$1[0]] = p }
        }
        let end = min(Timestamp(vietnamDate: asOf.adding(days: 1)).seconds - 1, now.seconds)
        var rng = SplitMix64(seed: seed ^ 0x1A5B_EC70_57)
        struct Event { var at: Int64; var task: Int; var verdict: String; var reason: String; var by: String; var evidence: String }
        var events: [Event] = []
        for (i, s) in sims.enumerated() where s.status == 3 {
            guard rng.chance(0.12) else { continue }
            let unit = units[Int(s.unit)]
            let province = provinces[unit.code]
            let day = Int64(rng.within(1...20))
            // A working day's hours (8:00–17:00 in Vietnam), 1–20 days after the latest report.
            let reportDay = Timestamp(seconds: s.reportedAt).vietnamDate.adding(days: Int(day))
            let at = Timestamp(vietnamDate: reportDay, hour: 8).seconds + Int64(rng.below(9 * 3600))
            guard at <= end else { continue }
            let by = province.map { rng.chance(0.7) ? "VP-\($0)" : Schema.committeeInspection } ?? Schema.committeeInspection
            let x = rng.unit()
            let returnShare = unit.behind ? 0.22 : 0.08
            let evidence = rng.chance(0.5) ? "BB-\(rng.within(1...400))/\(Timestamp(seconds: at).vietnamDate.year)" : ""
            if x < returnShare {
                events.append(Event(at: at, task: i, verdict: "returned", reason: Self.returnReasons[rng.below(Self.returnReasons.count)],
                                    by: by, evidence: evidence))
            } else if x < returnShare + 0.03 {
                events.append(Event(at: at, task: i, verdict: "note", reason: Self.noteReasons[rng.below(Self.noteReasons.count)], by: by, evidence: ""))
            } else {
                events.append(Event(at: at, task: i, verdict: "confirmed", reason: Self.confirmReasons[rng.below(Self.confirmReasons.count)],
                                    by: by, evidence: evidence))
            }
        }
        events.sort { ($0.at, $0.task) < ($1.at, $1.task) }
        let inspection = try db.cachedStatement(sql: """
            INSERT INTO inspection_log (task_key, inspected_at, verdict, reason, inspected_by, evidence) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for e in events {
            try inspection.execute(arguments: [Self.key(e.task), e.at, e.verdict, e.reason, e.by, e.evidence])
        }
        try db.execute(sql: """
            INSERT INTO meta (key, value) VALUES ('demo_inspections', (SELECT ifnull(max(id), 0) FROM inspection_log))
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """)
    }
}
