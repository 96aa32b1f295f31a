extension PaneKind {
    /// The live feed: the newest reports, inspections and proposals' status moves, merged by time
    /// (`Overview.feed`); Enter opens a report's or an inspection's task, or a proposal's history.
    public static let reports = PaneKind(
        id: .reports,
        rows: { $0.feed },
        identities: { $0.feed.map(\.identity) },
        // Rows that arrived: not there before, and newer in their own table than the newest of their kind that was.
        changed: { old, new in
            let before = old.feed
            let seen = Set(before.map(\.identity))
            var newest: [Int: Int64] = [:]
            for row in before { newest[row.tieRank] = max(newest[row.tieRank] ?? .min, row.rowID) }
            return Set(new.feed.filter { !seen.contains($0.identity) && $0.rowID > newest[$0.tieRank] ?? .min }.map(\.identity))
        },
        open: { o, i in
            switch o.feed[i] {
            case .report(let r): .load(.task(r.report.taskID), .task(id: r.report.taskID))
            case .inspection(let r): .load(.task(r.inspection.taskID), .task(id: r.inspection.taskID))
            case .proposal(let r): .load(.proposal(r.proposalID), .proposal(id: r.proposalID))
            }
        },
        naturalRows: { max(2, min(20, $0?.feedCount ?? 0)) },
        wide: PaneSlot(column: 2, row: 1, weight: 3),
        medium: PaneSlot(column: 1, row: 2, weight: 3),
        viewRank: 5,
        rotates: true,
        json: PaneJSON(key: "latest_reports") { o in o.latestReports.map(ReportJSON.init) })
}

extension PaneID {
    public static let reports = PaneID("reports")
}

/// A report of the feed in `snapshot --format json`.
public struct ReportJSON: Encodable, Sendable {
    var id: Int64
    var task_id, reported_at, status, note, reported_by, unit_code, derived_state: String
    var progress: Int
    var unit_name: String
    var province: String?

    init(_ row: ReportRow) {
        let r = row.report
        (unit_name, province) = (row.unitName, row.provinceName)
        (id, task_id, reported_at, status, note, reported_by) =
            (r.id, r.taskID, r.reportedAt.vietnamISO, r.status.rawValue, r.note, r.reportedBy)
        (unit_code, derived_state, progress) = (row.unitCode, row.derived.rawValue, r.progress)
    }
}
