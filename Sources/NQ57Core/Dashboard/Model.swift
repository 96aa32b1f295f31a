/// The language of labels and number formats.
public enum Language: String, CaseIterable, Sendable {
    case vi
    case en

    public var other: Language { self == .vi ? .en : .vi }
}

/// What the body shows when nothing is drilled into: every pane, or one of them on the whole screen.
/// The views are the overview and one per pane of the `PaneTable`, named as the pane is.
public struct View: Hashable, Sendable {
    /// The pane a single-pane view shows; nil for the overview.
    public let pane: PaneID?

    public init(pane: PaneID?) { self.pane = pane }

    /// The view's name on the command line and in `--view`.
    public var rawValue: String { pane?.rawValue ?? "overview" }

    public static let overview = View(pane: nil)
    public static let levels = View(pane: .levels)
    public static let provinces = View(pane: .provinces)
    public static let tech = View(pane: .techGroups)
    public static let metrics = View(pane: .metrics)
    public static let reports = View(pane: .reports)
    public static let warnings = View(pane: .warnings)
}

/// A drill-down screen.
public enum Screen: Hashable, Sendable {
    case units(UnitScope)
    case tasks(TaskScope)
    case task(String)
    case metric(String)
    /// A responsible body's pending proposals (`-`: not yet assigned), or with `state` (`f`) its
    /// proposals in that derived state.
    case proposals(body: String, state: ProposalState? = nil)
    /// One proposal's status history.
    case proposal(String)

    public var listKind: ListKind {
        switch self {
        case .units: .units
        case .tasks: .tasks
        case .task, .metric, .proposals, .proposal: .history
        }
    }
}

/// One step of the breadcrumb, translated where it is drawn.
public enum Crumb: Hashable, Sendable {
    case level(Level)
    case unit(name: String)
    /// A commune, under its province: the breadcrumb shows both unless the province is the step before.
    case commune(name: String, province: String)
    case ownTasks(name: String)
    case group(id: Int)
    case task(id: String)
    case metric(key: String)
    case proposalsOf(body: String, name: String)
    case proposal(id: String)
}

extension Crumb {
    /// A unit's step: a commune's names its province.
    public static func of(_ name: String, province: String?) -> Crumb {
        province.map { .commune(name: name, province: $0) } ?? .unit(name: name)
    }
}

/// The data of a drill-down screen.
public enum FrameData: Hashable, Sendable {
    case units([UnitRow])
    case tasks(TaskPage)
    case task(TaskDetail?)
    case metric(MetricSeries?)
    case proposals([Proposal])
    case proposal(ProposalDetail?)
}

/// A drill-down screen with its data and list state.
public struct Frame: Hashable, Sendable {
    public var screen: Screen
    public var crumb: Crumb
    public var data: FrameData?
    public var list: ListState
    /// Why the data could not be read, when it could not.
    public var error: String?
    /// The same in Vietnamese, when the error gives it (issue 11 §8).
    public var errorVI: String?
    /// Loads of this screen's data asked for and not answered yet.
    public var pendingLoads = 0
    /// A load of this screen's data was asked for and has not answered yet.
    public var loading: Bool { pendingLoads > 0 }

    public init(screen: Screen, crumb: Crumb) {
        self.screen = screen
        self.crumb = crumb
        list = ListState(sortColumns: screen.listKind.sortColumns)
    }

    /// For a communes list, the province itself comes first, standing for its own tasks.
    public var unitRows: [UnitRow] {
        if case .units(let rows)? = data { return rows }
        return []
    }
}

/// Live refresh: how often, whether paused, and what the last check saw.
public struct LiveState: Hashable, Sendable {
    public var interval: Int
    public var paused = false
    public var lastCheck: Timestamp?
    public var lastToken: Int64?
    /// When the data was last confirmed current.
    public var updatedAt: Timestamp?

    public init(interval: Int) { self.interval = max(1, interval) }

    public static let intervals = 1...3600
}

/// Why the data on screen may be old, and since when.
public struct Staleness: Hashable, Sendable {
    public var since: Timestamp
    public var reason: String
    /// The cause is a missing permission: the screen explains it in its language.
    public var denied: NQ57Error.Denied?
    /// The reason in Vietnamese, when the error gives one (a screen in Vietnamese shows it).
    public var reasonVI: String?

    public init(since: Timestamp, reason: String, denied: NQ57Error.Denied? = nil, reasonVI: String? = nil) {
        self.since = since
        self.reason = reason
        self.denied = denied
        self.reasonVI = reasonVI
    }
}

/// What changed at the last live refresh, to highlight until the next one: per pane, the
/// identities (as its `PaneKind.identities` gives them) of the rows that changed.
public struct ChangeSet: Hashable, Sendable {
    public var rows: [PaneID: Set<String>] = [:]

    public init() {}

    /// The identity that stands for the pane as a whole (its title's note), not one row.
    public static let wholePane = "*"

    public var isEmpty: Bool { rows.values.allSatisfy(\.isEmpty) }

    /// The changed rows of a pane.
    public subscript(pane: PaneID) -> Set<String> { rows[pane] ?? [] }

    public func contains(_ pane: PaneID, _ identity: String) -> Bool { rows[pane]?.contains(identity) ?? false }

    /// The differences between two overviews, as each pane of the table sees them.
    public static func between(_ old: Overview, _ new: Overview, panes: PaneTable = .standard) -> ChangeSet {
        var c = ChangeSet()
        for kind in panes.kinds {
            let changed = kind.changed(old, new)
            if !changed.isEmpty { c.rows[kind.id] = changed }
        }
        return c
    }

    /// The identities of the rows of `new` whose value is not the same in `old` (or not there).
    public static func differing<Row, Value: Equatable>(_ old: [Row], _ new: [Row], id: (Row) -> String, value: (Row) -> Value) -> Set<String> {
        let before = Dictionary(old.map { (id($0), value($0)) }, uniquingKeysWith: { a, _ in a })
        return Set(new.filter { before[id($0)] != value($0) }.map(id))
    }
}

/// Everything the dashboard shows, and nothing about how: the state `update` changes and panes draw.
public struct DashboardModel: Hashable, Sendable {
    public var width: Int
    public var height: Int
    public var language: Language
    /// The as-of date given on the command line; nil follows the clock (Vietnam's day).
    public var fixedAsOf: CivilDate?
    public var now: Timestamp
    public var view: View = .overview
    public var focus: PaneID
    /// The overview's panes: what each shows and does.
    public var paneTable: PaneTable
    public var overview: Overview?
    /// Loads of the overview asked for and not answered yet (`r` twice asks twice).
    public var pendingOverviewLoads = 0
    /// A load of the overview was asked for and has not answered yet.
    public var loadingOverview: Bool { pendingOverviewLoads > 0 }
    public var panes: [PaneID: ListState]
    /// Drill-down screens, innermost last; empty on the overview.
    public var stack: [Frame] = []
    public var showHelp = false
    /// A report opened whole (issue 11 §7), drawn over the screen; nil when none is.
    public var reader: ReaderState?
    /// The first help line shown, when the help is taller than the screen.
    public var helpScroll = 0
    /// The go-to prompt, while it is open.
    public var goTo: GoToState?
    public var live: LiveState?
    /// Seconds between views on a wall screen; nil when not rotating.
    public var rotateEvery: Int?
    public var lastRotation: Timestamp?
    public var stale: Staleness?
    public var changes = ChangeSet()
    public var themes: [String]
    public var theme: String
    /// A one-line message for the footer (a theme warning, a load error), cleared by the next key.
    public var notice: String?
    public var quitting = false
    /// The mouse is reported (clicks select, the wheel scrolls); off, the terminal's own selection
    /// copies text. `m` toggles it; `--no-mouse` starts with it off.
    public var mouse = true
    /// The account logged in (a PostgreSQL login, or the operating-system login mapped to a SQLite
    /// account), shown in the header; nil when the database has no accounts.
    public var account: String?
    /// On a PostgreSQL hot standby: the server read and how far behind it is; nil elsewhere.
    public var replica: ReplicaStatus?

    public init(width: Int, height: Int, language: Language = .vi, now: Timestamp, fixedAsOf: CivilDate? = nil,
                live: LiveState? = nil, rotateEvery: Int? = nil, themes: [String] = ["dark"], theme: String = "dark",
                paneTable: PaneTable = .standard) {
        self.width = width
        self.height = height
        self.language = language
        self.now = now
        self.fixedAsOf = fixedAsOf
        self.live = live
        self.rotateEvery = rotateEvery.map { max(1, $0) }
        self.themes = themes.isEmpty ? [theme] : themes
        self.theme = theme
        self.paneTable = paneTable
        focus = paneTable.ids.first ?? .levels
        panes = Dictionary(uniqueKeysWithValues: paneTable.kinds.map { ($0.id, ListState(sortColumns: $0.sortColumns)) })
    }

    /// The date states are judged on.
    public var asOf: CivilDate { fixedAsOf ?? now.vietnamDate }

    /// The innermost drill-down, if any.
    public var frame: Frame? { stack.last }

    /// True while a list takes typed characters as filter text.
    public var isEditingFilter: Bool {
        if let frame { return frame.list.isEditingFilter }
        return panes[focus]?.isEditingFilter ?? false
    }
}
