/// A report as typed or read from a file, before validation: every field is text.
public struct ReportFields: Hashable, Sendable {
    public var taskID: String
    public var status: String
    /// Empty means "not given".
    public var progress: String
    /// Empty means "now".
    public var reportedAt: String
    public var note: String
    public var reportedBy: String

    public init(taskID: String, status: String, progress: String = "", reportedAt: String = "", note: String = "", reportedBy: String = "") {
        self.taskID = taskID
        self.status = status
        self.progress = progress
        self.reportedAt = reportedAt
        self.note = note
        self.reportedBy = reportedBy
    }
}

/// What is wrong with one field of a report.
public struct FieldProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// The field's name as in the import header: `task_id`, `status`, `progress`…
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// Checks a submitted report against the vocabulary, the ranges and the known tasks.
///
/// Text with control characters is accepted and stored as given: it is made harmless where it is
/// drawn, not here.
public struct ReportValidator {
    /// The longest note, in characters (code points; see `TextLimit`).
    public static let maxNoteLength = 2000
    /// The longest name of a reporter, in characters.
    public static let maxNameLength = 200
    /// Nothing can be reported before Resolution 57 was issued (22 December 2024).
    public static let earliest = Timestamp(vietnamDate: CivilDate(year: 2024, month: 12, day: 22)!)
    /// The one time rule of reports and inspections: empty is `now`; otherwise an ISO 8601 time, not
    /// before Resolution 57 and at most `futureTolerance` ahead of `now`. The failure's message
    /// names `field` and the value as typed.
    public static func eventTime(_ text: String, field: String, now: Timestamp) -> Result<Timestamp, FieldProblem> {
        let atText = text.trimmingASCIISpaces()
        if atText.isEmpty { return .success(now) }
        guard let t = Timestamp(iso: atText) else {
            return .failure(FieldProblem(field: field, message: "\(Quoting.quoted(atText)) is not an ISO 8601 time such as 2025-07-02T09:30:00+07:00"))
        }
        if t < earliest { return .failure(FieldProblem(field: field, message: "\(atText) is before Resolution 57 (2024-12-22)")) }
        if t.seconds > now.seconds + futureTolerance { return .failure(FieldProblem(field: field, message: "\(atText) is in the future")) }
        return .success(t)
    }

    /// How far ahead of the clock a report may be dated (clock skew between machines): 5 minutes, on
    /// every path (`nq57 report`, both import paths, and the database's own guard on `report_log`).
    public static let futureTolerance: Int64 = 5 * 60

    public var now: Timestamp
    public var isKnownTask: (String) -> Bool

    public init(now: Timestamp, isKnownTask: @escaping (String) -> Bool) {
        self.now = now
        self.isKnownTask = isKnownTask
    }

    /// The report, or the first thing wrong with it.
    public func validate(_ f: ReportFields) -> Result<ReportInput, FieldProblem> {
        func fail(_ field: String, _ message: String) -> Result<ReportInput, FieldProblem> {
            .failure(FieldProblem(field: field, message: message))
        }
        let taskID = f.taskID.trimmingASCIISpaces()
        if taskID.isEmpty { return fail("task_id", "is empty") }
        if !isKnownTask(taskID) { return fail("task_id", "no task \(Quoting.quoted(taskID))") }

        let statusText = f.status.trimmingASCIISpaces()
        guard let status = ReportStatus(rawValue: statusText) else {
            return fail("status", "\(Quoting.quoted(statusText)) is not one of not_started, in_progress, done")
        }

        let progressText = f.progress.trimmingASCIISpaces()
        let progress: Int
        if progressText.isEmpty {
            switch status {
            case .notStarted: progress = 0
            case .done: progress = 100
            case .inProgress: return fail("progress", "is required when the status is in_progress")
            }
        } else {
            guard let p = Int(progressText) else { return fail("progress", "\(Quoting.quoted(progressText)) is not a whole number") }
            guard (0...100).contains(p) else { return fail("progress", "\(p) is outside 0–100") }
            progress = p
        }
        if status == .done && progress != 100 { return fail("progress", "a done task must be at 100, not \(progress)") }
        if status == .notStarted && progress != 0 { return fail("progress", "a task not started must be at 0, not \(progress)") }

        let at: Timestamp
        switch Self.eventTime(f.reportedAt, field: "reported_at", now: now) {
        case .success(let t): at = t
        case .failure(let problem): return .failure(problem)
        }

        if let p = TextLimit.problem(f.note, maxCharacters: Self.maxNoteLength) { return fail("note", p) }
        if let p = TextLimit.problem(f.reportedBy, maxCharacters: Self.maxNameLength) { return fail("reported_by", p) }
        return .success(ReportInput(taskID: taskID, status: status, progress: progress, reportedAt: at, note: f.note, reportedBy: f.reportedBy))
    }
}
