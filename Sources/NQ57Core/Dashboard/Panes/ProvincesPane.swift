extension PaneKind {
    /// Every province with its communes' tasks, most behind first; Enter lists its communes.
    public static let provinces = PaneKind(
        id: .provinces,
        sortColumns: [.overdueShare, .donePercent, .overdue, .total, .name],
        rows: { $0.provinces },
        identities: { $0.provinces.map(\.unit.code) },
        changed: { ChangeSet.differing($0.provinces, $1.provinces, id: \.unit.code, value: \.counts) },
        open: { o, i in .load(.units(.communes(province: o.provinces[i].unit.code)), .unit(name: o.provinces[i].unit.name)) },
        naturalRows: { max(1, $0?.provinces.count ?? 34) },
        wide: PaneSlot(column: 1, row: 0, weight: 1),
        medium: PaneSlot(column: 1, row: 0, weight: 4),
        viewRank: 2,
        rotates: true,
        json: PaneJSON(key: "provinces") { o in o.provinces.map(UnitJSON.init) })
}

extension PaneID {
    public static let provinces = PaneID("provinces")
}
