/// Narrowing task lists to one state, in the store over every task of the scope (issue 11 §3).
///
/// On a task list, `f` steps the list through overdue, open, done late, done on time, returned by an
/// inspection and back to every state. On a row of units, levels or technology groups (an overview
/// pane or a drill-down), it opens that row's overdue tasks: a province's with its communes', a
/// level's, a group's; on a province's row of the inspection pane, the tasks returned there.
///
/// In those tables of counts, ←/→ move a cell cursor over the count columns (as a spreadsheet or
/// VisiData does): → from the row goes to its total, on to done on time, done late, open and
/// overdue; ← goes back and, from the total, to the row again. Enter on a cell opens exactly the
/// tasks it counts; on the row, Enter drills down as before. Esc leaves the cells.
extension DashboardModel {
    /// The order `f` steps through; nil is every state.
    public static let stateFilterOrder: [TaskFilter?] = [.overdue, .openOnTime, .doneLate, .doneOnTime, .returned, nil]

    /// The count cells of a table of counts, left to right as the columns are drawn: the total (every
    /// task of the row), then each derived state.
    public static let countCells: [TaskFilter?] = [nil, .doneOnTime, .doneLate, .openOnTime, .overdue]

    mutating func filterByState() -> [Effect] {
        if let effects = filterProposalsByState() { return effects }  // a body's proposals: ProposalsPane.swift
        if let frame, case .tasks(let scope) = frame.screen {
            let order = Self.stateFilterOrder
            let next = order[((order.firstIndex(of: scope.state) ?? order.count - 1) + 1) % order.count]
            let screen = Screen.tasks(next.map { .inState(scope.base, $0) } ?? scope.base)
            var replaced = Frame(screen: screen, crumb: frame.crumb)
            replaced.list.sortIndex = frame.list.sortIndex
            replaced.list.descending = frame.list.descending
            stack[stack.count - 1] = replaced
            return [.loadFrame(depth: stack.count - 1, screen: screen)]
        }
        // On the inspection pane, a province's row: the tasks its inspectors returned, with its communes'.
        if stack.isEmpty, focus == .inspection, let rows = overview?.inspection?.provinces,
           let i = panes[focus]?.selectedRow, rows.indices.contains(i) {
            return openTasks(.province(rows[i].key), .returned, .unit(name: rows[i].name))
        }
        guard let (scope, crumb) = selectedScope(ownRow: false) else { return [] }
        return openTasks(scope, .overdue, crumb)
    }

    /// True when the current list is a table of counts per row, whose count cells Enter can open.
    public var isCountTable: Bool {
        if let frame {
            if case .units = frame.screen { return true }
            return false
        }
        return [.levels, .provinces, .techGroups].contains(focus) && !isEditingFilter
    }

    /// The count cell the cursor is on in the current list, if it is a table of counts.
    public var countCell: Int? { isCountTable ? currentList?.cell : nil }

    /// ←, →, Enter and Esc over the count cells; nil when the key does what it does elsewhere.
    mutating func countCellKey(_ key: Key) -> [Effect]? {
        guard isCountTable, let list = currentList else { return nil }
        let last = Self.countCells.count - 1
        switch key {
        case .right, .char("l"):
            setCell(list.cell.map { min($0 + 1, last) } ?? 0)
            return []
        case .left, .char("h"):
            guard let c = list.cell else { return nil }
            setCell(c == 0 ? nil : c - 1)
            return []
        case .escape:
            guard list.cell != nil else { return nil }
            setCell(nil)
            return []
        case .enter:
            guard let c = list.cell, Self.countCells.indices.contains(c) else { return nil }
            guard let (scope, crumb) = selectedScope(ownRow: true) else { return [] }
            return openTasks(scope, Self.countCells[c], crumb)
        default:
            return nil
        }
    }

    private mutating func setCell(_ cell: Int?) {
        if stack.isEmpty { panes[focus]?.cell = cell } else { stack[stack.count - 1].list.cell = cell }
    }

    private mutating func openTasks(_ scope: TaskScope, _ filter: TaskFilter?, _ crumb: Crumb) -> [Effect] {
        let screen = Screen.tasks(filter.map { .inState(scope, $0) } ?? scope)
        stack.append(Frame(screen: screen, crumb: crumb))
        return [.loadFrame(depth: stack.count - 1, screen: screen)]
    }

    /// The task scope of the selected row of a units list or of the levels, provinces or groups pane.
    /// `ownRow`: the province's own row leading its communes stands for its own tasks (what its counts
    /// count), else for the province with its communes (`f`'s three-key path).
    private func selectedScope(ownRow: Bool) -> (TaskScope, Crumb)? {
        if let frame {
            guard let i = frame.list.selectedRow, case .units(let rows)? = frame.data, rows.indices.contains(i) else { return nil }
            let row = rows[i]
            if row.unit.level == .province {
                if ownRow && !row.includesCommunes { return (.unit(row.unit.code), .ownTasks(name: row.unit.name)) }
                return (.province(row.unit.code), .unit(name: row.unit.name))
            }
            return (.unit(row.unit.code), Crumb.of(row.unit.name, province: row.provinceName))
        }
        guard let o = overview, let i = panes[focus]?.selectedRow else { return nil }
        switch focus {
        case .levels where o.levels.indices.contains(i):
            return (.level(o.levels[i].level), .level(o.levels[i].level))
        case .provinces where o.provinces.indices.contains(i):
            return (.province(o.provinces[i].unit.code), .unit(name: o.provinces[i].unit.name))
        case .techGroups where o.techGroups.indices.contains(i):
            return (.techGroup(o.techGroups[i].group.id), .group(id: o.techGroups[i].group.id))
        default:
            return nil
        }
    }
}
