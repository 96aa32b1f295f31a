import NQ57Core

/// What every pane and drill-down screen draws with: labels and number formats of the language,
/// the as-of day, what changed at the last refresh, and the cells they share.
public struct Panes {
    public var labels: Labels
    public var format: NumberFormat
    public var asOf: CivilDate
    public var changes: ChangeSet
    /// The catalogue, to name a task's technology group.
    public var groups: [Int: TechGroup]
    /// A load is pending: the focused list says so quietly in its title.
    public var loading = false

    public init(language: Language, asOf: CivilDate, changes: ChangeSet = ChangeSet(), groups: [TechGroup] = [], loading: Bool = false) {
        self.loading = loading
        labels = Labels.of(language)
        format = NumberFormat(language)
        self.asOf = asOf
        self.changes = changes
        self.groups = Dictionary(groups.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Draws one overview pane as its `PaneView` says.
    public func pane(_ view: PaneView, _ buffer: inout Buffer, _ rect: Rect, overview: Overview, list: ListState, focused: Bool) {
        view.draw(self, &buffer, rect, PaneInput(overview: overview, list: list, focused: focused, title: view.title(labels)))
    }

    /// A list's row count for its title; while a filter is set, the rows it keeps first: `7/3.321`.
    func counted(_ list: ListState, _ total: String) -> String {
        list.filter.isEmpty ? total : format.integer(list.visible.count) + "/" + total
    }

    // MARK: - Cells the lists share

    func stateCells(_ c: StateCounts, changed: Bool) -> [[Span]] {
        let numberRole: (DerivedState) -> Role = { changed ? .changed : StateBar.role(for: $0) }
        return [
            [Span(format.integer(c.total), changed ? .changed : .value)],
            [Span(format.integer(c.doneOnTime), numberRole(.doneOnTime))],
            [Span(format.integer(c.doneLate), numberRole(.doneLate))],
            [Span(format.integer(c.openOnTime), numberRole(.openOnTime))],
            [Span(format.integer(c.overdue), numberRole(.overdue))],
            [Span(format.percent(c.doneShare, of: c.total), .value)],
        ]
    }

    var stateColumns: [Column] {
        [Column(labels.colTotal, width: 10, align: .right, priority: 2, sort: .total, cell: 0),
         Column(labels.stateShort[.doneOnTime]!, width: 10, align: .right, cell: 1),
         Column(labels.stateShort[.doneLate]!, width: 10, align: .right, cell: 2),
         Column(labels.stateShort[.openOnTime]!, width: 10, align: .right, cell: 3),
         Column(labels.stateShort[.overdue]!, width: 10, align: .right, sort: .overdue, cell: 4),
         Column(labels.colDonePercent, width: 6, align: .right, sort: .donePercent)]
    }

    /// Done on time, done late and open: shown beside a total and the overdue count where there is
    /// room, and the first columns to go when there is not.
    var roomStateColumns: [Column] {
        [Column(labels.stateShort[.doneOnTime]!, width: 9, align: .right, priority: 6, cell: 1),
         Column(labels.stateShort[.doneLate]!, width: 9, align: .right, priority: 5, cell: 2),
         Column(labels.stateShort[.openOnTime]!, width: 9, align: .right, priority: 6, cell: 3)]
    }

    func roomStateCells(_ c: StateCounts) -> [[Span]] {
        [(c.doneOnTime, DerivedState.doneOnTime), (c.doneLate, .doneLate), (c.openOnTime, .openOnTime)]
            .map { [Span(format.integer($0.0), StateBar.role(for: $0.1))] }
    }

    func bar(_ c: StateCounts, _ width: Int) -> [Span] { StateBar.spans(c, width: width) }
}

/// What an overview pane is drawn from.
public struct PaneInput {
    public var overview: Overview
    public var list: ListState
    public var focused: Bool
    /// The pane's title in the language of the labels.
    public var title: String
}
