import NQ57Core

/// The words of the live feed's and the early warnings' inspection and proposal rows, in both
/// languages (kept out of `Labels`).
public struct FeedLabels: Sendable {
    /// The feed's kind column: who speaks on the row.
    public var colKind: String
    /// A unit's report, an inspection's verdict, a proposal's status move.
    public var report, inspection, proposal: String
    /// A proposal not yet assigned to a body.
    public var unassigned: String
    /// Warning rows: "returned and not re-reported within N days", a proposal's answer overdue, due soon.
    public var returnedFor: @Sendable (_ days: Int) -> String
    public var proposalOverdue, proposalDueSoon: String
    /// The same in at most 12 columns, for narrow panes (N is then in the pane's title).
    public var returnedShort, proposalOverdueShort, proposalDueSoonShort: String
    /// The warnings' counts for the pane's title, most urgent first: tasks newly overdue, returned and
    /// not re-reported within N days, proposals' answers overdue, tasks due within 7 days, proposals due
    /// within D working days. The pane shows as many whole ones as its title has room for.
    public var summary: @Sendable (_ w: EarlyWarnings) -> [String]

    public static let vi = FeedLabels(
        colKind: "Loại", report: "BC", inspection: "KT", proposal: "PAKN", unassigned: "chưa giao",
        returnedFor: { "Trả lại ≥\($0) ngày" }, proposalOverdue: "PAKN quá hạn", proposalDueSoon: "PAKN sắp đến hạn",
        returnedShort: "Bị trả lại", proposalOverdueShort: "PAKN quá hạn", proposalDueSoonShort: "PAKN đến hạn",
        summary: { w in
            let f = NumberFormat(.vi)
            return ["\(f.integer(w.turnedOverdueCount)) mới quá hạn", "\(f.integer(w.returnedStaleCount)) trả lại ≥\(w.returnedDays) ngày",
                    "PAKN \(f.integer(w.proposalsOverdueCount)) quá hạn", "\(f.integer(w.dueSoonCount)) đến hạn trong 7 ngày",
                    "PAKN \(f.integer(w.proposalsDueSoonCount)) đến hạn trong \(EarlyWarnings.proposalDueSoonWorkingDays) ngày LV"]
        })

    public static let en = FeedLabels(
        colKind: "Kind", report: "Rep", inspection: "Insp", proposal: "Prop", unassigned: "unassigned",
        returnedFor: { "Returned ≥\($0) d" }, proposalOverdue: "Prop. overdue", proposalDueSoon: "Prop. due soon",
        returnedShort: "Returned", proposalOverdueShort: "Prop overdue", proposalDueSoonShort: "Prop due",
        summary: { w in
            let f = NumberFormat(.en)
            return ["\(f.integer(w.turnedOverdueCount)) newly overdue", "\(f.integer(w.returnedStaleCount)) returned ≥\(w.returnedDays) d",
                    "\(f.integer(w.proposalsOverdueCount)) proposals overdue", "\(f.integer(w.dueSoonCount)) due within 7 days",
                    "\(f.integer(w.proposalsDueSoonCount)) proposals due within \(EarlyWarnings.proposalDueSoonWorkingDays) working days"]
        })

    public static func of(_ language: Language) -> FeedLabels { language == .vi ? vi : en }
}

extension NumberFormat {
    /// An instant to the minute without its year (`15/01 23:47`, `01-15 23:47`), for narrow feeds.
    func shortTime(_ t: Timestamp) -> String {
        let d = date(t.vietnamDate)
        let day = language == .vi ? String(d.prefix(5)) : String(d.dropFirst(5))
        return day + " " + String(t.vietnamClock.prefix(5))
    }
}
