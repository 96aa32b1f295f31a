/// What the panes show, as read from a store for one as-of date. Plain values: panes never query.

/// Task counts of one administrative level.
public struct LevelRow: Hashable, Sendable {
    public var level: Level
    public var counts: StateCounts

    public init(level: Level, counts: StateCounts) {
        self.level = level
        self.counts = counts
    }
}

/// Task counts of one strategic technology group.
public struct GroupRow: Hashable, Sendable {
    public var group: TechGroup
    public var counts: StateCounts

    public init(group: TechGroup, counts: StateCounts) {
        self.group = group
        self.counts = counts
    }
}

/// A unit with its task counts. For a province in a list of provinces the counts include its
/// communes' tasks (`includesCommunes`); everywhere else they are the unit's own tasks.
public struct UnitRow: Hashable, Sendable {
    public var unit: AdminUnit
    public var counts: StateCounts
    public var includesCommunes: Bool
    /// The name of the province a commune belongs to; nil for provinces and central bodies.
    public var provinceName: String?

    public init(unit: AdminUnit, counts: StateCounts, includesCommunes: Bool = false, provinceName: String? = nil) {
        self.unit = unit
        self.counts = counts
        self.includesCommunes = includesCommunes
        self.provinceName = provinceName
    }
}

extension UnitRow {
    /// A province's communes, led by the province itself standing for its own tasks: its counts are
    /// the province's total (`includesCommunes`) less its communes'.
    public static func provinceWithCommunes(_ province: UnitRow, _ communes: [UnitRow]) -> [UnitRow] {
        let own = communes.reduce(province.counts) { $0 - $1.counts }
        return [UnitRow(unit: province.unit, counts: own, includesCommunes: false)] + communes
    }
}

/// A task with its unit's name and current state.
public struct TaskRow: Hashable, Sendable {
    public var task: TaskRecord
    public var unitName: String
    public var state: TaskState
    public var derived: DerivedState
    /// The province of the task's unit when that unit is a commune (nil for provinces and central bodies).
    public var provinceName: String?

    public init(task: TaskRecord, unitName: String, state: TaskState, derived: DerivedState, provinceName: String? = nil) {
        self.task = task
        self.unitName = unitName
        self.state = state
        self.derived = derived
        self.provinceName = provinceName
    }
}

/// A report in the latest-reports feed, with what it made of its task.
public struct ReportRow: Hashable, Sendable {
    public var report: Report
    public var taskTitle: String
    public var unitCode: String
    public var unitName: String
    public var deadline: CivilDate
    /// The state this report puts its task in, judged on the as-of date.
    public var derived: DerivedState
    /// The province of the reporting unit when that unit is a commune.
    public var provinceName: String?

    public init(report: Report, taskTitle: String, unitCode: String, unitName: String, deadline: CivilDate, derived: DerivedState,
                provinceName: String? = nil) {
        self.provinceName = provinceName
        self.report = report
        self.taskTitle = taskTitle
        self.unitCode = unitCode
        self.unitName = unitName
        self.deadline = deadline
        self.derived = derived
    }
}

/// Open tasks whose deadline passed in the last week, and open tasks due within the next week.
public struct EarlyWarnings: Hashable, Sendable {
    /// Open, deadline in [as-of − 7 days, as-of − 1 day]: overdue since this week.
    public var turnedOverdue: [TaskRow]
    public var turnedOverdueCount: Int
    /// Open, deadline in [as-of, as-of + 7 days].
    public var dueSoon: [TaskRow]
    public var dueSoonCount: Int

    public init(turnedOverdue: [TaskRow] = [], turnedOverdueCount: Int = 0, dueSoon: [TaskRow] = [], dueSoonCount: Int = 0) {
        self.turnedOverdue = turnedOverdue
        self.turnedOverdueCount = turnedOverdueCount
        self.dueSoon = dueSoon
        self.dueSoonCount = dueSoonCount
    }

    /// Tasks returned by an inspection at least `returnedDays` days ago and not reported again
    /// (issue 12), oldest return first.
    public var returnedStale: [TaskRow] = []
    public var returnedStaleCount = 0
    /// The N of "returned and not re-reported within N days" in force: the database's
    /// `meta.returned_warning_days`, else `returnedWindow`.
    public var returnedDays = EarlyWarnings.returnedWindow

    /// Open proposals whose answer is due from the as-of day through `proposalsDueThrough` (the
    /// `proposalDueSoonWorkingDays`th working day after it), soonest first (issue 13).
    public var proposalsDueSoon: [ProposalWarning] = []
    public var proposalsDueSoonCount = 0
    public var proposalsDueThrough: CivilDate?
    /// Open proposals whose answer day has passed, most overdue first.
    public var proposalsOverdue: [ProposalWarning] = []
    public var proposalsOverdueCount = 0

    /// The task rows: those that turned overdue, then those due soon, then those returned and not re-reported.
    public var rows: [TaskRow] { turnedOverdue + dueSoon + returnedStale }

    /// How many rows `all` holds, without building it (the layout asks on every frame).
    public var allCount: Int {
        turnedOverdue.count + dueSoon.count + returnedStale.count + proposalsOverdue.count + proposalsDueSoon.count
    }

    /// Every warning row, tasks then proposals: what the warnings pane lists.
    public var all: [WarningRow] {
        turnedOverdue.map { .task(.turnedOverdue, $0) } + dueSoon.map { .task(.dueSoon, $0) }
            + returnedStale.map { .task(.returned, $0) }
            + proposalsOverdue.map { .proposal(.proposalOverdue, $0) } + proposalsDueSoon.map { .proposal(.proposalDueSoon, $0) }
    }

    /// The default N of "returned and not re-reported within N days", when the database names none.
    public static let returnedWindow = 14
    /// The days "returned and not re-reported" may be set to (`meta.returned_warning_days`).
    public static let returnedDaysRange = 1 ... 365
    /// Working days ahead in which an answer due is a warning.
    public static let proposalDueSoonWorkingDays = 3

    /// The days a warning looks back and ahead.
    public static let window = 7
}

/// The national picture on one as-of date: everything the overview panes draw.
public struct Overview: Hashable, Sendable {
    public var asOf: CivilDate
    /// True when the tasks and reports were made by `nq57 demo`.
    public var isDemo: Bool
    /// The time of the newest report, the data's own as-of time.
    public var lastReportAt: Timestamp?
    public var metrics: [MetricSeries]
    /// Central, province, commune, in that order.
    public var levels: [LevelRow]
    /// Every group of the catalogue, in catalogue order.
    public var techGroups: [GroupRow]
    /// Every province with its communes' tasks included, in code order.
    public var provinces: [UnitRow]
    /// Newest arrivals first.
    public var latestReports: [ReportRow]
    /// The newest inspections and proposals' status moves, newest arrivals first: the feed
    /// (`Overview.feed`) interleaves them with the reports (issues 12, 13).
    public var latestInspections: [InspectionFeedRow] = []
    public var latestProposalMoves: [ProposalFeedRow] = []
    /// The feed's length as asked of the store (`latest`); nil: every row of the three lists.
    public var feedLimit: Int?
    public var warnings: EarlyWarnings
    /// Inspection counts and the estimate (issue 12); nil when the source has none.
    public var inspection: InspectionSummary?
    /// The proposals picture from the maintained counts (issue 13); nil when the source has none.
    public var proposals: ProposalOverview?

    public init(asOf: CivilDate, isDemo: Bool, lastReportAt: Timestamp?, metrics: [MetricSeries], levels: [LevelRow],
                techGroups: [GroupRow], provinces: [UnitRow], latestReports: [ReportRow], warnings: EarlyWarnings) {
        self.asOf = asOf
        self.isDemo = isDemo
        self.lastReportAt = lastReportAt
        self.metrics = metrics
        self.levels = levels
        self.techGroups = techGroups
        self.provinces = provinces
        self.latestReports = latestReports
        self.warnings = warnings
    }

    /// All tasks, every level together.
    public var totals: StateCounts { levels.reduce(.zero) { $0 + $1.counts } }
}

/// A task with its unit and report history, newest first.
public struct TaskDetail: Hashable, Sendable {
    public var row: TaskRow
    public var unit: AdminUnit
    /// The province of a commune's task (code and name); nil for provinces and central bodies.
    public var province: AdminUnit? = nil
    public var reports: [Report]
    /// Reports in the history, which may be more than `reports` holds.
    public var reportCount: Int
    /// Its inspections, newest first (issue 12); `history` interleaves them with the reports.
    public var inspections: [Inspection] = []
    /// What inspection makes of its latest report; a returned task's `row.derived` is open or overdue.
    public var check: TaskCheck = .unchecked

    public init(row: TaskRow, unit: AdminUnit, reports: [Report], reportCount: Int) {
        self.row = row
        self.unit = unit
        self.reports = reports
        self.reportCount = reportCount
    }
}

/// Which units a drill-down lists.
public enum UnitScope: Hashable, Sendable {
    /// Every unit of a level. Provinces come with their communes' tasks included.
    case level(Level)
    /// The communes of a province.
    case communes(province: String)
}

/// Which tasks a list shows.
public indirect enum TaskScope: Hashable, Sendable {
    /// A unit's own tasks.
    case unit(String)
    /// Tasks of a technology group, every level.
    case techGroup(Int)
    /// A province's tasks with its communes'.
    case province(String)
    /// Every task of a level.
    case level(Level)
    /// The tasks of a scope in one derived state on the as-of date, or sent back by an inspection
    /// (filtered in the store, over every row).
    case inState(TaskScope, TaskFilter)

    /// The scope without its state filter.
    public var base: TaskScope {
        if case .inState(let scope, _) = self { return scope.base }
        return self
    }

    /// The state the scope is narrowed to, if any.
    public var state: TaskFilter? {
        if case .inState(_, let state) = self { return state }
        return nil
    }
}

/// What a task list can be narrowed to (issue 11 §3): one derived state on the as-of date, or the
/// tasks an inspection sent back ("trả lại") and not reported again since.
public enum TaskFilter: String, Hashable, Sendable, CaseIterable {
    case overdue
    case openOnTime = "open_on_time"
    case doneLate = "done_late"
    case doneOnTime = "done_on_time"
    case returned

    public init(_ state: DerivedState) {
        switch state {
        case .overdue: self = .overdue
        case .openOnTime: self = .openOnTime
        case .doneLate: self = .doneLate
        case .doneOnTime: self = .doneOnTime
        }
    }

    /// The derived state it keeps; nil for `returned` (open or overdue by the deadline).
    public var derived: DerivedState? {
        switch self {
        case .overdue: .overdue
        case .openOnTime: .openOnTime
        case .doneLate: .doneLate
        case .doneOnTime: .doneOnTime
        case .returned: nil
        }
    }
}

/// A bounded slice of a task list, ordered worst first (overdue, open, done late, done on time; then by deadline).
public struct TaskPage: Hashable, Sendable {
    public var rows: [TaskRow]
    /// Tasks in the scope, which may be more than `rows` holds.
    public var total: Int

    public init(rows: [TaskRow], total: Int) {
        self.rows = rows
        self.total = total
    }
}
