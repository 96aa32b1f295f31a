extension PaneKind {
    /// Tasks by strategic technology group; Enter lists a group's tasks.
    public static let techGroups = PaneKind(
        id: .techGroups,
        sortColumns: [.natural, .donePercent, .overdue, .total],
        rows: { $0.techGroups },
        identities: { $0.techGroups.map { String($0.group.id) } },
        changed: { ChangeSet.differing($0.techGroups, $1.techGroups, id: { String($0.group.id) }, value: \.counts) },
        open: { o, i in .load(.tasks(.techGroup(o.techGroups[i].group.id)), .group(id: o.techGroups[i].group.id)) },
        naturalRows: { max(1, $0?.techGroups.count ?? 11) },
        detailRows: 1,
        wide: PaneSlot(column: 0, row: 0, fixed: true),
        medium: PaneSlot(column: 0, row: 0, fixed: true),
        viewRank: 3,
        rotates: true,
        json: PaneJSON(key: "tech_groups") { o in o.techGroups.map(GroupJSON.init) })
}

extension PaneID {
    public static let techGroups = PaneID("tech")
}

/// A technology group's counts in `snapshot --format json`.
public struct GroupJSON: Encodable, Sendable {
    var id: Int
    var name: String
    var name_en: String
    var verified: String
    var total, done, overdue: Int

    init(_ row: GroupRow) {
        (id, name, name_en, verified) = (row.group.id, row.group.nameVI, row.group.nameEN, row.group.verified.rawValue)
        (total, done, overdue) = (row.counts.total, row.counts.done, row.counts.overdue)
    }
}
