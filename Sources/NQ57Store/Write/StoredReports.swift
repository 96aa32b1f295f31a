import GRDB
import NQ57Core

/// Reports already stored when an import began, to skip a file's rows that repeat one of them.
///
/// The same report is the same task, time, status, progress, note and author. A row can only repeat
/// a stored report when its time is no later than its task's latest stored one (`latest`), so a file
/// of new reports costs no lookup at all; the others cost one seek of the `(task_key, reported_at)`
/// index. Only reports stored before the import count (`id <= before`): rows of the file itself are
/// never compared with each other, so the row-by-row and the bulk path agree.
final class StoredReports {
    private let lookup: RawStatement
    private let before: Int64
    /// Rows of the file found already stored.
    private(set) var repeats = 0

    init(_ db: Database) throws {
        before = try Int64.fetchOne(db, sql: "SELECT ifnull(max(id), 0) FROM report_log") ?? 0
        lookup = try RawStatement(db, sql: """
            SELECT 1 FROM report_log
            WHERE task_key = ?1 AND reported_at = ?2 AND id <= ?3 AND status = ?4 AND progress = ?5
              AND note = ?6 AND reported_by = ?7
            LIMIT 1
            """)
    }

    /// True (and counted) when a report with these values was stored before the import. `latest` is
    /// the task's latest stored time, nil when it has none.
    func contains(task: Int64, at: Int64, latest: Int64?, status: ReportStatus, progress: Int,
                  bind text: (RawStatement) -> Void) throws -> Bool {
        guard let latest, at <= latest else { return false }
        lookup.bind(1, task)
        lookup.bind(2, at)
        lookup.bind(3, before)
        lookup.bind(4, status.rawValue)
        lookup.bind(5, progress)
        text(lookup)
        guard try lookup.next() else { return false }
        lookup.reset()
        repeats += 1
        return true
    }

    /// `contains` for a report as validated.
    func contains(_ r: ReportInput, task: Int64, latest: Int64?) throws -> Bool {
        try contains(task: task, at: r.reportedAt.seconds, latest: latest, status: r.status, progress: r.progress) { s in
            s.bind(6, r.note)
            s.bind(7, r.reportedBy)
        }
    }
}
