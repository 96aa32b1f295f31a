extension PaneKind {
    /// The newest reports; Enter opens the report's task.
    public static let reports = PaneKind(
        id: .reports,
        rows: { $0.latestReports },
        identities: { $0.latestReports.map { String($0.report.id) } },
        // Reports that arrived: not there before, and newer than the newest that was.
        changed: { old, new in
            let before = Set(old.latestReports.map(\.report.id))
            let newest = old.latestReports.map(\.report.id).max() ?? Int64.min
            return Set(new.latestReports.filter { !before.contains($0.report.id) && $0.report.id > newest }.map { String($0.report.id) })
        },
        open: { o, i in
            let id = o.latestReports[i].report.taskID
            return .load(.task(id), .task(id: id))
        },
        naturalRows: { max(2, min(20, $0?.latestReports.count ?? 0)) },
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
