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
        // `latest_reports` stays the reports alone, as before; `feed` is what the pane shows, every row
        // with its kind.
        json: PaneJSON(key: "latest_reports", more: [PaneJSON(key: "feed") { o in o.feed.map(FeedJSON.init) }]) { o in
            o.latestReports.map(ReportJSON.init)
        })
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

/// A row of the feed in `snapshot --format json`: `kind` (`report`, `inspection`, `proposal`), `at`
/// in Vietnam's time, then the fields of its kind (a report's as in `latest_reports`).
public struct FeedJSON: Encodable, Sendable {
    let row: FeedRow

    init(_ row: FeedRow) { self.row = row }

    private struct Inspection: Encodable {
        var id: Int64
        var task_id, verdict, inspected_by, reason, evidence, task_title, unit_code, unit_name: String
        var province: String?
    }

    private struct ProposalMove: Encodable {
        var id: Int64
        var proposal_id, title, status, note: String
        var body: String?
        var body_name: String?
    }

    private enum Keys: String, CodingKey { case kind, at }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(row.at.vietnamISO, forKey: .at)
        switch row {
        case .report(let r):
            try c.encode("report", forKey: .kind)
            try ReportJSON(r).encode(to: encoder)
        case .inspection(let i):
            try c.encode("inspection", forKey: .kind)
            let x = i.inspection
            try Inspection(id: x.id, task_id: x.taskID, verdict: x.verdict.rawValue, inspected_by: x.inspectedBy, reason: x.reason,
                           evidence: x.evidence, task_title: i.taskTitle, unit_code: i.unitCode, unit_name: i.unitName,
                           province: i.provinceName).encode(to: encoder)
        case .proposal(let p):
            try c.encode("proposal", forKey: .kind)
            try ProposalMove(id: p.id, proposal_id: p.proposalID, title: p.title, status: p.event.status.rawValue, note: p.event.note,
                             body: p.event.body, body_name: p.bodyName).encode(to: encoder)
        }
    }
}
