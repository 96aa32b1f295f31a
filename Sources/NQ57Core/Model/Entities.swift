/// A unit that is assigned tasks: the Steering Committee, a ministry, a province or a commune.
public struct AdminUnit: Hashable, Sendable, Identifiable {
    /// Statistics-office code (province 2 digits, commune 5) or a central body's abbreviation.
    public var code: String
    public var level: Level
    /// Vietnamese name, NFC.
    public var name: String
    /// `municipality`, `province`, `ward`, `commune`, `special_zone`, `ministry`…
    public var kind: String
    /// The province a commune belongs to; nil for provinces and central bodies.
    public var parentCode: String?
    /// Short names for narrow columns (issue 11 §6), Vietnamese and English; empty where the
    /// reference data gives none (the name is short enough).
    public var short = ShortName()

    public var id: String { code }

    public init(code: String, level: Level, name: String, kind: String, parentCode: String? = nil) {
        self.code = code
        self.level = level
        self.name = name
        self.kind = kind
        self.parentCode = parentCode
    }

    /// The province whose figures include this unit's tasks: itself, its parent, or none.
    public var provinceCode: String? {
        switch level {
        case .central: nil
        case .province: code
        case .commune: parentCode
        }
    }
}

/// One of the six highlight areas of the six-month review, in the review's order.
public struct Area: Hashable, Sendable, Identifiable {
    public var id: Int
    public var nameVI: String
    public var nameEN: String

    public init(id: Int, nameVI: String, nameEN: String) {
        self.id = id
        self.nameVI = nameVI
        self.nameEN = nameEN
    }
}

/// How sure the catalogue is of a technology group's name (the `verified` column).
public enum Verification: String, Sendable, Codable, CaseIterable {
    case yes
    case nameOnly = "name-only"
    case toVerify = "to-verify"

    public var isVerified: Bool { self == .yes }
}

/// A strategic technology group of the current catalogue (Decision 1131/QĐ-TTg by default).
public struct TechGroup: Hashable, Sendable, Identifiable {
    public var id: Int
    public var nameVI: String
    public var nameEN: String
    public var productGroups: Int?
    public var verified: Verification
    /// Short names for narrow columns (issue 11 §6); empty when the catalogue gives none.
    public var short: ShortName

    public init(id: Int, nameVI: String, nameEN: String, productGroups: Int? = nil, verified: Verification,
                short: ShortName = ShortName()) {
        self.id = id
        self.nameVI = nameVI
        self.nameEN = nameEN
        self.productGroups = productGroups
        self.verified = verified
        self.short = short
    }
}

/// A task assigned to a unit, as planned; its progress lives in reports.
public struct TaskRecord: Hashable, Sendable, Identifiable {
    public var id: String
    /// Vietnamese title, stored as given.
    public var title: String
    /// `NQ57`, `KH01`, `KH02-KH/BCĐTW`…
    public var plan: String
    /// Highlight area, 1–6.
    public var area: Int
    /// Strategic technology group, when the task serves one.
    public var techGroup: Int?
    public var level: Level
    public var unitCode: String
    public var deadline: CivilDate

    public init(id: String, title: String, plan: String, area: Int, techGroup: Int?, level: Level, unitCode: String, deadline: CivilDate) {
        self.id = id
        self.title = title
        self.plan = plan
        self.area = area
        self.techGroup = techGroup
        self.level = level
        self.unitCode = unitCode
        self.deadline = deadline
    }
}

/// One entry of a task's append-only report history.
public struct Report: Hashable, Sendable {
    /// Row id in the store: increases with arrival, so the newest arrivals are the largest.
    public var id: Int64
    public var taskID: String
    public var reportedAt: Timestamp
    public var status: ReportStatus
    public var progress: Int
    public var note: String
    public var reportedBy: String

    public init(id: Int64, taskID: String, reportedAt: Timestamp, status: ReportStatus, progress: Int, note: String, reportedBy: String) {
        self.id = id
        self.taskID = taskID
        self.reportedAt = reportedAt
        self.status = status
        self.progress = progress
        self.note = note
        self.reportedBy = reportedBy
    }
}

/// A dated ecosystem figure with its source. Figures from different sources disagree; each keeps both.
public struct Metric: Hashable, Sendable {
    public var key: String
    public var value: Double
    public var asOf: CivilDate
    /// "more than", or nil.
    public var qualifier: String?
    public var source: String
    /// The source in Vietnamese, empty when none was given (a figure entered by hand keeps its one source).
    public var sourceVI: String

    public init(key: String, value: Double, asOf: CivilDate, qualifier: String? = nil, source: String, sourceVI: String = "") {
        self.key = key
        self.value = value
        self.asOf = asOf
        self.qualifier = qualifier
        self.source = source
        self.sourceVI = sourceVI
    }
}

/// Every figure of one key, oldest first.
public struct MetricSeries: Hashable, Sendable {
    public var key: String
    public var points: [Metric]
    /// The figure's names from the catalogue; nil for a key the catalogue does not hold.
    public var name: FigureName?

    public init(key: String, points: [Metric], name: FigureName? = nil) {
        self.key = key
        self.points = points
        self.name = name
    }

    public var latest: Metric? { points.last }
    /// The figures newest first, as a history lists them.
    public var newestFirst: [Metric] { points.reversed() }
    /// The figure before the latest, to show the change.
    public var previous: Metric? { points.count >= 2 ? points[points.count - 2] : nil }
    public var change: Double? {
        guard let latest, let previous else { return nil }
        return latest.value - previous.value
    }
}
