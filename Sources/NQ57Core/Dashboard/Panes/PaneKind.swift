/// The name of an overview pane: its key in the pane table and its view's name (`--view tech`).
public struct PaneID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }
}

/// What Enter on a pane's row opens.
public enum PaneOpening {
    /// A drill-down screen whose data the store loads.
    case load(Screen, Crumb)
    /// A drill-down screen whose data is already at hand.
    case show(Frame)
}

/// A pane's place in one of the overview's column layouts: its column, its order in the column,
/// and either its natural height (`fixed`) or a share of what the fixed panes leave (`weight`).
public struct PaneSlot: Sendable, Hashable {
    public var column: Int
    public var row: Int
    public var fixed: Bool
    public var weight: Int

    public init(column: Int, row: Int, fixed: Bool = false, weight: Int = 1) {
        self.column = column
        self.row = row
        self.fixed = fixed
        self.weight = weight
    }
}

/// A pane's part of `snapshot --format json`: a top-level key and the rows under it.
public struct PaneJSON: Sendable {
    public var key: String
    public var value: @Sendable (Overview) -> any Encodable & Sendable
    /// Further keys of the same pane (the feed adds `feed` beside `latest_reports`), after `key`.
    public var more: [PaneJSON]

    public init(key: String, more: [PaneJSON] = [], value: @escaping @Sendable (Overview) -> any Encodable & Sendable) {
        self.key = key
        self.value = value
        self.more = more
    }

    /// This key and the pane's further keys, with their values for `o`.
    func entries(_ o: Overview) -> [(key: String, value: any Encodable & Sendable)] {
        [(key, value(o))] + more.flatMap { $0.entries(o) }
    }
}

/// The data side of one overview pane, in one place: its rows in the overview, their identities,
/// how it sorts, what Enter opens, how tall it is, where the layouts put it, its view and its JSON.
/// How it is drawn is its `PaneView` in NQ57Render. Registered in `PaneTable`.
public struct PaneKind: Sendable {
    public var id: PaneID
    /// Columns `s` cycles through; the first is the default.
    public var sortColumns: [SortColumn]
    /// The pane's rows, from the overview.
    public var rows: @Sendable (Overview) -> ListRows
    /// A stable identity per row, so the selection stays on its row across refreshes.
    public var identities: @Sendable (Overview) -> [String]
    /// The identities of the rows that changed between two overviews (live mode highlights them);
    /// `ChangeSet.wholePane` for a change of the pane as a whole.
    public var changed: @Sendable (_ old: Overview, _ new: Overview) -> Set<String>
    /// What Enter on the row at a data index opens; nil when nothing.
    public var open: @Sendable (Overview, Int) -> PaneOpening?
    /// Rows of data the pane shows at its natural height (the overview may not be loaded yet).
    public var naturalRows: @Sendable (Overview?) -> Int
    /// Rows under the list (the levels' total, the focused figure's source).
    public var detailRows: Int
    /// Across the top of the medium and wide layouts (the levels strip).
    public var strip: Bool
    public var wide: PaneSlot?
    public var medium: PaneSlot?
    /// Its place among the views (`v`, `1`–`9`); the overview is 0.
    public var viewRank: Int
    /// A wall screen's `--rotate` shows this pane's view.
    public var rotates: Bool
    public var json: PaneJSON?

    public init<Rows: RandomAccessCollection>(
                id: PaneID, sortColumns: [SortColumn] = [.natural], rows: @escaping @Sendable (Overview) -> Rows,
                identities: @escaping @Sendable (Overview) -> [String],
                changed: @escaping @Sendable (Overview, Overview) -> Set<String> = { _, _ in [] }, open: @escaping @Sendable (Overview, Int) -> PaneOpening?,
                naturalRows: @escaping @Sendable (Overview?) -> Int, detailRows: Int = 0, strip: Bool = false,
                wide: PaneSlot? = nil, medium: PaneSlot? = nil, viewRank: Int, rotates: Bool = false, json: PaneJSON? = nil)
    where Rows.Element: ListRow, Rows.Index == Int, Rows: SendableMetatype {
        self.id = id
        self.sortColumns = sortColumns
        self.rows = { ListRows(rows($0)) }
        self.identities = identities
        self.changed = changed
        self.open = open
        self.naturalRows = naturalRows
        self.detailRows = detailRows
        self.strip = strip
        self.wide = wide
        self.medium = medium
        self.viewRank = viewRank
        self.rotates = rotates
        self.json = json
    }
}

/// The overview's panes, in Tab order: the one table a new pane is added to (with its drawing in
/// NQ57Render's `PaneViews`).
public struct PaneTable: Sendable, Hashable {
    public private(set) var kinds: [PaneKind]

    public init(_ kinds: [PaneKind]) { self.kinds = kinds }

    public static let standard = PaneTable([.levels, .metrics, .techGroups, .provinces, .warnings, .reports, .inspection, .proposals])

    /// Adds a pane after the others, or replaces the one with its id.
    public mutating func register(_ kind: PaneKind) {
        if let i = kinds.firstIndex(where: { $0.id == kind.id }) { kinds[i] = kind } else { kinds.append(kind) }
    }

    public var ids: [PaneID] { kinds.map(\.id) }

    public subscript(id: PaneID) -> PaneKind? { kinds.first { $0.id == id } }

    /// The overview, then every pane's view by rank.
    public var views: [View] {
        [.overview] + kinds.sorted { $0.viewRank < $1.viewRank }.map { View(pane: $0.id) }
    }

    /// The views a wall screen cycles through with `--rotate`.
    public var rotation: [View] {
        [.overview] + kinds.filter(\.rotates).sorted { $0.viewRank < $1.viewRank }.map { View(pane: $0.id) }
    }

    /// The view named on the command line (`overview`, `tech`).
    public func view(named name: String) -> View? { views.first { $0.rawValue == name } }

    public static func == (a: PaneTable, b: PaneTable) -> Bool { a.ids == b.ids }
    public func hash(into hasher: inout Hasher) { hasher.combine(ids) }
}
