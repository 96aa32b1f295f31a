/// A task whose report or standing verdict came after the end of an as-of day: its maintained
/// category and its category at the cut (folded from its own histories). Both stores read the
/// inspection figures of a past day as the maintained counts plus `corrections` of these.
public struct InspectionShift: Sendable {
    public var level: String
    public var province: String?
    /// The maintained category and the one at the cut.
    public var maintained: (status: ReportStatus, check: TaskCheck)
    public var atCut: (status: ReportStatus, check: TaskCheck)
    /// When the return standing at the cut was made (check `.returned` only).
    public var returnedAt: Timestamp?
    public var row: TaskRow

    public init(level: String, province: String?, maintained: (status: ReportStatus, check: TaskCheck),
                atCut: (status: ReportStatus, check: TaskCheck), returnedAt: Timestamp?, row: TaskRow) {
        self.level = level
        self.province = province
        self.maintained = maintained
        self.atCut = atCut
        self.returnedAt = returnedAt
        self.row = row
    }

    /// What to add to the maintained inspection counts of each (scope, key): `level` and `province`.
    public static func corrections(_ shifts: [InspectionShift]) -> [String: [String: InspectionCounts]] {
        var out: [String: [String: InspectionCounts]] = [:]
        for t in shifts {
            var plus = InspectionCounts.zero, minus = InspectionCounts.zero
            plus.add(status: t.atCut.status, check: t.atCut.check)
            minus.add(status: t.maintained.status, check: t.maintained.check)
            let d = InspectionCounts(done: plus.done - minus.done, confirmed: plus.confirmed - minus.confirmed,
                                     returned: plus.returned - minus.returned, unchecked: plus.unchecked - minus.unchecked)
            guard d != .zero else { continue }
            out["level", default: [:]][t.level] = (out["level"]?[t.level] ?? .zero) + d
            if let p = t.province { out["province", default: [:]][p] = (out["province"]?[p] ?? .zero) + d }
        }
        return out
    }

    /// A task's shift: `row` as maintained (with its maintained verdict), its reports (by time) and
    /// inspections (by arrival) up to the cut; the row becomes the task as it stood on `asOf`.
    public static func folding(row: TaskRow, province: String?, maintainedVerdict: InspectionVerdict?,
                               reports: [(at: Timestamp, status: ReportStatus, progress: Int)],
                               verdicts: [(at: Timestamp, verdict: InspectionVerdict)], asOf: CivilDate) -> InspectionShift {
        var row = row
        let check = TaskCheck.folding(reports: reports.map { (at: $0.at, status: $0.status) }, inspections: verdicts)
        let last = reports.last
        let maintainedStatus = row.state.status
        let maintained = TaskCheck.effective(verdict: maintainedVerdict, status: maintainedStatus)
        row.state = last.map { TaskState(status: $0.status, progress: $0.progress, reportedAt: $0.at, completedOn: nil) } ?? .unreported
        row.derived = row.state.derived(deadline: row.task.deadline, asOf: asOf, check: check)
        let returnedAt = check == .returned
            ? verdicts.enumerated().filter { $0.element.verdict.isDecisive }.max { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }?.element.at
            : nil
        return InspectionShift(level: row.task.level.rawValue, province: province, maintained: (maintainedStatus, maintained),
                               atCut: (last?.status ?? .notStarted, check), returnedAt: returnedAt, row: row)
    }
}
