/// A column a list can be sorted by. Lists name the columns they offer; `s` cycles through them.
public enum SortColumn: String, CaseIterable, Sendable, Hashable {
    /// The order the data came in: catalogue order, code order, arrival order.
    case natural
    case name
    case total
    case donePercent = "done_percent"
    case overdue
    case overdueShare = "overdue_share"
    case deadline
    case progress
    /// Worst first: overdue, open, done late, done on time.
    case severity
    case time
    /// Share of the checked completions sent back (the inspection pane).
    case returnedShare = "returned_share"

    /// Whether the column starts descending when chosen: the larger, the more interesting.
    public var startsDescending: Bool {
        switch self {
        case .total, .overdue, .overdueShare, .time, .severity, .returnedShare: true
        default: false
        }
    }
}

/// A value to sort by.
public enum SortValue: Comparable, Sendable {
    case number(Double)
    case text(String)

    public static func < (a: SortValue, b: SortValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): x < y
        case (.text(let x), .text(let y)): x < y
        case (.number, .text): true
        case (.text, .number): false
        }
    }
}

/// A row a dashboard list can filter and sort.
public protocol ListRow {
    /// The text `/` searches, before folding.
    var searchText: String { get }
    /// The row's value in a column; nil when the column does not apply (sorted as natural order).
    func sortValue(_ column: SortColumn) -> SortValue?
}

/// Rows as a list sees them: how many, and each one's search text and sort values.
///
/// Made from a collection of one row type, it keeps the collection as it is: no row is copied into
/// an `any ListRow` box (issue 14: boxing every row of every pane at each refresh, and freeing the
/// boxes with the previous state, was most of an update).
public struct ListRows {
    public let count: Int
    let searchText: (Int) -> String
    let sortValue: (Int, SortColumn) -> SortValue?

    public init<C: RandomAccessCollection>(_ rows: C) where C.Element: ListRow, C.Index == Int {
        count = rows.count
        let start = rows.startIndex
        searchText = { rows[start + $0].searchText }
        sortValue = { rows[start + $0].sortValue($1) }
    }

    private init(count: Int, searchText: @escaping (Int) -> String, sortValue: @escaping (Int, SortColumn) -> SortValue?) {
        self.count = count
        self.searchText = searchText
        self.sortValue = sortValue
    }

    public static var none: ListRows { ListRows(count: 0, searchText: { _ in "" }, sortValue: { _, _ in nil }) }

    public var indices: Range<Int> { 0..<count }
}

/// Selection, scrolling, filter and sort of one list, kept apart from what is drawn.
public struct ListState: Hashable, Sendable {
    /// Index into `visible` of the selected row.
    public var selected = 0
    /// Index into `visible` of the first row on screen.
    public var offset = 0
    /// The filter as typed.
    public var filter = ""
    /// True while the user types the filter.
    public var isEditingFilter = false
    /// Index into the list's sort columns.
    public var sortIndex = 0
    public var descending = false
    /// A data row kept first whatever the sort (the province itself above its communes).
    public var pinned: Int?
    /// In a table of counts, the count cell the cursor is on (an index into
    /// `DashboardModel.countCells`); nil: the row itself.
    public var cell: Int?
    /// Rows after filtering and sorting, as indexes into the data.
    public private(set) var visible: [Int] = []
    /// Each data row's place (from 1) in the sorted list before the filter: a filtered ranking keeps
    /// its rank numbers (`/ha` shows Hà Nội as 10th, not 1st).
    public private(set) var ranks: [Int] = []
    /// Folded search text of every data row, made when a filter first needs it after the data
    /// arrived (a refresh with no filter set folds nothing).
    private var keys = FoldedKeys()

    public init(sortColumns: [SortColumn] = [.natural]) {
        descending = sortColumns.first?.startsDescending ?? false
    }

    /// The data index of the selected row.
    public var selectedRow: Int? { visible.indices.contains(selected) ? visible[selected] : nil }

    /// Takes new data: keeps filter, sort, and the selection on the same row when it is still there.
    public mutating func setRows<C: RandomAccessCollection>(_ rows: C, columns: [SortColumn], sameRow: (Int) -> Int? = { _ in nil })
    where C.Element: ListRow, C.Index == Int {
        setRows(ListRows(rows), columns: columns, sameRow: sameRow)
    }

    /// Takes new data: keeps filter, sort, and the selection on the same row when it is still there.
    public mutating func setRows(_ rows: ListRows, columns: [SortColumn], sameRow: (Int) -> Int? = { _ in nil }) {
        let previous = selectedRow.flatMap(sameRow)
        keys = FoldedKeys()
        refresh(rows, columns: columns)
        if let previous, let i = visible.firstIndex(of: previous) { selected = i }
        clampSelection()
    }

    /// Filters and sorts again after the filter or sort changed.
    public mutating func refresh<C: RandomAccessCollection>(_ rows: C, columns: [SortColumn]) where C.Element: ListRow, C.Index == Int {
        refresh(ListRows(rows), columns: columns)
    }

    /// Filters and sorts again after the filter or sort changed.
    public mutating func refresh(_ rows: ListRows, columns: [SortColumn]) {
        let query = Search.Query(folded: Search.fold(filter))
        // Sorted first, filtered after: the order is the same, and every row keeps its rank.
        var indexes = Array(rows.indices)
        let column = columns.indices.contains(sortIndex) ? columns[sortIndex] : .natural
        if column != .natural {
            let values = indexes.map { rows.sortValue($0, column) }
            let order = Array(indexes.indices).sorted { a, b in
                switch (values[a], values[b]) {
                case let (x?, y?) where x != y: return descending ? x > y : x < y
                case (nil, _?): return false
                case (_?, nil): return true
                default: return indexes[a] < indexes[b]
                }
            }
            indexes = order.map { indexes[$0] }
        } else if descending {
            indexes.reverse()
        }
        if let pinned, let at = indexes.firstIndex(of: pinned) {
            indexes.remove(at: at)
            indexes.insert(pinned, at: 0)
        }
        ranks = Array(repeating: 0, count: rows.count)
        for (place, i) in indexes.enumerated() { ranks[i] = place + 1 }
        if query.words.isEmpty {
            visible = indexes
        } else {
            if keys.folded == nil { keys.folded = rows.indices.map { Search.fold(rows.searchText($0)) } }
            let folded = keys.folded!
            visible = indexes.filter { folded.indices.contains($0) && query.matches(folded[$0]) }
        }
        clampSelection()
    }

    public mutating func clampSelection() {
        selected = visible.isEmpty ? 0 : min(max(0, selected), visible.count - 1)
        offset = min(offset, max(0, visible.count - 1))
    }

    /// Moves the selection by `delta` rows and scrolls the least needed to keep it in a viewport of `rows`.
    public mutating func move(by delta: Int, viewport rows: Int) {
        guard !visible.isEmpty else { return }
        selected = min(max(0, selected + delta), visible.count - 1)
        scrollToSelection(viewport: rows)
    }

    public mutating func scrollToSelection(viewport rows: Int) {
        let rows = max(1, rows)
        if selected < offset { offset = selected }
        if selected >= offset + rows { offset = selected - rows + 1 }
        offset = max(0, min(offset, max(0, visible.count - rows)))
    }
}

/// The folded search texts of a list's rows, or nil until a filter asks for them: a cache of the
/// rows `setRows` took, so not part of the list's state (two lists that differ only in it are equal).
struct FoldedKeys: Hashable, Sendable {
    var folded: [String]?

    static func == (a: FoldedKeys, b: FoldedKeys) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
}

/// The lists of the drill-down screens, each with the columns it can be sorted by (its first is the
/// default). The overview panes name theirs in their `PaneKind`.
public enum ListKind: Sendable, Hashable {
    case units, tasks, history

    public var sortColumns: [SortColumn] {
        switch self {
        case .history: [.natural]
        case .units: [.overdueShare, .donePercent, .overdue, .total, .name, .natural]
        case .tasks: [.severity, .deadline, .progress, .name]
        }
    }
}

// MARK: - Rows

extension LevelRow: ListRow {
    public var searchText: String { level.rawValue }
    public func sortValue(_ column: SortColumn) -> SortValue? { counts.sortValue(column) }
}

extension GroupRow: ListRow {
    public var searchText: String { group.nameVI + " " + group.nameEN }
    public func sortValue(_ column: SortColumn) -> SortValue? {
        column == .name ? .text(Search.fold(group.nameVI)) : counts.sortValue(column)
    }
}

extension UnitRow: ListRow {
    public var searchText: String { unit.name + " " + unit.code }
    public func sortValue(_ column: SortColumn) -> SortValue? {
        column == .name ? .text(Search.fold(unit.name)) : counts.sortValue(column)
    }
}

extension TaskRow: ListRow {
    public var searchText: String { task.title + " " + task.id + " " + unitName }
    public func sortValue(_ column: SortColumn) -> SortValue? {
        switch column {
        case .name: .text(Search.fold(task.title))
        case .deadline: .number(Double(task.deadline.daysSinceEpoch))
        case .progress: .number(Double(state.progress))
        case .severity: .number(Double(derived.severity * 1_000_000 - task.deadline.daysSinceEpoch))
        default: nil
        }
    }
}

extension ReportRow: ListRow {
    public var searchText: String { taskTitle + " " + report.taskID + " " + unitName }
    public func sortValue(_ column: SortColumn) -> SortValue? {
        column == .time ? .number(Double(report.reportedAt.seconds)) : nil
    }
}

extension Metric: ListRow {
    public var searchText: String { source + " " + asOf.description }
    public func sortValue(_ column: SortColumn) -> SortValue? {
        column == .time ? .number(Double(asOf.daysSinceEpoch)) : nil
    }
}

extension MetricSeries: ListRow {
    public var searchText: String { key }
    public func sortValue(_ column: SortColumn) -> SortValue? { nil }
}

extension Report: ListRow {
    public var searchText: String { note + " " + reportedBy + " " + status.rawValue }
    public func sortValue(_ column: SortColumn) -> SortValue? {
        column == .time ? .number(Double(reportedAt.seconds)) : nil
    }
}

extension DerivedState {
    /// 3 for overdue down to 0 for done on time: what "worst first" sorts by.
    public var severity: Int {
        switch self {
        case .overdue: 3
        case .openOnTime: 2
        case .doneLate: 1
        case .doneOnTime: 0
        }
    }
}

extension StateCounts {
    func sortValue(_ column: SortColumn) -> SortValue? {
        switch column {
        case .total: .number(Double(total))
        case .donePercent: .number(doneShare)
        case .overdue: .number(Double(overdue))
        case .overdueShare: .number(overdueShare)
        default: nil
        }
    }
}
