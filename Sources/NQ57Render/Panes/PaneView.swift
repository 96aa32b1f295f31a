import NQ57Core

/// The drawing side of one overview pane, in one place: its title, its view's name, how it draws,
/// and where it goes in the text snapshot. What it shows and does is its `PaneKind` in NQ57Core.
public struct PaneView: Sendable {
    public var id: PaneID
    public var title: @Sendable (Labels) -> String
    /// The view's name in the header and breadcrumb.
    public var viewName: @Sendable (Labels) -> String
    public var draw: @Sendable (Panes, inout Buffer, Rect, PaneInput) -> Void
    /// Its place in the overview snapshot (lower first) and the most rows it shows there (nil: its
    /// natural rows); nil when the overview snapshot leaves it out.
    public var snapshot: (rank: Int, rows: Int?)?

    public init(id: PaneID, title: @escaping @Sendable (Labels) -> String, viewName: @escaping @Sendable (Labels) -> String,
                snapshot: (rank: Int, rows: Int?)? = nil, draw: @escaping @Sendable (Panes, inout Buffer, Rect, PaneInput) -> Void) {
        self.id = id
        self.title = title
        self.viewName = viewName
        self.snapshot = snapshot
        self.draw = draw
    }

    /// A built-in pane, titled and named from the label tables.
    init(_ id: PaneID, snapshot: (rank: Int, rows: Int?)? = nil, draw: @escaping @Sendable (Panes, inout Buffer, Rect, PaneInput) -> Void) {
        self.init(id: id, title: { $0.paneTitles[id]! }, viewName: { $0.viewNames[View(pane: id)]! }, snapshot: snapshot, draw: draw)
    }
}

/// How each overview pane is drawn: the table a new pane's `PaneView` is added to.
public struct PaneViews: Sendable {
    public private(set) var views: [PaneID: PaneView]

    public init(_ views: [PaneView]) {
        self.views = Dictionary(views.map { ($0.id, $0) }, uniquingKeysWith: { _, b in b })
    }

    public static let standard = PaneViews([.levels, .metrics, .techGroups, .provinces, .warnings, .reports, .inspection, .proposals])

    public mutating func register(_ view: PaneView) { views[view.id] = view }

    public subscript(id: PaneID) -> PaneView? { views[id] }

    /// The name of a view in the header and breadcrumb.
    func name(of view: View, _ labels: Labels) -> String {
        view.pane.flatMap { views[$0]?.viewName(labels) } ?? labels.viewNames[.overview]!
    }
}
