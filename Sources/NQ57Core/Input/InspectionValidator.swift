/// An inspection as typed or read from a work list, before validation: every field is text.
public struct InspectionFields: Hashable, Sendable {
    public var taskID: String
    public var verdict: String
    public var reason: String
    /// The inspecting body's code.
    public var by: String
    /// Empty means "now".
    public var at: String
    public var evidence: String

    public init(taskID: String, verdict: String, reason: String = "", by: String, at: String = "", evidence: String = "") {
        self.taskID = taskID
        self.verdict = verdict
        self.reason = reason
        self.by = by
        self.at = at
        self.evidence = evidence
    }
}

/// An inspection validated but not yet stored.
public struct InspectionInput: Hashable, Sendable {
    public var taskID: String
    public var verdict: InspectionVerdict
    public var inspectedAt: Timestamp
    public var reason: String
    public var inspectedBy: String
    public var evidence: String

    public init(taskID: String, verdict: InspectionVerdict, inspectedAt: Timestamp, reason: String, inspectedBy: String, evidence: String = "") {
        self.taskID = taskID
        self.verdict = verdict
        self.inspectedAt = inspectedAt
        self.reason = reason
        self.inspectedBy = inspectedBy
        self.evidence = evidence
    }
}

/// What an inspection judges: the task's latest report as it stands.
public struct InspectionTarget: Hashable, Sendable {
    /// The latest report's status; nil when nothing was reported.
    public var status: ReportStatus?
    /// The latest report's time; nil when nothing was reported.
    public var reportedAt: Timestamp?

    public init(status: ReportStatus?, reportedAt: Timestamp?) {
        self.status = status
        self.reportedAt = reportedAt
    }
}

/// Checks an inspection against the vocabulary, the task it judges and the inspecting bodies.
///
/// The rules, each refused with one line naming the field (the work list's column):
/// - `task_id`: a known task;
/// - `verdict`: `confirmed`, `returned` or `note`; `confirmed` only on a task whose latest report
///   says done; `confirmed` and `returned` only on a task with a report;
/// - `at`: an ISO 8601 time, not before Resolution 57, not in the future, and **not before the
///   latest report of the task** (the report it judges);
/// - `reason`: required for `returned`;
/// - `by`: a known inspecting body;
/// - text within the limits (reason 2,000 characters, evidence 500).
public struct InspectionValidator {
    public static let maxReasonLength = 2000
    public static let maxEvidenceLength = 500

    public var now: Timestamp
    /// The task's latest report, nil when there is no such task.
    public var target: (String) -> InspectionTarget?
    public var isKnownBody: (String) -> Bool

    public init(now: Timestamp, target: @escaping (String) -> InspectionTarget?, isKnownBody: @escaping (String) -> Bool) {
        self.now = now
        self.target = target
        self.isKnownBody = isKnownBody
    }

    /// The inspection, or the first thing wrong with it.
    public func validate(_ f: InspectionFields) -> Result<InspectionInput, FieldProblem> {
        func fail(_ field: String, _ message: String) -> Result<InspectionInput, FieldProblem> {
            .failure(FieldProblem(field: field, message: message))
        }
        let taskID = f.taskID.trimmingASCIISpaces()
        if taskID.isEmpty { return fail("task_id", "is empty") }
        guard let task = target(taskID) else { return fail("task_id", "no task \(Quoting.quoted(taskID))") }

        let verdictText = f.verdict.trimmingASCIISpaces()
        guard let verdict = InspectionVerdict(rawValue: verdictText) else {
            return fail("verdict", "\(Quoting.quoted(verdictText)) is not one of confirmed, returned, note")
        }
        if verdict.isDecisive, task.status == nil {
            return fail("verdict", "\(verdict.rawValue) judges a report, and task \(taskID) has none")
        }
        if verdict == .confirmed, let status = task.status, status != .done {
            return fail("verdict", "confirmed needs a task reported done; task \(taskID) is reported \(status.rawValue)")
        }
        if verdict == .returned, f.reason.trimmingASCIISpaces().isEmpty {
            return fail("reason", "is required when the verdict is returned")
        }

        let at: Timestamp
        switch ReportValidator.eventTime(f.at, field: "at", now: now) {
        case .success(let t): at = t
        case .failure(let problem): return .failure(problem)
        }
        if let reported = task.reportedAt, at < reported {
            return fail("at", "\(at) is before the report it judges (task \(taskID) reported at \(reported))")
        }

        let by = f.by.trimmingASCIISpaces()
        if by.isEmpty { return fail("by", "is empty: name the inspecting body") }
        if !isKnownBody(by) { return fail("by", "no inspecting body \(Quoting.quoted(by))") }
        if let p = TextLimit.problem(f.reason, maxCharacters: Self.maxReasonLength) { return fail("reason", p) }
        if let p = TextLimit.problem(f.evidence, maxCharacters: Self.maxEvidenceLength) { return fail("evidence", p) }
        return .success(InspectionInput(taskID: taskID, verdict: verdict, inspectedAt: at, reason: f.reason,
                                        inspectedBy: by, evidence: f.evidence))
    }
}

/// The inspection file format of `nq57 import`: the work list `nq57 inspect plan` writes, filled in.
public enum InspectionFileFormat {
    /// The exact header of a work list. `unit`, `province`, `title` and `reported_state` are there for
    /// the inspector to read and are not imported; `verdict`, `reason`, `by`, `at` and `evidence` are
    /// filled in. A row whose verdict is left empty is not imported (and is counted as left blank).
    public static let csvHeader = ["task_id", "unit", "province", "title", "reported_state", "verdict", "reason", "by", "at", "evidence"]
}
