extension PaneKind {
    /// Open tasks that turned overdue this week, then those due within the week; Enter opens a task.
    public static let warnings = PaneKind(
        id: .warnings,
        sortColumns: [.deadline, .name],
        rows: { $0.warnings.rows },
        identities: { $0.warnings.rows.map(\.task.id) },
        changed: { old, new in old.warnings == new.warnings ? [] : [ChangeSet.wholePane] },
        open: { o, i in
            let id = o.warnings.rows[i].task.id
            return .load(.task(id), .task(id: id))
        },
        naturalRows: { max(2, min(12, $0?.warnings.rows.count ?? 0)) },
        wide: PaneSlot(column: 2, row: 0, weight: 2),
        medium: PaneSlot(column: 1, row: 1, weight: 2),
        viewRank: 6,
        json: PaneJSON(key: "warnings") { o in WarningsJSON(o.warnings) })
}

extension PaneID {
    public static let warnings = PaneID("warnings")
}
