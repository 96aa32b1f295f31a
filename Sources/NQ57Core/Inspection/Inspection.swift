/// The Steering Committee's side of Plan 02-KH/BCĐTW: independent inspection of what units report.
///
/// An inspection records a verdict on one task by an inspecting body at a time: `confirmed` (the
/// reported state is true, with the evidence seen), `returned` (sent back, "trả lại": wrong,
/// unsupported, updated late; a reason is required) or `note` (a finding that changes nothing).
/// Inspections are append-only, like reports.
public enum InspectionVerdict: String, CaseIterable, Sendable, Codable {
    /// Xác nhận.
    case confirmed
    /// Trả lại.
    case returned
    /// A finding that changes nothing.
    case note

    /// Confirmed and returned change what a task counts as; a note does not.
    public var isDecisive: Bool { self != .note }
}

/// One entry of a task's append-only inspection history.
public struct Inspection: Hashable, Sendable {
    /// Row id in the store: increases with arrival.
    public var id: Int64
    public var taskID: String
    public var inspectedAt: Timestamp
    public var verdict: InspectionVerdict
    public var reason: String
    /// The inspecting body's code (`BCĐ-KT`, `KT-01`, a ministry's code…).
    public var inspectedBy: String
    /// A reference to the evidence seen (a document number, a link); may be empty.
    public var evidence: String

    public init(id: Int64, taskID: String, inspectedAt: Timestamp, verdict: InspectionVerdict, reason: String,
                inspectedBy: String, evidence: String = "") {
        self.id = id
        self.taskID = taskID
        self.inspectedAt = inspectedAt
        self.verdict = verdict
        self.reason = reason
        self.inspectedBy = inspectedBy
        self.evidence = evidence
    }
}

/// What inspection makes of a task's latest report.
///
/// The rule (issue 12): a **returned** task counts as not done, open or overdue by its deadline, until
/// a later report from its unit; that report is then unchecked again. A **confirmed** completion stays
/// confirmed until a later report changes the state (a report that is not `done`); a later `done`
/// report keeps it confirmed. "Later" is by time: a report dated after the inspection. An inspection
/// is never dated before the task's latest report (the validator and the database refuse it), so it
/// always judges the report standing at its time; a report dated at the same second as an
/// inspection comes before it.
public enum TaskCheck: String, CaseIterable, Sendable, Codable {
    /// No standing verdict: what the unit says, not checked.
    case unchecked
    /// Confirmed by an inspection, and still done.
    case confirmed
    /// Sent back: counts as not done until the unit reports again.
    case returned

    /// The standing check after a history of reports and inspections, in any order. Among
    /// inspections ties on time go to the later element. Notes change nothing.
    public static func folding(reports: some Sequence<(at: Timestamp, status: ReportStatus)>,
                               inspections: some Sequence<(at: Timestamp, verdict: InspectionVerdict)>) -> TaskCheck {
        let decisive = inspections.enumerated().filter { $0.element.verdict.isDecisive }
        guard let last = decisive.max(by: { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) })?.element else {
            return .unchecked
        }
        let all = Array(reports)
        let later = all.filter { $0.at > last.at }
        switch last.verdict {
        case .returned:
            return later.isEmpty ? .returned : .unchecked
        case .confirmed:
            if later.contains(where: { $0.status != .done }) { return .unchecked }
            let current = all.enumerated().max { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }?.element.status
            return current == .done ? .confirmed : .unchecked
        case .note:
            return .unchecked
        }
    }

    /// The check a stored verdict (`tasks.verdict`, cleared by later reports) gives with the task's
    /// current status: a confirmed verdict only stands while the task is done.
    public static func effective(verdict: InspectionVerdict?, status: ReportStatus) -> TaskCheck {
        switch verdict {
        case .returned: .returned
        case .confirmed: status == .done ? .confirmed : .unchecked
        case .note, nil: .unchecked
        }
    }
}

extension TaskState {
    /// The derived state once inspection is taken into account: a returned task is open, or overdue
    /// when its deadline has passed, whatever its latest report says.
    public func derived(deadline: CivilDate, asOf: CivilDate, check: TaskCheck) -> DerivedState {
        if check == .returned { return deadline < asOf ? .overdue : .openOnTime }
        return derived(deadline: deadline, asOf: asOf)
    }
}

/// Inspection counts of one scope key (a level, a province, a unit, a technology group): what the
/// inspection pane reads, maintained on write.
public struct InspectionCounts: Hashable, Sendable, Codable {
    /// Tasks whose latest report says done (self-reported).
    public var done: Int
    /// Of those, confirmed by an inspection.
    public var confirmed: Int
    /// Tasks sent back and not yet reported again (most were reported done).
    public var returned: Int
    /// Done tasks with no standing verdict.
    public var unchecked: Int

    public init(done: Int = 0, confirmed: Int = 0, returned: Int = 0, unchecked: Int = 0) {
        self.done = done
        self.confirmed = confirmed
        self.returned = returned
        self.unchecked = unchecked
    }

    public static let zero = InspectionCounts()

    /// Done tasks that were sent back: done − confirmed − unchecked.
    public var returnedDone: Int { done - confirmed - unchecked }
    /// Done tasks with a standing verdict: the sample the estimate reads.
    public var checked: Int { confirmed + returnedDone }
    /// Done once returned tasks count as not done.
    public var doneAfterReturns: Int { done - returnedDone }
    /// Share of the self-reported done tasks with a standing verdict, 0...1.
    public var coverage: Double { done == 0 ? 0 : Double(checked) / Double(done) }
    /// Share of the checked done tasks sent back, 0...1.
    public var returnedShare: Double { checked == 0 ? 0 : Double(returnedDone) / Double(checked) }

    /// Adds one task in the given status and check.
    public mutating func add(status: ReportStatus, check: TaskCheck) {
        if status == .done { done += 1 }
        switch check {
        case .confirmed: confirmed += 1
        case .returned: returned += 1
        case .unchecked: if status == .done { unchecked += 1 }
        }
    }

    public static func + (a: InspectionCounts, b: InspectionCounts) -> InspectionCounts {
        InspectionCounts(done: a.done + b.done, confirmed: a.confirmed + b.confirmed, returned: a.returned + b.returned,
                         unchecked: a.unchecked + b.unchecked)
    }
}
