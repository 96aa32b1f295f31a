/// What a report says about a task: the vocabulary of the government's task-tracking systems.
public enum ReportStatus: String, CaseIterable, Sendable, Codable {
    case notStarted = "not_started"
    case inProgress = "in_progress"
    case done
}

/// What the dashboard shows for a task, from its latest report, its deadline and the as-of date.
public enum DerivedState: String, CaseIterable, Sendable, Codable {
    /// Đã hoàn thành đúng hạn.
    case doneOnTime = "done_on_time"
    /// Đã hoàn thành quá hạn.
    case doneLate = "done_late"
    /// Chưa hoàn thành – trong hạn.
    case openOnTime = "open_on_time"
    /// Chưa hoàn thành – quá hạn.
    case overdue

    public var isDone: Bool { self == .doneOnTime || self == .doneLate }

    /// Derives the state. A deadline is the whole of that day in Vietnam: a task completed on its
    /// deadline day is on time, and an open task becomes overdue on the day after its deadline.
    public static func derive(status: ReportStatus, completedOn: CivilDate?, deadline: CivilDate, asOf: CivilDate) -> DerivedState {
        if status == .done {
            guard let completedOn else { return .doneOnTime }
            return completedOn <= deadline ? .doneOnTime : .doneLate
        }
        return deadline < asOf ? .overdue : .openOnTime
    }
}

/// A task's current state: its latest report, and since when it has been done.
public struct TaskState: Hashable, Sendable {
    public var status: ReportStatus
    public var progress: Int
    /// When the latest report was made; nil when nothing was ever reported.
    public var reportedAt: Timestamp?
    /// The Vietnam day of the first report in the unbroken run of `done` reports that ends with the
    /// latest one; nil unless the task is done.
    public var completedOn: CivilDate?

    public init(status: ReportStatus = .notStarted, progress: Int = 0, reportedAt: Timestamp? = nil, completedOn: CivilDate? = nil) {
        self.status = status
        self.progress = progress
        self.reportedAt = reportedAt
        self.completedOn = completedOn
    }

    public static let unreported = TaskState()

    public func derived(deadline: CivilDate, asOf: CivilDate) -> DerivedState {
        DerivedState.derive(status: status, completedOn: completedOn, deadline: deadline, asOf: asOf)
    }

    /// The state after a history of reports, in any order; ties on time go to the later element.
    public static func folding(_ reports: some Sequence<(at: Timestamp, status: ReportStatus, progress: Int)>) -> TaskState {
        let ordered = reports.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
        var state = TaskState.unreported
        for (_, r) in ordered { state = state.adding(at: r.at, status: r.status, progress: r.progress) }
        return state
    }

    /// The state after one more report, newer than the others: a `done` after a `done` keeps the
    /// completion day.
    public func adding(at: Timestamp, status: ReportStatus, progress: Int) -> TaskState {
        let completed: CivilDate? = status == .done ? (self.status == .done ? completedOn : at.vietnamDate) : nil
        return TaskState(status: status, progress: progress, reportedAt: at, completedOn: completed)
    }
}

/// Task counts in the four derived states.
public struct StateCounts: Hashable, Sendable, Codable {
    public var doneOnTime: Int
    public var doneLate: Int
    public var openOnTime: Int
    public var overdue: Int

    public init(doneOnTime: Int = 0, doneLate: Int = 0, openOnTime: Int = 0, overdue: Int = 0) {
        self.doneOnTime = doneOnTime
        self.doneLate = doneLate
        self.openOnTime = openOnTime
        self.overdue = overdue
    }

    public static let zero = StateCounts()

    public var total: Int { doneOnTime + doneLate + openOnTime + overdue }
    public var done: Int { doneOnTime + doneLate }
    public var open: Int { openOnTime + overdue }

    /// Share done, 0...1 (0 when there are no tasks).
    public var doneShare: Double { total == 0 ? 0 : Double(done) / Double(total) }
    /// Share overdue, 0...1 (0 when there are no tasks).
    public var overdueShare: Double { total == 0 ? 0 : Double(overdue) / Double(total) }

    public subscript(state: DerivedState) -> Int {
        get {
            switch state {
            case .doneOnTime: doneOnTime
            case .doneLate: doneLate
            case .openOnTime: openOnTime
            case .overdue: overdue
            }
        }
        set {
            switch state {
            case .doneOnTime: doneOnTime = newValue
            case .doneLate: doneLate = newValue
            case .openOnTime: openOnTime = newValue
            case .overdue: overdue = newValue
            }
        }
    }

    public mutating func add(_ state: DerivedState, _ n: Int = 1) { self[state] += n }

    public static func + (a: StateCounts, b: StateCounts) -> StateCounts {
        StateCounts(doneOnTime: a.doneOnTime + b.doneOnTime, doneLate: a.doneLate + b.doneLate,
                    openOnTime: a.openOnTime + b.openOnTime, overdue: a.overdue + b.overdue)
    }

    public static func += (a: inout StateCounts, b: StateCounts) { a = a + b }

    public static func - (a: StateCounts, b: StateCounts) -> StateCounts {
        StateCounts(doneOnTime: a.doneOnTime - b.doneOnTime, doneLate: a.doneLate - b.doneLate,
                    openOnTime: a.openOnTime - b.openOnTime, overdue: a.overdue - b.overdue)
    }

    public static func -= (a: inout StateCounts, b: StateCounts) { a = a - b }
}
