/// Inspection counts of one row of the inspection pane: a level or a province.
public struct InspectionRow: Hashable, Sendable {
    /// `central`, `province`, `commune`, or a province's code.
    public var key: String
    /// The level's or province's name (Vietnamese for provinces; levels are named by the screen).
    public var name: String
    public var level: Level?
    /// Tasks in the row (every state).
    public var tasks: Int
    public var counts: InspectionCounts

    public init(key: String, name: String, level: Level? = nil, tasks: Int, counts: InspectionCounts) {
        self.key = key
        self.name = name
        self.level = level
        self.tasks = tasks
        self.counts = counts
    }

    /// Self-reported done share of the row's tasks, 0...1.
    public var selfReportedRate: Double { tasks == 0 ? 0 : Double(counts.done) / Double(tasks) }
}

/// What the inspection pane shows, read from maintained counts (never the inspection history): the
/// levels, the provinces, and the estimate stratified by province (the central level as one stratum).
public struct InspectionSummary: Hashable, Sendable {
    public var levels: [InspectionRow]
    public var provinces: [InspectionRow]
    public var estimate: InspectionEstimate

    public init(levels: [InspectionRow], provinces: [InspectionRow]) {
        self.levels = levels
        self.provinces = provinces
        let central = levels.first { $0.level == .central }
        let strata = (central.map { [$0] } ?? []) + provinces
        estimate = InspectionEstimator.estimate(strata.map { InspectionStratum(key: $0.key, tasks: $0.tasks, counts: $0.counts) })
    }

    /// Every level together.
    public var totals: InspectionCounts { levels.reduce(.zero) { $0 + $1.counts } }
    public var tasks: Int { levels.reduce(0) { $0 + $1.tasks } }
}
