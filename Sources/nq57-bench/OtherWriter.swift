import Foundation
import GRDB
import NQ57Core

/// Another program's connection to the bench's file, committing one report at a time through the
/// `reports` view as a `sqlite3` user would: what a live dashboard refreshes for (figure 1).
final class OtherWriter {
    private let queue: DatabaseQueue
    private let taskIDs: [String]
    private(set) var committed = 0

    init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(5)
        queue = try DatabaseQueue(path: path, configuration: config)
        taskIDs = try queue.read { try String.fetchAll($0, sql: "SELECT id FROM tasks ORDER BY key LIMIT 1000") }
        guard !taskIDs.isEmpty else { throw NQ57Error(.io, "bench: the database has no tasks to report on") }
    }

    /// One report on the next of the first 1,000 tasks, in progress, dated now, in its own transaction.
    func commitOneReport() throws {
        let id = taskIDs[committed % taskIDs.count]
        committed += 1
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO reports (task_id, reported_at, status, progress, note, reported_by)
                VALUES (?, ?, 'in_progress', ?, 'nq57-bench: one report between refreshes', 'nq57-bench')
                """, arguments: [id, Int64(Date().timeIntervalSince1970), 1 + committed % 99])
        }
    }
}
