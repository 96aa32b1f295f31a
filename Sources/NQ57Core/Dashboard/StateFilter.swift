/// `f`: narrow to one derived state, in the store over every task of the scope (issue 11 §3).
///
/// On a task list, `f` steps the list through overdue, open, done late, done on time and back to
/// every state. On a row of units, levels or technology groups (an overview pane or a drill-down),
/// it opens that row's overdue tasks: a province's with its communes', a level's, a group's.
extension DashboardModel {
    /// The order `f` steps through; nil is every state.
    public static let stateFilterOrder: [DerivedState?] = [.overdue, .openOnTime, .doneLate, .doneOnTime, nil]

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
        guard let (scope, crumb) = selectedScope() else { return [] }
        let screen = Screen.tasks(.inState(scope, .overdue))
        stack.append(Frame(screen: screen, crumb: crumb))
        return [.loadFrame(depth: stack.count - 1, screen: screen)]
    }

    /// The task scope of the selected row of a units list or of the levels, provinces or groups pane.
    private func selectedScope() -> (TaskScope, Crumb)? {
        if let frame {
            guard let i = frame.list.selectedRow, case .units(let rows)? = frame.data, rows.indices.contains(i) else { return nil }
            let row = rows[i]
            // A province's row, in the provinces list or leading its communes: its tasks with its
            // communes' (its own tasks alone are one Enter away).
            if row.unit.level == .province { return (.province(row.unit.code), .unit(name: row.unit.name)) }
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
