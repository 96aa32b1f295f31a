import NQ57Core

/// The inspection feature's words, in both languages (kept out of `Labels` so that features do not
/// collide in its initialisers).
public struct InspectionLabels: Sendable {
    public var title: String
    public var selfReported: String
    public var estimated: String
    public var samples: String
    public var noSample: String
    public var coverage: String
    public var returnedShare: String
    public var done: String
    public var confirmed: String
    public var returned: String
    public var unchecked: String
    public var levels: String
    public var provinces: String
    public var honesty: String
    public var inspection: String
    /// The column comparing the self-reported rate with the estimate.
    public var compare: String
    /// The early warning of a task returned and not reported again within `EarlyWarnings.returnedWindow` days.
    public var returnedWarning: String
    /// A level's line: reported done, confirmed, returned, unchecked.
    public var levelWords: [String]
    public var verdicts: [InspectionVerdict: String]
    public var checks: [TaskCheck: String]

    public static let vi = InspectionLabels(
        title: "Kiểm tra độc lập", selfReported: "tự báo cáo", estimated: "ước tính qua kiểm tra", samples: "mẫu",
        noSample: "chưa có mẫu kiểm tra", coverage: "Đã KT", returnedShare: "Trả lại", done: "Hoàn thành",
        confirmed: "Xác nhận", returned: "Trả lại", unchecked: "Chưa KT", levels: "Cấp", provinces: "Tỉnh/thành",
        honesty: "Hoàn thành = đơn vị tự báo cáo; ước tính từ mẫu kiểm tra ngẫu nhiên, KTC 95%.",
        inspection: "Kiểm tra", compare: "Tự báo cáo → ước tính",
        returnedWarning: "Bị trả lại", levelWords: ["tự báo HT", "xác nhận", "trả lại", "chưa KT"],
        verdicts: [.confirmed: "xác nhận", .returned: "trả lại", .note: "ghi nhận"],
        checks: [.unchecked: "chưa kiểm tra", .confirmed: "đã xác nhận", .returned: "bị trả lại"])

    public static let en = InspectionLabels(
        title: "Independent inspection", selfReported: "self-reported", estimated: "estimated by inspection", samples: "checked",
        noSample: "no inspection sample yet", coverage: "Checked", returnedShare: "Returned", done: "Done",
        confirmed: "Confirmed", returned: "Returned", unchecked: "Unchecked", levels: "Level", provinces: "Province",
        honesty: "Done = units' own reports; estimate from a random inspection sample, 95% CI.",
        inspection: "Inspection", compare: "Reported → estimated",
        returnedWarning: "Returned", levelWords: ["reported done", "confirmed", "returned", "unchecked"],
        verdicts: [.confirmed: "confirmed", .returned: "returned", .note: "note"],
        checks: [.unchecked: "unchecked", .confirmed: "confirmed", .returned: "returned"])

    /// A level's line under the pane's list: "Cấp xã: tự báo HT 2.957 · xác nhận 264 · trả lại 30 · chưa KT 2.661".
    func levelLine(_ name: String, _ c: InspectionCounts, _ format: NumberFormat) -> String {
        let w = levelWords
        return "\(name): \(w[0]) \(format.integer(c.done)) · \(w[1]) \(format.integer(c.confirmed)) · "
            + "\(w[2]) \(format.integer(c.returned)) · \(w[3]) \(format.integer(c.unchecked))"
    }

    /// The mark before a verdict in a task's history, so it stands apart from the reports.
    static let mark: [InspectionVerdict: String] = [.confirmed: "✓", .returned: "↩", .note: "·"]

    public static func of(_ language: Language) -> InspectionLabels { language == .vi ? vi : en }

    /// `91%`, rounded as every other percentage on screen (`NumberFormat.wholePercent`), so a rate
    /// here and the same rate in the levels pane read alike.
    public static func percent(_ share: Double) -> String { NumberFormat.wholePercent(share) }

    /// "tự báo cáo 91% · ước tính qua kiểm tra 84% (79–88%), 240 mẫu": the self-reported rate is always
    /// named as such, beside the estimate (or "no sample yet").
    public func headline(_ e: InspectionEstimate) -> String {
        headline(selfReported: e.selfReported, completion: e.completion, sample: e.sample)
    }

    /// The same line for one stratum.
    public func headline(_ s: StratumEstimate) -> String {
        headline(selfReported: s.stratum.selfReportedRate, completion: s.completion, sample: s.stratum.checked)
    }

    func headline(selfReported rate: Double, completion: ShareInterval?, sample: Int) -> String {
        let reported = "\(selfReported) \(Self.percent(rate))"
        guard let c = completion else { return "\(reported) · \(noSample)" }
        // The interval widens outward (low down, high up) so that it never claims more than it knows.
        func bound(_ x: Double, _ rule: FloatingPointRoundingRule) -> Int { x.isFinite ? Int((min(max(x, 0), 1) * 100).rounded(rule)) : 0 }
        let low = bound(c.low, .down), high = bound(c.high, .up)
        return "\(reported) · \(estimated) \(Self.percent(c.estimate)) (\(low)–\(high)%), \(sample) \(samples)"
    }

    /// " · 2 kiểm tra" after a history's title; empty without inspections.
    public func count(_ detail: TaskDetail) -> String {
        let n = detail.inspections.count
        // English counts in the plural ("2 inspections"); Vietnamese has none.
        return n == 0 ? "" : " · \(n) \(inspection.lowercased())\(n > 1 && inspection == InspectionLabels.en.inspection ? "s" : "")"
    }

    /// An inspection as a row of a task's history: time, verdict, —, body, reason and evidence.
    func cells(_ entry: HistoryEntry, _ format: NumberFormat) -> [[Span]] {
        guard case .inspection(let i) = entry else { return [] }
        let role: Role = i.verdict == .returned ? .overdue : i.verdict == .confirmed ? .doneOnTime : .dim
        let reason = i.reason + (i.evidence.isEmpty ? "" : " [\(i.evidence)]")
        return [[Span(format.time(i.inspectedAt), .dim)], [Span(Self.mark[i.verdict]! + " " + verdicts[i.verdict]!, role)], [Span("", .dim)],
                [Span(i.inspectedBy, .text)], [Span(reason, .text)]]
    }

    /// " · Kiểm tra: bị trả lại" after the latest report's line; nothing when unchecked and never inspected.
    func checkSpans(_ detail: TaskDetail) -> [Span] {
        if detail.check == .unchecked && detail.inspections.isEmpty { return [] }
        let role: Role = detail.check == .returned ? .overdue : detail.check == .confirmed ? .doneOnTime : .dim
        return [Span(" · " + inspection + ": ", .label), Span(checks[detail.check]!, role)]
    }
}
