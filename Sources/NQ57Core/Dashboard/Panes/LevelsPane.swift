extension PaneKind {
    /// Tasks by administrative level, with all levels together under the list.
    public static let levels = PaneKind(
        id: .levels,
        rows: { $0.levels },
        identities: { $0.levels.map(\.level.rawValue) },
        changed: { ChangeSet.differing($0.levels, $1.levels, id: \.level.rawValue, value: \.counts) },
        open: { o, i in .load(.units(.level(o.levels[i].level)), .level(o.levels[i].level)) },
        naturalRows: { _ in Level.allCases.count },
        detailRows: 1,
        strip: true,
        viewRank: 1,
        json: PaneJSON(key: "levels") { o in o.levels.map(LevelJSON.init) })
}

extension PaneID {
    public static let levels = PaneID("levels")
}

/// A level's counts in `snapshot --format json`.
public struct LevelJSON: Encodable, Sendable {
    var level: String
    var total, done_on_time, done_late, open_on_time, overdue: Int

    init(_ row: LevelRow) {
        level = row.level.rawValue
        (total, done_on_time, done_late, open_on_time, overdue) =
            (row.counts.total, row.counts.doneOnTime, row.counts.doneLate, row.counts.openOnTime, row.counts.overdue)
    }
}
