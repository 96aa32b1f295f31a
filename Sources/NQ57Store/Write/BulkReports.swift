import Foundation
import GRDB
import NQ57Core

/// The bulk path of a report import, inside the import's transaction.
///
/// A reading thread parses and validates while this one writes (two cores: the throughput is the
/// slower of the two, not their sum). Rows come in batches, which the reading thread sorts by (task
/// key, time, line) and this one inserts in that order: inserting into the reports index in its own
/// order is about twice as fast as in file order, and larger batches mean fewer passes over it. So
/// within one import, ids (arrival order) follow task and time rather than file lines: the rows arrive
/// together, in one commit.
///
/// The `reports_state` trigger is dropped meanwhile. Before each batch is inserted this thread reads
/// the maintained state of the batch's tasks not read yet (`TaskTable`: only the tasks the file names,
/// never a scan of every task); afterwards each touched task's new reports are folded into it in Swift
/// (the triggers' rule), or, for a task given a report older than its latest one, into its state just
/// before its oldest new report, read back as the triggers compute it. The changed states are written
/// with the tasks' counts triggers dropped, the counts moved by deltas summed in Swift
/// (`CountDeltas`), and the triggers recreated.
struct BulkReports {
    /// Rows a batch: a pass over the reports index costs about as much as 50,000 rows, and the writer
    /// waits for the first batch. 64 Ki rows took half again as long as 256 Ki at national scale.
    static let batchSize = 1 << 18
    static let rowsPerStatement = 16

    static func insertSQL(rows: Int) -> String {
        "INSERT INTO report_log (task_key, reported_at, status, progress, note, reported_by) VALUES "
            + Array(repeating: "(?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ", ")
    }

    /// One valid row; its note and reporter are bytes of its batch's `text`.
    struct Row {
        var task: Int32
        var line: Int32
        var at: Int64
        var status: ReportStatus
        var progress: UInt8
        var note: Range<Int32>
        var by: Range<Int32>
    }

    /// Rows sorted by (task, time, line), with the UTF-8 of their text fields end to end: bound to the
    /// insert without a copy, where a `String` each would cost an allocation and a copy on both threads.
    struct Batch {
        var rows: [Row] = []
        var text: [UInt8] = []

        mutating func append(_ s: String) -> Range<Int32> {
            let start = Int32(text.count)
            text.append(contentsOf: s.utf8)
            return start..<Int32(text.count)
        }
    }

    /// Drops the rows of a batch that repeat a report stored before the import.
    private func leaveOutRepeats(_ batch: inout Batch, _ stored: StoredReports) throws {
        let known = rows.known
        try batch.text.withUnsafeBufferPointer { text in
            func bytes(_ r: Range<Int32>) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: text[Int(r.lowerBound)..<Int(r.upperBound)])
            }
            var kept: [Row] = []
            kept.reserveCapacity(batch.rows.count)
            for r in batch.rows {
                let repeated = try stored.contains(task: known.keys[Int(r.task)], at: r.at, latest: known.latest(r.task),
                                                   status: r.status, progress: Int(r.progress)) { s in
                    s.bindStatic(6, bytes(r.note))
                    s.bindStatic(7, bytes(r.by))
                }
                if !repeated { kept.append(r) }
            }
            if kept.count < batch.rows.count { batch.rows = kept }
        }
    }

    /// A status's text, as a constant.
    static func text(_ s: ReportStatus) -> StaticString {
        switch s {
        case .notStarted: "not_started"
        case .inProgress: "in_progress"
        case .done: "done"
        }
    }

    /// What was inserted, for the fold.
    struct Inserted {
        var at: Int64
        var task: Int32
        /// Insertion order, which is the order of the ids SQLite gives.
        var sequence: Int32
        var status: ReportStatus
        var progress: UInt8
    }

    let db: Database
    let rows: ReportRows
    /// Reports stored before the import, whose repeats are left out; nil to store every row.
    let stored: StoredReports?
    let batchSize: Int
    /// Whether the tasks' indexes are dropped and rebuilt rather than updated in place; nil: by the
    /// share of tasks changed (`rebuildTaskIndexes(changes:tasks:)`).
    let rebuildTaskIndexes: Bool?

    init(_ db: Database, _ rows: ReportRows, stored: StoredReports? = nil, batchSize: Int = BulkReports.batchSize,
         rebuildTaskIndexes: Bool? = nil) {
        self.db = db
        self.rows = rows
        self.stored = stored
        self.batchSize = max(1, batchSize)
        self.rebuildTaskIndexes = rebuildTaskIndexes
    }

    func load() throws {
        // A large page cache for this transaction: the reports index is touched all over. (3 GB instead
        // of 1 GB at stress scale: 1.5 s less CPU of 21, within this session's noise; not kept.)
        try PageCache.with(db, kib: 1_048_576) { try insertAndFold() }
    }

    /// The per-row triggers of `report_log` that the bulk path does itself: the state fold (in Swift),
    /// the guard (every row passed `ReportValidator`, whose rules it repeats), and the inspection check
    /// (for all new rows at once, `clearsVerdict` in the fold). Each fired once per row, and
    /// together cost about as much as the insert itself.
    static var rowTriggers: [Schema.Trigger] { [Schema.reportsState(.current), Schema.reportLogGuard, Schema.reportLogCheck] }

    private func insertAndFold() throws {
        try Schema.dropTriggers(db, Self.rowTriggers)

        let channel = Channel<Batch>(capacity: 2)
        let rows = self.rows
        let batchSize = self.batchSize
        let reader = Thread {
            var batch = Batch()
            batch.rows.reserveCapacity(batchSize)
            var failure: (any Error)?
            func send() -> Bool {
                // Sorted here, where there is time to spare: the writer is the slower of the two.
                batch.rows.sort { ($0.task, $0.at, $0.line) < ($1.task, $1.at, $1.line) }
                return channel.put(batch)
            }
            do {
                try rows.run { line, r, task in
                    // After a bad row nothing will be written: stop sending, keep validating.
                    guard rows.problems.isEmpty else { return }
                    let note = batch.append(r.note), by = batch.append(r.reportedBy)
                    batch.rows.append(Row(task: task, line: Int32(truncatingIfNeeded: line), at: r.reportedAt.seconds, status: r.status,
                                          progress: UInt8(r.progress), note: note, by: by))
                    if batch.rows.count == batchSize {
                        guard send() else { throw CancellationError() }
                        batch = Batch()
                        batch.rows.reserveCapacity(batchSize)
                    }
                }
                if !batch.rows.isEmpty && rows.problems.isEmpty { _ = send() }
            } catch {
                failure = error
            }
            channel.close(failure)
        }
        reader.stackSize = 8 << 20
        reader.start()

        var inserted: [Inserted] = []
        var tasks: TaskTable
        do {
            tasks = try TaskTable(db, known: rows.known)
            let keys = rows.known.keys
            let wide = try RawStatement(db, sql: Self.insertSQL(rows: Self.rowsPerStatement))
            let one = try RawStatement(db, sql: Self.insertSQL(rows: 1))
            while true {
                guard var batch = channel.take() else { break }
                // The wait for the reading thread (its parsing and validation, the process's CPU).
                ImportPhases.shared.mark("batch-read")
                // The states of the batch's tasks not read yet, in key order (the batch is sorted by task).
                try tasks.load(batch.rows.lazy.map(\.task))
                ImportPhases.shared.mark("task-states-loaded")
                if let stored { try leaveOutRepeats(&batch, stored) }
                inserted.reserveCapacity(inserted.count + batch.rows.count)
                try batch.text.withUnsafeBufferPointer { text in
                    var i = 0
                    while i < batch.rows.count {
                        // Several rows a statement: the per-statement overhead is a third of a row's cost.
                        let n = batch.rows.count - i >= Self.rowsPerStatement ? Self.rowsPerStatement : 1
                        let statement = n == 1 ? one : wide
                        for k in 0..<n {
                            let r = batch.rows[i + k]
                            let base = Int32(k * 6)
                            statement.bind(base + 1, keys[Int(r.task)])
                            statement.bind(base + 2, r.at)
                            statement.bindStatic(base + 3, Self.text(r.status))
                            statement.bind(base + 4, Int(r.progress))
                            statement.bindStatic(base + 5, UnsafeBufferPointer(rebasing: text[Int(r.note.lowerBound)..<Int(r.note.upperBound)]))
                            statement.bindStatic(base + 6, UnsafeBufferPointer(rebasing: text[Int(r.by.lowerBound)..<Int(r.by.upperBound)]))
                            // Ids follow insertion order, so the sequence number orders as the id does.
                            inserted.append(Inserted(at: r.at, task: r.task, sequence: Int32(truncatingIfNeeded: inserted.count),
                                                     status: r.status, progress: r.progress))
                        }
                        try statement.run()
                        i += n
                    }
                }
                ImportPhases.shared.mark("batch-inserted")
            }
        } catch {
            channel.cancel()
            while channel.take() != nil {}
            throw error
        }
        if let failure = channel.failure { throw failure }
        guard rows.problems.isEmpty else { return }
        try fold(&inserted, into: &tasks)
        try Schema.createTriggers(db, Self.rowTriggers)
        ImportPhases.shared.mark("fold-written")
    }
}
