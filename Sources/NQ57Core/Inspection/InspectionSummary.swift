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

/// One entry of a task's history: a report from its unit or an inspection of it.
public enum HistoryEntry: Hashable, Sendable {
    case report(Report)
    case inspection(Inspection)

    public var at: Timestamp {
        switch self {
        case .report(let r): r.reportedAt
        case .inspection(let i): i.inspectedAt
        }
    }
}

extension HistoryEntry: ListRow {
    public var searchText: String {
        switch self {
        case .report(let r): r.searchText
        case .inspection(let i): i.reason + " " + i.inspectedBy + " " + i.verdict.rawValue + " " + i.evidence
        }
    }

    public func sortValue(_ column: SortColumn) -> SortValue? {
        column == .time ? .number(Double(at.seconds)) : nil
    }
}

extension TaskDetail {
    /// Reports and inspections interleaved in time, newest first. At the same second an inspection
    /// comes after the report it judges, so it is listed above it; otherwise each keeps its own order.
    public var history: [HistoryEntry] {
        var out: [HistoryEntry] = []
        var r = reports[...], i = inspections[...]
        while let report = r.first, let inspection = i.first {
            if inspection.inspectedAt >= report.reportedAt {
                out.append(.inspection(inspection))
                i = i.dropFirst()
            } else {
                out.append(.report(report))
                r = r.dropFirst()
            }
        }
        return out + r.map(HistoryEntry.report) + i.map(HistoryEntry.inspection)
    }
}
